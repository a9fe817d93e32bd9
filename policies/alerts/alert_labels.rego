# METADATA
# title: Alerts carry a routable severity and an owner
# description: >-
#   Alertmanager routes on `severity` and `team`: an alert without them reaches nobody, and a
#   critical alert without a runbook leaves the person paged at 3 a.m. without a first step. The
#   severities are the ones `watchkeeper.yaml` defines.
# custom:
#   id: WKP101
#   severity: error
package alerts.labels

severities := {s.name | some s in data.watchkeeper.settings.severities}

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	not object.get(rule, ["labels", "severity"], "") in severities
	result := {
		"msg": sprintf("WKP101: alert %q in group %q has severity %v; it must be one of %s", [rule.alert, group.name, object.get(rule, ["labels", "severity"], "none"), concat(", ", sort(severities))]),
		"path": ["groups", g, "rules", r],
	}
}

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	not rule.labels.team
	result := {
		"msg": sprintf("WKP101: alert %q in group %q has no team label", [rule.alert, group.name]),
		"path": ["groups", g, "rules", r],
	}
}

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.labels.severity == "critical"
	not rule.annotations.runbook_url
	result := {
		"msg": sprintf("WKP101: critical alert %q in group %q has no runbook_url annotation", [rule.alert, group.name]),
		"path": ["groups", g, "rules", r],
	}
}
