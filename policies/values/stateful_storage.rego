# METADATA
# title: Stateful components persist their data and bound how long they keep it
# description: >-
#   Prometheus, Alertmanager, Loki, Tempo, Mimir and Pyroscope keep data on local disk: a TSDB, a
#   write-ahead log, silences, unflushed chunks. On the charts' default emptyDir a pod restart or
#   a node drain silently drops it (hours of metrics, acknowledged silences that re-page on-call),
#   and without a retention the disk or the object store grows until ingestion stops. The base
#   values.yaml of each of them therefore enables a persistent volume of a stated size and sets a
#   retention, at the keys its chart reads (policies/data/chart_workloads.yaml, `stateful`; Loki's
#   retention also needs the compactor's retention_enabled, without which retention_period does
#   nothing). Environment overlays may resize both.
# custom:
#   id: WKP205
#   severity: error
package values.stateful_storage

import rego.v1

file_parts := split(data.conftest.file.name, "/")

component := file_parts[1] if {
	count(file_parts) == 3
	file_parts[0] == "helm-values"
}

base_values if file_parts[2] in {"values.yaml", "values.yml"}

stateful contains workload if {
	base_values
	some workload in data.chart_workloads.stateful[component]
	not disabled(workload)
}

disabled(workload) if get_input(workload.unless_disabled, null) == false

holds(setting) if {
	value := get_input(setting.path, null)
	value != null
	value != ""
	object.get(setting, "equals", value) == value
}

met(alternatives) if {
	some alternative in alternatives
	every setting in alternative {
		holds(setting)
	}
}

# "singleBinary.persistence.enabled: true and singleBinary.persistence.size", "... or ..."
wanted(alternatives) := concat(", or ", [concat(" and ", [describe(s) | some s in alternative]) | some alternative in alternatives])

describe(setting) := sprintf("%s: %v", [where(setting.path), setting.equals]) if {
	"equals" in object.keys(setting)
} else := where(setting.path)

deny contains result if {
	some workload in stateful
	workload.persistence
	not met(workload.persistence)
	result := {
		"msg": sprintf("WKP205: %s keeps no data across restarts in %s; set %s", [workload.name, data.conftest.file.name, wanted(workload.persistence)]),
		"path": anchor(workload.at),
	}
}

deny contains result if {
	some workload in stateful
	workload.retention
	not met(workload.retention)
	result := {
		"msg": sprintf("WKP205: %s has no retention in %s; set %s", [workload.name, data.conftest.file.name, wanted(workload.retention)]),
		"path": anchor(workload.at),
	}
}

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
