package slo.objectives_test

import data.slo.objectives

settings := {"slo": {"tiers": {
	"1": {"min_objective": 99, "max_objective": 99.99},
	"2": {"min_objective": 95, "max_objective": 99.95},
}}}

spec(tier, objective) := {
	"version": "prometheus/v1",
	"service": "ba-canvas",
	"labels": {"team": "sharedo", "tier": tier},
	"slos": [{"name": "requests-availability", "objective": objective, "description": "Canvas requests do not fail."}],
}

test_objectives_within_their_tier_are_allowed if {
	every objective in [99, 99.5, 99.99] {
		count(objectives.deny) == 0 with input as spec("1", objective) with data.watchkeeper.settings as settings
	}
	count(objectives.deny) == 0 with input as spec("2", 95) with data.watchkeeper.settings as settings
}

test_tier_one_below_99_is_denied if {
	objectives.deny == {{
		"msg": "WKP113: SLO ba-canvas/requests-availability has objective 98.5, below tier 1's minimum of 99",
		"path": ["slos", 0, "objective"],
	}} with input as spec("1", 98.5) with data.watchkeeper.settings as settings
}

test_objective_above_the_tier_is_denied if {
	objectives.deny == {{
		"msg": "WKP113: SLO ba-canvas/requests-availability has objective 100, above tier 1's maximum of 99.99",
		"path": ["slos", 0, "objective"],
	}} with input as spec("1", 100) with data.watchkeeper.settings as settings
}

test_numeric_tier_label_is_read_as_text if {
	count(objectives.deny) == 1 with input as spec(1, 98) with data.watchkeeper.settings as settings
}

test_unknown_tier_is_denied if {
	objectives.deny == {{
		"msg": "WKP113: SLO ba-canvas/requests-availability has tier 4, which is not one of watchkeeper.yaml's tiers (1, 2)",
		"path": ["slos", 0],
	}} with input as spec("4", 99) with data.watchkeeper.settings as settings
	some result in objectives.deny with input as object.remove(spec("1", 99), ["labels"]) with data.watchkeeper.settings as settings
	contains(result.msg, "has tier (none)")
}
