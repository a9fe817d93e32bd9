package argocd.clusters_test

import data.argocd.clusters

settings := {"environments": [{"name": "dev"}, {"name": "staging"}, {"name": "prod"}]}

allow_list := {"clusters": [
	{"name": "prod-ams1", "environment": "prod", "server": "https://k8s-prod-ams1.platform.internal:6443"},
	{"name": "qa-ams1", "environment": "qa", "server": "https://k8s-qa-ams1.platform.internal:6443"},
]}

prod_ams1 := {
	"name": "prod-ams1",
	"environment": "prod",
	"server": "https://k8s-prod-ams1.platform.internal:6443",
	"site": "ams1",
	"gpu": true,
}

inventory(clusters_list) := {"clusters": clusters_list}

test_inventory_matching_the_allow_list_is_allowed if {
	count(clusters.deny) == 0 with input as inventory([prod_ams1]) with data.argocd_destinations as allow_list with data.watchkeeper.settings as settings
}

test_cluster_missing_from_the_allow_list_is_denied if {
	fra1 := object.union(prod_ams1, {"name": "prod-fra1", "server": "https://k8s-prod-fra1.platform.internal:6443"})
	clusters.deny == {{
		"msg": "WKP306: cluster \"prod-fra1\" is not in the destination allow-list; add it to policies/data/argocd_destinations.yaml with its server and environment",
		"path": ["clusters", 1],
	}} with input as inventory([prod_ams1, fra1]) with data.argocd_destinations as allow_list with data.watchkeeper.settings as settings
}

test_cluster_differing_from_the_allow_list_is_denied if {
	moved := object.union(prod_ams1, {"server": "https://10.0.0.1:6443"})
	clusters.deny == {{
		"msg": "WKP306: cluster \"prod-ams1\" has server https://10.0.0.1:6443 here and https://k8s-prod-ams1.platform.internal:6443 in the destination allow-list (policies/data/argocd_destinations.yaml)",
		"path": ["clusters", 0, "server"],
	}} with input as inventory([moved]) with data.argocd_destinations as allow_list with data.watchkeeper.settings as settings
}

test_unknown_environment_is_denied if {
	qa := {"name": "qa-ams1", "environment": "qa", "server": "https://k8s-qa-ams1.platform.internal:6443"}
	clusters.deny == {{
		"msg": "WKP306: cluster \"qa-ams1\" has environment qa, which is not one of watchkeeper.yaml's environments (dev, prod, staging)",
		"path": ["clusters", 0, "environment"],
	}} with input as inventory([qa]) with data.argocd_destinations as allow_list with data.watchkeeper.settings as settings
}

test_applications_are_not_inventories if {
	app := {"kind": "Application", "metadata": {"name": "x"}, "spec": {"project": "monitoring"}}
	count(clusters.deny) == 0 with input as app with data.argocd_destinations as allow_list with data.watchkeeper.settings as settings
}
