# METADATA
# title: HA components run at least two replicas in prod
# description: >-
#   One replica of Prometheus, Alertmanager, a log, trace or metric store, or a gateway in the
#   request path means every node drain, eviction or rollout is an outage: alerts are not
#   evaluated or not delivered while the single pod restarts, and the monitoring is blind exactly
#   when the cluster is being worked on. Each environment's scale is read from its overlay, so the
#   prod overlay (values-prod.yaml) of every HA component (policies/data/chart_workloads.yaml,
#   `ha`) states a replica count of at least 2, or an enabled autoscaler whose minimum is at
#   least 2. DaemonSets, leader-elected operators and Grafana on its default SQLite database are
#   not listed.
# custom:
#   id: WKP206
#   severity: error
package values.prod_replicas

import rego.v1

file_parts := split(data.conftest.file.name, "/")

component := file_parts[1] if {
	count(file_parts) == 3
	file_parts[0] == "helm-values"
}

prod_overlay if file_parts[2] in {"values-prod.yaml", "values-prod.yml"}

ha_workloads contains workload if {
	prod_overlay
	some workload in data.chart_workloads.ha[component]
	not disabled(workload)
}

disabled(workload) if get_input(workload.unless_disabled, null) == false

# A replica count (or an enabled autoscaler's minimum) the overlay states.
stated(alternative) := n if {
	n := get_input(alternative.path, null)
	is_number(n)
	not alternative.when
} else := n if {
	n := get_input(alternative.path, null)
	is_number(n)
	get_input(alternative.when, null) == true
}

replicated(workload) if {
	some alternative in workload.replicas
	stated(alternative) >= 2
}

deny contains result if {
	some workload in ha_workloads
	not replicated(workload)
	some alternative in workload.replicas
	replicas := stated(alternative)
	result := {
		"msg": sprintf("WKP206: %s is not highly available in prod: %s is %v; HA components run at least 2 replicas", [workload.name, where(alternative.path), replicas]),
		"path": alternative.path,
	}
}

deny contains result if {
	some workload in ha_workloads
	not replicated(workload)
	every alternative in workload.replicas {
		not stated(alternative)
	}
	result := {
		"msg": sprintf("WKP206: %s states no replicas in %s; set %s to 2 or more", [workload.name, data.conftest.file.name, concat(" or ", [wanted(a) | some a in workload.replicas])]),
		"path": anchor(workload.replicas[0].path),
	}
}

wanted(alternative) := sprintf("%s (with %s: true)", [where(alternative.path), where(alternative.when)]) if {
	alternative.when
} else := where(alternative.path)

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

# The deepest key of `path` the input has, so a finding points as close as it can.
anchor(path) := array.slice(path, 0, n) if {
	n := max({i | some i in numbers.range(0, count(path)); get_input(array.slice(path, 0, i), null) != null})
}

# object.get on the input, which may be a list (helm-values/stack.yaml) where object.get fails.
get_input(path, fallback) := object.get({"input": input}, array.concat(["input"], path), fallback)
