package slo.page_alerts_test

import data.slo.page_alerts

settings := {"severities": [{"name": "critical", "pages": true}, {"name": "warning", "pages": false}, {"name": "info", "pages": false}]}

alerting := {
	"name": "SharedoAPIAvailabilityBudgetBurn",
	"labels": {"category": "availability"},
	"page_alert": {"labels": {"severity": "critical", "team": "sharedo"}},
	"ticket_alert": {"labels": {"severity": "warning", "team": "sharedo"}},
}

spec(tier, slo_alerting) := {
	"version": "prometheus/v1",
	"service": "sharedo-api",
	"labels": {"team": "sharedo", "tier": tier, "owner": "sharedo"},
	"slos": [{
		"name": "requests-availability",
		"objective": 99.9,
		"description": "API requests do not fail on the server side.",
		"sli": {"raw": {"error_ratio_query": "sloth:error:ratio{window=\"{{.window}}\"}"}},
		"alerting": slo_alerting,
	}],
}

test_tier_one_slo_with_a_page_alert_is_allowed if {
	count(page_alerts.deny) == 0 with input as spec("1", alerting) with data.watchkeeper.settings as settings
}

test_page_alert_without_severity_is_denied if {
	unlabelled := object.union(object.remove(alerting, ["page_alert"]), {"page_alert": {"labels": {"team": "sharedo"}}})
	some result in page_alerts.deny with input as spec("1", unlabelled) with data.watchkeeper.settings as settings
	contains(result.msg, "has a page alert of severity (none), which does not page")
}

# Sloth merges alerting.labels into page_alert.labels, the page alert's own labels winning.
test_shared_labels_merge_into_the_page_alert if {
	moved := object.union(object.remove(alerting, ["page_alert"]), {"labels": {"severity": "critical"}})
	count(page_alerts.deny) == 0 with input as spec("1", moved) with data.watchkeeper.settings as settings
	overridden := object.union(alerting, {"labels": {"severity": "critical"}, "page_alert": {"labels": {"severity": "warning"}}})
	count(page_alerts.deny) == 1 with input as spec("1", overridden) with data.watchkeeper.settings as settings
}

test_tier_one_slo_without_alerting_is_denied if {
	page_alerts.deny == {{
		"msg": "WKP111: tier-1 SLO sharedo-api/requests-availability has no alerting; add a page alert with a paging severity (critical)",
		"path": ["slos", 0],
	}} with input as spec("1", null) with data.watchkeeper.settings as settings
}

test_disabled_page_alert_is_denied if {
	disabled := object.union(alerting, {"page_alert": {"disable": true}})
	page_alerts.deny == {{
		"msg": "WKP111: tier-1 SLO sharedo-api/requests-availability disables its page alert; a fast burn of a tier-1 error budget must page",
		"path": ["slos", 0, "alerting", "page_alert", "disable"],
	}} with input as spec("1", disabled) with data.watchkeeper.settings as settings
}

test_page_alert_that_does_not_page_is_denied if {
	quiet := object.union(alerting, {"page_alert": {"labels": {"severity": "warning"}}})
	page_alerts.deny == {{
		"msg": "WKP111: tier-1 SLO sharedo-api/requests-availability has a page alert of severity warning, which does not page; use critical",
		"path": ["slos", 0, "alerting", "page_alert"],
	}} with input as spec("1", quiet) with data.watchkeeper.settings as settings
}

test_tier_of_the_slo_overrides_the_service if {
	disabled := object.union(alerting, {"page_alert": {"disable": true}})
	spec_ := spec("2", disabled)
	slo := object.union(spec_.slos[0], {"labels": {"tier": "1"}})
	count(page_alerts.deny) == 1 with input as object.union(spec_, {"slos": [slo]}) with data.watchkeeper.settings as settings
}

test_lower_tiers_may_go_without_pages if {
	disabled := object.union(alerting, {"page_alert": {"disable": true}})
	count(page_alerts.deny) == 0 with input as spec("2", disabled) with data.watchkeeper.settings as settings
	count(page_alerts.deny) == 0 with input as spec("3", null) with data.watchkeeper.settings as settings
}
