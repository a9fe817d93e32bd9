package kubernetes.configmap_size_test

import data.kubernetes.configmap_size

configmap(data_values) := {
	"apiVersion": "v1",
	"kind": "ConfigMap",
	"metadata": {"name": "grafana-dashboard-ai-agents", "namespace": "monitoring"},
	"data": data_values,
}

# A string of n copies of text.
repeat(text, n) := concat("", [text | some _ in numbers.range(1, n)])

kib := repeat("x", 1024)

test_dashboard_of_normal_size_is_allowed if {
	count(configmap_size.deny) == 0 with input as configmap({"ai-agents.json": repeat(kib, 512)}) # 512 KiB
}

test_value_over_900_kib_is_denied if {
	big := repeat(kib, 900)
	count(configmap_size.deny) == 0 with input as configmap({"ai-agents.json": big})
	configmap_size.deny == {{
		"msg": "WKP404: ConfigMap \"grafana-dashboard-ai-agents\" holds ai-agents.json of 900 KiB, more than the 900 KiB allowed (ConfigMaps are capped at 1 MiB); split it",
		"path": ["data", "ai-agents.json"],
	}} with input as configmap({"ai-agents.json": concat("", [big, "x"])})
}

test_sizes_are_utf8_bytes if {
	# "é" is two bytes in UTF-8: 480 Ki characters are 960 KiB.
	accents := repeat(repeat("é", 1024), 480)
	some result in configmap_size.deny with input as configmap({"ai-agents.json": accents})
	contains(result.msg, "holds ai-agents.json of 960 KiB")
}

test_values_adding_up_over_the_limit_are_denied if {
	half := repeat(kib, 512) # 512 KiB each, 1 MiB together
	configmap_size.deny == {{
		"msg": "WKP404: ConfigMap \"grafana-dashboard-ai-agents\" holds 1024 KiB of data in all, more than the 900 KiB allowed (ConfigMaps are capped at 1 MiB); split it",
		"path": ["data"],
	}} with input as configmap({"a.json": half, "b.json": half})
}

test_binary_data_counts_decoded if {
	encoded := base64.encode(repeat(kib, 512)) # 512 KiB decoded, 683 KiB as text
	cm := object.union(configmap({"a.json": repeat(kib, 256)}), {"binaryData": {"logo.png": encoded}}) # 256 + 512 KiB
	count(configmap_size.deny) == 0 with input as cm
	bigger := object.union(configmap({"a.json": repeat(kib, 512)}), {"binaryData": {"logo.png": encoded}}) # 1 MiB
	count(configmap_size.deny) == 1 with input as bigger
}

test_other_kinds_are_ignored if {
	count(configmap_size.deny) == 0 with input as {"kind": "PrometheusRule", "metadata": {"name": "x"}, "spec": {"groups": []}}
}
