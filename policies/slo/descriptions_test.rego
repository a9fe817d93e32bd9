package slo.descriptions_test

import data.slo.descriptions

spec(slo) := {
	"version": "prometheus/v1",
	"service": "qdrant",
	"labels": {"team": "data", "tier": "2"},
	"slos": [slo],
}

slo := {
	"name": "search-availability",
	"objective": 99.9,
	"description": "Search and query requests to Qdrant's REST API do not fail on the server side.",
	"sli": {"raw": {"error_ratio_query": "x{window=\"{{.window}}\"}"}},
}

test_described_slo_is_allowed if {
	count(descriptions.deny) == 0 with input as spec(slo)
}

test_missing_description_is_denied if {
	descriptions.deny == {{
		"msg": "WKP112: SLO qdrant/search-availability has no description; say what counts as an error and what does not",
		"path": ["slos", 0],
	}} with input as spec(object.remove(slo, ["description"]))
}

test_blank_description_is_denied if {
	count(descriptions.deny) == 1 with input as spec(object.union(slo, {"description": "  "}))
}
