package argocd.destinations_test

import data.argocd.destinations

repo := "https://gitlab.platform.internal/sre/watchkeeper.git"

allow_list := {
	"clusters": [
		{"name": "staging-ams1", "environment": "staging", "server": "https://k8s-staging-ams1.platform.internal:6443"},
		{"name": "prod-ams1", "environment": "prod", "server": "https://k8s-prod-ams1.platform.internal:6443"},
	],
	"namespaces": ["loki", "monitoring"],
	"parameter_files": [{"repoURL": repo, "path": "helm-values/stack.yaml"}],
}

cluster_generator := {"clusters": {"selector": {"matchExpressions": [{"key": "environment", "operator": "In", "values": ["staging", "prod"]}]}}}

stack_generator := {"git": {"repoURL": repo, "revision": "main", "files": [{"path": "helm-values/stack.yaml"}]}}

# The shape of argocd/applicationsets/monitoring-stack.yaml.
application_set(generators, destination) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"metadata": {"name": "monitoring-stack", "namespace": "argocd"},
	"spec": {
		"goTemplate": true,
		"generators": generators,
		"template": {
			"metadata": {"name": "{{ .name }}-{{ .component }}"},
			"spec": {"project": "monitoring", "destination": destination},
		},
	},
}

stack := application_set(
	[{"matrix": {"generators": [cluster_generator, stack_generator]}}],
	{"server": "{{ .server }}", "namespace": "{{ .namespace }}"},
)

application(destination) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"metadata": {"name": "prod-ams1-loki", "namespace": "argocd"},
	"spec": {"project": "monitoring", "destination": destination},
}

project(destinations) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "AppProject",
	"metadata": {"name": "monitoring", "namespace": "argocd"},
	"spec": {"destinations": destinations},
}

test_templated_stack_is_allowed if {
	count(destinations.deny) == 0 with input as stack with data.argocd_destinations as allow_list
}

test_literal_destination_is_allowed if {
	by_server := application({"server": "https://k8s-prod-ams1.platform.internal:6443", "namespace": "loki"})
	count(destinations.deny) == 0 with input as by_server with data.argocd_destinations as allow_list
	by_name := application({"name": "staging-ams1", "namespace": "monitoring"})
	count(destinations.deny) == 0 with input as by_name with data.argocd_destinations as allow_list
}

test_missing_cluster_is_denied if {
	destinations.deny == {{
		"msg": "WKP302: Application \"prod-ams1-loki\" names no destination cluster (destination.server or destination.name)",
		"path": ["spec", "destination"],
	}} with input as application({"namespace": "loki"}) with data.argocd_destinations as allow_list
}

test_unknown_server_is_denied if {
	app := application({"server": "https://kubernetes.default.svc", "namespace": "loki"})
	destinations.deny == {{
		"msg": "WKP302: Application \"prod-ams1-loki\" deploys to cluster server \"https://kubernetes.default.svc\", which is not in the allow-list (policies/data/argocd_destinations.yaml: https://k8s-prod-ams1.platform.internal:6443, https://k8s-staging-ams1.platform.internal:6443)",
		"path": ["spec", "destination", "server"],
	}} with input as app with data.argocd_destinations as allow_list
}

test_unknown_cluster_name_is_denied if {
	app := application({"name": "in-cluster", "namespace": "loki"})
	results := destinations.deny with input as app with data.argocd_destinations as allow_list
	count(results) == 1
	some result in results
	result.path == ["spec", "destination", "name"]
	contains(result.msg, "cluster name \"in-cluster\", which is not in the allow-list")
}

test_server_from_another_parameter_is_denied if {
	appset := application_set(
		[{"matrix": {"generators": [cluster_generator, stack_generator]}}],
		{"server": "{{ .cluster_url }}", "namespace": "monitoring"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.server as {{ .cluster_url }}; only the cluster generator's {{ .server }} can be checked against the allow-list",
		"path": ["spec", "template", "spec", "destination", "server"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_templated_server_needs_a_cluster_generator if {
	appset := application_set(
		[{"list": {"elements": [{"server": "https://kubernetes.default.svc"}]}}],
		{"server": "{{ .server }}", "namespace": "monitoring"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.server, but no cluster generator provides it",
		"path": ["spec", "template", "spec", "destination", "server"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_cluster_generator_without_environment_selector_is_denied if {
	appset := application_set(
		[{"matrix": {"generators": [{"clusters": {}}, stack_generator]}}],
		{"server": "{{ .server }}", "namespace": "{{ .namespace }}"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" has a cluster generator that does not select clusters by `environment` (matchLabels or an In expression); it would target every cluster ArgoCD knows, its own included",
		"path": ["spec", "generators", 0, "matrix", "generators", 0, "clusters"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_cluster_generator_of_unknown_environment_is_denied if {
	appset := application_set(
		[{"clusters": {"selector": {"matchLabels": {"environment": "qa"}}}}],
		{"server": "{{ .server }}", "namespace": "monitoring"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" selects clusters of environment qa, which no allowed cluster has (allowed: prod, staging)",
		"path": ["spec", "generators", 0, "clusters"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_missing_namespace_is_denied if {
	app := application({"server": "https://k8s-prod-ams1.platform.internal:6443"})
	destinations.deny == {{
		"msg": "WKP302: Application \"prod-ams1-loki\" names no destination namespace; its namespaced objects would land in whatever namespace their manifests say, or `default`",
		"path": ["spec", "destination"],
	}} with input as app with data.argocd_destinations as allow_list
}

test_unknown_namespace_is_denied if {
	app := application({"server": "https://k8s-prod-ams1.platform.internal:6443", "namespace": "kube-system"})
	destinations.deny == {{
		"msg": "WKP302: Application \"prod-ams1-loki\" deploys to namespace \"kube-system\", which is not in the allow-list (policies/data/argocd_destinations.yaml)",
		"path": ["spec", "destination", "namespace"],
	}} with input as app with data.argocd_destinations as allow_list
}

test_composed_namespace_template_is_denied if {
	appset := application_set(
		[{"matrix": {"generators": [cluster_generator, stack_generator]}}],
		{"server": "{{ .server }}", "namespace": "{{ .component }}-system"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.namespace as {{ .component }}-system; write a single parameter ({{ .namespace }}) from an allowed parameter file, or the namespace itself",
		"path": ["spec", "template", "spec", "destination", "namespace"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_namespace_from_a_list_generator_is_denied if {
	appset := application_set(
		[{"matrix": {"generators": [cluster_generator, {"merge": {"mergeKeys": ["component"], "generators": [stack_generator, {"list": {"elements": [{"component": "loki", "namespace": "kube-system"}]}}]}}]}}],
		{"server": "{{ .server }}", "namespace": "{{ .namespace }}"},
	)
	destinations.deny == {{
		"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.namespace, and its list generator can set any parameter; only parameter files of the allow-list are known to name allowed namespaces",
		"path": ["spec", "generators", 0, "matrix", "generators", 1, "merge", "generators", 1, "list"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_namespace_from_another_file_is_denied if {
	other := {"git": {"repoURL": repo, "revision": "main", "files": [{"path": "helm-values/**/component.yaml"}]}}
	appset := application_set(
		[{"matrix": {"generators": [cluster_generator, other]}}],
		{"server": "{{ .server }}", "namespace": "{{ .namespace }}"},
	)
	results := destinations.deny with input as appset with data.argocd_destinations as allow_list
	results == {
		{
			"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.namespace, and a Git generator reads files outside the allowed parameter files; only parameter files of the allow-list are known to name allowed namespaces",
			"path": ["spec", "generators", 0, "matrix", "generators", 1, "git"],
		},
		{
			"msg": "WKP302: ApplicationSet \"monitoring-stack\" templates destination.namespace, but no Git file generator reads an allowed parameter file (helm-values/stack.yaml)",
			"path": ["spec", "template", "spec", "destination", "namespace"],
		},
	}
}

test_project_within_the_allow_list_is_allowed if {
	appproject := project([
		{"server": "https://k8s-prod-ams1.platform.internal:6443", "namespace": "loki"},
		{"name": "staging-ams1", "namespace": "monitoring"},
	])
	count(destinations.deny) == 0 with input as appproject with data.argocd_destinations as allow_list
}

test_project_wildcard_cluster_is_denied if {
	appproject := project([{"server": "*", "namespace": "loki"}])
	destinations.deny == {{
		"msg": "WKP302: AppProject \"monitoring\" allows cluster *, which is not in the allow-list",
		"path": ["spec", "destinations", 0],
	}} with input as appproject with data.argocd_destinations as allow_list
}

test_project_wildcard_namespace_is_denied if {
	appproject := project([{"server": "https://k8s-prod-ams1.platform.internal:6443", "namespace": "*"}])
	destinations.deny == {{
		"msg": "WKP302: AppProject \"monitoring\" allows namespace \"*\", which is not in the allow-list",
		"path": ["spec", "destinations", 0, "namespace"],
	}} with input as appproject with data.argocd_destinations as allow_list
}
