# METADATA
# title: PrometheusRules are selected by the stack's Prometheus
# description: >-
#   kube-prometheus-stack's Prometheus loads only PrometheusRule objects whose labels match its
#   `ruleSelector` (by default `release: <release name>`, as long as
#   `ruleSelectorNilUsesHelmValues` is true). A PrometheusRule without those labels is accepted by
#   the API server and ArgoCD reports it Synced and Healthy, yet none of its alerts is ever
#   evaluated: a silent monitoring gap. The labels are `kubernetes.rule_labels` of
#   watchkeeper.yaml, and the namespace is `kubernetes.namespace`, the one the monitoring-rules
#   ApplicationSet syncs them to.
# custom:
#   id: WKP402
#   severity: error
package kubernetes.prometheus_rules

settings := object.get(data.watchkeeper.settings, "kubernetes", {})

subject := sprintf("PrometheusRule %q", [object.get(input, ["metadata", "name"], "(unnamed)")])

deny contains result if {
	input.kind == "PrometheusRule"
	some key, value in object.get(settings, "rule_labels", {})
	actual := object.get(input, ["metadata", "labels", key], null)
	actual != value
	result := {
		"msg": sprintf("WKP402: %s has label %s %v, not %q; the Prometheus rule selector (watchkeeper.yaml kubernetes.rule_labels) would skip it", [subject, key, format(actual), value]),
		"path": ["metadata", "labels"],
	}
}

deny contains result if {
	input.kind == "PrometheusRule"
	namespace := settings.namespace
	actual := object.get(input, ["metadata", "namespace"], null)
	actual != namespace
	result := {
		"msg": sprintf("WKP402: %s is in namespace %v, not %q (watchkeeper.yaml kubernetes.namespace)", [subject, format(actual), namespace]),
		"path": ["metadata", "namespace"],
	}
}

format(value) := "(none)" if value == null

format(value) := sprintf("%q", [value]) if is_string(value)

format(value) := sprintf("%v", [value]) if {
	value != null
	not is_string(value)
}
