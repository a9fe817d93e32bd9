# METADATA
# title: kube-prometheus-stack is applied server-side
# description: >-
#   Client-side apply stores each object in the `kubectl.kubernetes.io/last-applied-configuration`
#   annotation, capped at 262144 bytes; six of the monitoring.coreos.com CRDs kube-prometheus-stack
#   ships are larger, so its sync fails (argo-cd#8128) unless the Application sets
#   `ServerSideApply=true` in syncPolicy.syncOptions (the chart's README says so since
#   prometheus-community/helm-charts#7277). An ApplicationSet whose template takes the chart from a
#   parameter can stamp kube-prometheus-stack too (helm-values/stack.yaml lists it), so it needs the
#   option as well.
# custom:
#   id: WKP305
#   severity: error
package argocd.server_side_apply

chart := "kube-prometheus-stack"

# Where the Application spec is: an Application's own, or the template of an ApplicationSet.
spec_path := ["spec"] if input.kind == "Application"

spec_path := ["spec", "template", "spec"] if input.kind == "ApplicationSet"

spec := object.get(input, spec_path, {})

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

sources contains spec.source if is_object(spec.source)

sources contains source if some source in object.get(spec, "sources", [])

# The chart itself, or its OCI reference (oci://.../kube-prometheus-stack without a chart key).
deploys_stack contains "its chart is kube-prometheus-stack" if {
	some source in sources
	source.chart == chart
}

deploys_stack contains "its chart is kube-prometheus-stack" if {
	some source in sources
	endswith(trim_suffix(object.get(source, "repoURL", ""), "/"), sprintf("/%s", [chart]))
}

deploys_stack contains "its chart is templated, and helm-values/stack.yaml makes one of them kube-prometheus-stack" if {
	some source in sources
	contains(object.get(source, "chart", ""), "{{")
}

server_side_apply if "ServerSideApply=true" in object.get(spec, ["syncPolicy", "syncOptions"], [])

deny contains result if {
	some reason in deploys_stack
	not server_side_apply
	result := {
		"msg": sprintf("WKP305: %s needs ServerSideApply=true in syncPolicy.syncOptions: %s, whose CRDs exceed the 256 KiB client-side apply annotation", [subject, reason]),
		"path": array.concat(spec_path, ["syncPolicy"]),
	}
}
