# METADATA
# title: Ingresses are served over TLS only
# description: >-
#   Grafana, Prometheus, Alertmanager, the log and trace gateways and the LLM gateway answer with
#   session cookies, bearer tokens, tenant headers and the data of a legal platform. Served over
#   plain HTTP, any of them can be read or replayed by anyone on the path. An ingress that a values
#   file enables (`ingress.enabled: true` in any chart, otel-collector's additionalIngresses,
#   Langfuse's `tls.enabled`) therefore has TLS in the same file, every host it serves is covered
#   by a TLS entry (an entry without hosts covers them all, `*.domain` covers one level), and
#   ingress-nginx's HTTPS redirect is not switched off.
# custom:
#   id: WKP207
#   severity: error
package values.ingress_tls

import rego.v1

# Enabled ingress blocks: maps under a key ending in "ingress" (ingress, gateway.ingress,
# queryFrontend.ingress, ...) with enabled: true, outside NetworkPolicy rules.
enabled_ingresses contains [path, ingress] if {
	walk(input, [path, ingress])
	count(path) > 0
	key := path[count(path) - 1]
	is_string(key)
	endswith(lower(key), "ingress")
	is_object(ingress)
	ingress.enabled == true
	not under_network_policy(path)
}

ingresses contains entry if some entry in enabled_ingresses

# otel-collector: extra Ingresses rendered along with the main one.
ingresses contains [array.concat(path, ["additionalIngresses", i]), extra] if {
	some [path, ingress] in enabled_ingresses
	is_array(ingress.additionalIngresses)
	some i, extra in ingress.additionalIngresses
	is_object(extra)
}

under_network_policy(path) if {
	some key in path
	is_string(key)
	contains(lower(key), "networkpolicy")
}

has_tls(ingress) if {
	is_array(ingress.tls)
	count(ingress.tls) > 0
}

# Langfuse: tls: {enabled: true, secretName: ...}
has_tls(ingress) if ingress.tls.enabled == true

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

deny contains result if {
	some [path, ingress] in ingresses
	not has_tls(ingress)
	result := {
		"msg": sprintf("WKP207: ingress %s is enabled without TLS; add tls entries (secretName and hosts) in the same file", [where(path)]),
		"path": path,
	}
}

# Hosts as plain strings (kube-prometheus-stack, Grafana) or {host, paths} maps (Loki, Mimir,
# Tempo, LiteLLM, otel-collector).
hosts(ingress) := {host |
	is_array(ingress.hosts)
	some entry in ingress.hosts
	host := host_name(entry)
	not contains(host, "{{")
}

host_name(entry) := entry if is_string(entry)

host_name(entry) := entry.host if {
	is_object(entry)
	is_string(entry.host)
}

tls_hosts(ingress) := {host |
	some entry in ingress.tls
	is_object(entry)
	is_array(entry.hosts)
	some host in entry.hosts
	is_string(host)
}

# A TLS entry without hosts takes the controller's default certificate for every host.
covers_all(ingress) if {
	some entry in ingress.tls
	is_object(entry)
	object.get(entry, "hosts", null) in {null, []}
}

covered(host, ingress) if host in tls_hosts(ingress)

covered(host, ingress) if {
	some pattern in tls_hosts(ingress)
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}

deny contains result if {
	some [path, ingress] in ingresses
	is_array(ingress.tls)
	count(ingress.tls) > 0
	not covers_all(ingress)
	some host in hosts(ingress)
	not covered(host, ingress)
	result := {
		"msg": sprintf("WKP207: host %s of ingress %s is in no tls entry's hosts, so it is served without TLS", [host, where(path)]),
		"path": array.concat(path, ["tls"]),
	}
}

deny contains result if {
	some [path, ingress] in ingresses
	annotation := "nginx.ingress.kubernetes.io/ssl-redirect"
	lower(sprintf("%v", [object.get(ingress, ["annotations", annotation], true)])) == "false"
	result := {
		"msg": sprintf("WKP207: ingress %s sets %s: false, which serves it over plain HTTP as well", [where(path), annotation]),
		"path": array.concat(path, ["annotations", annotation]),
	}
}
