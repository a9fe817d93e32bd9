# METADATA
# title: Applications sync automatically, prune and heal
# description: >-
#   Git is the only way to change the monitoring stack. Without automated sync a merged change waits
#   for someone to press Sync; without `prune` a rule or dashboard deleted in Git keeps firing or
#   showing on the cluster; without `selfHeal` a `kubectl edit` made during an incident silently
#   stays and drifts from what the repository says. `allowEmpty: true` is refused as well: with it
#   an empty render (a moved folder, a broken generator) prunes every object of the Application,
#   alert rules included, instead of failing the sync.
# custom:
#   id: WKP304
#   severity: error
package argocd.sync_policy

# Where the Application spec is: an Application's own, or the template of an ApplicationSet.
spec_path := ["spec"] if input.kind == "Application"

spec_path := ["spec", "template", "spec"] if input.kind == "ApplicationSet"

subject := sprintf("%s %q", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

sync_path := array.concat(spec_path, ["syncPolicy"])

automated_path := array.concat(sync_path, ["automated"])

automated := object.get(input, automated_path, null)

deny contains result if {
	spec_path
	not is_object(automated)
	result := {
		"msg": sprintf("WKP304: %s does not sync automatically; set syncPolicy.automated with prune: true and selfHeal: true", [subject]),
		"path": sync_path,
	}
}

# Argo CD 3.x can switch automation off while keeping its settings.
deny contains result if {
	automated.enabled == false
	result := {
		"msg": sprintf("WKP304: %s switches automated sync off (automated.enabled: false)", [subject]),
		"path": array.concat(automated_path, ["enabled"]),
	}
}

deny contains result if {
	is_object(automated)
	some setting in ["prune", "selfHeal"]
	not automated[setting] == true
	result := {
		"msg": sprintf("WKP304: %s syncs automatically without %s: true", [subject, setting]),
		"path": array.concat(automated_path, [setting]),
	}
}

deny contains result if {
	automated.allowEmpty == true
	result := {
		"msg": sprintf("WKP304: %s sets allowEmpty: true; an empty render would prune every object it manages", [subject]),
		"path": array.concat(automated_path, ["allowEmpty"]),
	}
}
