# METADATA
# title: Tier-1 SLOs page when their error budget burns fast
# description: >-
#   Tier-1 services are the customer-facing front doors and the legal workflow itself: when their
#   error budget burns fast, customers are failing now, and a ticket read the next morning is too
#   late. Every tier-1 SLO therefore keeps Sloth's page alert (not `disable: true`), and its
#   severity is one that pages (`pages: true` in watchkeeper.yaml's severities); Sloth merges
#   `alerting.labels` into `page_alert.labels`, and so does this policy.
# custom:
#   id: WKP111
#   severity: error
package slo.page_alerts

paging := {s.name | some s in data.watchkeeper.settings.severities; s.pages == true}

# The tier of an SLO as text: its own label, else the service's ("(none)" without either).
tier(slo) := sprintf("%v", [object.get(slo, ["labels", "tier"], object.get(input, ["labels", "tier"], "(none)"))])

tier_one contains [i, slo] if {
	some i, slo in input.slos
	tier(slo) == "1"
}

deny contains result if {
	some [i, slo] in tier_one
	not is_object(slo.alerting)
	result := {
		"msg": sprintf("WKP111: tier-1 SLO %s has no alerting; add a page alert with a paging severity (%s)", [slo_id(slo), concat(", ", sort(paging))]),
		"path": ["slos", i],
	}
}

deny contains result if {
	some [i, slo] in tier_one
	slo.alerting.page_alert.disable == true
	result := {
		"msg": sprintf("WKP111: tier-1 SLO %s disables its page alert; a fast burn of a tier-1 error budget must page", [slo_id(slo)]),
		"path": ["slos", i, "alerting", "page_alert", "disable"],
	}
}

deny contains result if {
	some [i, slo] in tier_one
	alerting := slo.alerting
	is_object(alerting)
	not alerting.page_alert.disable == true
	labels := object.union(object.get(alerting, "labels", {}), object.get(alerting, ["page_alert", "labels"], {}))
	not object.get(labels, "severity", "") in paging
	result := {
		"msg": sprintf("WKP111: tier-1 SLO %s has a page alert of severity %v, which does not page; use %s", [slo_id(slo), object.get(labels, "severity", "(none)"), concat(" or ", sort(paging))]),
		"path": ["slos", i, "alerting", "page_alert"],
	}
}

# `<service>/<name>` of an SLO, for messages.
slo_id(slo) := sprintf("%s/%s", [object.get(input, "service", "(no service)"), object.get(slo, "name", "(unnamed)")])
