package values.security_context_test

import data.values.security_context
import rego.v1

charts := {
	"pod_security_contexts": {
		"kube-prometheus-stack": [["prometheus", "prometheusSpec", "securityContext"], ["prometheus-node-exporter", "securityContext"]],
		"mimir": [["*", "securityContext"]],
	},
	"host_agents": {"falco": [[]], "kube-prometheus-stack": [["prometheus-node-exporter"]]},
	"security_contexts": {"dcgm-exporter": [{"name": "DCGM exporter", "path": ["securityContext"]}]},
}

container := {"runAsNonRoot": true, "runAsUser": 1000, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true}

test_hardened_contexts_are_allowed if {
	count(security_context.deny_security_context) == 0 with input as {
		"securityContext": container,
		"podSecurityContext": {"runAsNonRoot": true, "fsGroup": 1000},
		"loki": {
			"podSecurityContext": {"runAsNonRoot": true, "runAsUser": 10001, "fsGroup": 10001},
			"containerSecurityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}},
		},
	}
		with data.conftest.file.name as "helm-values/blackbox-exporter/values.yaml"
		with data.chart_workloads as charts
}

test_chart_pod_contexts_need_no_allow_privilege_escalation if {
	count(security_context.deny_security_context) == 0 with input as {"prometheus": {"prometheusSpec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 1000}}}}
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_wildcard_chart_pod_contexts if {
	count(security_context.deny_security_context) == 0 with input as {"ingester": {
		"securityContext": {"runAsNonRoot": true},
		"containerSecurityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true},
	}}
		with data.conftest.file.name as "helm-values/mimir/values.yaml"
		with data.chart_workloads as charts
}

test_run_as_root_is_denied if {
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context securityContext sets runAsNonRoot: false; it must be true",
		"path": ["securityContext", "runAsNonRoot"],
	}} with input as {"securityContext": object.union(container, {"runAsNonRoot": false})}
		with data.conftest.file.name as "helm-values/dcgm-exporter/values.yaml"
		with data.chart_workloads as charts
}

test_pod_context_without_run_as_non_root_is_denied if {
	security_context.deny_security_context == {{
		"msg": "WKP203: pod security context podSecurityContext does not set runAsNonRoot: true",
		"path": ["podSecurityContext"],
	}} with input as {"podSecurityContext": {"fsGroup": 10001}, "securityContext": container}
		with data.conftest.file.name as "helm-values/goalert/values.yaml"
		with data.chart_workloads as charts
}

test_pod_only_fields_make_a_pod_context if {
	security_context.deny_security_context == {{
		"msg": "WKP203: pod security context securityContext does not set runAsNonRoot: true",
		"path": ["securityContext"],
	}} with input as {"securityContext": {"fsGroup": 65534, "runAsUser": 65534}}
		with data.conftest.file.name as "helm-values/grafana/values.yaml"
		with data.chart_workloads as charts
}

test_container_context_relies_only_on_a_non_root_pod_sibling if {
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context alloy.securityContext does not set runAsNonRoot: true, nor does a pod security context next to it",
		"path": ["alloy", "securityContext"],
	}} with input as {
		"alloy": {"securityContext": {"allowPrivilegeEscalation": false}},
		"controller": {"podSecurityContext": {"runAsNonRoot": true}},
	}
		with data.conftest.file.name as "helm-values/alloy/values.yaml"
		with data.chart_workloads as charts
}

test_container_context_without_allow_privilege_escalation_is_denied if {
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context extraContainers[0].securityContext does not set allowPrivilegeEscalation: false",
		"path": ["extraContainers", 0, "securityContext"],
	}} with input as {"extraContainers": [{"name": "proxy", "securityContext": {"runAsNonRoot": true}}]}
		with data.conftest.file.name as "helm-values/litellm/values.yaml"
		with data.chart_workloads as charts
}

test_allow_privilege_escalation_true_is_denied_at_the_key if {
	some result in security_context.deny_security_context with input as {"securityContext": object.union(container, {"allowPrivilegeEscalation": true})}
		with data.conftest.file.name as "helm-values/litellm/values.yaml"
		with data.chart_workloads as charts
	result.path == ["securityContext", "allowPrivilegeEscalation"]
}

test_root_user_and_privileged_are_denied if {
	security_context.deny_security_context == {
		{
			"msg": "WKP203: container security context containerSecurityContext sets runAsUser: 0 (root)",
			"path": ["containerSecurityContext", "runAsUser"],
		},
		{
			"msg": "WKP203: container security context containerSecurityContext sets privileged: true",
			"path": ["containerSecurityContext", "privileged"],
		},
	} with input as {"containerSecurityContext": object.union(container, {"runAsUser": 0, "privileged": true})}
		with data.conftest.file.name as "helm-values/trivy-operator/values.yaml"
		with data.chart_workloads as charts
}

test_pod_templates_in_manifests_have_pod_contexts if {
	count(security_context.deny_security_context) == 0 with input as {"extraObjects": [{
		"kind": "Deployment",
		"spec": {"template": {"spec": {
			"securityContext": {"runAsNonRoot": true, "runAsUser": 1000},
			"containers": [{"name": "x", "securityContext": {"allowPrivilegeEscalation": false}}],
		}}},
	}]}
		with data.conftest.file.name as "helm-values/langfuse/values.yaml"
		with data.chart_workloads as charts
}

test_scan_job_contexts_are_named_by_their_suffix if {
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context trivyOperator.scanJobPodTemplateContainerSecurityContext does not set allowPrivilegeEscalation: false",
		"path": ["trivyOperator", "scanJobPodTemplateContainerSecurityContext"],
	}} with input as {"trivyOperator": {
		"scanJobPodTemplatePodSecurityContext": {"runAsNonRoot": true},
		"scanJobPodTemplateContainerSecurityContext": {"readOnlyRootFilesystem": true},
	}}
		with data.conftest.file.name as "helm-values/trivy-operator/values.yaml"
		with data.chart_workloads as charts
}

test_host_agents_are_reported_as_exceptions if {
	falco := {"containerSecurityContext": {"privileged": true}}
	count(security_context.deny_security_context) == 0 with input as falco
		with data.conftest.file.name as "helm-values/falco/values.yaml"
		with data.chart_workloads as charts
	count(security_context.deny_host_agent_security_context) == 3 with input as falco
		with data.conftest.file.name as "helm-values/falco/values.yaml"
		with data.chart_workloads as charts
	security_context.exception == {"host_agent_security_context"} with input as falco
		with data.conftest.file.name as "helm-values/falco/values.yaml"
		with data.chart_workloads as charts
}

test_only_the_node_exporter_subchart_is_a_host_agent_in_kube_prometheus_stack if {
	values := {
		"prometheus-node-exporter": {"securityContext": {"runAsNonRoot": false, "runAsUser": 0}},
		"grafana": {"containerSecurityContext": {"runAsNonRoot": true, "allowPrivilegeEscalation": true}},
	}
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context grafana.containerSecurityContext does not set allowPrivilegeEscalation: false",
		"path": ["grafana", "containerSecurityContext", "allowPrivilegeEscalation"],
	}} with input as values
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
	count(security_context.deny_host_agent_security_context) == 2 with input as values
		with data.conftest.file.name as "helm-values/kube-prometheus-stack/values.yaml"
		with data.chart_workloads as charts
}

test_other_components_get_no_exception if {
	count(security_context.exception) == 0 with input as {}
		with data.conftest.file.name as "helm-values/loki/values.yaml"
		with data.chart_workloads as charts
}

test_chart_with_a_root_default_needs_a_context_in_base_values if {
	security_context.deny_missing_security_context == {{
		"msg": "WKP203: DCGM exporter has no securityContext in helm-values/dcgm-exporter/values.yaml; the chart's default does not make it non-root: set runAsNonRoot: true and allowPrivilegeEscalation: false",
		"path": [],
	}} with input as {"arguments": ["-f", "/etc/dcgm-exporter/dcp-metrics-included.csv"]}
		with data.conftest.file.name as "helm-values/dcgm-exporter/values.yaml"
		with data.chart_workloads as charts
}

test_chart_with_a_root_default_and_a_context_is_allowed if {
	count(security_context.deny_missing_security_context) == 0 with input as {"securityContext": container}
		with data.conftest.file.name as "helm-values/dcgm-exporter/values.yaml"
		with data.chart_workloads as charts
	count(security_context.deny_missing_security_context) == 0 with input as {}
		with data.conftest.file.name as "helm-values/dcgm-exporter/values-prod.yaml"
		with data.chart_workloads as charts
}

test_extra_containers_rely_on_the_pod_context_not_the_main_containers if {
	values := {
		"securityContext": container,
		"extraContainers": [{"name": "proxy", "securityContext": {"allowPrivilegeEscalation": false}}],
	}
	security_context.deny_security_context == {{
		"msg": "WKP203: container security context extraContainers[0].securityContext does not set runAsNonRoot: true, nor does a pod security context next to it",
		"path": ["extraContainers", 0, "securityContext"],
	}} with input as values
		with data.conftest.file.name as "helm-values/litellm/values.yaml"
		with data.chart_workloads as charts
	count(security_context.deny_security_context) == 0 with input as object.union(values, {"podSecurityContext": {"runAsNonRoot": true}})
		with data.conftest.file.name as "helm-values/litellm/values.yaml"
		with data.chart_workloads as charts
}

test_host_agent_finding_is_reported_exactly if {
	security_context.deny_host_agent_security_context == {{
		"msg": "WKP203: pod security context securityContext sets runAsNonRoot: false; it must be true",
		"path": ["securityContext", "runAsNonRoot"],
	}} with input as {"securityContext": {"runAsNonRoot": false, "runAsUser": 65534, "fsGroup": 65534}}
		with data.conftest.file.name as "helm-values/node-exporter/values.yaml"
		with data.chart_workloads as object.union(charts, {"host_agents": {"node-exporter": [[]]}})
}

test_hardened_host_agent_has_nothing_to_waive if {
	count(security_context.deny_host_agent_security_context) == 0 with input as {
		"podSecurityContext": {"runAsNonRoot": true, "runAsUser": 65534},
		"containerSecurityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true},
	}
		with data.conftest.file.name as "helm-values/falco/values.yaml"
		with data.chart_workloads as charts
}
