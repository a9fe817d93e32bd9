# METADATA
# title: Applications belong to a named AppProject, never `default`
# description: >-
#   An AppProject is ArgoCD's boundary: which repositories an Application may take manifests from,
#   which clusters and namespaces it may deploy to, which cluster-scoped kinds it may create. The
#   `default` project allows everything, so an Application in it escapes every restriction the
#   platform sets. The project must also be written out, not templated: an ApplicationSet parameter
#   coming from a cluster label or a Git file could choose any project, `default` included. For an
#   ApplicationSet the template its Applications are stamped from is judged.
# custom:
#   id: WKP301
#   severity: error
package argocd.project

# Where the Application spec is: an Application's own, or the template of an ApplicationSet.
spec_path := ["spec"] if input.kind == "Application"

spec_path := ["spec", "template", "spec"] if input.kind == "ApplicationSet"

spec := object.get(input, spec_path, {})

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

project := object.get(spec, "project", "")

deny contains result if {
	spec_path
	not valid_name(project)
	result := {
		"msg": sprintf("WKP301: %s names no AppProject; set the monitoring project (or another restricted one)", [subject]),
		"path": array.concat(spec_path, ["project"]),
	}
}

deny contains result if {
	project == "default"
	result := {
		"msg": sprintf("WKP301: %s deploys in the `default` AppProject, which allows every source, cluster and namespace; use the monitoring project (or another restricted one)", [subject]),
		"path": array.concat(spec_path, ["project"]),
	}
}

deny contains result if {
	valid_name(project)
	contains(project, "{{")
	result := {
		"msg": sprintf("WKP301: %s templates its project (%s); a generator parameter could pick any project, `default` included: write the project out", [subject, project]),
		"path": array.concat(spec_path, ["project"]),
	}
}

valid_name(name) if {
	is_string(name)
	trim_space(name) != ""
}
