package alerts.labels_test

import data.alerts.labels

settings := {"severities": [{"name": "critical"}, {"name": "warning"}, {"name": "info"}]}

good_rule := {
	"alert": "PrometheusNotificationsFailing",
	"expr": "instance:prometheus_notifications_errors:ratio_rate5m > 0.01",
	"for": "15m",
	"labels": {"severity": "critical", "team": "sre"},
	"annotations": {"runbook_url": "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/monitoring/PrometheusNotificationsFailing.md"},
}

rule_file(rule) := {"groups": [{"name": "prometheus-alerts", "rules": [rule]}]}

# good_rule with its labels replaced (object.union alone would merge them recursively).
with_labels(labels) := object.union(object.remove(good_rule, ["labels"]), {"labels": labels})

test_complete_alert_is_allowed if {
	count(labels.deny) == 0 with data.watchkeeper.settings as settings with input as rule_file(good_rule)
}

test_recording_rules_need_no_labels if {
	count(labels.deny) == 0 with data.watchkeeper.settings as settings with input as rule_file({"record": "job:up:sum", "expr": "sum by (job) (up)"})
}

test_unknown_severity_is_denied if {
	rule := with_labels({"severity": "page", "team": "sre"})
	some result in labels.deny with data.watchkeeper.settings as settings with input as rule_file(rule)
	contains(result.msg, "has severity page")
}

test_missing_severity_is_denied if {
	rule := with_labels({"team": "sre"})
	some result in labels.deny with data.watchkeeper.settings as settings with input as rule_file(rule)
	contains(result.msg, "has severity none")
}

test_missing_team_is_denied if {
	rule := with_labels({"severity": "warning"})
	labels.deny == {{"msg": "WKP101: alert \"PrometheusNotificationsFailing\" in group \"prometheus-alerts\" has no team label", "path": ["groups", 0, "rules", 0]}} with data.watchkeeper.settings as settings with input as rule_file(rule)
}

test_critical_alert_needs_a_runbook if {
	rule := object.remove(good_rule, ["annotations"])
	labels.deny == {{"msg": "WKP101: critical alert \"PrometheusNotificationsFailing\" in group \"prometheus-alerts\" has no runbook_url annotation", "path": ["groups", 0, "rules", 0]}} with data.watchkeeper.settings as settings with input as rule_file(rule)
}

test_warning_alert_may_skip_the_runbook if {
	rule := object.remove(with_labels({"severity": "warning", "team": "sre"}), ["annotations"])
	count(labels.deny) == 0 with data.watchkeeper.settings as settings with input as rule_file(rule)
}
