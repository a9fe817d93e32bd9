package values.no_plaintext_secrets_test

import data.values.no_plaintext_secrets as secrets
import rego.v1

how := "reference a Secret instead (existingSecret, secretKeyRef/valueFrom, a *_file path, or ${VAR} from a Secret)"

test_references_are_allowed if {
	count(secrets.deny) == 0 with input as {
		"grafana": {
			"admin": {"existingSecret": "grafana-admin", "userKey": "admin-user", "passwordKey": "admin-password"},
			"grafana.ini": {
				"security": {"secret_key": "$__file{/etc/secrets/grafana/secret_key}"},
				"auth.generic_oauth": {"client_secret": "$__env{OAUTH_CLIENT_SECRET}", "token_url": "https://sso.platform.internal/token"},
			},
			"envValueFrom": {"GF_DATABASE_PASSWORD": {"secretKeyRef": {"name": "grafana-db", "key": "password"}}},
		},
		"alertmanager": {
			"alertmanagerSpec": {"configSecret": "alertmanager-config", "secrets": ["alertmanager-receivers"]},
			"config": {"global": {"slack_api_url_file": "/etc/alertmanager/secrets/alertmanager-receivers/slack"}},
		},
		"loki": {"storage": {"s3": {"accessKeyId": "${S3_ACCESS_KEY_ID}", "secretAccessKey": "${S3_SECRET_ACCESS_KEY}"}}},
		"extraEnv": [
			{"name": "LITELLM_MASTER_KEY", "valueFrom": {"secretKeyRef": {"name": "litellm", "key": "master-key"}}},
			{"name": "LOG_LEVEL", "value": "INFO"},
		],
		"proxy_config": {
			"model_list": [{"model_name": "gpt", "litellm_params": {"api_key": "os.environ/OPENAI_API_KEY", "max_tokens": 4096}}],
			"general_settings": {"master_key": "os.environ/LITELLM_MASTER_KEY"},
		},
		"goalert": {"existingSecret": {"name": "goalert", "keys": {"GOALERT_DATA_ENCRYPTION_KEY": "GOALERT_DATA_ENCRYPTION_KEY"}}},
		"db": {"secret": {"name": "postgres", "usernameKey": "username", "passwordKey": "password"}},
		"masterkeySecretName": "litellm-master",
		"masterkeySecretKey": "masterkey",
		"serviceAccount": {"automountServiceAccountToken": false},
		"trivy": {"githubToken": null, "serverTokenHeader": "Trivy-Token", "serverPassword": ""},
		"gateway": {"nginx": {"basicAuth": {"htpasswd": "{{ htpasswd (required \"\" .Values.gateway.nginx.basicAuth.username) \"\" }}"}}},
		"config": {"modules": {"http_2xx": {"http": {"bearer_token_file": "/etc/blackbox/token", "tls_config": {"ca_file": "/etc/blackbox/ca/ca.crt"}}}}},
	}
}

test_literal_password_is_denied if {
	secrets.deny == {{
		"msg": sprintf("WKP204: minio.rootPassword holds a literal rootPassword; %s", [how]),
		"path": ["minio", "rootPassword"],
	}} with input as {"minio": {"rootUser": "grafana-mimir", "rootPassword": "supersecret"}}
}

test_literal_object_store_secret_key_is_denied if {
	secrets.deny == {
		{
			"msg": sprintf("WKP204: loki.storage.s3.secretAccessKey holds a literal secretAccessKey; %s", [how]),
			"path": ["loki", "storage", "s3", "secretAccessKey"],
		},
		{
			"msg": sprintf("WKP204: storage.trace.s3.secret_key holds a literal secret_key; %s", [how]),
			"path": ["storage", "trace", "s3", "secret_key"],
		},
	} with input as {
		"loki": {"storage": {"s3": {"accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI"}}},
		"storage": {"trace": {"s3": {"access_key": "AKIAEXAMPLE", "secret_key": "wJalrXUtnFEMI"}}},
	}
}

test_literal_tokens_and_api_keys_are_denied if {
	count(secrets.deny) == 5 with input as {
		"trivy": {"githubToken": "ghp_example"},
		"proxy_config": {"general_settings": {"master_key": "sk-1234"}},
		"falcosidekick": {"config": {"loki": {"apikey": "glc_example"}}},
		"config": {"modules": {"http_2xx": {"http": {"headers": {"Authorization": "Bearer abc"}}}}},
		"pagerduty_configs": [{"routing_key": 12345}],
	}
}

test_value_of_a_secret_map_is_judged_by_its_key if {
	secrets.deny == {{
		"msg": sprintf("WKP204: langfuse.salt.value holds a literal salt; %s", [how]),
		"path": ["langfuse", "salt", "value"],
	}} with input as {"langfuse": {"salt": {"value": "pepper"}, "nextauth": {"url": "https://langfuse.platform.internal"}}}
}

test_env_entry_is_judged_by_its_name if {
	secrets.deny == {{
		"msg": sprintf("WKP204: extraEnv[0].value holds a literal GF_SECURITY_ADMIN_PASSWORD; %s", [how]),
		"path": ["extraEnv", 0, "value"],
	}} with input as {"extraEnv": [{"name": "GF_SECURITY_ADMIN_PASSWORD", "value": "admin"}]}
}

test_names_of_secrets_are_not_secrets if {
	count(secrets.deny) == 0 with input as {
		"envFromSecret": "grafana-env",
		"tlsSecret": "grafana-tls",
		"environmentSecrets": ["litellm-provider-keys"],
		"redis": {"auth": {"usersExistingSecret": "langfuse-redis-auth", "existingSecretPasswordKey": "password"}},
		"metaMonitoring": {"grafanaAgent": {"metrics": {"remote": {"auth": {"passwordSecretName": "mimir-meta", "passwordSecretKey": "password"}}}}},
	}
}

test_client_secrets_are_secrets if {
	secrets.deny == {{
		"msg": sprintf("WKP204: grafana.ini.auth.generic_oauth.client_secret holds a literal client_secret; %s", [how]),
		"path": ["grafana.ini", "auth.generic_oauth", "client_secret"],
	}} with input as {"grafana.ini": {"auth.generic_oauth": {"client_id": "grafana", "client_secret": "0123abcd"}}}
}

test_datasource_secure_json_data_is_secret if {
	secrets.deny == {{
		"msg": sprintf("WKP204: datasources.datasources.yaml.datasources[0].secureJsonData.httpHeaderValue1 holds a literal httpHeaderValue1; %s", [how]),
		"path": ["datasources", "datasources.yaml", "datasources", 0, "secureJsonData", "httpHeaderValue1"],
	}} with input as {"datasources": {"datasources.yaml": {"datasources": [{"name": "Mimir", "secureJsonData": {"httpHeaderValue1": "tenant-a"}}]}}}
}

test_tenant_header_in_secure_json_data_is_not_a_secret if {
	datasource := {"name": "Loki", "jsonData": {"httpHeaderName1": "X-Scope-OrgID", "httpHeaderName2": "Authorization"}, "secureJsonData": {"httpHeaderValue1": "platform", "httpHeaderValue2": "Bearer abc"}}
	secrets.deny == {{
		"msg": sprintf("WKP204: grafana.additionalDataSources[0].secureJsonData.httpHeaderValue2 holds a literal httpHeaderValue2; %s", [how]),
		"path": ["grafana", "additionalDataSources", 0, "secureJsonData", "httpHeaderValue2"],
	}} with input as {"grafana": {"additionalDataSources": [datasource]}}
}

test_slack_webhook_of_a_receiver_is_denied if {
	secrets.deny == {{
		"msg": "WKP204: alertmanager.config.receivers[0].slack_configs[0].api_url is a literal slack URL, which carries its credential; use api_url_file with a mounted Secret",
		"path": ["alertmanager", "config", "receivers", 0, "slack_configs", 0, "api_url"],
	}} with input as {"alertmanager": {"config": {"receivers": [{
		"name": "sre-slack",
		"slack_configs": [{"api_url": "https://hooks.slack.com/services/T000/B000/XXXX", "channel": "#sre-alerts"}],
	}]}}}
}

test_webhook_and_pagerduty_urls_are_denied if {
	count(secrets.deny) == 2 with input as {"config": {"receivers": [
		{"name": "goalert", "webhook_configs": [{"url": "https://goalert.platform.internal/api/v2/prometheusalertmanager/incoming?token=abc"}]},
		{"name": "pd", "pagerduty_configs": [{"url": "https://events.pagerduty.com/v2/enqueue", "routing_key_file": "/etc/alertmanager/secrets/pd/key"}]},
	]}}
}

test_receiver_url_files_are_allowed if {
	count(secrets.deny) == 0 with input as {"config": {
		"global": {"slack_api_url_file": "/etc/alertmanager/secrets/receivers/slack"},
		"receivers": [
			{"name": "goalert", "webhook_configs": [{"url_file": "/etc/alertmanager/secrets/receivers/goalert"}]},
			{"name": "sre", "slack_configs": [{"channel": "#sre-alerts"}]},
		],
	}}
}

test_global_slack_api_url_is_denied if {
	secrets.deny == {{
		"msg": sprintf("WKP204: config.global.slack_api_url holds a literal slack_api_url; %s", [how]),
		"path": ["config", "global", "slack_api_url"],
	}} with input as {"config": {"global": {"slack_api_url": "https://hooks.slack.com/services/T/B/X", "resolve_timeout": "5m"}}}
}

test_teams_webhook_url_is_denied_once if {
	secrets.deny == {{
		"msg": sprintf("WKP204: receivers[0].msteams_configs[0].webhook_url holds a literal webhook_url; %s", [how]),
		"path": ["receivers", 0, "msteams_configs", 0, "webhook_url"],
	}} with input as {"receivers": [{"name": "teams", "msteams_configs": [{"webhook_url": "https://example.webhook.office.com/x"}]}]}
}

test_grafana_contact_point_url_is_denied if {
	secrets.deny == {{
		"msg": "WKP204: alerting.contactpoints.yaml.contactPoints[0].receivers[0] is a slack contact point with a literal settings.url, which carries its credential; use $__file{...} or $__env{...}",
		"path": ["alerting", "contactpoints.yaml", "contactPoints", 0, "receivers", 0, "settings", "url"],
	}} with input as {"alerting": {"contactpoints.yaml": {"contactPoints": [{"name": "sre", "receivers": [{
		"uid": "sre-slack",
		"type": "slack",
		"settings": {"url": "https://hooks.slack.com/services/T/B/X"},
	}]}]}}}
}

test_grafana_contact_point_url_from_env_is_allowed if {
	count(secrets.deny) == 0 with input as {"alerting": {"contactpoints.yaml": {"contactPoints": [{"receivers": [{
		"type": "slack",
		"settings": {"url": "$__env{SLACK_WEBHOOK_URL}"},
	}]}]}}}
}

test_url_with_a_password_is_denied if {
	secrets.deny == {{
		"msg": sprintf("WKP204: goalert.environment.GOALERT_DB_URL is a URL with a literal password for user \"goalert\"; %s", [how]),
		"path": ["goalert", "environment", "GOALERT_DB_URL"],
	}} with input as {"goalert": {"environment": {"GOALERT_DB_URL": "postgres://goalert:s3cr3t@postgres.data.svc:5432/goalert?sslmode=require"}}}
}

test_url_with_a_password_reference_is_allowed if {
	count(secrets.deny) == 0 with input as {"extraEnv": [{"name": "DATABASE_URL", "value": "postgres://litellm:$(DB_PASSWORD)@postgres.data.svc:5432/litellm"}]}
}

test_url_with_a_token_parameter_is_denied if {
	secrets.deny == {{
		"msg": sprintf("WKP204: serviceMonitor.targets[0].url is a URL with a literal token parameter; %s", [how]),
		"path": ["serviceMonitor", "targets", 0, "url"],
	}} with input as {"serviceMonitor": {"targets": [{"name": "x", "url": "https://x.platform.internal/health?token=abc"}]}}
}

test_private_key_is_denied if {
	secrets.deny == {{
		"msg": "WKP204: tlsServerConfig.key holds a PEM private key; mount it from a Secret (existingSecret, extraSecretMounts)",
		"path": ["tlsServerConfig", "key"],
	}} with input as {"tlsServerConfig": {"enabled": true, "cert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "key": "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----"}}
}

test_counts_and_plural_lists_are_not_secrets if {
	count(secrets.deny) == 0 with input as {
		"autoscaling": {"targetTokensPerSecond": 5000},
		"model_list": [{"litellm_params": {"input_cost_per_token": 0.0000002, "output_cost_per_token": 0.0000006}}],
		"grafana.ini": {"auth": {"token_rotation_interval_minutes": 10, "login_maximum_lifetime_duration": "30d"}},
		"imagePullSecrets": [{"name": "registry"}],
		"alertmanagerSpec": {"secrets": ["receivers"]},
		"basicAuth": {"enabled": false, "username": "probe"},
	}
}

test_stack_list_is_judged_without_errors if {
	count(secrets.deny) == 0 with input as [{"component": "loki", "repository": "https://grafana-community.github.io/helm-charts", "chart": "loki", "version": "18.11.0"}]
}
