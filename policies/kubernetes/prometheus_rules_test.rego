package kubernetes.prometheus_rules_test

import data.kubernetes.prometheus_rules

settings := {"kubernetes": {"namespace": "monitoring", "rule_labels": {"release": "kube-prometheus-stack"}}}

prometheus_rule(metadata) := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": metadata,
	"spec": {"groups": []},
}

good := prometheus_rule({
	"name": "slo-sharedo-api",
	"namespace": "monitoring",
	"labels": {"app.kubernetes.io/managed-by": "watchkeeper", "release": "kube-prometheus-stack"},
})

test_selected_rule_is_allowed if {
	count(prometheus_rules.deny) == 0 with input as good with data.watchkeeper.settings as settings
}

test_missing_selector_label_is_denied if {
	rule := prometheus_rule({"name": "slo-sharedo-api", "namespace": "monitoring", "labels": {"app.kubernetes.io/managed-by": "watchkeeper"}})
	prometheus_rules.deny == {{
		"msg": "WKP402: PrometheusRule \"slo-sharedo-api\" has label release (none), not \"kube-prometheus-stack\"; the Prometheus rule selector (watchkeeper.yaml kubernetes.rule_labels) would skip it",
		"path": ["metadata", "labels"],
	}} with input as rule with data.watchkeeper.settings as settings
}

test_wrong_selector_label_is_denied if {
	rule := prometheus_rule({"name": "slo-sharedo-api", "namespace": "monitoring", "labels": {"release": "prometheus"}})
	some result in prometheus_rules.deny with input as rule with data.watchkeeper.settings as settings
	contains(result.msg, "has label release \"prometheus\", not \"kube-prometheus-stack\"")
}

test_other_namespace_is_denied if {
	rule := prometheus_rule({"name": "slo-sharedo-api", "namespace": "sharedo", "labels": {"release": "kube-prometheus-stack"}})
	prometheus_rules.deny == {{
		"msg": "WKP402: PrometheusRule \"slo-sharedo-api\" is in namespace \"sharedo\", not \"monitoring\" (watchkeeper.yaml kubernetes.namespace)",
		"path": ["metadata", "namespace"],
	}} with input as rule with data.watchkeeper.settings as settings
}

test_other_kinds_are_ignored if {
	configmap := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "grafana-dashboard-slo-vllm"}}
	count(prometheus_rules.deny) == 0 with input as configmap with data.watchkeeper.settings as settings
}

test_numeric_selector_label_is_denied if {
	rule := prometheus_rule({"name": "slo-sharedo-api", "namespace": "monitoring", "labels": {"release": 1}})
	some result in prometheus_rules.deny with input as rule with data.watchkeeper.settings as settings
	contains(result.msg, "has label release 1, not \"kube-prometheus-stack\"")
}
