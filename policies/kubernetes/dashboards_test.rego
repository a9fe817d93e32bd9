package kubernetes.dashboards_test

import data.kubernetes.dashboards

file := "generated/kubernetes/dashboards/slo-vllm.yaml"

configmap(labels, annotations) := {
	"apiVersion": "v1",
	"kind": "ConfigMap",
	"metadata": {
		"name": "grafana-dashboard-slo-vllm",
		"namespace": "monitoring",
		"labels": labels,
		"annotations": annotations,
	},
	"data": {"slo-vllm.json": "{\"uid\": \"slo-vllm\"}"},
}

labels := {"grafana_dashboard": "1", "app.kubernetes.io/managed-by": "watchkeeper", "app.kubernetes.io/part-of": "monitoring"}

test_sidecar_ready_dashboard_is_allowed if {
	count(dashboards.deny) == 0 with input as configmap(labels, {"grafana_folder": "SLOs"}) with data.conftest.file.name as file
}

test_missing_sidecar_label_is_denied if {
	dashboards.deny == {{
		"msg": "WKP403: dashboard ConfigMap \"grafana-dashboard-slo-vllm\" has label grafana_dashboard (none); Grafana's sidecar loads only ConfigMaps labelled grafana_dashboard: \"1\"",
		"path": ["metadata", "labels"],
	}} with input as configmap(object.remove(labels, ["grafana_dashboard"]), {"grafana_folder": "SLOs"}) with data.conftest.file.name as file
}

test_other_sidecar_label_value_is_denied if {
	cm := configmap(object.union(labels, {"grafana_dashboard": "true"}), {"grafana_folder": "SLOs"})
	some result in dashboards.deny with input as cm with data.conftest.file.name as file
	contains(result.msg, "has label grafana_dashboard \"true\"")
}

test_missing_folder_is_denied if {
	dashboards.deny == {{
		"msg": "WKP403: dashboard ConfigMap \"grafana-dashboard-slo-vllm\" has no grafana_folder annotation; Grafana would file it under General",
		"path": ["metadata", "annotations"],
	}} with input as configmap(labels, {"grafana_folder": " "}) with data.conftest.file.name as file
}

test_dashboard_is_recognised_by_its_json_key if {
	count(dashboards.deny) == 2 with input as configmap({}, {}) with data.conftest.file.name as "generated/kubernetes/other/x.yaml"
}

test_other_configmaps_are_ignored if {
	cm := object.union(object.remove(configmap({}, {}), ["data"]), {"data": {"alloy.river": "logging {}"}})
	count(dashboards.deny) == 0 with input as cm with data.conftest.file.name as "generated/kubernetes/alloy/config.yaml"
}

test_numeric_sidecar_label_is_denied if {
	cm := configmap(object.union(labels, {"grafana_dashboard": 1}), {"grafana_folder": "SLOs"})
	some result in dashboards.deny with input as cm with data.conftest.file.name as file
	contains(result.msg, "has label grafana_dashboard 1;")
}
