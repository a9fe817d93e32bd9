package values.ingress_tls_test

import data.values.ingress_tls
import rego.v1

test_ingress_with_tls_is_allowed if {
	count(ingress_tls.deny) == 0 with input as {
		"grafana": {"ingress": {
			"enabled": true,
			"ingressClassName": "nginx",
			"hosts": ["grafana.platform.internal"],
			"tls": [{"secretName": "grafana-tls", "hosts": ["grafana.platform.internal"]}],
		}},
		"gateway": {"ingress": {
			"enabled": true,
			"hosts": [{"host": "loki.platform.internal", "paths": [{"path": "/"}]}],
			"tls": [{"secretName": "platform-wildcard", "hosts": ["*.platform.internal"]}],
		}},
		"langfuse": {"ingress": {"enabled": true, "hosts": [{"host": "langfuse.platform.internal"}], "tls": {"enabled": true, "secretName": "langfuse-tls"}}},
	}
}

test_disabled_ingress_needs_no_tls if {
	count(ingress_tls.deny) == 0 with input as {"prometheus": {"ingress": {"enabled": false, "hosts": ["prometheus.platform.internal"]}}}
}

test_network_policy_ingress_rules_are_not_ingresses if {
	count(ingress_tls.deny) == 0 with input as {"networkPolicy": {"enabled": true, "ingress": {"enabled": true, "namespaceSelector": {}}}}
}

test_ingress_without_tls_is_denied if {
	ingress_tls.deny == {{
		"msg": "WKP207: ingress alertmanager.ingress is enabled without TLS; add tls entries (secretName and hosts) in the same file",
		"path": ["alertmanager", "ingress"],
	}} with input as {"alertmanager": {"ingress": {"enabled": true, "hosts": ["alertmanager.platform.internal"], "tls": []}}}
}

test_langfuse_tls_switched_off_is_denied if {
	some result in ingress_tls.deny with input as {"langfuse": {"ingress": {"enabled": true, "tls": {"enabled": false}}}}
	result.path == ["langfuse", "ingress"]
}

test_host_outside_the_tls_entries_is_denied if {
	ingress_tls.deny == {{
		"msg": "WKP207: host llm.sharedo.internal of ingress ingress is in no tls entry's hosts, so it is served without TLS",
		"path": ["ingress", "tls"],
	}} with input as {"ingress": {
		"enabled": true,
		"hosts": [{"host": "llm.platform.internal"}, {"host": "llm.sharedo.internal"}, {"host": "a.b.platform.internal"}],
		"tls": [{"secretName": "llm-tls", "hosts": ["llm.platform.internal", "*.b.platform.internal"]}],
	}}
}

test_wildcard_covers_one_level_only if {
	count(ingress_tls.deny) == 1 with input as {"ingress": {
		"enabled": true,
		"hosts": ["a.b.platform.internal"],
		"tls": [{"secretName": "wildcard", "hosts": ["*.platform.internal"]}],
	}}
}

test_tls_entry_without_hosts_covers_every_host if {
	count(ingress_tls.deny) == 0 with input as {"ingress": {"enabled": true, "hosts": ["x.platform.internal"], "tls": [{"secretName": "default"}]}}
}

test_additional_ingresses_need_tls if {
	ingress_tls.deny == {{
		"msg": "WKP207: ingress ingress.additionalIngresses[0] is enabled without TLS; add tls entries (secretName and hosts) in the same file",
		"path": ["ingress", "additionalIngresses", 0],
	}} with input as {"ingress": {
		"enabled": true,
		"hosts": [{"host": "otlp.platform.internal"}],
		"tls": [{"secretName": "otlp-tls", "hosts": ["otlp.platform.internal"]}],
		"additionalIngresses": [{"name": "grpc", "hosts": [{"host": "otlp-grpc.platform.internal"}]}],
	}}
}

test_disabled_https_redirect_is_denied if {
	ingress_tls.deny == {{
		"msg": "WKP207: ingress grafana.ingress sets nginx.ingress.kubernetes.io/ssl-redirect: false, which serves it over plain HTTP as well",
		"path": ["grafana", "ingress", "annotations", "nginx.ingress.kubernetes.io/ssl-redirect"],
	}} with input as {"grafana": {"ingress": {
		"enabled": true,
		"annotations": {"nginx.ingress.kubernetes.io/ssl-redirect": "false"},
		"hosts": ["grafana.platform.internal"],
		"tls": [{"secretName": "grafana-tls", "hosts": ["grafana.platform.internal"]}],
	}}}
}
