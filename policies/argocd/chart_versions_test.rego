package argocd.chart_versions_test

import data.argocd.chart_versions

repo := "https://gitlab.platform.internal/sre/watchkeeper.git"

allow_list := {
	"clusters": [
		{"name": "dev-ams1", "environment": "dev", "server": "https://k8s-dev-ams1.platform.internal:6443"},
		{"name": "prod-ams1", "environment": "prod", "server": "https://k8s-prod-ams1.platform.internal:6443"},
	],
	"namespaces": ["loki"],
	"parameter_files": [{"repoURL": repo, "path": "helm-values/stack.yaml"}],
}

chart_source(revision) := {"repoURL": "https://grafana-community.github.io/helm-charts", "chart": "loki", "targetRevision": revision}

values_source := {"repoURL": repo, "targetRevision": "main", "ref": "values"}

application(server, revision) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"metadata": {"name": "loki"},
	"spec": {
		"project": "monitoring",
		"sources": [chart_source(revision), values_source],
		"destination": {"server": server, "namespace": "loki"},
	},
}

prod := "https://k8s-prod-ams1.platform.internal:6443"

dev := "https://k8s-dev-ams1.platform.internal:6443"

# The shape of argocd/applicationsets/monitoring-stack.yaml: the version comes from stack.yaml.
application_set(generators, revision) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"metadata": {"name": "monitoring-stack"},
	"spec": {
		"goTemplate": true,
		"generators": generators,
		"template": {
			"metadata": {"name": "{{ .name }}-{{ .component }}"},
			"spec": {
				"project": "monitoring",
				"sources": [
					{"repoURL": "{{ .repository }}", "chart": "{{ .chart }}", "targetRevision": revision},
					values_source,
				],
				"destination": {"server": "{{ .server }}", "namespace": "{{ .namespace }}"},
			},
		},
	},
}

clusters(environments) := {"clusters": {"selector": {"matchExpressions": [{"key": "environment", "operator": "In", "values": environments}]}}}

stack_file := {"git": {"repoURL": repo, "revision": "main", "files": [{"path": "helm-values/stack.yaml"}]}}

test_exact_versions_are_allowed if {
	every revision in ["88.5.3", "v1.11.1", "0.0.5", "1.0.0-rc.1", "2.0.0+build.7"] {
		count(chart_versions.deny) == 0 with input as application(prod, revision) with data.argocd_destinations as allow_list
	}
}

test_version_from_the_stack_file_is_allowed if {
	appset := application_set([{"matrix": {"generators": [clusters(["dev", "staging", "prod"]), stack_file]}}], "{{ .version }}")
	count(chart_versions.deny) == 0 with input as appset with data.argocd_destinations as allow_list
	count(chart_versions.warn) == 0 with input as appset with data.argocd_destinations as allow_list
}

test_floating_version_for_production_is_denied if {
	chart_versions.deny == {{
		"msg": "WKP303: Application \"loki\" takes chart loki at targetRevision \"*\", which is not an exact version; pin an exact version (e.g. 88.5.3) (it reaches a production cluster)",
		"path": ["spec", "sources", 0, "targetRevision"],
	}} with input as application(prod, "*") with data.argocd_destinations as allow_list
}

test_ranges_heads_and_empty_revisions_are_denied if {
	every revision in ["HEAD", "latest", "", "^88.0.0", "~6.2", ">=1.0", "6.x", "6.2", "6.2.*", "1.0.0 - 2.0.0"] {
		count(chart_versions.deny) == 1 with input as application(prod, revision) with data.argocd_destinations as allow_list
	}
}

test_missing_and_numeric_revisions_are_denied if {
	app := object.remove(application(prod, ""), ["spec"])
	spec := {"project": "monitoring", "source": {"repoURL": "https://grafana.github.io/helm-charts", "chart": "alloy"}, "destination": {"server": prod}}
	count(chart_versions.deny) == 1 with input as object.union(app, {"spec": spec}) with data.argocd_destinations as allow_list
	some result in chart_versions.deny with input as application(prod, 6.2) with data.argocd_destinations as allow_list
	contains(result.msg, "targetRevision \"6.2\", which is not an exact version")
}

test_floating_version_outside_production_is_a_warning if {
	count(chart_versions.deny) == 0 with input as application(dev, "^1.11.0") with data.argocd_destinations as allow_list
	chart_versions.warn == {{
		"msg": "WKP303: Application \"loki\" takes chart loki at targetRevision \"^1.11.0\", which is not an exact version; pin an exact version (e.g. 88.5.3)",
		"path": ["spec", "sources", 0, "targetRevision"],
	}} with input as application(dev, "^1.11.0") with data.argocd_destinations as allow_list
}

test_unknown_cluster_counts_as_production if {
	count(chart_versions.deny) == 1 with input as application("https://kubernetes.default.svc", "HEAD") with data.argocd_destinations as allow_list
}

test_git_sources_may_follow_a_branch if {
	app := application(prod, "1.0.0")
	count(chart_versions.deny) == 0 with input as app with data.argocd_destinations as allow_list
}

test_version_from_an_unverified_generator_is_denied if {
	appset := application_set(
		[{"matrix": {"generators": [clusters(["prod"]), {"list": {"elements": [{"chart": "loki", "version": "*"}]}}]}}],
		"{{ .version }}",
	)
	chart_versions.deny == {{
		"msg": "WKP303: ApplicationSet \"monitoring-stack\" takes chart {{ .chart }} at targetRevision \"{{ .version }}\", templated from parameters that do not come only from an allowed parameter file; pin an exact version (e.g. 88.5.3) (it reaches a production cluster)",
		"path": ["spec", "template", "spec", "sources", 0, "targetRevision"],
	}} with input as appset with data.argocd_destinations as allow_list
}

test_application_set_for_dev_only_warns if {
	appset := application_set([clusters(["dev"])], "6.x")
	count(chart_versions.deny) == 0 with input as appset with data.argocd_destinations as allow_list
	count(chart_versions.warn) == 1 with input as appset with data.argocd_destinations as allow_list
}

test_application_set_without_cluster_selection_counts_as_production if {
	unselected := application_set([{"clusters": {}}], "6.x")
	count(chart_versions.deny) == 1 with input as unselected with data.argocd_destinations as allow_list
	listed := application_set([{"list": {"elements": [{"server": dev}]}}], "6.x")
	count(chart_versions.deny) == 1 with input as listed with data.argocd_destinations as allow_list
}
