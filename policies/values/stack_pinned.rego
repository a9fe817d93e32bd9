# METADATA
# title: Every component of the stack pins an exact chart version
# description: >-
#   helm-values/stack.yaml becomes one ArgoCD Application per component (chart repository, chart,
#   version as targetRevision). A version range (`^88.0.0`, `~1.2`, `>=6.0.0`, `1.2.x`, `*`), an
#   incomplete version (`6.2`, which YAML may even read as a number) or none at all lets a chart
#   release that nobody reviewed roll out to every cluster on the next sync, and a rollback then
#   has nothing to roll back to. Every entry names its component, chart repository and chart, and
#   pins the chart to an exact version, MAJOR.MINOR.PATCH with an optional pre-release or build
#   suffix; component names are unique, one Application each.
# custom:
#   id: WKP208
#   severity: error
package values.stack_pinned

import rego.v1

stack if data.conftest.file.name == "helm-values/stack.yaml"

exact_version := `^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`

name(i, entry) := sprintf("%q", [entry.component]) if {
	is_string(entry.component)
	entry.component != ""
} else := sprintf("#%d", [i + 1])

entries contains [i, entry] if {
	stack
	is_array(input)
	some i, entry in input
}

set(value) if {
	value != null
	value != ""
}

deny contains result if {
	stack
	not is_array(input)
	result := {"msg": "WKP208: helm-values/stack.yaml must be a list of components", "path": []}
}

deny contains result if {
	some [i, entry] in entries
	not is_object(entry)
	result := {"msg": sprintf("WKP208: stack entry #%d is not a map of component, repository, chart and version", [i + 1]), "path": [i]}
}

deny contains result if {
	some [i, entry] in entries
	is_object(entry)
	some field in ["component", "repository", "chart", "version"]
	not set(object.get(entry, field, null))
	result := {"msg": sprintf("WKP208: component %s has no %s", [name(i, entry), field]), "path": [i]}
}

deny contains result if {
	some [i, entry] in entries
	is_object(entry)
	is_number(entry.version)
	result := {
		"msg": sprintf("WKP208: component %s has version %v, which YAML read as a number; quote an exact version such as \"%v.0\"", [name(i, entry), entry.version, entry.version]),
		"path": [i, "version"],
	}
}

deny contains result if {
	some [i, entry] in entries
	is_object(entry)
	is_string(entry.version)
	entry.version != ""
	not regex.match(exact_version, trim_space(entry.version))
	result := {
		"msg": sprintf("WKP208: component %s has chart version %q, %s; pin an exact version (MAJOR.MINOR.PATCH)", [name(i, entry), entry.version, why(entry.version)]),
		"path": [i, "version"],
	}
}

# A constraint, a wildcard or an incomplete version.
why(version) := "which is a version range" if {
	regex.match(`[*^~<>=|!]|\s-\s|(^|\.)[xX](\.|$)`, version)
} else := "which is not a complete version"

deny contains result if {
	some [i, entry] in entries
	is_object(entry)
	is_string(entry.component)
	some [j, other] in entries
	j < i
	is_object(other)
	other.component == entry.component
	result := {
		"msg": sprintf("WKP208: component %q is listed twice (entries #%d and #%d)", [entry.component, j + 1, i + 1]),
		"path": [i, "component"],
	}
}
