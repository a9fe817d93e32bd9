# METADATA
# title: Budget and spend alerts go to finance or ai-platform
# description: >-
#   Alerts about money, spend and budgets (an alert name with the word `Budget` or `Spend`) need
#   someone who can act on a budget: finance, who sets them, or ai-platform, who runs the LiteLLM
#   gateway that enforces them. Routed to any other team they reach people who can neither raise a
#   budget nor block a key. SLO error-budget alerts are not about money: an alert whose expression
#   reads Sloth's SLI recordings (`slo:sli_error:...`, the burn-rate and no-data alerts generated
#   from slo-catalog/) stays with the service's team. Names are matched as CamelCase words, so
#   `PodSuspended` is not a spend alert.
# custom:
#   id: WKP105
#   severity: error
package alerts.budget_owners

owners := {"finance", "ai-platform"}

money_alert(rule) if {
	regex.match(`Budget|Spend`, rule.alert)
	not error_budget_alert(rule)
}

error_budget_alert(rule) if contains(rule.expr, "slo:sli_error:")

deny contains result if {
	some g, group in input.groups
	some r, rule in group.rules
	rule.alert
	money_alert(rule)
	team := rule.labels.team
	not team in owners
	result := {
		"msg": sprintf("WKP105: alert %q is about budgets or spend but goes to team %q; route it to %s", [rule.alert, team, concat(" or ", sort(owners))]),
		"path": ["groups", g, "rules", r, "labels", "team"],
	}
}
