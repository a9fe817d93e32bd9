# METADATA
# title: Every SLO says what counts as an error
# description: >-
#   An objective of 99.9 means nothing until it says what the remaining 0.1 % are: which requests
#   count, which failures spend the budget, which do not (client errors, cancelled workflows). The
#   description is what the person reading a burn-rate page, or negotiating the objective, has to go
#   on; Sloth ignores it, so only this policy makes sure it is there.
# custom:
#   id: WKP112
#   severity: error
package slo.descriptions

deny contains result if {
	some i, slo in input.slos
	description := object.get(slo, "description", "")
	not described(description)
	result := {
		"msg": sprintf("WKP112: SLO %s has no description; say what counts as an error and what does not", [slo_id(slo)]),
		"path": ["slos", i],
	}
}

described(text) if {
	is_string(text)
	trim_space(text) != ""
}

# `<service>/<name>` of an SLO, for messages.
slo_id(slo) := sprintf("%s/%s", [object.get(input, "service", "(no service)"), object.get(slo, "name", "(unnamed)")])
