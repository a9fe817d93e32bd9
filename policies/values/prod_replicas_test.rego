package values.prod_replicas_test

import data.values.prod_replicas
import rego.v1

charts := {"ha": {
	"kube-prometheus-stack": [{"name": "Alertmanager", "unless_disabled": ["alertmanager", "enabled"], "replicas": [{"path": ["alertmanager", "alertmanagerSpec", "replicas"]}]}],
	"loki": [{"name": "Loki write path", "replicas": [{"path": ["singleBinary", "replicas"]}, {"path": ["write", "replicas"]}, {"path": ["ingester", "replicas"]}]}],
	"litellm": [{"name": "LiteLLM proxy", "replicas": [{"path": ["replicaCount"]}, {"path": ["autoscaling", "minReplicas"], "when": ["autoscaling", "enabled"]}]}],
}}

prod(component) := sprintf("helm-values/%s/values-prod.yaml", [component])

test_replicated_prod_overlay_is_allowed if {
	count(prod_replicas.deny) == 0 with input as {"alertmanager": {"alertmanagerSpec": {"replicas": 3}}}
		with data.conftest.file.name as prod("kube-prometheus-stack")
		with data.chart_workloads as charts
}

test_single_replica_is_denied if {
	prod_replicas.deny == {{
		"msg": "WKP206: Alertmanager is not highly available in prod: alertmanager.alertmanagerSpec.replicas is 1; HA components run at least 2 replicas",
		"path": ["alertmanager", "alertmanagerSpec", "replicas"],
	}} with input as {"alertmanager": {"alertmanagerSpec": {"replicas": 1}}}
		with data.conftest.file.name as prod("kube-prometheus-stack")
		with data.chart_workloads as charts
}

test_unstated_replicas_are_denied if {
	prod_replicas.deny == {{
		"msg": "WKP206: Alertmanager states no replicas in helm-values/kube-prometheus-stack/values-prod.yaml; set alertmanager.alertmanagerSpec.replicas to 2 or more",
		"path": ["alertmanager"],
	}} with input as {"alertmanager": {"ingress": {"enabled": false}}}
		with data.conftest.file.name as prod("kube-prometheus-stack")
		with data.chart_workloads as charts
}

test_one_replicated_deployment_mode_is_enough if {
	count(prod_replicas.deny) == 0 with input as {"singleBinary": {"replicas": 0}, "ingester": {"replicas": 3}}
		with data.conftest.file.name as prod("loki")
		with data.chart_workloads as charts
}

test_enabled_autoscaler_minimum_counts if {
	count(prod_replicas.deny) == 0 with input as {"autoscaling": {"enabled": true, "minReplicas": 2, "maxReplicas": 6}}
		with data.conftest.file.name as prod("litellm")
		with data.chart_workloads as charts
}

test_disabled_autoscaler_minimum_does_not_count if {
	prod_replicas.deny == {{
		"msg": "WKP206: LiteLLM proxy states no replicas in helm-values/litellm/values-prod.yaml; set replicaCount or autoscaling.minReplicas (with autoscaling.enabled: true) to 2 or more",
		"path": [],
	}} with input as {"autoscaling": {"enabled": false, "minReplicas": 3}}
		with data.conftest.file.name as prod("litellm")
		with data.chart_workloads as charts
}

test_other_environments_and_disabled_components_are_not_judged if {
	count(prod_replicas.deny) == 0 with input as {"alertmanager": {"alertmanagerSpec": {"replicas": 1}}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values-dev.yaml"
		with data.chart_workloads as charts
	count(prod_replicas.deny) == 0 with input as {"alertmanager": {"enabled": false}}
		with data.conftest.file.name as prod("kube-prometheus-stack")
		with data.chart_workloads as charts
}
