package kubernetes.metadata_test

import data.kubernetes.metadata

rule := {
	"apiVersion": "monitoring.coreos.com/v1",
	"kind": "PrometheusRule",
	"metadata": {
		"name": "alerts-monitoring-prometheus",
		"namespace": "monitoring",
		"labels": {
			"app.kubernetes.io/managed-by": "watchkeeper",
			"app.kubernetes.io/part-of": "monitoring",
			"release": "kube-prometheus-stack",
		},
	},
	"spec": {"groups": []},
}

with_metadata(metadata) := object.union(object.remove(rule, ["metadata"]), {"metadata": metadata})

with_labels(labels) := with_metadata(object.union(object.remove(rule.metadata, ["labels"]), {"labels": labels}))

test_labelled_manifest_is_allowed if {
	count(metadata.deny) == 0 with input as rule
}

test_foreign_manager_is_denied if {
	labels := object.union(rule.metadata.labels, {"app.kubernetes.io/managed-by": "Helm"})
	metadata.deny == {{
		"msg": "WKP401: PrometheusRule \"alerts-monitoring-prometheus\" has label app.kubernetes.io/managed-by Helm; generated manifests carry \"watchkeeper\"",
		"path": ["metadata", "labels"],
	}} with input as with_labels(labels)
}

test_missing_part_of_is_denied if {
	metadata.deny == {{
		"msg": "WKP401: PrometheusRule \"alerts-monitoring-prometheus\" has no app.kubernetes.io/part-of label naming the stack it belongs to",
		"path": ["metadata", "labels"],
	}} with input as with_labels(object.remove(rule.metadata.labels, ["app.kubernetes.io/part-of"]))
}

test_missing_labels_are_denied_twice if {
	count(metadata.deny) == 2 with input as with_metadata(object.remove(rule.metadata, ["labels"]))
}

test_missing_namespace_is_denied if {
	metadata.deny == {{
		"msg": "WKP401: PrometheusRule \"alerts-monitoring-prometheus\" has no metadata.namespace",
		"path": ["metadata"],
	}} with input as with_metadata(object.remove(rule.metadata, ["namespace"]))
}

test_non_string_values_are_denied if {
	labels := object.union(rule.metadata.labels, {"release": 1})
	metadata.deny == {{
		"msg": "WKP401: PrometheusRule \"alerts-monitoring-prometheus\" has label release: 1, which is not a string; quote it",
		"path": ["metadata", "labels", "release"],
	}} with input as with_labels(labels)
	annotated := with_metadata(object.union(rule.metadata, {"annotations": {"grafana_folder": true}}))
	count(metadata.deny) == 1 with input as annotated
}
