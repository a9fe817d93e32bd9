# METADATA
# title: Paging alerts belong to a team with an on-call rotation
# description: >-
#   Alertmanager sends an alert of a paging severity (`pages: true` in watchkeeper.yaml, i.e.
#   `critical`) to the GoAlert rotation of its `team`. A team without an `oncall` rotation has no
#   pager route: the page falls through to a chat channel nobody watches at night, and the alert
#   that was judged worth waking someone for wakes nobody. Either the team gets a rotation, the
#   alert goes to a team that has one, or its severity stops claiming to page. A missing `team`
#   label is WKP101's finding.
# custom:
#   id: WKP102
#   severity: error
package alerts.pager_routes

paging := {s.name | some s in data.watchkeeper.settings.severities; s.pages == true}

rotations := {t.name: t.oncall | some t in data.watchkeeper.settings.teams; t.oncall}

# Paging alerts whose team has no on-call rotation: [group index, rule index, rule].
unrouted contains [g, r, rule] if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	rule.labels.severity in paging
	team := rule.labels.team
	not rotations[team]
}

deny_no_oncall contains result if {
	some [g, r, rule] in unrouted
	result := {
		"msg": sprintf("WKP102: alert %q pages (severity %s), but team %q has no on-call rotation in watchkeeper.yaml, so no pager route exists; route it to a team with one (%s) or lower its severity", [rule.alert, rule.labels.severity, rule.labels.team, concat(", ", sort(object.keys(rotations)))]),
		"path": ["groups", g, "rules", r, "labels"],
	}
}

# Granted exceptions, each an alert of one file, with why and what routes its page instead. The
# exception waives deny_no_oncall for the file only while every unrouted alert of it is listed here:
# a new unrouted alert in the same file is still reported.
#
# - LiteLLMTeamBudgetExhausted, production variant (critical, team finance): a production team's
#   LiteLLM budget is used up and its AI features fail for users now, so it must page; the owner is
#   finance (FinOps decides budgets, #llm-cost), which has no rotation. Its runbook
#   (runbooks/llm-cost/LiteLLMTeamBudgetExhausted.md, Escalation) has the ai-platform on-call
#   (goalert/ai-platform) take the page at night and hand over to finance. That Alertmanager route
#   is not in this repository yet, so nothing checks it: when the Alertmanager configuration lands,
#   replace this exception by a check of the route, or give the production variant an owner with a
#   rotation.
waivers := {{
	"file": "alerts/llm-cost/litellm-cost.rules.yaml",
	"alert": "LiteLLMTeamBudgetExhausted",
	"team": "finance",
}}

exception contains "no_oncall" if {
	count(unrouted) > 0
	every entry in unrouted {
		{"file": data.conftest.file.name, "alert": entry[2].alert, "team": entry[2].labels.team} in waivers
	}
}
