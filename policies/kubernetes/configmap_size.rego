# METADATA
# title: ConfigMaps stay well below the 1 MiB object limit
# description: >-
#   The API server (etcd) rejects an object over 1 MiB, so an oversized dashboard ConfigMap fails
#   the whole sync. A data value over 900 KiB is refused, and so is a ConfigMap whose values add up
#   to more than that: the remaining 124 KiB are for metadata and the encoding overhead. Sizes are
#   UTF-8 bytes (binaryData decoded). A dashboard that large is also slow to load: split it.
# custom:
#   id: WKP404
#   severity: error
package kubernetes.configmap_size

limit := 921600 # 900 KiB

subject := sprintf("ConfigMap %q", [object.get(input, ["metadata", "name"], "(unnamed)")])

# Every value with its size in bytes and its path.
values contains [["data", key], utf8_bytes(value)] if {
	input.kind == "ConfigMap"
	some key, value in object.get(input, "data", {})
	is_string(value)
}

values contains [["binaryData", key], base64_bytes(value)] if {
	input.kind == "ConfigMap"
	some key, value in object.get(input, "binaryData", {})
	is_string(value)
}

deny contains result if {
	some [path, size] in values
	size > limit
	result := {
		"msg": sprintf("WKP404: %s holds %s of %s, more than the 900 KiB allowed (ConfigMaps are capped at 1 MiB); split it", [subject, path[1], kib(size)]),
		"path": path,
	}
}

# Values each within the limit can still add up to more than the object may hold.
deny contains result if {
	input.kind == "ConfigMap"
	every value in values {
		value[1] <= limit
	}
	total := sum([value[1] | some value in values])
	total > limit
	result := {
		"msg": sprintf("WKP404: %s holds %s of data in all, more than the 900 KiB allowed (ConfigMaps are capped at 1 MiB); split it", [subject, kib(total)]),
		"path": ["data"],
	}
}

# UTF-8 size of a string: its base64 encoding has 4 characters for every 3 bytes.
utf8_bytes(text) := base64_bytes(base64.encode(text))

base64_bytes(encoded) := ((count(compact) / 4) * 3) - padding(compact) if {
	compact := replace(replace(encoded, "\n", ""), " ", "")
}

padding(encoded) := 2 if endswith(encoded, "==")

padding(encoded) := 1 if {
	endswith(encoded, "=")
	not endswith(encoded, "==")
}

padding(encoded) := 0 if not endswith(encoded, "=")

kib(size) := sprintf("%d KiB", [round(size / 1024)])
