# METADATA
# title: The cluster inventory matches the destination allow-list
# description: >-
#   argocd/clusters.yaml documents the clusters ArgoCD deploys the stack to; the ApplicationSets
#   reach them through cluster Secrets labelled with the same `environment`. The destination
#   allow-list (policies/data/argocd_destinations.yaml) is what WKP302 holds every Application to,
#   so a cluster added to the inventory must be added to the allow-list in the same reviewed change,
#   with the same API server and environment, and its environment must be one of watchkeeper.yaml:
#   otherwise the allow-list silently stops describing where the stack runs.
# custom:
#   id: WKP306
#   severity: error
package argocd.clusters

allowed := {c.name: c | some c in data.argocd_destinations.clusters}

environments := {e.name | some e in data.watchkeeper.settings.environments}

# The inventory is the document with a top-level `clusters` list (argocd/clusters.yaml).
inventory := input.clusters if {
	not input.kind
	is_array(input.clusters)
}

deny contains result if {
	some i, cluster in inventory
	not allowed[cluster.name]
	result := {
		"msg": sprintf("WKP306: cluster %q is not in the destination allow-list; add it to policies/data/argocd_destinations.yaml with its server and environment", [object.get(cluster, "name", "(unnamed)")]),
		"path": ["clusters", i],
	}
}

deny contains result if {
	some i, cluster in inventory
	entry := allowed[cluster.name]
	some field in ["server", "environment"]
	object.get(cluster, field, null) != entry[field]
	result := {
		"msg": sprintf("WKP306: cluster %q has %s %v here and %v in the destination allow-list (policies/data/argocd_destinations.yaml)", [cluster.name, field, object.get(cluster, field, null), entry[field]]),
		"path": ["clusters", i, field],
	}
}

deny contains result if {
	some i, cluster in inventory
	not object.get(cluster, "environment", null) in environments
	result := {
		"msg": sprintf("WKP306: cluster %q has environment %v, which is not one of watchkeeper.yaml's environments (%s)", [object.get(cluster, "name", "(unnamed)"), object.get(cluster, "environment", null), concat(", ", sort(environments))]),
		"path": ["clusters", i, "environment"],
	}
}
