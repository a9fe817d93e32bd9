"""Prometheus self-monitoring: rule evaluation, notifications to Alertmanager, scrape health, TSDB, remote write to Mimir, reloads.

The first dashboard to open when an alert seems missing: failed or slow rule groups and failing
notifications explain most "why did nothing page?" questions, targets that are not scraped have no
alerts at all, and a configuration that did not reload means merged rules are not live. The
`instance` picker selects the Prometheus servers of the cluster (kube-prometheus-stack runs an HA
pair, one line per replica pod); "Scrape targets down per job" is about the scraped targets, so it
covers the whole cluster. Alerts: alerts/monitoring/prometheus*.rules.yaml and
alerts/kubernetes/targets.rules.yaml.
"""

from dashboards.lib import (
    BYTES,
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
    stat,
    timeseries,
)

CLUSTER = 'cluster=~"$cluster"'
# Every Prometheus self-metric: the cluster and the Prometheus servers picked. The picker lists the
# servers with a TSDB head, so `All` also keeps out the prometheus_* families other scrapers expose.
SEL = f'{CLUSTER}, instance=~"$instance"'
RATE = "[$__rate_interval]"
LAG = (f"max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds{{{SEL}}}[5m])"
       f" - max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{{{SEL}}}[5m])")


def per_pod_rate(series: str, legend: str, by: str = "pod") -> tuple[str, str]:
    """The per-second rate of a Prometheus counter, per replica pod."""
    return f"sum by ({by}) (rate({series}{{{SEL}}}{RATE}))", legend


def shards(series: str, what: str) -> tuple[str, str]:
    """A shard gauge of each remote-write queue, per replica pod."""
    return f"max by (pod, remote_name) ({series}{{{SEL}}})", f"{{{{pod}}}} {{{{remote_name}}}} {what}"


dashboard = golden(
    uid="monitoring-prometheus",
    title="Monitoring / Prometheus",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["monitoring", "prometheus"],
    links=[
        runbooks_link("monitoring/"),
        link_to("slo-monitoring-ingestion", "SLOs / monitoring-ingestion"),
        link_to("platform-kubernetes", "Platform / Kubernetes"),
        link_to("executive-overview", "Executive / Overview"),
    ],
    variables=[
        cluster("prometheus_tsdb_head_series"),
        label("instance", f"prometheus_tsdb_head_series{{{CLUSTER}}}", title="Prometheus instance"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Rule groups failing",
                f"count(rate(prometheus_rule_evaluation_failures_total{{{SEL}}}{RATE}) > 0) or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "red")],
                description="Rule groups (per replica) with failed evaluations now: their alerts and recordings are "
                            "missing. 15 minutes of failures pages (PrometheusRuleEvaluationFailures). Good is 0.",
            ),
            stat(
                "Notification error ratio",
                f"max(instance:prometheus_notifications_errors:ratio_rate5m{{{SEL}}})",
                unit=PERCENT_UNIT, width=4, decimals=2,
                thresholds=[(None, "green"), (0.01, "red")],
                description="Share of alert notifications to Alertmanager that failed over 5 minutes, worst replica. "
                            "Above 1 % for 15 minutes pages (PrometheusNotificationsFailing): alerts may reach no one.",
            ),
            stat(
                "Scrape jobs with targets down",
                f"count(max by (namespace, job) (namespace_job:up:ratio_down{{{CLUSTER}}}) > 0.1) or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "orange")],
                description="Scrape jobs of the cluster with more than 10 % of their targets failing (TargetDown after "
                            "15 minutes; every target down pages as TargetJobDown). Good is 0.",
            ),
            stat(
                "Config reloads failing",
                f"count(prometheus_config_last_reload_successful{{{SEL}}} == 0) or vector(0)",
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "orange")],
                description="Replicas whose last configuration reload failed: they run the previous configuration, "
                            "so new targets and rules are not live (PrometheusConfigReloadFailed). Good is 0.",
            ),
            stat(
                "TSDB compaction failures (3 h)",
                f"sum(increase(prometheus_tsdb_compactions_failed_total{{{SEL}}}[3h]))",
                unit=COUNT, width=4, decimals=0,
                thresholds=[(None, "green"), (1, "orange")],
                description="Failed TSDB compactions over the last 3 hours, the alert's window: the head block is not "
                            "persisted and memory grows (PrometheusTSDBCompactionsFailing). Good is 0.",
            ),
            stat(
                "Remote write lag",
                f"max({LAG})",
                unit=SECONDS, width=4,
                thresholds=[(None, "green"), (120, "orange")],
                description="How far the newest sample sent to Mimir trails the newest sample appended, worst queue. "
                            "A few seconds is normal; over 2 minutes for 15 minutes warns "
                            "(PrometheusRemoteWriteBehind).",
            ),
        ),
        row(
            "Rule evaluation",
            timeseries(
                "Rule evaluation failures",
                [(f"sum by (pod, rule_group) (rate(prometheus_rule_evaluation_failures_total{{{SEL}}}{RATE})) > 0",
                  "{{pod}} {{rule_group}}")],
                unit=OPS,
                description="Failed rule evaluations per second, per replica and rule group (file;group); only failing "
                            "groups are drawn, so good is an empty graph (alert: PrometheusRuleEvaluationFailures).",
            ),
            timeseries(
                "Missed rule group iterations",
                [(f"sum by (pod, rule_group) (rate(prometheus_rule_group_iterations_missed_total{{{SEL}}}{RATE})) > 0",
                  "{{pod}} {{rule_group}}")],
                unit=OPS,
                description="Evaluations skipped because the previous one was still running; those recordings have "
                            "gaps. Only groups missing iterations are drawn; good is empty "
                            "(alert: PrometheusMissedRuleGroupIterations).",
            ),
            timeseries(
                "Slowest rule groups against their interval",
                [(f"topk(10, prometheus_rule_group_last_duration_seconds{{{SEL}}}"
                  f" / prometheus_rule_group_interval_seconds{{{SEL}}})", "{{pod}} {{rule_group}}")],
                unit=PERCENT_UNIT, width=24, minimum=0,
                description="The ten rule groups whose last evaluation took the largest share of their interval. At "
                            "100 % a group misses its next iteration; good stays well under 50 %.",
            ),
        ),
        row(
            "Notifications to Alertmanager",
            timeseries(
                "Notification error ratio",
                [(f"instance:prometheus_notifications_errors:ratio_rate5m{{{SEL}}}", "{{instance}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of notifications each replica failed to deliver to Alertmanager over 5 minutes. "
                            "Good is 0; above 1 % for 15 minutes pages (PrometheusNotificationsFailing).",
            ),
            timeseries(
                "Notifications sent, failed and dropped",
                [
                    per_pod_rate("prometheus_notifications_sent_total", "{{alertmanager}} sent", by="alertmanager"),
                    per_pod_rate("prometheus_notifications_errors_total", "{{alertmanager}} failed", by="alertmanager"),
                    per_pod_rate("prometheus_notifications_dropped_total", "{{pod}} dropped"),
                ],
                unit=OPS, minimum=0,
                description="Notifications per second per Alertmanager (its URL) and those dropped before sending "
                            "(queue full, no Alertmanager). Every Alertmanager receives the same alerts; failed and "
                            "dropped stay at 0.",
            ),
            timeseries(
                "Notification queue",
                [
                    (f"sum by (pod) (prometheus_notifications_queue_length{{{SEL}}})", "{{pod}} queued"),
                    (f"max by (pod) (prometheus_notifications_queue_capacity{{{SEL}}})", "{{pod}} capacity"),
                    (f"min by (pod) (prometheus_notifications_alertmanagers_discovered{{{SEL}}})",
                     "{{pod}} Alertmanagers discovered"),
                ],
                unit=COUNT, width=24, minimum=0,
                description="Alerts waiting to be sent against the queue's capacity (a full queue drops alerts), and "
                            "the Alertmanagers each replica discovered: it should equal the Alertmanager replicas and "
                            "never reach 0.",
            ),
        ),
        row(
            "Scrape health",
            timeseries(
                "Scrape targets down per job",
                [(f"max by (namespace, job) (namespace_job:up:ratio_down{{{CLUSTER}}}) > 0", "{{namespace}}/{{job}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of each scrape job's targets whose last scrape failed, for every target of the "
                            "cluster (not filtered by instance); only jobs with failures are drawn. Above 10 % for 15 "
                            "minutes warns (TargetDown), 100 % for 10 minutes pages (TargetJobDown).",
            ),
            timeseries(
                "Scrapes and samples rejected",
                [
                    per_pod_rate("prometheus_target_scrapes_exceeded_sample_limit_total", "{{pod}} sample limit"),
                    per_pod_rate("prometheus_target_scrapes_exceeded_body_size_limit_total", "{{pod}} body size limit"),
                    per_pod_rate("prometheus_target_scrape_pool_exceeded_label_limits_total", "{{pod}} label limits"),
                    per_pod_rate("prometheus_target_scrapes_sample_out_of_order_total", "{{pod}} out-of-order samples"),
                    per_pod_rate("prometheus_target_scrapes_sample_duplicate_timestamp_total",
                                 "{{pod}} duplicate-timestamp samples"),
                    per_pod_rate("prometheus_target_scrapes_sample_out_of_bounds_total",
                                 "{{pod}} out-of-bounds samples"),
                ],
                unit=OPS, minimum=0,
                description="Whole scrapes rejected by a limit (every metric of the target is lost; sample limit: "
                            "PrometheusScrapeSampleLimitExceeded) and single samples rejected at append. Good is 0.",
            ),
            timeseries(
                "Discovery and scrape pool failures",
                [
                    per_pod_rate("prometheus_sd_kubernetes_failures_total", "{{pod}} Kubernetes API watch/list"),
                    per_pod_rate("prometheus_target_sync_failed_total", "{{pod}} target sync"),
                    per_pod_rate("prometheus_target_scrape_pool_reloads_failed_total", "{{pod}} scrape pool reload"),
                ],
                unit=OPS, minimum=0,
                description="Failed WATCH/LIST calls of Kubernetes service discovery, target syncs and scrape pool "
                            "reloads per second. Good is 0: failures leave new pods unscraped and gone pods scraped.",
            ),
            timeseries(
                "Actual scrape interval (p99)",
                [(f'max by (pod, interval) (prometheus_target_interval_length_seconds{{{SEL}, quantile="0.99"}})',
                  "{{pod}} configured {{interval}}")],
                unit=SECONDS, minimum=0,
                description="99th percentile of the time between two scrapes of a target, per configured interval. It "
                            "should equal the configuration (30s); more means the server is overloaded and scrapes "
                            "slip.",
            ),
            timeseries(
                "Time since the last successful config reload",
                [(f"time() - max by (pod) (prometheus_config_last_reload_success_timestamp_seconds{{{SEL}}})",
                  "{{pod}}")],
                unit=SECONDS, width=24, minimum=0,
                description="Age of the configuration each replica runs; it drops to 0 at every successful reload (new "
                            "PrometheusRules and ServiceMonitors). Growing while changes merge means reloads fail "
                            "(PrometheusConfigReloadFailed).",
            ),
        ),
        row(
            "TSDB",
            timeseries(
                "Head series",
                [(f"sum by (pod) (prometheus_tsdb_head_series{{{SEL}}})", "{{pod}}")],
                unit=COUNT, minimum=0,
                description="Series in the in-memory head block per replica, which memory follows. Steady growth or "
                            "jumps are new targets or a label explosion (see Scrapes and samples rejected).",
            ),
            timeseries(
                "Samples appended",
                [per_pod_rate("prometheus_tsdb_head_samples_appended_total", "{{pod}}")],
                unit=OPS, minimum=0,
                description="Samples written to the head block per second, per replica: the ingestion load. Both HA "
                            "replicas scrape the same targets and should be close.",
            ),
            timeseries(
                "Storage against the retention limit",
                [
                    (f"sum by (pod) (prometheus_tsdb_storage_blocks_bytes{{{SEL}}})", "{{pod}} blocks"),
                    (f"sum by (pod) (prometheus_tsdb_wal_storage_size_bytes{{{SEL}}})", "{{pod}} WAL"),
                    (f"max by (pod) (prometheus_tsdb_retention_limit_bytes{{{SEL}}}) > 0", "{{pod}} size retention"),
                ],
                unit=BYTES, minimum=0,
                description="Disk used by persisted blocks and the write-ahead log, against the size-based retention "
                            "limit (drawn only when set). Blocks beyond it are deleted oldest first; the WAL grows "
                            "when compactions fail.",
            ),
            timeseries(
                "TSDB failures in the past hour",
                [
                    (f"sum by (pod) (increase(prometheus_tsdb_compactions_failed_total{{{SEL}}}[1h]))",
                     "{{pod}} compactions"),
                    (f"sum by (pod) (increase(prometheus_tsdb_wal_corruptions_total{{{SEL}}}[1h]))",
                     "{{pod}} WAL corruptions"),
                    (f"sum by (pod) (increase(prometheus_tsdb_reloads_failures_total{{{SEL}}}[1h]))",
                     "{{pod}} block reloads"),
                    (f"sum by (pod) (increase(prometheus_tsdb_wal_truncations_failed_total{{{SEL}}}[1h]))",
                     "{{pod}} WAL truncations"),
                ],
                unit=COUNT, minimum=0,
                description="Failures over each preceding hour. Good is 0 everywhere; compactions failing warns "
                            "(PrometheusTSDBCompactionsFailing) and any WAL corruption warns at once: data is already "
                            "lost (PrometheusTSDBWALCorrupted).",
            ),
        ),
        row(
            "Remote write to Mimir",
            timeseries(
                "Remote write lag",
                [(f"max by (pod, remote_name) ({LAG})", "{{pod}} → {{remote_name}}")],
                unit=SECONDS, minimum=0,
                description="Newest sample appended minus newest sample sent, per queue, as the alert computes it. "
                            "Seconds are normal; over 2 minutes for 15 minutes warns (PrometheusRemoteWriteBehind) and "
                            "past about 2 hours the WAL is truncated under the queue and samples are lost.",
            ),
            timeseries(
                "Samples sent, retried, failed and dropped",
                [
                    per_pod_rate("prometheus_remote_storage_samples_total", "{{pod}} sent"),
                    per_pod_rate("prometheus_remote_storage_samples_retried_total", "{{pod}} retried"),
                    per_pod_rate("prometheus_remote_storage_samples_failed_total", "{{pod}} failed"),
                    per_pod_rate("prometheus_remote_storage_samples_dropped_total", "{{pod}} dropped ({{reason}})",
                                 by="pod, reason"),
                ],
                unit=OPS, minimum=0,
                description="Samples per second to Mimir. Retries (Mimir 5xx, 429) delay; failed samples are lost for "
                            "good and spend the monitoring-ingestion SLO's budget (PrometheusRemoteWriteBudgetBurn).",
            ),
            timeseries(
                "Shards: running, desired and maximum",
                [
                    shards("prometheus_remote_storage_shards", "running"),
                    shards("prometheus_remote_storage_shards_desired", "desired"),
                    shards("prometheus_remote_storage_shards_max", "max_shards"),
                ],
                unit=COUNT, minimum=0,
                description="Parallel senders of each queue. Desired above max_shards for 15 minutes means the queue "
                            "cannot keep up and will fall behind (PrometheusRemoteWriteDesiredShardsAboveMax).",
            ),
            timeseries(
                "Send latency (p99)",
                [(f"histogram_quantile(0.99, sum by (le, pod, remote_name) "
                  f"(rate(prometheus_remote_storage_sent_batch_duration_seconds_bucket{{{SEL}}}{RATE})))",
                  "{{pod}} → {{remote_name}}")],
                unit=SECONDS, minimum=0,
                description="99th percentile of one remote-write request to Mimir. Well under a second is normal; "
                            "seconds mean the Mimir distributors or the network are slow and shards will grow.",
            ),
        ),
    ],
)
