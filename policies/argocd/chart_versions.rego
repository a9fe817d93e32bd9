# METADATA
# title: Helm charts are pinned to an exact version
# description: >-
#   ArgoCD resolves a chart's `targetRevision` at every sync: `*`, `HEAD`, `latest`, an empty
#   revision or a range (`^88.0.0`, `~6.2`, `>=1.0`, `6.x`, `6.2`) lets a new upstream release
#   (a renamed value key, a Kafka requirement, a dropped subchart) reach the clusters without a
#   review, and two clusters can run different versions of the same component. A chart source must
#   name an exact version (`88.5.3`, optionally `v`-prefixed or with a pre-release suffix). This
#   is an error for Applications that can reach a production cluster and a warning for the others.
#   A version templated from a Git file generator is accepted when the generator reads an allowed
#   parameter file (policies/data/argocd_destinations.yaml), whose versions are reviewed there.
# custom:
#   id: WKP303
#   severity: error
package argocd.chart_versions

exact_version := `^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`

# Where the Application spec is: an Application's own, or the template of an ApplicationSet.
spec_path := ["spec"] if input.kind == "Application"

spec_path := ["spec", "template", "spec"] if input.kind == "ApplicationSet"

spec := object.get(input, spec_path, {})

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

# Helm chart sources: `chart` is set (a Helm or OCI repository); Git sources (`path`, `ref`) follow
# a branch of this repository by design.
chart_sources contains [array.concat(spec_path, ["source"]), spec.source] if spec.source.chart

chart_sources contains [array.concat(spec_path, ["sources", i]), source] if {
	some i, source in object.get(spec, "sources", [])
	source.chart
}

# Findings for every unpinned chart source: denied when a production cluster can be reached,
# warned about otherwise.
deny contains result if {
	reaches_production
	some result in unpinned
}

warn contains result if {
	not reaches_production
	some result in unpinned
}

unpinned contains result if {
	some [path, source] in chart_sources
	revision := object.get(source, "targetRevision", "")
	not pinned(revision)
	text := format_revision(revision)
	result := {
		"msg": sprintf("WKP303: %s takes chart %s at targetRevision %q, %s; pin an exact version (e.g. 88.5.3)%s", [subject, source.chart, text, problem(text), production_note]),
		"path": array.concat(path, ["targetRevision"]),
	}
}

pinned(revision) if {
	is_string(revision)
	not contains(revision, "{{")
	regex.match(exact_version, revision)
}

pinned(revision) if {
	is_string(revision)
	template_param(revision)
	count(allowed_git_generators) > 0
	count(unverified_parameter_sources) == 0
}

problem(revision) := "templated from parameters that do not come only from an allowed parameter file" if contains(revision, "{{")

problem(revision) := "which is not an exact version" if not contains(revision, "{{")

format_revision(revision) := revision if is_string(revision)

format_revision(revision) := sprintf("%v", [revision]) if not is_string(revision)

production_note := " (it reaches a production cluster)" if reaches_production

production_note := "" if not reaches_production

# --- which environments the Applications reach ---------------------------------------------------

environment_of_server := {c.server: c.environment | some c in data.argocd_destinations.clusters}

environment_of_name := {c.name: c.environment | some c in data.argocd_destinations.clusters}

# The environments an Application (or an ApplicationSet's Applications) can deploy to; "unknown"
# when that cannot be told, which counts as production.
environments contains environment_of_server[object.get(spec, ["destination", "server"], "")] if input.kind == "Application"

environments contains environment_of_name[object.get(spec, ["destination", "name"], "")] if input.kind == "Application"

environments contains "unknown" if {
	input.kind == "Application"
	not environment_of_server[object.get(spec, ["destination", "server"], "")]
	not environment_of_name[object.get(spec, ["destination", "name"], "")]
}

environments contains environment if {
	some [_, generator] in cluster_generators
	some environment in environment_restriction(generator)
}

environments contains "unknown" if {
	some [_, generator] in cluster_generators
	not environment_restriction(generator)
}

# An ApplicationSet without a cluster generator deploys wherever its template says.
environments contains "unknown" if {
	input.kind == "ApplicationSet"
	count(cluster_generators) == 0
}

reaches_production if "prod" in environments

reaches_production if "unknown" in environments

# --- generators (as in argocd.destinations) ------------------------------------------------------

generators contains [array.concat(["spec", "generators"], p), generator] if {
	input.kind == "ApplicationSet"
	walk(object.get(input, ["spec", "generators"], []), [p, generator])
	is_object(generator)
	in_generator_list(p)
}

in_generator_list(p) if count(p) == 1

in_generator_list(p) if {
	count(p) > 2
	p[count(p) - 2] == "generators"
}

leaf_generators contains [array.concat(path, [kind]), kind, body] if {
	some [path, generator] in generators
	some kind, body in generator
	not kind in {"matrix", "merge", "selector"}
}

cluster_generators contains [path, body] if {
	some [path, "clusters", body] in leaf_generators
}

allowed_git_generators contains path if {
	some [path, "git", body] in leaf_generators
	reads_allowed_files(body)
}

reads_allowed_files(git) if {
	count(object.get(git, "files", [])) > 0
	not object.get(git, "directories", false)
	every file in git.files {
		some allowed in data.argocd_destinations.parameter_files
		allowed.repoURL == git.repoURL
		allowed.path == file.path
	}
}

# Generators other than the cluster generator and allowed Git files could set the version.
unverified_parameter_sources contains path if {
	some [path, kind, body] in leaf_generators
	not kind == "clusters"
	not allowed_git_generator(kind, body)
}

allowed_git_generator("git", body) if reads_allowed_files(body)

environment_restriction(generator) := intersection(restrictions) if {
	selector := object.get(generator, "selector", {})
	label := {{selector.matchLabels.environment} | selector.matchLabels.environment}
	expressions := {{v | some v in e.values} |
		some e in object.get(selector, "matchExpressions", [])
		e.key == "environment"
		e.operator == "In"
	}
	restrictions := label | expressions
	count(restrictions) > 0
}

template_param(value) := name if {
	found := regex.find_all_string_submatch_n(`^\{\{-?\s*\.?([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}$`, trim_space(value), 1)
	count(found) == 1
	name := found[0][1]
}
