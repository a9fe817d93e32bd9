package values.images_pinned_test

import data.values.images_pinned
import rego.v1

digest := "sha256:5d1f2c3b4a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

bare_sha := "5d1f2c3b4a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

test_release_tags_are_allowed if {
	count(images_pinned.deny) == 0 with input as {
		"image": {"registry": "quay.io", "repository": "prometheus/blackbox-exporter", "tag": "v0.28.0"},
		"loki": {"image": {"tag": "3.7.6"}},
		"dcgm": {"image": {"repository": "nvcr.io/nvidia/k8s/dcgm-exporter", "tag": "4.5.3-4.8.2-distroless"}},
		"manager": {"image": {"repository": "grafana/k6-operator", "tag": "controller-v1.6.0"}},
	}
}

test_digests_are_allowed_whatever_the_tag if {
	count(images_pinned.deny) == 0 with input as {
		"image": {"repository": "otel/opentelemetry-collector-k8s", "digest": digest},
		"prometheus": {"prometheusSpec": {"image": {"repository": "prometheus/prometheus", "tag": "", "sha": bare_sha}}},
		"grafana": {"sidecar": {"image": {"repository": "kiwigrid/k8s-sidecar", "tag": "", "sha": bare_sha}}},
	}
}

test_maps_that_name_no_image_are_ignored if {
	count(images_pinned.deny) == 0 with input as {
		"global": {"image": {"registry": "registry.platform.internal", "pullSecrets": []}},
		"image": {"pullPolicy": "IfNotPresent"},
		"distributor": {"image": {"registry": null, "repository": null, "tag": null}},
	}
}

test_latest_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: loki.image has tag \"latest\", which is not a release (it says latest); pin a release tag or a sha256 digest",
		"path": ["loki", "image", "tag"],
	}} with input as {"loki": {"image": {"repository": "grafana/loki", "tag": "latest"}}}
}

test_tag_without_a_version_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: image has tag \"stable\", which is not a release (it has no version number); pin a release tag or a sha256 digest",
		"path": ["image", "tag"],
	}} with input as {"image": {"repository": "falcosecurity/falco", "tag": "stable"}}
}

test_bare_major_tag_is_denied if {
	some result in images_pinned.deny with input as {"image": {"repository": "grafana/grafana", "tag": "v12"}}
	result.path == ["image", "tag"]
	contains(result.msg, "a bare major version moves with every release")
}

test_missing_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: image has no tag or digest; pin it to a release tag or a sha256 digest",
		"path": ["image"],
	}} with input as {"image": {"repository": "otel/opentelemetry-collector-k8s"}}
}

test_empty_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: pyroscope.image has an empty tag; pin it to a release tag or a sha256 digest",
		"path": ["pyroscope", "image", "tag"],
	}} with input as {"pyroscope": {"image": {"repository": "grafana/pyroscope", "tag": ""}}}
}

test_unquoted_numeric_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: image has tag 1.1, which YAML read as a number; quote it",
		"path": ["image", "tag"],
	}} with input as {"image": {"repository": "grafana/tempo", "tag": 1.10}}
}

test_malformed_digest_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: image has digest \"sha256:abc\", which is not a digest in the form sha256:<64 hex>",
		"path": ["image", "digest"],
	}} with input as {"image": {"repository": "grafana/mimir", "tag": "3.2.0", "digest": "sha256:abc"}}
}

test_sha_takes_the_bare_hex if {
	msg := sprintf("WKP201: grafana.image has sha %q, which is not a digest in the form the bare 64 hex digits; the chart adds sha256:", [digest])
	images_pinned.deny == {{
		"msg": msg,
		"path": ["grafana", "image", "sha"],
	}} with input as {"grafana": {"image": {"repository": "grafana/grafana", "tag": "12.3.0", "sha": digest}}}
}

test_repository_and_tag_outside_an_image_key_are_judged if {
	images_pinned.deny == {{
		"msg": "WKP201: nodeCollector has tag \"latest\", which is not a release (it says latest); pin a release tag or a sha256 digest",
		"path": ["nodeCollector", "tag"],
	}} with input as {"nodeCollector": {"registry": "ghcr.io", "repository": "aquasecurity/node-collector", "tag": "latest"}}
}

test_image_keys_by_suffix_are_judged if {
	some result in images_pinned.deny with input as {"downloadDashboardsImage": {"repository": "curlimages/curl"}}
	result.path == ["downloadDashboardsImage"]
}

test_image_strings_with_a_tag_or_digest_are_allowed if {
	count(images_pinned.deny) == 0 with input as {
		"extraContainers": [
			{"name": "proxy", "image": "registry.platform.internal:5000/oauth2-proxy/oauth2-proxy:v7.12.0"},
			{"name": "reloader", "image": sprintf("ghcr.io/jimmidyson/configmap-reload@%s", [digest])},
		],
		"kubectlImage": "",
	}
}

test_image_string_without_a_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: extraContainers[0].image is \"registry.platform.internal:5000/busybox\", with no tag or digest; pin it to a release tag or a sha256 digest",
		"path": ["extraContainers", 0, "image"],
	}} with input as {"extraContainers": [{"name": "init", "image": "registry.platform.internal:5000/busybox"}]}
}

test_image_string_with_a_moving_tag_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: initContainers[1].image is \"busybox:latest\", whose tag is not a release (it says latest); pin a release tag or a sha256 digest",
		"path": ["initContainers", 1, "image"],
	}} with input as {"initContainers": [{"image": "busybox:1.37.0"}, {"image": "busybox:latest"}]}
}

test_image_string_with_a_malformed_digest_is_denied if {
	images_pinned.deny == {{
		"msg": "WKP201: image is \"busybox@sha256:1234\", whose digest \"sha256:1234\" is not a sha256 digest (sha256:<64 hex>)",
		"path": ["image"],
	}} with input as {"image": "busybox@sha256:1234"}
}
