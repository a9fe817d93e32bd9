"""Prometheus self-monitoring: is rule evaluation healthy, and do alerts reach Alertmanager?

The first dashboard to open when an alert seems missing: failed or slow rule groups and failing
notifications explain most "why did nothing page?" questions.
"""

from grafanalib.core import (
    Dashboard,
    DashboardLink,
    GridPos,
    RowPanel,
    Stat,
    Target,
    Template,
    Templating,
    TimeSeries,
)

DATASOURCE = "${datasource}"
INSTANCE = 'job="$job", instance=~"$instance"'
RUNBOOKS = "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/monitoring/"

dashboard = Dashboard(
    title="Monitoring / Prometheus",
    uid="monitoring-prometheus",
    description=__doc__.splitlines()[0],
    tags=["monitoring", "prometheus", "team:sre"],
    timezone="utc",
    refresh="1m",
    links=[
        DashboardLink(title="Runbooks", type="link", uri=RUNBOOKS, targetBlank=True),
    ],
    templating=Templating(list=[
        Template(name="datasource", type="datasource", query="prometheus", label="Data source"),
        Template(name="job", label="Job", dataSource=DATASOURCE, query='label_values(prometheus_tsdb_head_series, job)',
                 default="prometheus-k8s", refresh=1),
        Template(name="instance", label="Instance", dataSource=DATASOURCE,
                 query='label_values(prometheus_tsdb_head_series{job="$job"}, instance)', includeAll=True, multi=True,
                 refresh=1),
    ]),
    panels=[
        RowPanel(title="Rule evaluation", gridPos=GridPos(h=1, w=24, x=0, y=0)),
        Stat(
            title="Failing rule groups",
            description="Rule groups with evaluation failures in the last 5 minutes (alert: PrometheusRuleEvaluationFailures).",
            dataSource=DATASOURCE,
            targets=[Target(expr=f"count(increase(prometheus_rule_evaluation_failures_total{{{INSTANCE}}}[5m]) > 0) or vector(0)",
                            refId="A")],
            thresholdType="absolute",
            thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}],
            gridPos=GridPos(h=6, w=6, x=0, y=1),
        ),
        TimeSeries(
            title="Rule evaluation failures",
            dataSource=DATASOURCE,
            unit="ops",
            targets=[Target(expr=f"sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total{{{INSTANCE}}}[$__rate_interval]))",
                            legendFormat="{{rule_group}}", refId="A")],
            gridPos=GridPos(h=6, w=18, x=6, y=1),
        ),
        TimeSeries(
            title="Slowest rule groups against their interval",
            description="A group whose evaluation takes longer than its interval misses iterations.",
            dataSource=DATASOURCE,
            unit="percentunit",
            targets=[Target(expr=f"topk(10, prometheus_rule_group_last_duration_seconds{{{INSTANCE}}}"
                                 f" / prometheus_rule_group_interval_seconds{{{INSTANCE}}})",
                            legendFormat="{{rule_group}}", refId="A")],
            gridPos=GridPos(h=8, w=24, x=0, y=7),
        ),
        RowPanel(title="Notifications", gridPos=GridPos(h=1, w=24, x=0, y=15)),
        TimeSeries(
            title="Notification error ratio",
            description="Share of notifications to Alertmanager that failed (alert: PrometheusNotificationsFailing).",
            dataSource=DATASOURCE,
            unit="percentunit",
            targets=[Target(expr=f"instance:prometheus_notifications_errors:ratio_rate5m{{{INSTANCE}}}",
                            legendFormat="{{instance}}", refId="A")],
            gridPos=GridPos(h=8, w=12, x=0, y=16),
        ),
        TimeSeries(
            title="Notification queue",
            dataSource=DATASOURCE,
            unit="short",
            targets=[
                Target(expr=f"prometheus_notifications_queue_length{{{INSTANCE}}}", legendFormat="{{instance}} queued", refId="A"),
                Target(expr=f"prometheus_notifications_queue_capacity{{{INSTANCE}}}", legendFormat="{{instance}} capacity", refId="B"),
            ],
            gridPos=GridPos(h=8, w=12, x=12, y=16),
        ),
    ],
).auto_panel_ids()
