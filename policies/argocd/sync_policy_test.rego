package argocd.sync_policy_test

import data.argocd.sync_policy

application(sync_policy) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Application",
	"metadata": {"name": "prod-ams1-loki"},
	"spec": {"project": "monitoring", "syncPolicy": sync_policy},
}

application_set(sync_policy) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "ApplicationSet",
	"metadata": {"name": "monitoring-rules"},
	"spec": {"template": {"spec": {"project": "monitoring", "syncPolicy": sync_policy}}},
}

good := {"automated": {"prune": true, "selfHeal": true, "allowEmpty": false}, "syncOptions": ["ServerSideApply=true"]}

test_automated_sync_with_prune_and_self_heal_is_allowed if {
	count(sync_policy.deny) == 0 with input as application(good)
	count(sync_policy.deny) == 0 with input as application_set(good)
}

test_manual_sync_is_denied if {
	app := object.union(object.remove(application(good), ["spec"]), {"spec": {"project": "monitoring"}})
	sync_policy.deny == {{
		"msg": "WKP304: Application \"prod-ams1-loki\" does not sync automatically; set syncPolicy.automated with prune: true and selfHeal: true",
		"path": ["spec", "syncPolicy"],
	}} with input as app
}

test_missing_prune_is_denied if {
	sync_policy.deny == {{
		"msg": "WKP304: ApplicationSet \"monitoring-rules\" syncs automatically without prune: true",
		"path": ["spec", "template", "spec", "syncPolicy", "automated", "prune"],
	}} with input as application_set({"automated": {"selfHeal": true}})
}

test_empty_automated_block_is_denied_twice if {
	results := sync_policy.deny with input as application({"automated": {}})
	{result.path | some result in results} == {
		["spec", "syncPolicy", "automated", "prune"],
		["spec", "syncPolicy", "automated", "selfHeal"],
	}
}

test_disabled_automation_is_denied if {
	sync_policy.deny == {{
		"msg": "WKP304: Application \"prod-ams1-loki\" switches automated sync off (automated.enabled: false)",
		"path": ["spec", "syncPolicy", "automated", "enabled"],
	}} with input as application({"automated": {"enabled": false, "prune": true, "selfHeal": true}})
}

test_allow_empty_is_denied if {
	sync_policy.deny == {{
		"msg": "WKP304: ApplicationSet \"monitoring-rules\" sets allowEmpty: true; an empty render would prune every object it manages",
		"path": ["spec", "template", "spec", "syncPolicy", "automated", "allowEmpty"],
	}} with input as application_set({"automated": {"prune": true, "selfHeal": true, "allowEmpty": true}})
}

test_other_documents_are_ignored if {
	count(sync_policy.deny) == 0 with input as {"clusters": []}
}
