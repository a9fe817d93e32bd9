# METADATA
# title: Generated manifests say who manages them, and where they go
# description: >-
#   Everything under generated/kubernetes/ is written by `watchkeeper generate` and synced by ArgoCD.
#   `app.kubernetes.io/managed-by: watchkeeper` tells whoever finds the object on a cluster not to
#   edit it there (the next sync reverts it) and lets cleanup jobs and dashboards select exactly
#   these objects; `app.kubernetes.io/part-of` groups them by the stack they belong to. A manifest
#   without a namespace lands in whatever namespace the Application defaults to, where
#   kube-prometheus-stack's Prometheus or Grafana's sidecar may not look. Label and annotation
#   values must be strings: a YAML number or boolean (`release: 1`, `enabled: true`) is rejected
#   by the API server or breaks the operator that reads it.
# custom:
#   id: WKP401
#   severity: error
package kubernetes.metadata

manager := "watchkeeper"

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

labels := object.get(input, ["metadata", "labels"], {})

deny contains result if {
	input.kind
	not labels["app.kubernetes.io/managed-by"] == manager
	result := {
		"msg": sprintf("WKP401: %s has label app.kubernetes.io/managed-by %v; generated manifests carry %q", [subject, object.get(labels, "app.kubernetes.io/managed-by", "(none)"), manager]),
		"path": ["metadata", "labels"],
	}
}

deny contains result if {
	input.kind
	not non_empty(object.get(labels, "app.kubernetes.io/part-of", ""))
	result := {
		"msg": sprintf("WKP401: %s has no app.kubernetes.io/part-of label naming the stack it belongs to", [subject]),
		"path": ["metadata", "labels"],
	}
}

deny contains result if {
	input.kind
	not non_empty(object.get(input, ["metadata", "namespace"], ""))
	result := {
		"msg": sprintf("WKP401: %s has no metadata.namespace", [subject]),
		"path": ["metadata"],
	}
}

deny contains result if {
	some field in ["labels", "annotations"]
	some key, value in object.get(input, ["metadata", field], {})
	not is_string(value)
	result := {
		"msg": sprintf("WKP401: %s has %s %s: %v, which is not a string; quote it", [subject, trim_suffix(field, "s"), key, value]),
		"path": ["metadata", field, key],
	}
}

non_empty(value) if {
	is_string(value)
	trim_space(value) != ""
}
