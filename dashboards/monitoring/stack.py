"""Monitoring beyond Prometheus: Alertmanager delivery, Loki, Mimir and Tempo ingestion, OTel Collector, GoAlert.

The second dashboard to open when telemetry or pages seem missing (Prometheus itself is on
Monitoring / Prometheus): each row is one hop between a signal and a person, and backs the alerts
of alerts/monitoring/ with their recordings. Mimir keeps the Cortex `cortex_` prefix and names
the tenant `user`; Loki and Tempo name it `tenant`. The collector (0.159) and Tempo's receiver
counters have no `_total` suffix; the collector's recordings fold spans, metric points and log
records into one series per component and `signal`. GoAlert runs in prod only, and Mimir and
Tempo in staging and prod: their rows are empty on the other clusters.
"""

from dashboards.lib import (
    COUNT,
    OPS,
    PERCENT_UNIT,
    cluster,
    golden,
    link_to,
    row,
    runbooks_link,
    stat,
    timeseries,
)

CL = 'cluster=~"$cluster"'

AM_FAILED = f"instance_integration:alertmanager_notifications_failed:ratio_rate5m{{{CL}}}"
# AlertmanagerPagerNotificationsFailing without its `for`: the best instance still fails GoAlert's webhook.
PAGER_FAILED = (f'min by (job, namespace, integration) '
                f'(instance_integration:alertmanager_notifications_failed:ratio_rate5m{{{CL}, integration="webhook"}})')

LOKI_PUSH = 'route=~"loki_api_v1_push|otlp_v1_logs|api_prom_push"'
MIMIR_PUSH = 'route=~"api_v1_push|otlp_v1_metrics"'


def push_errors(metric: str, routes: str, by: str = "namespace, job") -> str:
    """Share of push requests answered 5xx (the Loki/Mimir push-error alerts, over the panel's
    interval); 0, not empty, for a job that pushes without errors."""
    total = f"sum by ({by}) (rate({metric}{{{CL}, {routes}}}[$__rate_interval]))"
    return f"""(
  sum by ({by}) (rate({metric}{{{CL}, {routes}, status_code=~"5.."}}[$__rate_interval]))
  or
  0 * {total}
)
/
{total}"""


LOKI_DISCARDED = f"""sum by (namespace, tenant, reason) (rate(loki_discarded_samples_total{{{CL}}}[$__rate_interval]))
  / on (namespace, tenant) group_left ()
sum by (namespace, tenant) (rate(loki_distributor_lines_received_total{{{CL}}}[$__rate_interval]))"""

# MimirDiscardingSamples, from its recordings: discarded over received plus discarded.
MIMIR_DISCARDED = f"""user_reason:cortex_discarded_samples:rate5m{{{CL}}}
  / on (namespace, user) group_left ()
(
  user:cortex_distributor_received_samples:rate5m{{{CL}}}
  + on (namespace, user)
  sum by (namespace, user) (user_reason:cortex_discarded_samples:rate5m{{{CL}}})
)"""

TEMPO_REFUSED = f"""receiver:tempo_receiver_refused_spans:rate5m{{{CL}}}
/
(receiver:tempo_receiver_accepted_spans:rate5m{{{CL}}} + receiver:tempo_receiver_refused_spans:rate5m{{{CL}}})"""

TEMPO_DISCARDED = f"""sum by (namespace, tenant, reason) (rate(tempo_discarded_spans_total{{{CL}}}[$__rate_interval]))
  / on (namespace, tenant) group_left ()
sum by (namespace, tenant) (rate(tempo_distributor_spans_received_total{{{CL}}}[$__rate_interval]))"""

# The collector alerts' ratios, per pod (DaemonSet agents and gateway replicas alike).
OTEL_REFUSED = f"""receiver_signal:otelcol_receiver_refused:rate5m{{{CL}}}
/
(receiver_signal:otelcol_receiver_accepted:rate5m{{{CL}}} + receiver_signal:otelcol_receiver_refused:rate5m{{{CL}}})"""
OTEL_SEND_FAILED = f"""exporter_signal:otelcol_exporter_send_failed:rate5m{{{CL}}}
/
(exporter_signal:otelcol_exporter_sent:rate5m{{{CL}}} + exporter_signal:otelcol_exporter_send_failed:rate5m{{{CL}}})"""

dashboard = golden(
    uid="monitoring-stack",
    title="Monitoring / Stack",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["monitoring", "alertmanager", "loki", "mimir", "tempo", "otel-collector", "goalert"],
    links=[
        runbooks_link("monitoring/"),
        link_to("monitoring-prometheus", "Monitoring / Prometheus"),
        link_to("slo-monitoring-ingestion", "SLOs / monitoring-ingestion"),
        link_to("platform-kubernetes", "Platform / Kubernetes"),
    ],
    variables=[
        cluster("up"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Notification failures",
                f"max({AM_FAILED})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.01, "orange")],
                description="Failed share of the worst Alertmanager instance and integration over 5 minutes. Above "
                            "1 % for 15 minutes is AlertmanagerNotificationsFailing.",
            ),
            stat(
                "Pager delivery failures",
                f"max({PAGER_FAILED})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.1, "red")],
                description="Failed share of GoAlert webhook notifications on the best Alertmanager instance. Above "
                            "10 % for 5 minutes nobody is paged: AlertmanagerPagerNotificationsFailing.",
            ),
            stat(
                "GoAlert engine cycles",
                f"""sum(rate(goalert_engine_cycle_total{{{CL}}}[$__rate_interval]))
or
0 * sum(up{{{CL}, job="goalert"}})""",
                unit=OPS, width=3, decimals=2,
                thresholds=[(None, "red"), (0.003, "green")],
                description="Engine cycles per second, 0 when no GoAlert instance answers; it cycles every few "
                            "seconds. Red is none (under one per 5 minutes): GoAlertEngineStalled pages.",
            ),
            stat(
                "Loki push errors",
                f"max({push_errors('loki_request_duration_seconds_count', LOKI_PUSH)})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.1, "red")],
                description="Share of log pushes Loki answered with a 5xx. Above 10 % for 15 minutes pages "
                            "(LokiPushErrors): agents' buffers run out and lines are lost.",
            ),
            stat(
                "Loki lines discarded",
                f"""(sum(rate(loki_discarded_samples_total{{{CL}}}[$__rate_interval])) or vector(0))
/
sum(rate(loki_distributor_lines_received_total{{{CL}}}[$__rate_interval]))""",
                unit=PERCENT_UNIT, width=3, decimals=2,
                thresholds=[(None, "green"), (0.005, "yellow"), (0.05, "orange")],
                description="Share of received lines Loki discarded. Yellow burns the 99.5 % SLO's budget "
                            "(LokiIngestionBudgetBurn); 5 % of one tenant for one reason is LokiDiscardingLines.",
            ),
            stat(
                "Mimir push errors",
                f"max({push_errors('cortex_request_duration_seconds_count', MIMIR_PUSH)})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.1, "red")],
                description="Share of metric pushes Mimir answered with a 5xx. Above 10 % for 15 minutes pages "
                            "(MimirPushErrors): remote write backs up.",
            ),
            stat(
                "Mimir samples discarded",
                f"""(sum(user_reason:cortex_discarded_samples:rate5m{{{CL}}}) or vector(0))
/
(
  sum(user:cortex_distributor_received_samples:rate5m{{{CL}}})
  + (sum(user_reason:cortex_discarded_samples:rate5m{{{CL}}}) or vector(0))
)""",
                unit=PERCENT_UNIT, width=3, decimals=2,
                thresholds=[(None, "green"), (0.001, "yellow"), (0.05, "orange")],
                description="Share of samples Mimir discarded. Yellow burns the 99.9 % SLO's budget "
                            "(MimirIngestionBudgetBurn); 5 % of one tenant for one reason is MimirDiscardingSamples.",
            ),
            stat(
                "Tempo spans refused",
                f"""sum(receiver:tempo_receiver_refused_spans:rate5m{{{CL}}})
/
(
  sum(receiver:tempo_receiver_accepted_spans:rate5m{{{CL}}})
  + sum(receiver:tempo_receiver_refused_spans:rate5m{{{CL}}})
)""",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.05, "orange")],
                description="Share of offered spans Tempo's receivers refused. Above 5 % on one receiver for 15 "
                            "minutes is TempoRefusingSpans.",
            ),
        ),
        row(
            "Alertmanager",
            timeseries(
                "Notifications sent, by integration",
                [(f"sum by (integration) (rate(alertmanager_notifications_total{{{CL}}}[$__rate_interval]))",
                  "{{integration}}")],
                unit=OPS, stack=True, minimum=0,
                description="Notification attempts per second by receiver type (webhook is GoAlert, slack the team "
                            "channels). It follows alert traffic; a flat zero while alerts fire is a routing problem.",
            ),
            timeseries(
                "Notification failure ratio",
                [(AM_FAILED, "{{instance}} {{integration}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Failed share per instance and integration (recording instance_integration:alertmanager_"
                            "notifications_failed:ratio_rate5m). Above 1 % for 15 minutes is AlertmanagerNotifications"
                            "Failing; webhook above 10 % on every instance pages.",
            ),
            timeseries(
                "Gossip cluster members",
                [
                    (f"min by (namespace, job) (alertmanager_cluster_members{{{CL}}})",
                     "members seen by the worst instance of {{job}}"),
                    (f'max by (namespace) (kube_statefulset_replicas{{{CL}, '
                     f'statefulset="alertmanager-kube-prometheus-stack-alertmanager"}})', "replicas wanted"),
                ],
                unit=COUNT, minimum=0,
                description="Peers the worst-connected instance sees against the StatefulSet's replicas. The lines "
                            "meet when healthy; below for 15 minutes is AlertmanagerClusterMembersMissing.",
                width=24,
            ),
        ),
        row(
            "Loki",
            timeseries(
                "Push error ratio (5xx)",
                [(push_errors("loki_request_duration_seconds_count", LOKI_PUSH), "{{namespace}}/{{job}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of push requests (Loki API, OTLP, legacy) answered 5xx; 429s are discards, not "
                            "errors. Good is 0; above 10 % for 15 minutes pages as LokiPushErrors.",
            ),
            timeseries(
                "Lines received, by tenant",
                [(f"sum by (tenant) (rate(loki_distributor_lines_received_total{{{CL}}}[$__rate_interval]))",
                  "{{tenant}}")],
                unit=OPS, stack=True, minimum=0,
                description="Log lines per second the distributors receive. It follows workload; a tenant dropping "
                            "to zero means its agents stopped shipping.",
            ),
            timeseries(
                "Lines discarded, by tenant and reason",
                [(LOKI_DISCARDED, "{{tenant}} {{reason}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of a tenant's lines discarded for each reason (rate limits, line too long, too "
                            "old). Good is 0; above 5 % for 15 minutes is LokiDiscardingLines.",
                width=24,
            ),
        ),
        row(
            "Mimir",
            timeseries(
                "Push error ratio (5xx)",
                [(push_errors("cortex_request_duration_seconds_count", MIMIR_PUSH), "{{namespace}}/{{job}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of remote-write and OTLP pushes answered 5xx. Good is 0; above 10 % for 15 minutes "
                            "pages as MimirPushErrors.",
            ),
            timeseries(
                "Samples received, by tenant",
                [(f"user:cortex_distributor_received_samples:rate5m{{{CL}}}", "{{user}}")],
                unit=OPS, stack=True, minimum=0,
                description="Samples per second the distributors accept, per tenant (recording user:cortex_"
                            "distributor_received_samples:rate5m). A step down is a sender that stopped writing.",
            ),
            timeseries(
                "Samples discarded, by tenant and reason",
                [(MIMIR_DISCARDED, "{{user}} {{reason}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of a tenant's samples discarded for each reason (series or rate limits, "
                            "out-of-order, too old), from the Mimir recordings. Above 5 % for 15 minutes is "
                            "MimirDiscardingSamples.",
                width=24,
            ),
        ),
        row(
            "Tempo",
            timeseries(
                "Spans accepted and refused, by receiver",
                [
                    (f"receiver:tempo_receiver_accepted_spans:rate5m{{{CL}}}", "{{receiver}} accepted"),
                    (f"receiver:tempo_receiver_refused_spans:rate5m{{{CL}}}", "{{receiver}} refused"),
                ],
                unit=OPS, minimum=0,
                description="Spans per second Tempo's OTLP and Jaeger receivers accept and refuse (recordings "
                            "receiver:tempo_receiver_*_spans:rate5m). Refused should stay at 0.",
            ),
            timeseries(
                "Spans refused, by receiver",
                [(TEMPO_REFUSED, "{{namespace}}/{{job}} {{receiver}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Refused share of the spans offered to each receiver. Good is 0; above 5 % for 15 minutes "
                            "is TempoRefusingSpans: senders retry, then drop.",
            ),
            timeseries(
                "Spans discarded, by tenant and reason",
                [(TEMPO_DISCARDED, "{{tenant}} {{reason}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of a tenant's received spans discarded for each reason (rate limit, trace too "
                            "large, live traces). Above 5 % for 15 minutes is TempoDiscardingSpans.",
                width=24,
            ),
        ),
        row(
            "OpenTelemetry Collector",
            timeseries(
                "Receivers: refused share (worst pod)",
                [(f"max by (job, receiver, signal) ({OTEL_REFUSED})", "{{job}} {{receiver}} {{signal}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Refused share of the data offered to each receiver, on its worst pod (memory_limiter "
                            "or a failing pipeline). Above 5 % for 15 minutes is OtelCollectorReceiverRefusing.",
            ),
            timeseries(
                "Exporters: failed share (worst pod)",
                [(f"max by (job, exporter, signal) ({OTEL_SEND_FAILED})", "{{job}} {{exporter}} {{signal}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of each exporter's data that failed after all retries, on its worst pod: dropped. "
                            "Above 5 % for 15 minutes is OtelCollectorExportFailing.",
            ),
            timeseries(
                "Exporters: dropped on a full queue",
                [(f"sum by (job, exporter, signal) "
                  f"(exporter_signal:otelcol_exporter_enqueue_failed:rate5m{{{CL}}}) > 0",
                  "{{job}} {{exporter}} {{signal}}")],
                unit=OPS, minimum=0,
                description="Items per second an exporter could not enqueue because its sending queue was full, and "
                            "dropped unsent. Good is empty; any for 10 minutes is OtelCollectorExporterQueueFull.",
            ),
            timeseries(
                "Exporters: sending queue fill (fullest pod)",
                [(f"max by (job, exporter) "
                  f"(otelcol_exporter_queue_size{{{CL}}} / otelcol_exporter_queue_capacity{{{CL}}})",
                  "{{job}} {{exporter}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Queued batches against queue capacity. Near 0 is good; a queue climbing to 100 % means "
                            "the backend is slower than the input, and drops follow.",
            ),
        ),
        row(
            "GoAlert",
            timeseries(
                "Engine cycles",
                [(f"sum by (namespace, job) (rate(goalert_engine_cycle_total{{{CL}}}[$__rate_interval]))",
                  "{{namespace}}/{{job}}")],
                unit=OPS, minimum=0,
                description="Engine cycles per second: escalations, notifications and heartbeat checks run on each. "
                            "A steady line is good; zero for 2 minutes pages as GoAlertEngineStalled.",
            ),
            timeseries(
                "Notifications sent, by destination type",
                [(f"sum by (dest_type) (rate(goalert_notification_sent_total{{{CL}}}[$__rate_interval]))",
                  "{{dest_type}}")],
                unit=OPS, stack=True, minimum=0,
                description="Notifications GoAlert sends per second (SMS, voice, Slack, ...). Pages that fire with "
                            "nothing here point at the engine or the destination's provider.",
            ),
        ),
    ],
)
