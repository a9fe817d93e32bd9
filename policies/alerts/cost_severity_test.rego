package alerts.cost_severity_test

import data.alerts.cost_severity

settings := {"severities": [{"name": "critical"}, {"name": "warning"}, {"name": "info"}]}

alert(severity, team) := {
	"alert": "LiteLLMTeamSpendSpike",
	"expr": "cluster_team_alias:litellm_spend:increase1h > 10",
	"labels": {"severity": severity, "team": team},
}

rule_file(rule) := {"groups": [{"name": "llm-cost-spikes", "rules": [rule]}]}

test_cost_warning_is_allowed if {
	count(cost_severity.deny) == 0 with input as rule_file(alert("warning", "finance")) with data.watchkeeper.settings as settings
}

test_cost_info_is_denied if {
	cost_severity.deny == {{
		"msg": "WKP104: cost alert \"LiteLLMTeamSpendSpike\" (team finance) has severity info, which notifies nobody; use warning",
		"path": ["groups", 0, "rules", 0, "labels", "severity"],
	}} with input as rule_file(alert("info", "finance")) with data.watchkeeper.settings as settings
}

test_info_of_other_teams_is_allowed if {
	count(cost_severity.deny) == 0 with input as rule_file(alert("info", "ai-platform")) with data.watchkeeper.settings as settings
}
