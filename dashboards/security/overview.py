"""Security overview: Falco runtime detections and whether Falco sees every node, authentication failures and request spikes at the ingress, and vulnerabilities and secrets in running images.

Built on Falco's native metrics (metrics/falco.yaml), ingress-nginx (metrics/ingress-nginx.yaml),
the Trivy Operator (metrics/trivy-operator.yaml) and kube-state-metrics, through the recordings of
alerts/security/. Falco priorities are numeric in the metrics: 0 emergency, 1 alert, 2 critical,
3 error, 4 warning, 5 notice, 6 informational, 7 debug. The Falco events themselves (process,
container, command line) are in Loki; this dashboard says where and how often.
"""

from dashboards.lib import (
    COUNT,
    OPS,
    PERCENT_UNIT,
    REQUESTS,
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
# The ingress hosts picked (recordings by namespace, ingress and host).
HOST = 'cluster=~"$cluster", host=~"$host"'
MATCHES = "rule:falcosecurity_falco_rules_matches:increase5m"
FALCO_DS = 'cluster=~"$cluster", namespace="falco", daemonset="falco"'
# The workload container an image runs in: what TrivyCriticalVulnerabilities and TrivyImageExposedSecrets name.
WORKLOAD = "namespace, resource_kind, resource_name, container_name, image_registry, image_repository, image_tag"
AUTH = "host:nginx_ingress_controller_requests_auth_failures:rate5m"
CLIENT = "host:nginx_ingress_controller_requests_client_errors:rate5m"
TOTAL = "host:nginx_ingress_controller_requests:rate5m"

glance = row(
    "At a glance",
    stat(
        "Critical Falco matches (5 m)",
        f'sum({MATCHES}{{{CLUSTER}, priority=~"0|1|2"}}) or vector(0)',
        unit=COUNT,
        thresholds=[(None, "green"), (1, "red")],
        description="Matches of emergency, alert and critical Falco rules in the last 5 minutes. Any match pages "
                    "security (FalcoCriticalRuleMatched): treat it as a live intrusion until the event in Loki says otherwise.",
    ),
    stat(
        "Error-priority Falco matches (5 m)",
        f'sum({MATCHES}{{{CLUSTER}, priority="3"}}) or vector(0)',
        unit=COUNT,
        thresholds=[(None, "green"), (1, "orange")],
        description="Matches of error-priority Falco rules (writes below /etc or binary directories) in the last "
                    "5 minutes; any fires FalcoErrorRuleMatched to #security-alerts. Good is zero.",
    ),
    stat(
        "Nodes without Falco",
        f"count(count by (node) (kube_node_info{{{CLUSTER}}}))"
        f" - (max(kube_daemonset_status_number_available{{{FALCO_DS}}}) or vector(0))",
        unit=COUNT,
        thresholds=[(None, "green"), (1, "orange")],
        description="Nodes of the cluster minus available pods of DaemonSet falco/falco: nodes running without runtime "
                    "detection. Above zero for 15 minutes fires FalcoNodesUnprotected.",
    ),
    stat(
        "Falco pods not scraped",
        f'count(up{{{CLUSTER}, job="falco"}} == 0) or vector(0)',
        unit=COUNT,
        thresholds=[(None, "green"), (1, "orange")],
        description="Falco targets whose last scrape failed; 10 minutes of that fires FalcoDown, and critical matches "
                    "on those nodes go unseen. Good is zero.",
    ),
    stat(
        "Worst kernel event drop ratio",
        f"max(sum by (node, pod) (rate(falcosecurity_scap_n_drops_total{{{CLUSTER}}}[$__rate_interval]))"
        f" / sum by (node, pod) (rate(falcosecurity_scap_n_evts_total{{{CLUSTER}}}[$__rate_interval])))",
        unit=PERCENT_UNIT, decimals=2,
        thresholds=[(None, "green"), (0.01, "orange")],
        description="Share of kernel events the capture engine of the worst node dropped. Above 1 % for 15 minutes "
                    "fires FalcoKernelEventsDropping: syscalls go uninspected. Good is zero.",
    ),
    stat(
        "Worst auth-failure rate (one host)",
        f"max({AUTH}{{{HOST}}})",
        unit=REQUESTS, decimals=2,
        thresholds=[(None, "green"), (0.5, "orange")],
        description="401/403 answers per second on the host with the most. Above 0.5/s and 5 times the host's daily "
                    "average for 10 minutes fires IngressNginxAuthFailureSpike.",
    ),
    stat(
        "Containers with critical CVEs",
        f'count(sum by ({WORKLOAD}) (trivy_image_vulnerabilities{{{CLUSTER}, severity="Critical"}}) > 0) or vector(0)',
        unit=COUNT,
        thresholds=[(None, "green"), (1, "orange")],
        description="Running workload containers whose image has at least one critical vulnerability; each fires "
                    "TrivyCriticalVulnerabilities after 30 minutes (patch within days under the vulnerability policy).",
    ),
    stat(
        "Containers with exposed secrets",
        f'count(sum by ({WORKLOAD}) (trivy_image_exposedsecrets{{{CLUSTER}, severity=~"Critical|High"}}) > 0) or vector(0)',
        unit=COUNT,
        thresholds=[(None, "green"), (1, "red")],
        description="Running workload containers whose image holds a critical or high severity secret (keys, tokens); "
                    "each fires TrivyImageExposedSecrets. Anyone who can pull the image holds the secret: rotate it.",
    ),
)

falco_matches = row(
    "Falco rule matches",
    timeseries(
        "Matches by priority",
        [(f"sum by (priority) ({MATCHES}{{{CLUSTER}}})", "priority {{priority}}")],
        unit=COUNT, stack=True,
        description="Rule matches in the trailing 5 minutes by numeric priority (0-2 page, 3 warns, 4 and below are "
                    "context in Loki). Counts a rule's first match after a Falco restart too.",
    ),
    timeseries(
        "Top matching rules",
        [(f"topk(10, sum by (rule_name, priority) ({MATCHES}{{{CLUSTER}}}))", "{{rule_name}} (priority {{priority}})")],
        unit=COUNT,
        description="The ten rules with the most matches in the trailing 5 minutes. A noisy low-priority rule is a "
                    "tuning task; any priority 0-3 rule here needs a human.",
    ),
    timeseries(
        "Priority 0-3 matches per node",
        [(f'sum by (node, rule_name) ({MATCHES}{{{CLUSTER}, priority=~"0|1|2|3"}})', "{{node}}: {{rule_name}}")],
        unit=COUNT, width=24,
        description="Where the matches that alert happen: node and rule, in the trailing 5 minutes. Several nodes at "
                    "once suggests a rollout or a campaign; one node, one workload to isolate. Good is empty.",
    ),
)

falco_health = row(
    "Falco coverage and health",
    timeseries(
        "Falco coverage",
        [
            (f"count(count by (node) (kube_node_info{{{CLUSTER}}}))", "nodes"),
            (f"max(kube_daemonset_status_number_available{{{FALCO_DS}}})", "available Falco pods"),
            (f'sum(up{{{CLUSTER}, job="falco"}})', "Falco pods scraped"),
        ],
        unit=COUNT,
        description="Nodes against available and scraped Falco pods; the three lines coincide when every node is "
                    "watched. A gap fires FalcoNodesUnprotected (available) or FalcoDown (scraped).",
    ),
    timeseries(
        "Kernel event drop ratio per node",
        [(f"sum by (node) (rate(falcosecurity_scap_n_drops_total{{{CLUSTER}}}[$__rate_interval]))"
          f" / sum by (node) (rate(falcosecurity_scap_n_evts_total{{{CLUSTER}}}[$__rate_interval]))", "{{node}}")],
        unit=PERCENT_UNIT,
        description="Share of kernel events the capture engine dropped per node; above 1 % for 15 minutes fires "
                    "FalcoKernelEventsDropping (GPU nodes with heavy I/O first). Good is zero.",
    ),
    timeseries(
        "Kernel events captured per node",
        [(f"sum by (node) (rate(falcosecurity_scap_n_evts_total{{{CLUSTER}}}[$__rate_interval]))", "{{node}}")],
        unit=OPS,
        description="Syscall events per second Falco inspects on each node. A node at zero while its pods run is "
                    "blind; a surge explains drops.",
    ),
    timeseries(
        "Alerts dropped by the outputs queue",
        [(f"sum by (node) (rate(falcosecurity_falco_outputs_queue_num_drops_total{{{CLUSTER}}}[$__rate_interval]))",
          "{{node}}")],
        unit=OPS,
        description="Falco alerts per second lost because the outputs queue was full: rules matched but the events "
                    "never reached Loki. Any drop fires FalcoAlertsDropped; good is zero.",
    ),
)

ingress = row(
    "Ingress authentication and request spikes",
    timeseries(
        "Auth failures (401/403) against 5 times their daily average",
        [
            (f"{AUTH}{{{HOST}}}", "{{host}}"),
            (f"5 * last_over_time({AUTH}_avg1d{{{HOST}}}[10m])", "{{host}} 5 x daily average"),
        ],
        unit=REQUESTS,
        description="401/403 answers per second per host over 5 minutes, against 5 times the host's average of the "
                    "previous day. Above both that line and 0.5/s for 10 minutes fires IngressNginxAuthFailureSpike.",
    ),
    timeseries(
        "Other 4xx against 5 times their daily average",
        [
            (f"{CLIENT}{{{HOST}}}", "{{host}}"),
            (f"5 * last_over_time({CLIENT}_avg1d{{{HOST}}}[10m])", "{{host}} 5 x daily average"),
        ],
        unit=REQUESTS,
        description="4xx other than 401/403 (404 enumeration, 400 fuzzing, 429) per host, against 5 times its daily "
                    "average. Above both that line and 1/s for 15 minutes fires IngressNginxClientErrorSpike.",
    ),
    timeseries(
        "Requests against 3 times the weekly peak",
        [
            (f"{TOTAL}{{{HOST}}}", "{{host}}"),
            (f"3 * last_over_time({TOTAL}_max1w{{{HOST}}}[10m])", "{{host}} 3 x weekly peak"),
        ],
        unit=REQUESTS,
        description="Requests per second per host against 3 times its busiest 5 minutes of the past week. Above both "
                    "and 5 req/s for 10 minutes fires IngressNginxRequestRateSpike (scraping, DoS, runaway client).",
    ),
    timeseries(
        "Auth failures by path (top 10)",
        f'topk(10, sum by (host, path, status) (rate(nginx_ingress_controller_requests{{{HOST}, status=~"401|403"}}'
        f"[$__rate_interval])))",
        unit=REQUESTS,
        description="Where the 401/403 go: host, Ingress path and status. One login path is password guessing; many "
                    "API paths with one token a leaked or revoked credential.",
    ),
)

trivy = row(
    "Vulnerabilities and secrets (Trivy)",
    timeseries(
        "Vulnerabilities in running images by severity",
        f"sum by (severity) (trivy_image_vulnerabilities{{{CLUSTER}}})",
        unit=COUNT, stack=True,
        description="Known vulnerabilities across the images of running workloads (current revisions only), by "
                    "severity. Critical should trend to zero within days of a fix being released.",
    ),
    timeseries(
        "Critical vulnerabilities per container (top 10)",
        [(f'topk(10, sum by ({WORKLOAD}) (trivy_image_vulnerabilities{{{CLUSTER}, severity="Critical"}}))',
          "{{namespace}}/{{resource_name}} {{container_name}} ({{image_repository}}:{{image_tag}})")],
        unit=COUNT,
        description="Workload containers with the most critical vulnerabilities; each one above zero for 30 minutes "
                    "fires TrivyCriticalVulnerabilities. Good is empty.",
    ),
    timeseries(
        "Exposed secrets per container",
        [(f'sum by ({WORKLOAD}) (trivy_image_exposedsecrets{{{CLUSTER}, severity=~"Critical|High"}}) > 0',
          "{{namespace}}/{{resource_name}} {{container_name}} ({{image_repository}}:{{image_tag}})")],
        unit=COUNT, width=24,
        description="Critical or high severity secrets baked into the images of running containers; each fires "
                    "TrivyImageExposedSecrets after 30 minutes. Good is empty: rotate the secret, then rebuild the image.",
    ),
)

dashboard = golden(
    uid="security-overview",
    title="Security / Overview",
    team="security",
    description=__doc__.splitlines()[0],
    tags=["security"],
    links=[
        runbooks_link("security/"),
        link_to("security-policy-engine", "Security / Policy engine"),
        link_to("slo-front-door-probes", "SLO: Front door probes"),
    ],
    variables=[
        cluster("kube_node_info"),
        label("host", f'{TOTAL}{{cluster=~"$cluster"}}', title="Ingress host"),
    ],
    rows=[glance, falco_matches, falco_health, ingress, trivy],
)
