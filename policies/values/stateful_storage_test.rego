package values.stateful_storage_test

import data.values.stateful_storage
import rego.v1

charts := {"stateful": {
	"kube-prometheus-stack": [{
		"name": "Alertmanager",
		"unless_disabled": ["alertmanager", "enabled"],
		"at": ["alertmanager", "alertmanagerSpec"],
		"persistence": [[{"path": ["alertmanager", "alertmanagerSpec", "storage", "volumeClaimTemplate", "spec", "resources", "requests", "storage"]}]],
		"retention": [[{"path": ["alertmanager", "alertmanagerSpec", "retention"]}]],
	}],
	"loki": [{
		"name": "Loki",
		"at": ["loki"],
		"persistence": [
			[{"path": ["singleBinary", "persistence", "enabled"], "equals": true}, {"path": ["singleBinary", "persistence", "size"]}],
			[{"path": ["ingester", "persistence", "enabled"], "equals": true}, {"path": ["ingester", "persistence", "claims", 0, "size"]}],
		],
		"retention": [[{"path": ["loki", "limits_config", "retention_period"]}, {"path": ["loki", "compactor", "retention_enabled"], "equals": true}]],
	}],
	"mimir": [{"name": "Mimir", "at": ["mimir"], "retention": [[{"path": ["mimir", "structuredConfig", "limits", "compactor_blocks_retention_period"]}]]}],
}}

alertmanager := {"alertmanager": {"alertmanagerSpec": {
	"retention": "240h",
	"storage": {"volumeClaimTemplate": {"spec": {"storageClassName": "ceph-rbd", "resources": {"requests": {"storage": "2Gi"}}}}},
}}}

loki := {
	"singleBinary": {"persistence": {"enabled": true, "size": "50Gi"}},
	"loki": {"limits_config": {"retention_period": "744h"}, "compactor": {"retention_enabled": true, "delete_request_store": "s3"}},
}

test_persistent_and_retained_components_are_allowed if {
	count(stateful_storage.deny) == 0 with input as alertmanager
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
	count(stateful_storage.deny) == 0 with input as loki
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_any_alternative_persists if {
	values := object.union(object.remove(loki, ["singleBinary"]), {"ingester": {"persistence": {"enabled": true, "claims": [{"name": "data", "size": "100Gi"}]}}})
	count(stateful_storage.deny) == 0 with input as values
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_missing_volume_is_denied if {
	stateful_storage.deny == {{
		"msg": "WKP205: Alertmanager keeps no data across restarts in helm-values/kube-prometheus-stack/values.yaml; set alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage",
		"path": ["alertmanager", "alertmanagerSpec"],
	}} with input as {"alertmanager": {"alertmanagerSpec": {"retention": "240h"}}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_disabled_persistence_is_denied if {
	stateful_storage.deny == {{
		"msg": "WKP205: Loki keeps no data across restarts in helm-values/loki/values.yaml; set singleBinary.persistence.enabled: true and singleBinary.persistence.size, or ingester.persistence.enabled: true and ingester.persistence.claims[0].size",
		"path": ["loki"],
	}} with input as object.union(loki, {"singleBinary": {"persistence": {"enabled": false}}})
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_retention_needs_every_setting_of_an_alternative if {
	stateful_storage.deny == {{
		"msg": "WKP205: Loki has no retention in helm-values/loki/values.yaml; set loki.limits_config.retention_period and loki.compactor.retention_enabled: true",
		"path": ["loki"],
	}} with input as object.union(loki, {"loki": {"compactor": {"retention_enabled": false}}})
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_missing_retention_is_denied if {
	stateful_storage.deny == {{
		"msg": "WKP205: Mimir has no retention in helm-values/mimir/values.yaml; set mimir.structuredConfig.limits.compactor_blocks_retention_period",
		"path": [],
	}} with input as {"ingester": {"replicas": 3}}
		with data.conftest.file.name as "helm-values/mimir/values.yaml"
		with data.chart_workloads as charts
}

test_disabled_components_and_overlays_are_not_judged if {
	count(stateful_storage.deny) == 0 with input as {"alertmanager": {"enabled": false}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
	count(stateful_storage.deny) == 0 with input as {"alertmanager": {"alertmanagerSpec": {"replicas": 3}}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values-prod.yaml"
		with data.chart_workloads as charts
}
