"""Reading Sloth's three input specs into the shared model, with Sloth's decoding quirks.

* `prometheus/v1`: keys match case-insensitively, unknown keys are ignored, and scalars that land
  in string fields are turned into strings (YAML is converted to JSON against the Go types).
* Kubernetes `PrometheusServiceLevel` (`sloth.slok.dev/v1`): camelCase keys, case-sensitive;
  label values must already be strings.
* OpenSLO `openslo/v1alpha` `SLO`: one Sloth SLO per objective, raw SLI from the ratio metrics,
  no alerts.
"""

from __future__ import annotations

import re
import struct
from typing import Any

import yaml

from .goformat import format_g, go_duration
from .model import SLI, SLO, AlertMeta, Plugin, SLOGroup, SlothError

PROMETHEUS_V1 = re.compile(r"^version: +['\"]?prometheus/v1['\"]?\r?\n? *$", re.M)
K8S_KIND = re.compile(r"^kind: +['\"]?PrometheusServiceLevel['\"]? *$", re.M)
K8S_VERSION = re.compile(r"^apiVersion: +['\"]?sloth.slok.dev/v1['\"]? *$", re.M)
OPENSLO_KIND = re.compile(r"^kind: +['\"]?SLO['\"]? *$", re.M)
OPENSLO_VERSION = re.compile(r"^apiVersion: +['\"]?openslo/v1alpha['\"]? *$", re.M)
DAY_MS = 86_400_000
_PLUGINS_UNSUPPORTED = "SLO plugins cannot run in the built-in engine; use --engine sloth"


def split_documents(text: str) -> list[str]:
    """Sloth's textual split: drop column-0 `#` lines, cut at every line starting with `---`."""
    lines = [line for line in text.strip().split("\n") if not line.startswith("#")]
    pieces, current = [], []
    for line in lines:
        if line.startswith("---"):
            pieces.append("\n".join(current))
            current = []
        else:
            current.append(line)
    pieces.append("\n".join(current))
    return [p.strip() for p in pieces if p.strip()]


def load(piece: str, default_period_ms: int, extra_labels: dict[str, str]) -> SLOGroup:
    if PROMETHEUS_V1.search(piece):
        return _prometheus(_yaml(piece), default_period_ms, extra_labels)
    if K8S_KIND.search(piece) and K8S_VERSION.search(piece):
        return _kubernetes(_yaml(piece), default_period_ms, extra_labels)
    if OPENSLO_KIND.search(piece) and OPENSLO_VERSION.search(piece):
        return _openslo(_yaml(piece), default_period_ms, extra_labels)
    raise SlothError("invalid spec, could not load with any of the supported spec types")


def _yaml(piece: str) -> Any:
    try:
        return yaml.safe_load(piece)
    except yaml.YAMLError as exc:
        raise SlothError(f"could not unmarshal YAML spec correctly: {exc}") from None


# --- prometheus/v1 -----------------------------------------------------------------------------

def _get(data: Any, key: str) -> Any:
    """Go encoding/json field matching: exact key first, then case-insensitive."""
    if not isinstance(data, dict):
        return None
    if key in data:
        return data[key]
    lowered = key.lower()
    for k, v in data.items():
        if isinstance(k, str) and k.lower() == lowered:
            return v
    return None


def _float32_shortest(x: float) -> str:
    """strconv.FormatFloat(x, 'g', -1, 32): the shortest digits that round-trip as float32."""
    target = struct.unpack("f", struct.pack("f", x))[0]
    for precision in range(1, 10):
        text = f"{target:.{precision}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == target:
            return format_g(float(text))
    return format_g(target)


def _stringify(value: Any) -> str:
    """How a YAML scalar lands in a Go string field when YAML is converted to JSON for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float32_shortest(value)
    if isinstance(value, str):
        return value
    raise SlothError(f"could not unmarshal YAML spec correctly: cannot unmarshal {type(value).__name__} into Go value of type string")


def _string_map(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SlothError("could not unmarshal YAML spec correctly: cannot unmarshal into Go value of type map[string]string")
    return {str(k): _stringify(v) for k, v in value.items()}


def _number(value: Any, what: str) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SlothError(f"could not unmarshal YAML spec correctly: cannot unmarshal {what} into Go value of type float64")
    return float(value)


def _plugins(value: Any, camel: bool) -> tuple[bool, list[Plugin]]:
    if not isinstance(value, dict):
        return False, []
    get = (lambda d, k: d.get(k) if isinstance(d, dict) else None) if camel else _get
    chain = get(value, "chain") or []
    plugins = [Plugin(str(get(p, "id") or ""), int(get(p, "priority") or 0), get(p, "config")) for p in chain]
    return bool(get(value, "overridePrevious")), plugins


def _prometheus(data: Any, period_ms: int, extra: dict[str, str]) -> SLOGroup:
    if not isinstance(data, dict):
        raise SlothError("could not unmarshal YAML spec correctly: the spec is not a mapping")
    if _stringify(_get(data, "version")) != "prometheus/v1":
        raise SlothError('invalid spec version, should be "prometheus/v1"')
    slos_data = _get(data, "slos") or []
    if not slos_data:
        raise SlothError("at least one SLO is required")
    service = _stringify(_get(data, "service"))
    service_labels = _string_map(_get(data, "labels"))
    group_override, group_plugins = _plugins(_get(data, "slo_plugins"), camel=False)
    slos = []
    for item in slos_data:
        name = _stringify(_get(item, "name"))
        alerting = _get(item, "alerting") or {}
        override, plugins = _plugins(_get(item, "plugins"), camel=False)
        sli_data = expand_latency(_get(item, "sli") or {})
        slos.append(SLO(
            id=f"{service}-{name}", name=name, service=service,
            objective=_number(_get(item, "objective"), "objective"), period_ms=period_ms,
            sli=_sli(sli_data, "error_query", "total_query", "error_ratio_query", _get),
            labels={**service_labels, **_string_map(_get(item, "labels")), **extra},
            description=_stringify(_get(item, "description")),
            page=_alert(alerting, _get(alerting, "page_alert"), _get),
            ticket=_alert(alerting, _get(alerting, "ticket_alert"), _get),
            plugins_override=override or group_override, plugins=group_plugins + plugins,
        ))
    return SLOGroup(slos, "prometheus/v1", "cli-gen-prom")


def expand_latency(sli: Any) -> Any:
    """Watchkeeper's latency shorthand over a classic histogram, turned into Sloth's events SLI.

    `latency: {bucket: <family>_bucket, le: "30.0", selector: 'route="/chat"'}` counts as errors
    the requests slower than `le`: all requests minus those in the `le` bucket (0 when that
    bucket has no series yet). Specs that do not
    use it are read exactly as Sloth reads them.
    """
    latency = sli.get("latency") if isinstance(sli, dict) else None
    if not isinstance(latency, dict):
        return sli
    bucket = str(latency.get("bucket") or "")
    if not bucket.endswith("_bucket"):
        raise SlothError(f"latency SLI: bucket {bucket!r} must name a histogram's _bucket series")
    count = bucket.removesuffix("_bucket") + "_count"
    selector = str(latency.get("selector") or "").strip()
    le = latency.get("le")
    if le is None or str(le) == "":
        raise SlothError("latency SLI: le is required")
    le_text = _stringify(le)
    total_selector = f"{{{selector}}}" if selector else ""
    bucket_selector = f'{{{selector + ", " if selector else ""}le="{le_text}"}}'
    total = f"sum(rate({count}{total_selector}[{{{{.window}}}}]))"
    good = f"sum(rate({bucket}{bucket_selector}[{{{{.window}}}}]))"
    expanded = {k: v for k, v in sli.items() if k != "latency"}
    # A bucket child filtered by the selector may not exist yet (nothing fast so far): count it as 0.
    expanded["events"] = {"error_query": f"{total} - ({good} or vector(0))", "total_query": total}
    return expanded


def _sli(data: Any, error_key: str, total_key: str, raw_key: str, get) -> SLI | None:
    if get(data, "plugin") is not None:
        raise SlothError("SLI plugins cannot run in the built-in engine; use --engine sloth")
    events, raw = get(data, "events"), get(data, "raw")
    if events is None and raw is None:
        return None
    sli = SLI()
    if events is not None:
        sli.error_query = _stringify(get(events, error_key))
        sli.total_query = _stringify(get(events, total_key))
    if raw is not None:
        sli.error_ratio_query = _stringify(get(raw, raw_key))
    return sli


def _alert(alerting: Any, specific: Any, get) -> AlertMeta:
    if bool(get(specific, "disable")):
        return AlertMeta(disable=True)
    return AlertMeta(
        name=_stringify(get(alerting, "name")),
        labels={**_string_map(get(alerting, "labels")), **_string_map(get(specific, "labels"))},
        annotations={**_string_map(get(alerting, "annotations")), **_string_map(get(specific, "annotations"))},
    )


# --- Kubernetes PrometheusServiceLevel -----------------------------------------------------------

def _exact(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def _k8s_strings(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SlothError("could not unmarshal YAML spec correctly: label and annotation values must be strings")
    return {str(k): v for k, v in value.items()}


def _kubernetes(data: Any, period_ms: int, extra: dict[str, str]) -> SLOGroup:
    spec = _exact(data, "spec") or {}
    metadata = _exact(data, "metadata") or {}
    service = _k8s_str(_exact(spec, "service"))
    service_labels = _k8s_strings(_exact(spec, "labels"))
    group_override, group_plugins = _plugins(_exact(spec, "sloPlugins"), camel=True)
    slos = []
    for item in _exact(spec, "slos") or []:
        name = _k8s_str(_exact(item, "name"))
        alerting = _exact(item, "alerting") or {}
        override, plugins = _plugins(_exact(item, "plugins"), camel=True)
        for key in ("labels", "annotations"):
            _k8s_strings(_exact(alerting, key))
        slos.append(SLO(
            id=f"{service}-{name}", name=name, service=service,
            objective=_number(_exact(item, "objective"), "objective"), period_ms=period_ms,
            sli=_sli(_exact(item, "sli") or {}, "errorQuery", "totalQuery", "errorRatioQuery", _exact),
            labels={**service_labels, **_k8s_strings(_exact(item, "labels")), **extra},
            description=_k8s_str(_exact(item, "description")),
            page=_alert(alerting, _exact(alerting, "pageAlert"), _exact),
            ticket=_alert(alerting, _exact(alerting, "ticketAlert"), _exact),
            plugins_override=override or group_override, plugins=group_plugins + plugins,
        ))
    if not slos:
        raise SlothError("at least one SLO is required")
    meta = {
        "name": _k8s_str(_exact(metadata, "name")),
        "namespace": _k8s_str(_exact(metadata, "namespace")),
        "labels": _k8s_strings(_exact(metadata, "labels")),
        "annotations": _k8s_strings(_exact(metadata, "annotations")),
    }
    return SLOGroup(slos, "sloth.slok.dev/v1", "cli-gen-k8s", meta)


def _k8s_str(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SlothError("could not unmarshal YAML spec correctly: expected a string")
    return value


# --- OpenSLO v1alpha -----------------------------------------------------------------------------

_OPENSLO_QUERY = "\n  1 - (\n    (\n      {good}\n    )\n    /\n    (\n      {total}\n    )\n  )\n"


def _openslo(data: Any, period_ms: int, extra: dict[str, str]) -> SLOGroup:
    if _exact(data, "apiVersion") != "openslo/v1alpha":
        raise SlothError('invalid spec version, should be "openslo/v1alpha"')
    spec = _exact(data, "spec") or {}
    objectives = _exact(spec, "objectives") or []
    if not objectives:
        raise SlothError("at least one SLO is required")
    windows = _exact(spec, "timeWindows") or []
    if len(windows) > 1:
        raise SlothError("only 1 time window is supported")
    if windows:
        window = windows[0] or {}
        if str(_exact(window, "unit") or "").lower() != "day":
            raise SlothError("only days based time windows are supported")
        period_ms = int(_exact(window, "count") or 0) * DAY_MS
    name = str(_exact(_exact(data, "metadata"), "name") or "")
    service = str(_exact(spec, "service") or "")
    slos = []
    for i, objective in enumerate(objectives):
        ratio = _exact(objective, "ratioMetrics")
        if ratio is None:
            raise SlothError("missing ratioMetrics")
        good, total = _exact(ratio, "good") or {}, _exact(ratio, "total") or {}
        if _exact(good, "source") not in ("prometheus", "sloth"):
            raise SlothError("prometheus or sloth query ratio 'good' source is required")
        if _exact(good, "source") != "sloth" and _exact(total, "source") not in ("prometheus", "sloth"):
            raise SlothError("prometheus or sloth query ratio 'total' source is required")
        for which, indicator in (("good", good), ("total", total)):
            if _exact(indicator, "queryType") != "promql":
                raise SlothError(f"unsupported '{which}' indicator query type: {_exact(indicator, 'queryType') or ''}")
        target = _exact(objective, "target")
        if target is None:
            raise SlothError("objective target is required")  # Sloth dereferences a null pointer here
        slo_name = f"{name}-{i}"
        query = _OPENSLO_QUERY.format(good=_exact(good, "query") or "", total=_exact(total, "query") or "")
        slos.append(SLO(
            id=f"{service}-{slo_name}", name=slo_name, service=service, objective=float(target) * 100,
            period_ms=period_ms, sli=SLI(error_ratio_query=query), labels=dict(extra),
            description=str(_exact(spec, "description") or ""),
            page=AlertMeta(disable=True), ticket=AlertMeta(disable=True),
        ))
    return SLOGroup(slos, "openslo/v1alpha", "cli-gen-openslo")


def unsupported_period(period_ms: int) -> SlothError:
    return SlothError(f"the {go_duration(period_ms)} SLO period time window is not supported")


def check_plugins(group: SLOGroup) -> None:
    """Only the no-op plugins behave the same without Sloth's plugin runtime."""
    for slo in group.slos:
        if slo.plugins_override or any(p.id not in ("sloth.dev/core/noop/v1", "sloth.dev/core/debug/v1", "") for p in slo.plugins):
            raise SlothError(_PLUGINS_UNSUPPORTED)
