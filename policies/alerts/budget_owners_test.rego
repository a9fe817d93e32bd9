package alerts.budget_owners_test

import data.alerts.budget_owners

alert(name, expr, team) := {"alert": name, "expr": expr, "labels": {"severity": "warning", "team": team}}

rule_file(rule) := {"groups": [{"name": "llm-cost-alerts", "rules": [rule]}]}

test_budget_and_spend_alerts_of_finance_and_ai_platform_are_allowed if {
	count(budget_owners.deny) == 0 with input as rule_file(alert("LiteLLMTeamBudgetNearlyExhausted", "x < 0.1", "finance"))
	count(budget_owners.deny) == 0 with input as rule_file(alert("LiteLLMTeamSpendSpike", "x > 10", "finance"))
	count(budget_owners.deny) == 0 with input as rule_file(alert("LiteLLMRequestsRejectedByBudget", "x > 0", "ai-platform"))
}

test_budget_alert_of_another_team_is_denied if {
	budget_owners.deny == {{
		"msg": "WKP105: alert \"SharedoWorkTypeBudgetExhausted\" is about budgets or spend but goes to team \"sharedo\"; route it to ai-platform or finance",
		"path": ["groups", 0, "rules", 0, "labels", "team"],
	}} with input as rule_file(alert("SharedoWorkTypeBudgetExhausted", "x <= 0", "sharedo"))
}

test_spend_alert_of_another_team_is_denied if {
	count(budget_owners.deny) == 1 with input as rule_file(alert("GPUSpendHigh", "x > 100", "sre"))
}

test_error_budget_alerts_stay_with_their_service if {
	burn := "max(slo:sli_error:ratio_rate5m{sloth_id=\"sharedo-api-requests-availability\"} > (14.4 * 0.001)) without (sloth_window)"
	count(budget_owners.deny) == 0 with input as rule_file(alert("SharedoAPIAvailabilityBudgetBurn", burn, "sharedo"))
	no_data := "absent(slo:sli_error:ratio_rate5m{sloth_id=\"sharedo-api-requests-availability\"})"
	count(budget_owners.deny) == 0 with input as rule_file(alert("SharedoAPIAvailabilityBudgetBurnNoData", no_data, "sharedo"))
}

test_words_are_matched_in_camel_case if {
	count(budget_owners.deny) == 0 with input as rule_file(alert("KubeCronJobSuspended", "x > 0", "sre"))
}
