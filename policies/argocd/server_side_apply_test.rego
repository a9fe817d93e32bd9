package argocd.server_side_apply_test

import data.argocd.server_side_apply

kps := {"repoURL": "https://prometheus-community.github.io/helm-charts", "chart": "kube-prometheus-stack", "targetRevision": "88.5.3"}

application(source, sync_options) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"metadata": {"name": "prod-ams1-kube-prometheus-stack"},
	"spec": {
		"project": "monitoring",
		"sources": [source, {"repoURL": "https://gitlab.platform.internal/sre/watchkeeper.git", "targetRevision": "main", "ref": "values"}],
		"syncPolicy": {"automated": {"prune": true, "selfHeal": true}, "syncOptions": sync_options},
	},
}

application_set(chart, sync_options) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"metadata": {"name": "monitoring-stack"},
	"spec": {"template": {"spec": {
		"project": "monitoring",
		"source": {"repoURL": "{{ .repository }}", "chart": chart, "targetRevision": "{{ .version }}"},
		"syncPolicy": {"syncOptions": sync_options},
	}}},
}

test_stack_applied_server_side_is_allowed if {
	count(server_side_apply.deny) == 0 with input as application(kps, ["CreateNamespace=true", "ServerSideApply=true"])
	count(server_side_apply.deny) == 0 with input as application_set("{{ .chart }}", ["ServerSideApply=true"])
}

test_stack_applied_client_side_is_denied if {
	server_side_apply.deny == {{
		"msg": "WKP305: Application \"prod-ams1-kube-prometheus-stack\" needs ServerSideApply=true in syncPolicy.syncOptions: its chart is kube-prometheus-stack, whose CRDs exceed the 256 KiB client-side apply annotation",
		"path": ["spec", "syncPolicy"],
	}} with input as application(kps, ["CreateNamespace=true"])
}

test_stack_from_oci_is_recognised if {
	oci := {"repoURL": "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack", "targetRevision": "88.5.3"}
	count(server_side_apply.deny) == 1 with input as application(oci, ["ServerSideApply=false"])
}

test_templated_chart_needs_server_side_apply if {
	server_side_apply.deny == {{
		"msg": "WKP305: ApplicationSet \"monitoring-stack\" needs ServerSideApply=true in syncPolicy.syncOptions: its chart is templated, and helm-values/stack.yaml makes one of them kube-prometheus-stack, whose CRDs exceed the 256 KiB client-side apply annotation",
		"path": ["spec", "template", "spec", "syncPolicy"],
	}} with input as application_set("{{ .chart }}", [])
}

test_other_charts_may_apply_client_side if {
	loki := {"repoURL": "https://grafana-community.github.io/helm-charts", "chart": "loki", "targetRevision": "18.11.0"}
	count(server_side_apply.deny) == 0 with input as application(loki, [])
	count(server_side_apply.deny) == 0 with input as application_set("loki", [])
}
