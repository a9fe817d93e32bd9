# METADATA
# title: Container images are pinned to a release or a digest
# description: >-
#   A values file that names an image decides what runs. A moving tag (`latest`, `main`, `stable`,
#   a bare major such as `v3`) or a missing one (the chart then falls back to whatever it defaults
#   to, or to `latest`) lets a pod restart bring up code nobody reviewed, and two replicas of the
#   same Deployment may run different builds. Wherever an image appears, as a map
#   (`registry`/`repository`/`tag`/`digest`, kube-prometheus-stack's and Grafana's `sha`) or as a
#   string (`repo:tag`, `repo@sha256:...`), it names a release tag or a sha256 digest. Tags are
#   strings: YAML reads an unquoted `1.10` as the number 1.1.
# custom:
#   id: WKP201
#   severity: error
package values.images_pinned

import rego.v1

# Fields that make a map an image reference (a map with only `registry` or `pullPolicy` overrides
# those of the chart's default image and names no image itself).
image_fields := {"repository", "tag", "digest", "sha"}

# An image map: the value of an `image` key (or of a key such as `downloadDashboardsImage`), or any
# map with both a repository and a tag (trivy-operator's `nodeCollector`, for one).
image_maps contains [path, image] if {
	walk(input, [path, image])
	count(path) > 0
	is_object(image)
	image_key(path[count(path) - 1])
	some field in image_fields
	object.get(image, field, null) != null
}

image_maps contains [path, image] if {
	walk(input, [path, image])
	count(path) > 0
	is_object(image)
	not image_key(path[count(path) - 1])
	object.get(image, "repository", null) != null
	"tag" in object.keys(image)
}

image_key(key) if key == "image"

image_key(key) if {
	is_string(key)
	regex.match(`^[a-z][a-zA-Z0-9]*Image$`, key)
}

# A digest pins the image whatever the tag says: `digest` holds the whole digest (sha256:<hex>);
# kube-prometheus-stack's and Grafana's `sha` holds the bare hex and the chart adds `@sha256:`.
digest_forms := {"digest": `^sha256:[a-f0-9]{64}$`, "sha": `^[a-f0-9]{64}$`}

digest_form_text := {"digest": "sha256:<64 hex>", "sha": "the bare 64 hex digits; the chart adds sha256:"}

digests(image) := {field |
	some field, _ in digest_forms
	is_string(image[field])
	image[field] != ""
}

valid_digest(digest) if regex.match(digest_forms.digest, digest)

pinned_by_digest(image) if {
	some field in digests(image)
	regex.match(digest_forms[field], image[field])
}

# Why a tag is not a release; undefined for a release tag such as v0.28.0 or 4.5.3-4.8.2-distroless.
floating(tag) := "it says latest" if {
	contains(lower(tag), "latest")
} else := "it has no version number" if {
	not regex.match(`[0-9]`, tag)
} else := "a bare major version moves with every release" if {
	regex.match(`^[vV]?[0-9]+$`, tag)
}

where(path) := concat("", [segment(i, p) | some i, p in path])

segment(0, p) := sprintf("%v", [p]) if not is_number(p)

segment(i, p) := sprintf(".%v", [p]) if {
	i > 0
	not is_number(p)
}

segment(_, p) := sprintf("[%v]", [p]) if is_number(p)

deny contains result if {
	some [path, image] in image_maps
	some field in digests(image)
	not regex.match(digest_forms[field], image[field])
	result := {
		"msg": sprintf("WKP201: %s has %s %q, which is not a digest in the form %s", [where(path), field, image[field], digest_form_text[field]]),
		"path": array.concat(path, [field]),
	}
}

deny contains result if {
	some [path, image] in image_maps
	count(digests(image)) == 0
	object.get(image, "tag", null) == null
	result := {
		"msg": sprintf("WKP201: %s has no tag or digest; pin it to a release tag or a sha256 digest", [where(path)]),
		"path": path,
	}
}

deny contains result if {
	some [path, image] in image_maps
	not pinned_by_digest(image)
	image.tag == ""
	result := {
		"msg": sprintf("WKP201: %s has an empty tag; pin it to a release tag or a sha256 digest", [where(path)]),
		"path": array.concat(path, ["tag"]),
	}
}

deny contains result if {
	some [path, image] in image_maps
	not pinned_by_digest(image)
	image.tag != null
	not is_string(image.tag)
	result := {
		"msg": sprintf("WKP201: %s has tag %v, which YAML read as a %s; quote it", [where(path), image.tag, type_name(image.tag)]),
		"path": array.concat(path, ["tag"]),
	}
}

deny contains result if {
	some [path, image] in image_maps
	not pinned_by_digest(image)
	is_string(image.tag)
	image.tag != ""
	reason := floating(image.tag)
	result := {
		"msg": sprintf("WKP201: %s has tag %q, which is not a release (%s); pin a release tag or a sha256 digest", [where(path), image.tag, reason]),
		"path": array.concat(path, ["tag"]),
	}
}

# Image strings: `registry/repository:tag`, `repository@sha256:...` or both.
image_strings contains [path, ref] if {
	walk(input, [path, ref])
	count(path) > 0
	image_key(path[count(path) - 1])
	is_string(ref)
	ref != ""
}

# The tag of an image string: after the last ':' of its last path segment (a ':' before the last
# '/' is a registry port).
string_tag(ref) := tag if {
	name := split(ref, "@")[0]
	parts := split(name, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	pieces := split(last, ":")
	tag := pieces[count(pieces) - 1]
}

deny contains result if {
	some [path, ref] in image_strings
	contains(ref, "@")
	digest := split(ref, "@")[1]
	not valid_digest(digest)
	result := {
		"msg": sprintf("WKP201: %s is %q, whose digest %q is not a sha256 digest (sha256:<64 hex>)", [where(path), ref, digest]),
		"path": path,
	}
}

deny contains result if {
	some [path, ref] in image_strings
	not contains(ref, "@")
	not string_tag(ref)
	result := {
		"msg": sprintf("WKP201: %s is %q, with no tag or digest; pin it to a release tag or a sha256 digest", [where(path), ref]),
		"path": path,
	}
}

deny contains result if {
	some [path, ref] in image_strings
	not contains(ref, "@")
	reason := floating(string_tag(ref))
	result := {
		"msg": sprintf("WKP201: %s is %q, whose tag is not a release (%s); pin a release tag or a sha256 digest", [where(path), ref, reason]),
		"path": path,
	}
}
