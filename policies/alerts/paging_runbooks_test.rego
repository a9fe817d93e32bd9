package alerts.paging_runbooks_test

import data.alerts.paging_runbooks

base := "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/"

settings := {
	"runbook_base_url": base,
	"severities": [{"name": "critical", "pages": true}, {"name": "page-day", "pages": true}, {"name": "warning", "pages": false}],
}

alert(severity, annotations) := {
	"alert": "PrometheusNotificationsFailing",
	"expr": "instance:prometheus_notifications_errors:ratio_rate5m > 0.01",
	"labels": {"severity": severity, "team": "sre"},
	"annotations": annotations,
}

rule_file(rule) := {"groups": [{"name": "prometheus-alerts", "rules": [rule]}]}

test_runbook_of_this_repository_is_allowed if {
	rule := alert("critical", {"runbook_url": concat("", [base, "monitoring/PrometheusNotificationsFailing.md"])})
	count(paging_runbooks.deny) == 0 with input as rule_file(rule) with data.watchkeeper.settings as settings
}

test_runbook_elsewhere_is_denied if {
	rule := alert("critical", {"runbook_url": "https://wiki.platform.internal/PrometheusNotificationsFailing"})
	paging_runbooks.deny == {{
		"msg": "WKP103: paging alert \"PrometheusNotificationsFailing\" links runbook https://wiki.platform.internal/PrometheusNotificationsFailing, which is not under https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/ (watchkeeper.yaml runbook_base_url)",
		"path": ["groups", 0, "rules", 0, "annotations", "runbook_url"],
	}} with input as rule_file(rule) with data.watchkeeper.settings as settings
}

test_missing_runbook_of_other_paging_severities_is_denied if {
	paging_runbooks.deny == {{
		"msg": "WKP103: paging alert \"PrometheusNotificationsFailing\" (severity page-day) has no runbook_url annotation; link its runbook under https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/",
		"path": ["groups", 0, "rules", 0],
	}} with input as rule_file(alert("page-day", {})) with data.watchkeeper.settings as settings
}

test_missing_runbook_of_critical_alerts_is_left_to_wkp101 if {
	count(paging_runbooks.deny) == 0 with input as rule_file(alert("critical", {})) with data.watchkeeper.settings as settings
}

test_non_paging_alerts_are_ignored if {
	rule := alert("warning", {"runbook_url": "https://wiki.platform.internal/x"})
	count(paging_runbooks.deny) == 0 with input as rule_file(rule) with data.watchkeeper.settings as settings
}
