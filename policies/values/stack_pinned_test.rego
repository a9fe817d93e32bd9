package values.stack_pinned_test

import data.values.stack_pinned
import rego.v1

loki := {"component": "loki", "repository": "https://grafana-community.github.io/helm-charts", "chart": "loki", "version": "18.11.0", "namespace": "loki"}

stack := "helm-values/stack.yaml"

with_version(version) := [object.union(loki, {"version": version})]

test_exact_versions_are_allowed if {
	count(stack_pinned.deny) == 0 with input as [
		loki,
		{"component": "goalert", "repository": "https://tokens-studio.github.io/helm/", "chart": "goalert", "version": "0.0.5"},
		{"component": "mimir", "repository": "https://grafana.github.io/helm-charts", "chart": "mimir-distributed", "version": "6.3.0-weekly.408"},
	]
		with data.conftest.file.name as stack
}

test_range_is_denied if {
	stack_pinned.deny == {{
		"msg": "WKP208: component \"loki\" has chart version \"^18.0.0\", which is a version range; pin an exact version (MAJOR.MINOR.PATCH)",
		"path": [0, "version"],
	}} with input as with_version("^18.0.0")
		with data.conftest.file.name as stack
}

test_wildcards_and_constraints_are_ranges if {
	every version in ["*", "18.x", "18.11.X", "~18.11.0", ">=18.0.0 <19.0.0", "18.0.0 - 18.11.0"] {
		some result in stack_pinned.deny with input as with_version(version)
			with data.conftest.file.name as stack
		contains(result.msg, "which is a version range")
	}
}

test_incomplete_version_is_denied if {
	stack_pinned.deny == {{
		"msg": "WKP208: component \"loki\" has chart version \"18.11\", which is not a complete version; pin an exact version (MAJOR.MINOR.PATCH)",
		"path": [0, "version"],
	}} with input as with_version("18.11")
		with data.conftest.file.name as stack
}

test_numeric_version_is_denied if {
	stack_pinned.deny == {{
		"msg": "WKP208: component \"loki\" has version 18.11, which YAML read as a number; quote an exact version such as \"18.11.0\"",
		"path": [0, "version"],
	}} with input as with_version(18.11)
		with data.conftest.file.name as stack
}

test_missing_or_empty_version_is_denied if {
	stack_pinned.deny == {{"msg": "WKP208: component \"loki\" has no version", "path": [0]}} with input as with_version("")
		with data.conftest.file.name as stack
	stack_pinned.deny == {{"msg": "WKP208: component \"loki\" has no version", "path": [0]}} with input as [object.remove(loki, ["version"])]
		with data.conftest.file.name as stack
}

test_entry_without_chart_or_name_is_denied if {
	stack_pinned.deny == {
		{"msg": "WKP208: component #1 has no component", "path": [0]},
		{"msg": "WKP208: component #1 has no chart", "path": [0]},
	} with input as [object.remove(loki, ["component", "chart"])]
		with data.conftest.file.name as stack
}

test_duplicate_component_is_denied if {
	stack_pinned.deny == {{"msg": "WKP208: component \"loki\" is listed twice (entries #1 and #2)", "path": [1, "component"]}} with input as [loki, loki]
		with data.conftest.file.name as stack
}

test_malformed_stack_is_denied if {
	stack_pinned.deny == {{"msg": "WKP208: helm-values/stack.yaml must be a list of components", "path": []}} with input as {"components": [loki]}
		with data.conftest.file.name as stack
	stack_pinned.deny == {{"msg": "WKP208: stack entry #1 is not a map of component, repository, chart and version", "path": [0]}} with input as ["loki"]
		with data.conftest.file.name as stack
}

test_other_files_are_not_judged if {
	count(stack_pinned.deny) == 0 with input as with_version("*")
		with data.conftest.file.name as "helm-values/loki/values.yaml"
}
