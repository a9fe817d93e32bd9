# METADATA
# title: Helm values hold references to secrets, never the secrets
# description: >-
#   Helm values live in git, are rendered into ConfigMaps and show up in `helm get values`, ArgoCD's
#   UI and every clone of the repository: a password, token, API key or webhook URL written there
#   is leaked to everyone who can read any of them and cannot be rotated without a commit. Values
#   name where the secret is instead: `existingSecret` (and its key names), `secretKeyRef` /
#   `valueFrom`, a `*_file` / `*File` path to a mounted Secret, or an environment reference
#   (`${VAR}`, `$(VAR)`, Grafana's `$__env{...}`/`$__file{...}`, LiteLLM's `os.environ/VAR`) fed
#   from a Secret. Denied are literal values of keys named like a secret (password, token, secret,
#   api key, private/master/encryption/routing key, credentials, webhook URL, Slack API URL),
#   env entries of such a name, the URLs of Slack, PagerDuty, webhook, Teams and Discord receivers
#   (the URL is the credential), URLs with a password or token in them, and PEM private keys.
# custom:
#   id: WKP204
#   severity: error
package values.no_plaintext_secrets

import rego.v1

# A key's words: `secretAccessKey` -> [secret, access, key], `GOALERT_DB_URL` -> [goalert, db, url].
words(key) := [w |
	some w in regex.split(`[^a-z0-9]+`, lower(regex.replace(key, `([a-z0-9])([A-Z])`, "${1}_${2}")))
	w != ""
]

# Last words that name a secret (plural forms such as `secrets` or `max_tokens` list or count
# things and are not secrets).
secret_words := {
	"password", "passwd", "passphrase", "secret", "token", "apikey", "htpasswd", "credential",
	"credentials", "salt", "webhookurl", "privatekey", "secretkey", "accesstoken", "authtoken",
	"masterkey", "authorization",
}

# Last two words that name a secret.
secret_pairs := {
	["api", "key"], ["private", "key"], ["routing", "key"], ["service", "key"], ["encryption", "key"],
	["master", "key"], ["license", "key"], ["integration", "key"], ["signing", "key"],
	["webhook", "url"], ["secret", "key"],
}

# `<x>Secret` names a Kubernetes Secret (configSecret, envFromSecret, tlsSecret) unless <x> says
# it is the secret itself (client_secret, api_secret, jwt_secret, ...).
literal_secret_prefixes := {
	"client", "api", "shared", "jwt", "app", "webhook", "signing", "hmac", "cookie", "session",
	"consumer", "bot", "oauth", "encryption", "auth", "root", "admin",
}

# `<x>SecretKey` names a key inside a Secret (passwordSecretKey, masterkeySecretKey) unless <x>
# is an object store's (the S3-style access/secret key pair).
literal_secret_key_prefixes := {"aws", "s3", "minio", "gcs", "azure", "storage", "bucket", "objstore", "root"}

last(ws) := ws[count(ws) - 1]

pair(ws) := array.slice(ws, count(ws) - 2, count(ws)) if count(ws) >= 2

sensitive(ws) if {
	last(ws) in secret_words
	not names_a_secret_object(ws)
	not per_unit(ws)
}

# `input_cost_per_token`, `tokens_per_minute`: a price or a rate per token, not a credential.
per_unit(ws) if {
	count(ws) >= 2
	ws[count(ws) - 2] == "per"
}

sensitive(ws) if {
	pair(ws) in secret_pairs
	not names_a_secret_key(ws)
}

sensitive(ws) if array.slice(ws, count(ws) - 3, count(ws)) == ["secret", "access", "key"]

# Alertmanager's global slack_api_url (the Slack webhook).
sensitive(ws) if {
	"slack" in ws
	last(ws) == "url"
}

names_a_secret_object(ws) if {
	last(ws) == "secret"
	count(ws) >= 2
	not ws[count(ws) - 2] in literal_secret_prefixes
}

names_a_secret_key(ws) if {
	pair(ws) == ["secret", "key"]
	count(ws) >= 3
	not ws[count(ws) - 3] in literal_secret_key_prefixes
}

# What a value is the value of: its key; for `value`, its parent key (`salt: {value: ...}`) or, in
# an env list, the entry's name; for a list item, the list's key.
subject(path) := key if {
	key := path[count(path) - 1]
	is_string(key)
	key != "value"
} else := parent if {
	path[count(path) - 1] == "value"
	parent := path[count(path) - 2]
	is_string(parent)
} else := name if {
	path[count(path) - 1] == "value"
	name := get_input(array.concat(array.slice(path, 0, count(path) - 1), ["name"]), null)
	is_string(name)
} else := list_key if {
	is_number(path[count(path) - 1])
	list_key := path[count(path) - 2]
	is_string(list_key)
}

# Keys whose whole subtree holds references: existingSecret (with its key names), secretKeyRef,
# valueFrom, envFrom, ...
reference_keys := {"valuefrom", "secretkeyref", "secretref", "configmapkeyref", "secretkeys"}

under_references(path) if {
	some key in array.slice(path, 0, count(path) - 1)
	is_string(key)
	reference_key(key)
}

reference_key(key) if lower(key) in reference_keys

reference_key(key) if endswith(lower(key), "envfrom")

reference_key(key) if words(key)[0] == "existing"

# Grafana keeps a datasource's secureJsonData encrypted: its values are secrets, except a custom
# header's value whose header (jsonData.httpHeaderNameN) is not a credential, such as the
# X-Scope-OrgID tenant of Loki, Mimir and Tempo (Grafana takes header values only there).
sensitive_path(path) if {
	"secureJsonData" in array.slice(path, 0, count(path) - 1)
	not plain_header_value(path)
}

plain_header_value(path) if {
	count(path) >= 2
	path[count(path) - 2] == "secureJsonData"
	is_string(path[count(path) - 1])
	digits := regex.find_all_string_submatch_n(`^httpHeaderValue([0-9]+)$`, path[count(path) - 1], 1)[0][1]
	datasource := array.slice(path, 0, count(path) - 2)
	header := get_input(array.concat(datasource, ["jsonData", concat("", ["httpHeaderName", digits])]), null)
	is_string(header)
	not sensitive(words(header))
}

sensitive_path(path) if {
	ws := words(subject(path))
	count(ws) > 0
	ws[0] != "existing"
	sensitive(ws)
}

# Values that point at a secret instead of holding it.
reference(value) if contains(value, "${")

reference(value) if contains(value, "$(")

reference(value) if regex.match(`\$__(env|file|vault)\{`, value)

reference(value) if startswith(value, "os.environ/")

reference(value) if regex.match(`^\$[A-Za-z_][A-Za-z0-9_]*$`, value)

reference(value) if contains(value, "{{")

literal(value) if {
	is_string(value)
	value != ""
	not reference(value)
}

literal(value) if is_number(value)

nodes contains [path, value] if {
	walk(input, [path, value])
	count(path) > 0
	not under_references(path)
}

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

how := "reference a Secret instead (existingSecret, secretKeyRef/valueFrom, a *_file path, or ${VAR} from a Secret)"

deny contains result if {
	some [path, value] in nodes
	literal(value)
	sensitive_path(path)
	result := {
		"msg": sprintf("WKP204: %s holds a literal %s; %s", [where(path), subject(path), how]),
		"path": path,
	}
}

# Alertmanager receivers whose URL is the credential (Slack and Teams webhooks, a GoAlert
# integration URL with its token, a PagerDuty proxy).
receiver_configs := {"slack_configs", "pagerduty_configs", "webhook_configs", "msteams_configs", "msteamsv2_configs", "discord_configs"}

receiver_url_keys := {"url", "api_url", "webhook_url"}

deny contains result if {
	some [path, value] in nodes
	count(path) >= 3
	path[count(path) - 3] in receiver_configs
	is_number(path[count(path) - 2])
	path[count(path) - 1] in receiver_url_keys
	literal(value)
	not sensitive_path(path)
	result := {
		"msg": sprintf("WKP204: %s is a literal %s URL, which carries its credential; use %s_file with a mounted Secret", [where(path), trim_suffix(path[count(path) - 3], "_configs"), path[count(path) - 1]]),
		"path": path,
	}
}

# Grafana alerting contact points: {type: slack, settings: {url: ...}}.
contact_point_types := {"slack", "pagerduty", "webhook", "teams", "discord", "googlechat"}

deny contains result if {
	some [path, point] in nodes
	is_object(point)
	point.type in contact_point_types
	literal(object.get(point, ["settings", "url"], null))
	result := {
		"msg": sprintf("WKP204: %s is a %s contact point with a literal settings.url, which carries its credential; use $__file{...} or $__env{...}", [where(path), point.type]),
		"path": array.concat(path, ["settings", "url"]),
	}
}

deny contains result if {
	some [path, value] in nodes
	is_string(value)
	some match in regex.find_all_string_submatch_n(`^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#@\s]*):([^/?#@\s]*)@`, value, 1)
	literal(match[2])
	not sensitive_path(path)
	result := {
		"msg": sprintf("WKP204: %s is a URL with a literal password for user %q; %s", [where(path), match[1], how]),
		"path": path,
	}
}

deny contains result if {
	some [path, value] in nodes
	is_string(value)
	contains(value, "://")
	some match in regex.find_all_string_submatch_n(`[?&](token|access_token|api_key|apikey|key|secret|password|sig)=([^&#]*)`, value, -1)
	literal(match[2])
	not sensitive_path(path)
	not receiver_url(path)
	result := {
		"msg": sprintf("WKP204: %s is a URL with a literal %s parameter; %s", [where(path), match[1], how]),
		"path": path,
	}
}

receiver_url(path) if {
	count(path) >= 3
	path[count(path) - 3] in receiver_configs
	path[count(path) - 1] in receiver_url_keys
}

deny contains result if {
	some [path, value] in nodes
	is_string(value)
	regex.match(`-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`, value)
	not sensitive_path(path)
	result := {
		"msg": sprintf("WKP204: %s holds a PEM private key; mount it from a Secret (existingSecret, extraSecretMounts)", [where(path)]),
		"path": path,
	}
}

# object.get on the input, which may be a list (helm-values/stack.yaml) where object.get fails.
get_input(path, fallback) := object.get({"input": input}, array.concat(["input"], path), fallback)
