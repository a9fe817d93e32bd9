# METADATA
# title: Pods run as non-root and containers cannot escalate privileges
# description: >-
#   A container that runs as root, or may gain privileges through setuid binaries, turns any
#   remote-code-execution bug in an exporter or a log pipeline into root on the node, where the
#   rest of the platform (legal documents, model weights, credentials) lives. Every security
#   context in Helm values therefore says `runAsNonRoot: true` (a container's may rely on the pod
#   security context next to it) and every container security context says
#   `allowPrivilegeEscalation: false` and is not privileged. Whether a `securityContext` is a pod's
#   or a container's follows its name, its place (a pod spec, a containers list), its pod-only
#   fields and, where a chart names a pod's context plainly `securityContext`,
#   policies/data/chart_workloads.yaml. Charts whose default runs as root or leaves the context
#   empty must get one in their base values.yaml. Host agents (Falco, node-exporter, also as
#   kube-prometheus-stack's `prometheus-node-exporter`) need the host and are reported as
#   exceptions, decided by the file's path.
# custom:
#   id: WKP203
#   severity: error
package values.security_context

import rego.v1

file_parts := split(data.conftest.file.name, "/")

component := file_parts[1] if {
	count(file_parts) == 3
	file_parts[0] == "helm-values"
}

base_values if file_parts[2] in {"values.yaml", "values.yml"}

# Every security context map: securityContext, podSecurityContext, containerSecurityContext,
# scanJobPodTemplateContainerSecurityContext, ...
contexts contains [path, context] if {
	walk(input, [path, context])
	count(path) > 0
	last := path[count(path) - 1]
	is_string(last)
	endswith(lower(last), "securitycontext")
	is_object(context)
}

pod_only_fields := {"fsGroup", "fsGroupChangePolicy", "supplementalGroups", "supplementalGroupsPolicy", "sysctls", "seLinuxChangePolicy"}

level(path, context) := "container" if {
	endswith(lower(path[count(path) - 1]), "containersecuritycontext")
} else := "pod" if {
	endswith(lower(path[count(path) - 1]), "podsecuritycontext")
} else := "container" if {
	# containers[i].securityContext, initContainers[i]..., extraContainers[i]...
	count(path) >= 3
	is_number(path[count(path) - 2])
	endswith(lower(sprintf("%v", [path[count(path) - 3]])), "containers")
} else := "pod" if {
	# spec.securityContext of a pod (template) in a manifest, e.g. under extraObjects
	count(path) >= 2
	path[count(path) - 2] == "spec"
} else := "pod" if {
	chart_pod_context(path)
} else := "pod" if {
	some field in pod_only_fields
	field in object.keys(context)
} else := "container"

chart_pod_context(path) if {
	some pattern in data.chart_workloads.pod_security_contexts[component]
	count(pattern) == count(path)
	every i, key in pattern {
		key in {"*", path[i]}
	}
}

# A non-root pod security context next to a container's (in the same map), or in the pod spec
# whose containers list holds the container.
non_root_pod_sibling(path) if non_root_pod_context_in(array.slice(path, 0, count(path) - 1))

non_root_pod_sibling(path) if {
	count(path) >= 3
	is_number(path[count(path) - 2])
	endswith(lower(sprintf("%v", [path[count(path) - 3]])), "containers")
	non_root_pod_context_in(array.slice(path, 0, count(path) - 3))
}

non_root_pod_context_in(parent) if {
	some key, context in get_input(parent, {})
	is_string(key)
	endswith(lower(key), "securitycontext")
	is_object(context)
	level(array.concat(parent, [key]), context) == "pod"
	context.runAsNonRoot == true
}

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

# The offending key when the context has it, else the context itself.
at(path, context, key) := array.concat(path, [key]) if {
	key in object.keys(context)
} else := path

# Findings as [context path, result]; the rules below split them into host agents and the rest.
findings contains [path, result] if {
	some [path, context] in contexts
	kind := level(path, context)
	"runAsNonRoot" in object.keys(context)
	context.runAsNonRoot != true
	result := {
		"msg": sprintf("WKP203: %s security context %s sets runAsNonRoot: %v; it must be true", [kind, where(path), context.runAsNonRoot]),
		"path": array.concat(path, ["runAsNonRoot"]),
	}
}

findings contains [path, result] if {
	some [path, context] in contexts
	level(path, context) == "pod"
	not "runAsNonRoot" in object.keys(context)
	result := {
		"msg": sprintf("WKP203: pod security context %s does not set runAsNonRoot: true", [where(path)]),
		"path": path,
	}
}

findings contains [path, result] if {
	some [path, context] in contexts
	level(path, context) == "container"
	not "runAsNonRoot" in object.keys(context)
	not non_root_pod_sibling(path)
	result := {
		"msg": sprintf("WKP203: container security context %s does not set runAsNonRoot: true, nor does a pod security context next to it", [where(path)]),
		"path": path,
	}
}

findings contains [path, result] if {
	some [path, context] in contexts
	context.runAsUser == 0
	result := {
		"msg": sprintf("WKP203: %s security context %s sets runAsUser: 0 (root)", [level(path, context), where(path)]),
		"path": array.concat(path, ["runAsUser"]),
	}
}

findings contains [path, result] if {
	some [path, context] in contexts
	level(path, context) == "container"
	object.get(context, "allowPrivilegeEscalation", null) != false
	result := {
		"msg": sprintf("WKP203: container security context %s does not set allowPrivilegeEscalation: false", [where(path)]),
		"path": at(path, context, "allowPrivilegeEscalation"),
	}
}

findings contains [path, result] if {
	some [path, context] in contexts
	level(path, context) == "container"
	context.privileged == true
	result := {
		"msg": sprintf("WKP203: container security context %s sets privileged: true", [where(path)]),
		"path": array.concat(path, ["privileged"]),
	}
}

# Host agents: the whole file of a host-agent component, or the subchart key listed for it.
host_agent(path) if {
	some prefix in data.chart_workloads.host_agents[component]
	array.slice(path, 0, count(prefix)) == prefix
}

deny_security_context contains result if {
	some [path, result] in findings
	not host_agent(path)
}

deny_host_agent_security_context contains result if {
	some [path, result] in findings
	host_agent(path)
}

# Exception: Falco loads its eBPF probe and reads every process's /proc; node-exporter reads the
# host's /proc, /sys and root filesystem with hostPID and hostNetwork. Both need root-level access
# to the node by design, so their security contexts are waived, by the file's path:
# helm-values/falco/, helm-values/node-exporter/ and kube-prometheus-stack's prometheus-node-exporter
# subchart key (policies/data/chart_workloads.yaml, host_agents). The waived findings stay visible
# as exceptions in every report.
exception contains "host_agent_security_context" if {
	component in object.keys(data.chart_workloads.host_agents)
}

# Charts whose default container context is empty or root get one in the base values.
deny_missing_security_context contains result if {
	base_values
	some workload in data.chart_workloads.security_contexts[component]
	not is_object(get_input(workload.path, null))
	result := {
		"msg": sprintf("WKP203: %s has no %s in %s; the chart's default does not make it non-root: set runAsNonRoot: true and allowPrivilegeEscalation: false", [workload.name, where(workload.path), data.conftest.file.name]),
		"path": anchor(workload.path),
	}
}

# The deepest key of `path` the input has, so a finding points as close as it can.
anchor(path) := array.slice(path, 0, n) if {
	n := max({i | some i in numbers.range(0, count(path)); get_input(array.slice(path, 0, i), null) != null})
}

# object.get on the input, which may be a list (helm-values/stack.yaml) where object.get fails.
get_input(path, fallback) := object.get({"input": input}, array.concat(["input"], path), fallback)
