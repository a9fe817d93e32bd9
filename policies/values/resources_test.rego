package values.resources_test

import data.values.resources
import rego.v1

sized := {"requests": {"cpu": "100m", "memory": "96Mi"}, "limits": {"memory": "192Mi"}}

charts := {"workloads": {
	"kube-prometheus-stack": [
		{"name": "Prometheus", "resources": [["prometheus", "prometheusSpec", "resources"]], "unless_disabled": ["prometheus", "enabled"]},
		{"name": "Alertmanager", "resources": [["alertmanager", "alertmanagerSpec", "resources"]], "unless_disabled": ["alertmanager", "enabled"]},
	],
	"loki": [{"name": "Loki write path", "resources": [["singleBinary", "resources"], ["write", "resources"], ["ingester", "resources"]]}],
}}

test_complete_blocks_are_allowed if {
	count(resources.deny) == 0 with input as {
		"resources": sized,
		"sidecar": {"resources": {"requests": {"cpu": 0.05, "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": 134217728}}},
	}
}

test_volume_claims_and_rbac_rules_are_not_workload_blocks if {
	count(resources.deny) == 0 with input as {
		"prometheus": {"prometheusSpec": {
			"resources": sized,
			"storageSpec": {"volumeClaimTemplate": {"spec": {"resources": {"requests": {"storage": "100Gi"}}}}},
		}},
		"rbac": {"extraClusterRoleRules": [{"apiGroups": [""], "resources": ["pods", "nodes"], "verbs": ["get"]}]},
	}
}

test_missing_cpu_request_is_denied if {
	resources.deny == {{
		"msg": "WKP202: prometheus.prometheusSpec.resources has no requests.cpu",
		"path": ["prometheus", "prometheusSpec", "resources"],
	}} with input as {"prometheus": {"prometheusSpec": {"resources": {"requests": {"memory": "4Gi"}, "limits": {"memory": "8Gi"}}}}}
}

test_missing_memory_limit_is_denied if {
	resources.deny == {{
		"msg": "WKP202: resources has no limits.memory",
		"path": ["resources"],
	}} with input as {"resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "1"}}}
}

test_empty_block_misses_every_setting if {
	count(resources.deny) == 3 with input as {"ingester": {"resources": {}}}
}

test_null_block_is_denied if {
	resources.deny == {{
		"msg": "WKP202: extraContainers[0].resources is null, not requests and limits; set requests.cpu, requests.memory and limits.memory",
		"path": ["extraContainers", 0, "resources"],
	}} with input as {"extraContainers": [{"name": "proxy", "resources": null}]}
}

test_memory_request_above_limit_is_denied if {
	resources.deny == {{
		"msg": "WKP202: resources requests 1Gi memory but limits it to 512Mi",
		"path": ["resources", "requests", "memory"],
	}} with input as {"resources": {"requests": {"cpu": "100m", "memory": "1Gi"}, "limits": {"memory": "512Mi"}}}
}

test_cpu_request_above_limit_is_denied if {
	resources.deny == {{
		"msg": "WKP202: resources requests 2 cpu but limits it to 500m",
		"path": ["resources", "requests", "cpu"],
	}} with input as {"resources": {"requests": {"cpu": "2", "memory": "1Gi"}, "limits": {"cpu": "500m", "memory": "1Gi"}}}
}

test_base_values_size_the_main_workloads if {
	count(resources.deny_missing) == 0 with input as {
		"prometheus": {"prometheusSpec": {"resources": sized}},
		"alertmanager": {"alertmanagerSpec": {"resources": sized}},
	}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_main_workload_without_resources_is_denied if {
	resources.deny_missing == {{
		"msg": "WKP202: Alertmanager has no resources in helm-values/kube-prometheus-stack/values.yaml; set requests.cpu, requests.memory and limits.memory at alertmanager.alertmanagerSpec.resources",
		"path": ["alertmanager", "alertmanagerSpec"],
	}} with input as {
		"prometheus": {"prometheusSpec": {"resources": sized}},
		"alertmanager": {"alertmanagerSpec": {"replicas": 2}},
	}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_any_alternative_sizes_a_workload if {
	count(resources.deny_missing) == 0 with input as {"deploymentMode": "Distributed", "ingester": {"resources": sized}}
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_missing_alternatives_are_all_named if {
	resources.deny_missing == {{
		"msg": "WKP202: Loki write path has no resources in helm-values/loki/values.yaml; set requests.cpu, requests.memory and limits.memory at singleBinary.resources or write.resources or ingester.resources",
		"path": ["singleBinary"],
	}} with input as {"singleBinary": {"replicas": 1}}
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_disabled_workloads_need_no_resources if {
	count(resources.deny_missing) == 0 with input as {
		"prometheus": {"prometheusSpec": {"resources": sized}},
		"alertmanager": {"enabled": false},
	}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_overlays_may_leave_sizing_to_the_base if {
	count(resources.deny_missing) == 0 with input as {"prometheus": {"prometheusSpec": {"replicas": 2}}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values-prod.yaml"
		with data.chart_workloads as charts
}
