# METADATA
# title: Cost alerts notify someone
# description: >-
#   Cost alerts (team `finance`) exist so that someone acts while the money is still being spent:
#   raises a budget before LiteLLM starts rejecting requests, stops a runaway agent loop. Severity
#   `info` goes to the low-priority channel and never notifies a person (watchkeeper.yaml), so a
#   cost alert at `info` only documents the overspend afterwards. Use `warning` (the team's
#   channel), or a paging severity where customers are affected.
# custom:
#   id: WKP104
#   severity: error
package alerts.cost_severity

cost_teams := {"finance"}

quiet := {s.name | some s in data.watchkeeper.settings.severities; s.name == "info"}

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	rule.labels.team in cost_teams
	rule.labels.severity in quiet
	result := {
		"msg": sprintf("WKP104: cost alert %q (team %s) has severity %s, which notifies nobody; use warning", [rule.alert, rule.labels.team, rule.labels.severity]),
		"path": ["groups", g, "rules", r, "labels", "severity"],
	}
}
