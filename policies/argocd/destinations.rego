# METADATA
# title: ArgoCD deploys only to the allowed clusters and namespaces
# description: >-
#   The monitoring stack runs on the clusters of argocd/clusters.yaml, in the namespaces of
#   helm-values/stack.yaml; `policies/data/argocd_destinations.yaml` is the allow-list derived from
#   both. An Application sent elsewhere (the ArgoCD cluster itself, a customer namespace, a typo)
#   deploys operators and CRDs where nobody reviewed them, or prunes what another team owns. For an
#   ApplicationSet the template is judged together with its generators: a destination templated
#   from the cluster generator is allowed when every cluster generator selects clusters by an
#   allowed `environment` (a generator without that selector also targets the in-cluster ArgoCD
#   host), and a templated namespace when its parameters come only from the cluster generator and
#   Git file generators reading an allowed parameter file. AppProject destinations are held to the
#   same list, wildcards excluded.
# custom:
#   id: WKP302
#   severity: error
package argocd.destinations

allowed_servers := {c.server | some c in data.argocd_destinations.clusters}

allowed_names := {c.name | some c in data.argocd_destinations.clusters}

allowed_environments := {c.environment | some c in data.argocd_destinations.clusters}

allowed_namespaces := {n | some n in data.argocd_destinations.namespaces}

# Where the Application spec is: an Application's own, or the template of an ApplicationSet.
spec_path := ["spec"] if input.kind == "Application"

spec_path := ["spec", "template", "spec"] if input.kind == "ApplicationSet"

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

destination_path := array.concat(spec_path, ["destination"])

destination := object.get(input, destination_path, {})

# --- the destination cluster -------------------------------------------------------------------

deny contains result if {
	spec_path
	not destination.server
	not destination.name
	result := {
		"msg": sprintf("WKP302: %s names no destination cluster (destination.server or destination.name)", [subject]),
		"path": destination_path,
	}
}

deny contains result if {
	some field, allowed in {"server": allowed_servers, "name": allowed_names}
	value := destination[field]
	not templated(value)
	not value in allowed
	result := {
		"msg": sprintf("WKP302: %s deploys to cluster %s %q, which is not in the allow-list (policies/data/argocd_destinations.yaml: %s)", [subject, field, value, concat(", ", sort(allowed))]),
		"path": array.concat(destination_path, [field]),
	}
}

# A templated cluster must be the cluster generator's own parameter (`server` or `name`): any other
# parameter (a list element, a Git file key) can name any cluster.
deny contains result if {
	some field in ["server", "name"]
	value := destination[field]
	templated(value)
	not template_param(value) == field
	result := {
		"msg": sprintf("WKP302: %s templates destination.%s as %s; only the cluster generator's {{ .%s }} can be checked against the allow-list", [subject, field, value, field]),
		"path": array.concat(destination_path, [field]),
	}
}

deny contains result if {
	some field in ["server", "name"]
	templated(destination[field])
	count(cluster_generators) == 0
	result := {
		"msg": sprintf("WKP302: %s templates destination.%s, but no cluster generator provides it", [subject, field]),
		"path": array.concat(destination_path, [field]),
	}
}

deny contains result if {
	some [path, generator] in cluster_generators
	not environment_restriction(generator)
	result := {
		"msg": sprintf("WKP302: %s has a cluster generator that does not select clusters by `environment` (matchLabels or an In expression); it would target every cluster ArgoCD knows, its own included", [subject]),
		"path": path,
	}
}

deny contains result if {
	some [path, generator] in cluster_generators
	environments := environment_restriction(generator)
	outside := environments - allowed_environments
	count(outside) > 0
	result := {
		"msg": sprintf("WKP302: %s selects clusters of environment %s, which no allowed cluster has (allowed: %s)", [subject, concat(", ", sort(outside)), concat(", ", sort(allowed_environments))]),
		"path": path,
	}
}

# --- the destination namespace -----------------------------------------------------------------

deny contains result if {
	spec_path
	not valid_string(object.get(destination, "namespace", ""))
	result := {
		"msg": sprintf("WKP302: %s names no destination namespace; its namespaced objects would land in whatever namespace their manifests say, or `default`", [subject]),
		"path": destination_path,
	}
}

deny contains result if {
	namespace := destination.namespace
	valid_string(namespace)
	not templated(namespace)
	not namespace in allowed_namespaces
	result := {
		"msg": sprintf("WKP302: %s deploys to namespace %q, which is not in the allow-list (policies/data/argocd_destinations.yaml)", [subject, namespace]),
		"path": array.concat(destination_path, ["namespace"]),
	}
}

deny contains result if {
	templated(destination.namespace)
	not template_param(destination.namespace)
	result := {
		"msg": sprintf("WKP302: %s templates destination.namespace as %s; write a single parameter ({{ .namespace }}) from an allowed parameter file, or the namespace itself", [subject, destination.namespace]),
		"path": array.concat(destination_path, ["namespace"]),
	}
}

deny contains result if {
	template_param(destination.namespace)
	some [path, reason] in unverified_parameter_sources
	result := {
		"msg": sprintf("WKP302: %s templates destination.namespace, and %s; only parameter files of the allow-list are known to name allowed namespaces", [subject, reason]),
		"path": path,
	}
}

deny contains result if {
	template_param(destination.namespace)
	count(allowed_git_generators) == 0
	result := {
		"msg": sprintf("WKP302: %s templates destination.namespace, but no Git file generator reads an allowed parameter file (%s)", [subject, concat(", ", sort({f.path | some f in data.argocd_destinations.parameter_files}))]),
		"path": array.concat(destination_path, ["namespace"]),
	}
}

# --- AppProject destinations ---------------------------------------------------------------------

deny contains result if {
	input.kind == "AppProject"
	some i, target in object.get(input, ["spec", "destinations"], [])
	not project_cluster_allowed(target)
	result := {
		"msg": sprintf("WKP302: %s allows cluster %s, which is not in the allow-list", [subject, object.get(target, "server", object.get(target, "name", "(none)"))]),
		"path": ["spec", "destinations", i],
	}
}

deny contains result if {
	input.kind == "AppProject"
	some i, target in object.get(input, ["spec", "destinations"], [])
	not object.get(target, "namespace", "") in allowed_namespaces
	result := {
		"msg": sprintf("WKP302: %s allows namespace %q, which is not in the allow-list", [subject, object.get(target, "namespace", "")]),
		"path": ["spec", "destinations", i, "namespace"],
	}
}

project_cluster_allowed(target) if target.server in allowed_servers

project_cluster_allowed(target) if {
	not target.server
	target.name in allowed_names
}

# --- generators ----------------------------------------------------------------------------------

# Every generator of an ApplicationSet with its path, those nested in matrix and merge included.
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

# The generators that produce parameters (matrix and merge only combine them).
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

unverified_parameter_sources contains [path, sprintf("its %s generator can set any parameter", [kind])] if {
	some [path, kind, _] in leaf_generators
	not kind in {"clusters", "git"}
}

unverified_parameter_sources contains [path, "a Git generator reads files outside the allowed parameter files"] if {
	some [path, "git", body] in leaf_generators
	not reads_allowed_files(body)
}

# The environments a cluster generator's selector admits; undefined when it does not restrict them.
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

# --- helpers -------------------------------------------------------------------------------------

templated(value) if contains(value, "{{")

# The parameter a value consists of, for `{{ .name }}` (goTemplate) or `{{name}}` (fasttemplate).
template_param(value) := name if {
	found := regex.find_all_string_submatch_n(`^\{\{-?\s*\.?([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}$`, trim_space(value), 1)
	count(found) == 1
	name := found[0][1]
}

valid_string(value) if {
	is_string(value)
	trim_space(value) != ""
}
