# METADATA
# title: Objectives fit the service's tier
# description: >-
#   The tier says how much unreliability the business accepts: tier-1 front doors and the legal
#   workflow need at least 99 %, platform and internal services less. An objective below its tier's
#   minimum hides real outages inside the error budget; one above its maximum leaves a budget so
#   small that every deploy pages. The ranges (`min_objective`, `max_objective`) and the known
#   tiers are those of watchkeeper.yaml's `slo.tiers`; an SLO without a known tier cannot be judged
#   and is refused too.
# custom:
#   id: WKP113
#   severity: error
package slo.objectives

tiers := object.get(data.watchkeeper.settings, ["slo", "tiers"], {})

# The tier of an SLO as text: its own label, else the service's ("(none)" without either).
tier(slo) := sprintf("%v", [object.get(slo, ["labels", "tier"], object.get(input, ["labels", "tier"], "(none)"))])

deny contains result if {
	some i, slo in input.slos
	not tiers[tier(slo)]
	result := {
		"msg": sprintf("WKP113: SLO %s has tier %s, which is not one of watchkeeper.yaml's tiers (%s)", [slo_id(slo), tier(slo), concat(", ", sort(object.keys(tiers)))]),
		"path": ["slos", i],
	}
}

deny contains result if {
	some i, slo in input.slos
	bounds := tiers[tier(slo)]
	slo.objective < bounds.min_objective
	result := {
		"msg": sprintf("WKP113: SLO %s has objective %v, below tier %s's minimum of %v", [slo_id(slo), slo.objective, tier(slo), bounds.min_objective]),
		"path": ["slos", i, "objective"],
	}
}

deny contains result if {
	some i, slo in input.slos
	bounds := tiers[tier(slo)]
	slo.objective > bounds.max_objective
	result := {
		"msg": sprintf("WKP113: SLO %s has objective %v, above tier %s's maximum of %v", [slo_id(slo), slo.objective, tier(slo), bounds.max_objective]),
		"path": ["slos", i, "objective"],
	}
}

# `<service>/<name>` of an SLO, for messages.
slo_id(slo) := sprintf("%s/%s", [object.get(input, "service", "(no service)"), object.get(slo, "name", "(unnamed)")])
