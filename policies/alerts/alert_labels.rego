# METADATA
# title: Alerts carry a routable severity and an owner
# description: >-
#   Alertmanager routes on `severity` and `team`: an alert without them reaches nobody, and a
#   critical alert without a runbook leaves the person paged at 3 a.m. without a first step.
# custom:
#   id: WKP101
#   severity: error
package alerts

severities := {"critical", "warning", "info"}

deny contains msg if {
	some group in input.groups
	some rule in group.rules
	rule.alert
	not rule.labels.severity in severities
	msg := sprintf("WKP101: alert %q in group %q has severity %v; it must be one of critical, warning, info", [rule.alert, group.name, object.get(rule, ["labels", "severity"], "none")])
}

deny contains msg if {
	some group in input.groups
	some rule in group.rules
	rule.alert
	not rule.labels.team
	msg := sprintf("WKP101: alert %q in group %q has no team label", [rule.alert, group.name])
}

deny contains msg if {
	some group in input.groups
	some rule in group.rules
	rule.labels.severity == "critical"
	not rule.annotations.runbook_url
	msg := sprintf("WKP101: critical alert %q in group %q has no runbook_url annotation", [rule.alert, group.name])
}
