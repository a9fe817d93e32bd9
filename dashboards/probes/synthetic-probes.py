"""Synthetic probes of the blackbox exporter: does each front door and internal endpoint answer, how fast, with which status and certificate?

The platform as a user sees it from outside (helm-values/blackbox-exporter/values.yaml): the https
front doors (Sharedo web and API, the BA canvas, the RAG answer route, the LLM gateway's chat
route) and internal gRPC (Temporal), TCP (PostgreSQL) and DNS probes. `instance` is the probed
URL or address; every target is probed by each prober replica (`pod`, three in prod), and the
recordings of alerts/probes/probes.rules.yaml average over them, so one prober with a network
problem of its own never pages. The blackbox series are gauges of the last probe, not counters.
"""

from dashboards.lib import (
    COUNT,
    OPS,
    PERCENT_UNIT,
    SECONDS,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbooks_link,
    slo_objective,
    stat,
    timeseries,
)

CLUSTER = 'cluster=~"$cluster"'
# Every probe series: the cluster and the probed targets picked (`instance` is the probed URL).
SEL = f'{CLUSTER}, instance=~"$target"'
FRONT_DOOR = 'instance=~"https://.+"'
INTERNAL = 'instance!~"https://.+"'
LLM_ROUTE = 'instance=~".+/v1/chat/completions"'
HEALTH = 'instance!~".+/v1/chat/completions"'
SLO = f'{CLUSTER}, sloth_id="front-door-probes-probe-availability"'
DAY = 86400


OBJECTIVE, _ = slo_objective("front-door-probes", "probe-availability")
OBJECTIVE_TEXT = f"{OBJECTIVE * 100:g} %"
BUDGET_TEXT = f"{(1 - OBJECTIVE) * 100:.2g} %"
CERT_THRESHOLDS = [(None, "red"), (3 * DAY, "orange"), (21 * DAY, "green")]


def per_series(panel, legend: str):
    """A stat showing one value per series, each named by `legend`."""
    panel.panel.targets[0].legendFormat = legend
    panel.panel.textMode = "value_and_name"
    return panel


dashboard = golden(
    uid="probes-synthetic-probes",
    title="Probes / Synthetic probes",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["probes", "blackbox", "front-doors"],
    links=[
        runbooks_link("probes/"),
        link_to("slo-front-door-probes", "SLOs / front-door-probes"),
        link_to("slo-sharedo-api", "SLOs / sharedo-api"),
        link_to("slo-ba-canvas", "SLOs / ba-canvas"),
        link_to("slo-litellm-gateway", "SLOs / litellm-gateway"),
        link_to("executive-overview", "Executive / Overview"),
    ],
    variables=[
        cluster("probe_success"),
        label("target", f"probe_success{{{CLUSTER}}}", source_label="instance", title="Probed target"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Front doors failing",
                f"count(instance:probe_success:avg5m{{{SEL}, {FRONT_DOOR}}} < 0.5) or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "red")],
                description="https front doors where fewer than half of all probers' attempts succeeded over 5 "
                            "minutes; after 3 minutes each pages (BlackboxProbeFailing). Good is 0.",
            ),
            stat(
                "Internal probes failing",
                f"count(instance:probe_success:avg5m{{{SEL}, {INTERNAL}}} < 0.5) or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "orange")],
                description="Internal gRPC, TCP and DNS targets under 50 % probe success over 5 minutes; after 5 "
                            "minutes each warns (BlackboxInternalProbeFailing). Good is 0.",
            ),
            stat(
                "Slowest health endpoint",
                f"max(instance:probe_duration_seconds:avg_successful5m{{{SEL}, {HEALTH}}})",
                unit=SECONDS, width=4, decimals=2,
                thresholds=[(None, "green"), (2, "orange")],
                description="The longest 5-minute average duration of successful probes, all targets but the LLM "
                            "route. A health endpoint answers well under 300 ms; over 2 s for 15 minutes warns "
                            "(BlackboxProbeSlow).",
            ),
            stat(
                "LLM route probe",
                f"max(instance:probe_duration_seconds:avg_successful5m{{{SEL}, {LLM_ROUTE}}})",
                unit=SECONDS, width=4, decimals=2,
                thresholds=[(None, "green"), (10, "orange")],
                description="5-minute average duration of the successful probes of the LLM gateway's chat route: a "
                            "1-token completion through LiteLLM to vLLM. Over 10 s for 15 minutes warns "
                            "(BlackboxProbeSlow).",
            ),
            stat(
                "Targets answering HTTP errors",
                f"count(max by (job, instance) (max_over_time(probe_http_status_code{{{SEL}}}[5m])) >= 300)"
                " or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "orange")],
                description="https targets whose final answer was HTTP 300 or above for at least one prober in the "
                            "last 5 minutes (the alert's window); 10 minutes of it warns "
                            "(BlackboxProbeHttpErrorStatus).",
            ),
            stat(
                "Soonest certificate expiry",
                f"min(instance:probe_ssl_earliest_cert_expiry:seconds_remaining{{{SEL}}})",
                unit=SECONDS, width=4,
                thresholds=CERT_THRESHOLDS,
                description="Time until the first certificate any https target presents expires. cert-manager renews "
                            "30 days ahead: under 21 days warns (BlackboxProbeCertificateExpiringSoon), under 3 days "
                            "pages (BlackboxProbeCertificateExpiryImminent).",
            ),
        ),
        row(
            "Front-door SLO",
            stat(
                "Front-door probe availability (30 d)",
                f"1 - slo:sli_error:ratio_rate30d{{{SLO}}}",
                unit=PERCENT_UNIT, height=8, decimals=3,
                thresholds=[(None, "red"), (OBJECTIVE, "green")],
                description="Share of successful probes of Sharedo web, API and BA canvas over the 30-day SLO period "
                            "(slo-catalog/front-door-probes.yaml, all targets of the cluster whatever the target "
                            f"picker). Red below the {OBJECTIVE_TEXT} objective.",
            ),
            stat(
                "Error budget left (30 d)",
                f"slo:period_error_budget_remaining:ratio{{{SLO}}}",
                unit=PERCENT_UNIT, height=8, decimals=1,
                thresholds=[(None, "red"), (0, "orange"), (0.25, "green")],
                description=f"Share of the front-door probes' 30-day error budget ({BUDGET_TEXT} of probes) not yet "
                            "spent. Below 0 the objective is missed; fast spending pages (FrontDoorProbesBudgetBurn).",
            ),
            timeseries(
                "Front-door probe error ratio against the budget",
                [
                    (f"slo:sli_error:ratio_rate5m{{{SLO}}}", "failed probes, 5m"),
                    (f"slo:sli_error:ratio_rate1h{{{SLO}}}", "failed probes, 1h"),
                    (f"slo:error_budget:ratio{{{SLO}}}", f"error budget (objective {OBJECTIVE_TEXT})"),
                ],
                unit=PERCENT_UNIT, minimum=0,
                description=f"Share of the front doors' probes that failed over 5 minutes and 1 hour, against the "
                            f"{BUDGET_TEXT} budget. Good stays under the budget line; one front door down is a "
                            "third of all probes.",
            ),
        ),
        row(
            "Success",
            timeseries(
                "Probe success per target",
                [(f"instance:probe_success:avg5m{{{SEL}}}", "{{instance}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of probe attempts that succeeded over 5 minutes, across all probers. Good is 100 %; "
                            "under 50 % pages for a front door (BlackboxProbeFailing) and warns for an internal "
                            "target (BlackboxInternalProbeFailing).",
            ),
            timeseries(
                "Probe success per prober",
                [(f"avg by (pod) (avg_over_time(probe_success{{{SEL}}}[$__rate_interval]))", "{{pod}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of the selected targets' probes each blackbox exporter replica got through. One "
                            "prober low alone is its node's or zone's network, not the targets; every prober low is "
                            "the targets.",
            ),
        ),
        row(
            "Duration",
            timeseries(
                "Probe duration per target",
                [(f"instance:probe_duration_seconds:avg_successful5m{{{SEL}}}", "{{instance}}")],
                unit=SECONDS, minimum=0,
                description="5-minute average duration of the successful probes (a timeout is a failure, not a slow "
                            "probe). Over 2 s, or 10 s for the LLM chat route, for 15 minutes warns "
                            "(BlackboxProbeSlow).",
            ),
            timeseries(
                "HTTP duration by phase",
                [(f"avg by (phase) (probe_http_duration_seconds{{{SEL}}})", "{{phase}}")],
                unit=SECONDS, stack=True,
                description="Where the time of an HTTP probe goes (resolve, connect, tls, processing, transfer; summed "
                            "over redirects), averaged over the selected targets: pick one target to see its own. "
                            "processing is the service itself, the rest is DNS, network and TLS.",
            ),
            timeseries(
                "DNS lookup of the probed hosts",
                [(f"max by (instance) (probe_dns_lookup_time_seconds{{{SEL}}})", "{{instance}}")],
                unit=SECONDS, minimum=0,
                description="Time the slowest prober took to resolve each target's hostname through the cluster DNS. "
                            "Milliseconds are normal; seconds point at CoreDNS or the upstream resolvers.",
            ),
            timeseries(
                "Probe timeout headroom",
                [(f"max by (instance) (probe_duration_seconds{{{SEL}}})"
                  f" / max by (instance) (probe_timeout_seconds{{{SEL}}})", "{{instance}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Duration of the slowest prober's last probe as a share of the module's timeout (10 s for "
                            "http_2xx, 30 s for the LLM route, 5 s for the others). At 100 % the probe times out and "
                            "counts as failed.",
            ),
        ),
        row(
            "HTTP",
            timeseries(
                "HTTP status per target",
                [(f"max by (instance) (probe_http_status_code{{{SEL}}})", "{{instance}}")],
                unit=COUNT, minimum=0,
                description="Final HTTP status of the last probe, the highest across probers; 0 means no answer "
                            "arrived. Good is 200 (204); 300 or above for 10 minutes warns "
                            "(BlackboxProbeHttpErrorStatus).",
            ),
            timeseries(
                "Redirects followed",
                [(f"max by (instance) (probe_http_redirects{{{SEL}}})", "{{instance}}")],
                unit=COUNT, minimum=0,
                description="Redirects an HTTP probe followed to its final answer. Health endpoints answer directly "
                            "(0); a redirect appearing usually means the ingress now sends the path to a login page, "
                            "whose 200 would hide an outage.",
            ),
        ),
        row(
            "TLS certificates",
            per_series(stat(
                "Certificate time left per target",
                f"sort(instance:probe_ssl_earliest_cert_expiry:seconds_remaining{{{SEL}}})",
                unit=SECONDS, width=12, height=8,
                thresholds=CERT_THRESHOLDS,
                description="Time until the first certificate of each https target's chain expires. Green beyond 21 "
                            "days; orange warns (BlackboxProbeCertificateExpiringSoon), red under 3 days pages "
                            "(BlackboxProbeCertificateExpiryImminent).",
            ), "{{instance}}"),
            timeseries(
                "Certificate time left",
                [(f"instance:probe_ssl_earliest_cert_expiry:seconds_remaining{{{SEL}}}", "{{instance}}")],
                unit=SECONDS, height=8, minimum=0,
                description="The same over time: a steady decline with a jump back up about 30 days before expiry is "
                            "cert-manager renewing. A line that keeps falling past 30 days is a renewal that fails.",
            ),
        ),
        row(
            "DNS, gRPC and the exporter",
            timeseries(
                "DNS probe duration by phase",
                [(f"avg by (instance, phase) (probe_dns_duration_seconds{{{SEL}}})", "{{instance}} {{phase}}")],
                unit=SECONDS, minimum=0,
                description="Time of the DNS probe of the platform resolver (sharedo.platform.internal, type A) by "
                            "phase (resolve, connect, request), averaged over probers. Milliseconds are normal.",
            ),
            timeseries(
                "DNS answer records",
                [(f"min by (instance) (probe_dns_answer_rrs{{{SEL}}})", "{{instance}}")],
                unit=COUNT, minimum=0,
                description="Records in the answer section of the DNS probe, the fewest any prober got. Good is at "
                            "least 1: 0 means the platform name no longer resolves, though the resolver answers.",
            ),
            timeseries(
                "gRPC health: serving",
                [(f'min by (instance) (probe_grpc_healthcheck_response{{{SEL}, serving_status="SERVING"}})',
                  "{{instance}}")],
                unit=COUNT, minimum=0, maximum=1,
                description="1 while the gRPC health check of the Temporal frontend's WorkflowService answers SERVING "
                            "to every prober, 0 when any prober got another status or none.",
            ),
            timeseries(
                "Probes for unknown modules",
                [(f"sum by (pod) (rate(blackbox_module_unknown_total{{{CLUSTER}}}[$__rate_interval]))", "{{pod}}")],
                unit=OPS, minimum=0,
                description="Probe requests a blackbox exporter replica rejected because their module is not in its "
                            "configuration (exporter-wide, whatever the target picker): those targets have no probe "
                            "series at all. Good is 0 (alert: BlackboxModuleUnknown).",
            ),
        ),
    ],
)
