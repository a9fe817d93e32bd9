package argocd.project_test

import data.argocd.project

application(spec) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"metadata": {"name": "prod-ams1-loki", "namespace": "argocd"},
	"spec": spec,
}

application_set(template_spec) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"metadata": {"name": "monitoring-rules", "namespace": "argocd"},
	"spec": {
		"goTemplate": true,
		"generators": [{"clusters": {"selector": {"matchLabels": {"environment": "prod"}}}}],
		"template": {"metadata": {"name": "{{ .name }}-monitoring-rules"}, "spec": template_spec},
	},
}

test_named_project_is_allowed if {
	count(project.deny) == 0 with input as application({"project": "monitoring"})
	count(project.deny) == 0 with input as application_set({"project": "monitoring"})
}

test_default_project_is_denied if {
	project.deny == {{
		"msg": "WKP301: Application \"prod-ams1-loki\" deploys in the `default` AppProject, which allows every source, cluster and namespace; use the monitoring project (or another restricted one)",
		"path": ["spec", "project"],
	}} with input as application({"project": "default"})
}

test_application_set_template_is_judged if {
	project.deny == {{
		"msg": "WKP301: ApplicationSet \"monitoring-rules\" deploys in the `default` AppProject, which allows every source, cluster and namespace; use the monitoring project (or another restricted one)",
		"path": ["spec", "template", "spec", "project"],
	}} with input as application_set({"project": "default"})
}

test_missing_project_is_denied if {
	project.deny == {{
		"msg": "WKP301: Application \"prod-ams1-loki\" names no AppProject; set the monitoring project (or another restricted one)",
		"path": ["spec", "project"],
	}} with input as application({"destination": {"namespace": "loki"}})
}

test_templated_project_is_denied if {
	project.deny == {{
		"msg": "WKP301: ApplicationSet \"monitoring-rules\" templates its project ({{ .project }}); a generator parameter could pick any project, `default` included: write the project out",
		"path": ["spec", "template", "spec", "project"],
	}} with input as application_set({"project": "{{ .project }}"})
}

test_other_documents_are_ignored if {
	count(project.deny) == 0 with input as {"clusters": [{"name": "prod-ams1", "environment": "prod"}]}
}
