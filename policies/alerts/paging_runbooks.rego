# METADATA
# title: Paging alerts link a runbook of this repository
# description: >-
#   The person paged needs a first step before anything else, and the runbook has to be the one
#   reviewed next to the alert: a link to a wiki page, a personal fork or a moved repository rots
#   without anyone noticing, and `watchkeeper lint` only checks runbooks it can find under
#   `runbook_base_url` (watchkeeper.yaml). Every alert of a paging severity therefore links a
#   runbook under that URL. A critical alert without any runbook_url is WKP101's finding; this
#   policy reports a missing one for the other paging severities.
# custom:
#   id: WKP103
#   severity: error
package alerts.paging_runbooks

paging := {s.name | some s in data.watchkeeper.settings.severities; s.pages == true}

base := data.watchkeeper.settings.runbook_base_url

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	rule.labels.severity in paging
	url := rule.annotations.runbook_url
	not startswith(url, base)
	result := {
		"msg": sprintf("WKP103: paging alert %q links runbook %v, which is not under %s (watchkeeper.yaml runbook_base_url)", [rule.alert, url, base]),
		"path": ["groups", g, "rules", r, "annotations", "runbook_url"],
	}
}

# WKP101 already reports critical alerts without a runbook_url.
deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	rule.labels.severity in paging
	rule.labels.severity != "critical"
	not rule.annotations.runbook_url
	result := {
		"msg": sprintf("WKP103: paging alert %q (severity %s) has no runbook_url annotation; link its runbook under %s", [rule.alert, rule.labels.severity, base]),
		"path": ["groups", g, "rules", r],
	}
}
