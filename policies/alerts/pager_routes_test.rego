package alerts.pager_routes_test

import data.alerts.pager_routes

settings := {
	"teams": [
		{"name": "sre", "oncall": "goalert/platform-sre"},
		{"name": "ai-platform", "oncall": "goalert/ai-platform"},
		{"name": "finance"},
	],
	"severities": [{"name": "critical", "pages": true}, {"name": "warning", "pages": false}],
}

alert(name, severity, team) := {
	"alert": name,
	"expr": "up == 0",
	"for": "5m",
	"labels": {"severity": severity, "team": team},
	"annotations": {"runbook_url": "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/x.md"},
}

rule_file(rules) := {"groups": [{"name": "llm-cost-alerts", "rules": rules}]}

cost_file := "alerts/llm-cost/litellm-cost.rules.yaml"

test_page_of_a_team_with_a_rotation_is_allowed if {
	rules := rule_file([alert("LiteLLMProxyDown", "critical", "ai-platform"), {"record": "job:up:sum", "expr": "sum(up)"}])
	count(pager_routes.deny_no_oncall) == 0 with input as rules with data.watchkeeper.settings as settings
}

test_non_paging_alert_of_a_team_without_rotation_is_allowed if {
	rules := rule_file([alert("LiteLLMTeamSpendSpike", "warning", "finance")])
	count(pager_routes.deny_no_oncall) == 0 with input as rules with data.watchkeeper.settings as settings
}

test_page_of_a_team_without_rotation_is_denied if {
	rules := rule_file([alert("LiteLLMWorkTypeBudgetExhausted", "critical", "finance")])
	pager_routes.deny_no_oncall == {{
		"msg": "WKP102: alert \"LiteLLMWorkTypeBudgetExhausted\" pages (severity critical), but team \"finance\" has no on-call rotation in watchkeeper.yaml, so no pager route exists; route it to a team with one (ai-platform, sre) or lower its severity",
		"path": ["groups", 0, "rules", 0, "labels"],
	}} with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
	count(pager_routes.exception) == 0 with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
}

test_page_of_an_unknown_team_is_denied if {
	rules := rule_file([alert("NodeDown", "critical", "platform")])
	count(pager_routes.deny_no_oncall) == 1 with input as rules with data.watchkeeper.settings as settings
}

# The documented exception: the production budget page of finance, in its own file only.
test_production_budget_page_of_finance_is_excepted if {
	rules := rule_file([
		alert("LiteLLMTeamBudgetExhausted", "critical", "finance"),
		alert("LiteLLMTeamBudgetExhausted", "warning", "finance"),
	])
	count(pager_routes.deny_no_oncall) == 1 with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
	pager_routes.exception == {"no_oncall"} with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
}

test_exception_is_bound_to_its_file if {
	rules := rule_file([alert("LiteLLMTeamBudgetExhausted", "critical", "finance")])
	count(pager_routes.exception) == 0 with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as "alerts/llm-cost/other.rules.yaml"
}

test_exception_does_not_cover_new_unrouted_alerts if {
	rules := rule_file([
		alert("LiteLLMTeamBudgetExhausted", "critical", "finance"),
		alert("LiteLLMWorkTypeBudgetExhausted", "critical", "finance"),
	])
	count(pager_routes.deny_no_oncall) == 2 with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
	count(pager_routes.exception) == 0 with input as rules with data.watchkeeper.settings as settings with data.conftest.file.name as cost_file
}
