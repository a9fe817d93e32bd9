# METADATA
# title: Workloads request CPU and memory and cap their memory
# description: >-
#   The scheduler places pods by their requests and the kubelet evicts and OOM-kills by their
#   limits. A monitoring component without requests lands on a full node and is the first thing
#   evicted when the node runs short; without a memory limit one runaway query (a high-cardinality
#   PromQL, a wide LogQL) takes the node and everything on it down. Every `resources` block in
#   Helm values therefore requests cpu and memory and limits memory, with requests no larger than
#   limits, and each chart's main workloads (policies/data/chart_workloads.yaml) get such a block
#   in the component's base values.yaml instead of the chart's empty or laptop-sized default. A CPU
#   limit is optional on purpose: CFS throttling stalls latency-sensitive Go services long before
#   they use their share, and the CPU request already guarantees that share.
# custom:
#   id: WKP202
#   severity: error
package values.resources

import rego.v1

# helm-values/<component>/values.yaml (base) or values-<env>.yaml (overlay).
file_parts := split(data.conftest.file.name, "/")

component := file_parts[1] if {
	count(file_parts) == 3
	file_parts[0] == "helm-values"
}

base_values if file_parts[2] in {"values.yaml", "values.yml"}

# Workload resource blocks: every map under a `resources` key, except a PersistentVolumeClaim's
# (volumeClaimTemplate specs, where requests.storage sizes a volume). A list under `resources` is
# an RBAC rule's resource names, not a block.
blocks contains [path, block] if {
	walk(input, [path, block])
	count(path) > 0
	path[count(path) - 1] == "resources"
	not is_array(block)
	not volume_claim(path, block)
}

volume_claim(path, _) if {
	some key in path
	is_string(key)
	contains(lower(key), "volumeclaim")
}

volume_claim(_, block) if {
	is_object(block)
	object.get(block, ["requests", "storage"], null) != null
}

volume_claim(_, block) if {
	is_object(block)
	object.get(block, ["limits", "storage"], null) != null
}

required := [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]

set(value) if {
	value != null
	value != ""
}

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

deny contains result if {
	some [path, block] in blocks
	not is_object(block)
	result := {
		"msg": sprintf("WKP202: %s is %v, not requests and limits; set requests.cpu, requests.memory and limits.memory", [where(path), json.marshal(block)]),
		"path": path,
	}
}

deny contains result if {
	some [path, block] in blocks
	is_object(block)
	some field in required
	not set(object.get(block, field, null))
	result := {
		"msg": sprintf("WKP202: %s has no %s", [where(path), concat(".", field)]),
		"path": path,
	}
}

# Kubernetes rejects a request above its limit; the comparison needs both as quantities.
memory_quantity(q) := units.parse_bytes(q) if {
	is_string(q)
	regex.match(`^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$`, q)
} else := q if is_number(q)

cpu_quantity(q) := units.parse(q) if {
	is_string(q)
	regex.match(`^[0-9]+(\.[0-9]+)?m?$`, q)
} else := q if is_number(q)

deny contains result if {
	some [path, block] in blocks
	is_object(block)
	some resource in ["memory", "cpu"]
	request := object.get(block, ["requests", resource], null)
	limit := object.get(block, ["limits", resource], null)
	request != null
	limit != null
	more(resource, request, limit)
	result := {
		"msg": sprintf("WKP202: %s requests %v %s but limits it to %v", [where(path), request, resource, limit]),
		"path": array.concat(path, ["requests", resource]),
	}
}

more("memory", request, limit) if memory_quantity(request) > memory_quantity(limit)

more("cpu", request, limit) if cpu_quantity(request) > cpu_quantity(limit)

# The chart's main workloads must be sized in the base values (overlays may resize them).
deny_missing contains result if {
	base_values
	some workload in data.chart_workloads.workloads[component]
	not disabled(workload)
	not any_present(workload.resources)
	result := {
		"msg": sprintf("WKP202: %s has no resources in %s; set requests.cpu, requests.memory and limits.memory at %s", [workload.name, data.conftest.file.name, concat(" or ", [where(p) | some p in workload.resources])]),
		"path": anchor(workload.resources[0]),
	}
}

# The deepest key of `path` the input has, so a finding points as close as it can.
anchor(path) := array.slice(path, 0, n) if {
	n := max({i | some i in numbers.range(0, count(path)); get_input(array.slice(path, 0, i), null) != null})
}

disabled(workload) if get_input(workload.unless_disabled, null) == false

any_present(paths) if {
	some path in paths
	get_input(path, null) != null
}

# object.get on the input, which may be a list (helm-values/stack.yaml) where object.get fails.
get_input(path, fallback) := object.get({"input": input}, array.concat(["input"], path), fallback)
