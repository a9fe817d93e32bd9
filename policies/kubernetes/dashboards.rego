# METADATA
# title: Dashboard ConfigMaps are picked up by Grafana's sidecar, into a folder
# description: >-
#   Grafana loads a dashboard ConfigMap only through its sidecar, which watches ConfigMaps labelled
#   `grafana_dashboard` with kube-prometheus-stack's label value "1"; an unlabelled one is synced by
#   ArgoCD and never shown. The `grafana_folder` annotation (the sidecar's `folderAnnotation`) puts
#   it in its folder; without it the dashboard lands in General among the upstream ones, where
#   nobody looks for it. A dashboard ConfigMap is one under generated/kubernetes/dashboards/ or
#   one holding a `.json` key.
# custom:
#   id: WKP403
#   severity: error
package kubernetes.dashboards

# kube-prometheus-stack's grafana.sidecar.dashboards.label and labelValue, and the folderAnnotation
# the generator (tools/watchkeeper/dashboard_gen.py) writes.
sidecar_label := "grafana_dashboard"

sidecar_label_value := "1"

folder_annotation := "grafana_folder"

subject := sprintf("dashboard ConfigMap %q", [object.get(input, ["metadata", "name"], "(unnamed)")])

dashboard if {
	input.kind == "ConfigMap"
	startswith(data.conftest.file.name, "generated/kubernetes/dashboards/")
}

dashboard if {
	input.kind == "ConfigMap"
	some key, _ in object.get(input, "data", {})
	endswith(key, ".json")
}

deny contains result if {
	dashboard
	value := object.get(input, ["metadata", "labels", sidecar_label], null)
	value != sidecar_label_value
	result := {
		"msg": sprintf("WKP403: %s has label %s %v; Grafana's sidecar loads only ConfigMaps labelled %s: %q", [subject, sidecar_label, format(value), sidecar_label, sidecar_label_value]),
		"path": ["metadata", "labels"],
	}
}

deny contains result if {
	dashboard
	folder := object.get(input, ["metadata", "annotations", folder_annotation], "")
	not non_empty(folder)
	result := {
		"msg": sprintf("WKP403: %s has no %s annotation; Grafana would file it under General", [subject, folder_annotation]),
		"path": ["metadata", "annotations"],
	}
}

non_empty(value) if {
	is_string(value)
	trim_space(value) != ""
}

format(value) := "(none)" if value == null

format(value) := sprintf("%q", [value]) if is_string(value)

format(value) := sprintf("%v", [value]) if {
	value != null
	not is_string(value)
}
