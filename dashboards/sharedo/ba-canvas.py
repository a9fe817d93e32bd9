"""BA canvas: availability, latency, LLM calls and cost of the business-analysis canvas, and how its synthetic interviews score.

The canvas (Ingress ba-canvas/ba-canvas, canvas.platform.internal) runs business-analysis
interviews with an LLM. It has no exporter of its own: it is measured at the ingress controller
(the SLI of slo-catalog/ba-canvas.yaml), by the blackbox probe of /health/ready, by the LiteLLM
calls of its LiteLLM team (team_alias ba-canvas) and by the AI health runner's ba-interview suite.
"""

from grafanalib.core import DashboardLink

from dashboards.lib import (
    COUNT,
    PERCENT_UNIT,
    REQUESTS,
    SECONDS,
    USD,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbook,
    runbooks_link,
    stat,
    timeseries,
)

# The canvas at the ingress: the SLO's Ingress, narrowed to the hosts picked.
CANVAS = 'cluster=~"$cluster", namespace="ba-canvas", ingress="ba-canvas", host=~"$host"'
REQUESTS_SERIES = "nginx_ingress_controller_requests"
# The blackbox probe of https://canvas.<env>.platform.internal/health/ready (instance is the probed URL).
PROBE = 'cluster=~"$cluster", instance=~"https://canvas[.].+"'
# LiteLLM calls made with the canvas' LiteLLM team.
TEAM = 'cluster=~"$cluster", team_alias="ba-canvas"'
# The AI health runner's synthetic BA interviews.
SUITE = 'cluster=~"$cluster", suite="ba-interview"'
SLO = 'cluster=~"$cluster", sloth_id="ba-canvas-requests-availability"'

service_level = row(
    "Service level",
    stat(
        "Availability, 30 days",
        f"1 - slo:sli_error:ratio_rate30d{{{SLO}}}",
        unit=PERCENT_UNIT, decimals=3,
        thresholds=[(None, "red"), (0.995, "green")],
        description="Share of canvas requests without a server error over the SLO's 30 days (all hosts); red below "
                    "the 99.5 % objective of slo-ba-canvas.",
    ),
    stat(
        "Error budget left",
        f"slo:period_error_budget_remaining:ratio{{{SLO}}}",
        unit=PERCENT_UNIT,
        thresholds=[(None, "red"), (0, "orange"), (0.25, "green")],
        description="Share of the 30-day error budget (216 minutes of errors) still unspent. Orange below 25 %, where "
                    "the runbook escalates; red when spent (release freeze).",
    ),
    stat(
        "Burn rate (5 m)",
        f"slo:current_burn_rate:ratio{{{SLO}}}",
        unit=COUNT, decimals=1,
        thresholds=[(None, "green"), (1, "yellow"), (6, "orange"), (14.4, "red")],
        description="How many times faster than sustainable the budget burns now. BACanvasAvailabilityBudgetBurn pages "
                    "at 14.4x (1 h) or 6x (6 h) and tickets at 3x or 1x; good is below 1.",
    ),
    stat(
        "Server errors now",
        f'(sum(rate({REQUESTS_SERIES}{{{CANVAS}, status=~"5.."}}[$__rate_interval])) or vector(0))'
        f" / sum(rate({REQUESTS_SERIES}{{{CANVAS}}}[$__rate_interval]))",
        unit=PERCENT_UNIT, decimals=2,
        thresholds=[(None, "green"), (0.005, "orange"), (0.072, "red")],
        description="Share of requests answered 5xx. Orange above the 0.5 % budget, red above 7.2 %, the 14.4x burn "
                    "at which the SLO pages.",
    ),
    stat(
        "Probe success (5 m)",
        f"min(instance:probe_success:avg5m{{{PROBE}}})",
        unit=PERCENT_UNIT,
        thresholds=[(None, "red"), (0.5, "orange"), (1, "green")],
        description="Share of /health/ready probes that succeeded over 5 minutes, across all probers. Below 50 % for "
                    "3 minutes pages as BlackboxProbeFailing; good is 100 %.",
    ),
    stat(
        "TLS certificate expires in",
        f"min(instance:probe_ssl_earliest_cert_expiry:seconds_remaining{{{PROBE}}})",
        unit=SECONDS,
        thresholds=[(None, "red"), (3 * 86400, "orange"), (21 * 86400, "green")],
        description="Time left on the certificate the canvas presents. Orange under 21 days "
                    "(BlackboxProbeCertificateExpiringSoon), red under 3 days (BlackboxProbeCertificateExpiryImminent); "
                    "cert-manager renews at 30 days.",
    ),
    stat(
        "LLM budget left",
        f"min(cluster_team_alias:litellm_team_budget_remaining:ratio{{{TEAM}}})",
        unit=PERCENT_UNIT,
        thresholds=[(None, "red"), (0.001, "orange"), (0.1, "green")],
        description="Share of the ba-canvas LiteLLM team's budget left. Orange under 10 % "
                    "(LiteLLMTeamBudgetNearlyExhausted), red when used up (LiteLLMTeamBudgetExhausted): LiteLLM rejects "
                    "the interview turns and the canvas falls back to manual mode.",
    ),
    stat(
        "Last BA interview run",
        f"time() - max(ai_health_last_run_timestamp_seconds{{{SUITE}}})",
        unit=SECONDS,
        thresholds=[(None, "green"), (3600, "orange"), (7200, "red")],
        description="Time since the AI health runner last finished a ba-interview run (scheduled every 30 minutes). "
                    "Red after 2 hours (AIHealthRunnerStale): the interview quality below is stale.",
    ),
)

ingress = row(
    "Requests at the ingress",
    timeseries(
        "Requests by status",
        f"sum by (status) (rate({REQUESTS_SERIES}{{{CANVAS}}}[$__rate_interval]))",
        unit=REQUESTS, stack=True,
        description="Canvas requests per second (page loads, saves, AI interview turns) by HTTP status. Mostly 2xx "
                    "and 3xx; 5xx spend the SLO budget, 4xx do not.",
    ),
    timeseries(
        "Server error ratio against the budget",
        [
            (f'(sum(rate({REQUESTS_SERIES}{{{CANVAS}, status=~"5.."}}[$__rate_interval])) or vector(0))'
             f" / sum(rate({REQUESTS_SERIES}{{{CANVAS}}}[$__rate_interval]))", "5xx share"),
            (f"slo:error_budget:ratio{{{SLO}}}", "error budget (0.5 %)"),
        ],
        unit=PERCENT_UNIT,
        description="Share of requests answered 5xx, the SLI of BACanvasAvailabilityBudgetBurn, against the 0.5 % the "
                    "objective allows. Good is a flat line well under the budget.",
    ),
    timeseries(
        "Server errors by path (top 10)",
        f'topk(10, sum by (path, status) (rate({REQUESTS_SERIES}{{{CANVAS}, status=~"5.."}}[$__rate_interval])))',
        unit=REQUESTS,
        description="5xx per second by Ingress path and status: the first diagnosis step of the BA canvas runbook. "
                    "Errors on the interview path with healthy saves point at the LiteLLM gateway.",
    ),
    timeseries(
        "Request latency",
        [
            (f"histogram_quantile({q}, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket"
             f"{{{CANVAS}}}[$__rate_interval])))", f"p{int(q * 100)}")
            for q in (0.5, 0.95, 0.99)
        ],
        unit=SECONDS,
        description="Time from the first request byte to the last response byte at the ingress. Page loads and saves "
                    "take well under a second; interview turns wait for the LLM (buckets end at 10 s).",
    ),
)

probes = row(
    "Synthetic probe",
    timeseries(
        "Probe success",
        [
            (f"instance:probe_success:avg5m{{{PROBE}}}", "all probers (5 m)"),
            (f"min by (pod) (probe_success{{{PROBE}}})", "prober {{pod}}"),
        ],
        unit=PERCENT_UNIT, minimum=0, maximum=1,
        description="Probes of /health/ready from outside the cluster. All probers below 50 % for 3 minutes pages "
                    "(BlackboxProbeFailing); one prober alone failing is that prober's network.",
    ),
    timeseries(
        "Probe duration by phase",
        [
            (f"avg by (phase) (probe_http_duration_seconds{{{PROBE}}})", "{{phase}}"),
            (f"instance:probe_duration_seconds:avg_successful5m{{{PROBE}}}", "successful probes, total (5 m)"),
        ],
        unit=SECONDS,
        description="Where probe time goes (resolve, connect, tls, processing, transfer). Successful probes averaging "
                    "over 2 s for 15 minutes fire BlackboxProbeSlow; a health endpoint answers in well under 300 ms.",
    ),
    timeseries(
        "Probe HTTP status",
        f"max by (pod) (probe_http_status_code{{{PROBE}}})",
        unit=COUNT, width=24, height=6,
        description="Final HTTP status each prober received (0: no answer). Any status of 300 or more in every "
                    "5-minute window for 10 minutes fires BlackboxProbeHttpErrorStatus; good is 200.",
    ),
)

llm = row(
    "AI interview turns (LiteLLM team ba-canvas)",
    timeseries(
        "LLM requests by model and status",
        f"sum by (requested_model, status_code) (rate(litellm_proxy_total_requests_metric_total{{{TEAM}}}[$__rate_interval]))",
        unit=REQUESTS, stack=True,
        description="Requests the canvas sent through the LiteLLM gateway, by model and HTTP status; they follow "
                    "the interview traffic. Anything but 200 is a failed or rejected interview turn.",
    ),
    timeseries(
        "Failed LLM requests by exception",
        f"sum by (exception_status, exception_class) "
        f"(rate(litellm_proxy_failed_requests_metric_total{{{TEAM}}}[$__rate_interval]))",
        unit=REQUESTS, stack=True,
        description="Requests LiteLLM answered with an error, by status and exception: 429 rate limits, "
                    "BudgetExceededError (LiteLLMRequestsRejectedByBudget), upstream timeouts. Good is none.",
    ),
    timeseries(
        "Rate-limited share",
        f"cluster_team_alias:litellm_proxy_requests_rate_limited:rate5m{{{TEAM}}}"
        f" / on (cluster, team_alias, llm_team) cluster_team_alias:litellm_proxy_requests:rate5m{{{TEAM}}}",
        unit=PERCENT_UNIT,
        description="Share of the team's requests rejected with 429 over 5 minutes; above 5 % for 10 minutes fires "
                    "LiteLLMRequestsRateLimited. Interviews first slow down (client retries), then fail.",
    ),
    timeseries(
        "LLM latency, p95",
        [
            (f"histogram_quantile(0.95, sum by (le, model_group) "
             f"(rate(litellm_request_total_latency_metric_bucket{{{TEAM}}}[$__rate_interval])))", "{{model_group}} total"),
            (f"histogram_quantile(0.95, sum by (le, model_group) "
             f"(rate(litellm_llm_api_time_to_first_token_metric_bucket{{{TEAM}}}[$__rate_interval])))",
             "{{model_group}} first token"),
        ],
        unit=SECONDS,
        description="95th percentile of an interview turn through the gateway, and of the first streamed token, which "
                    "is what the analyst waits for; a first token within a few seconds keeps the interview fluent.",
    ),
)

cost = row(
    "LLM cost",
    timeseries(
        "Spend per hour against last week",
        [
            (f"cluster_team_alias:litellm_spend:increase1h{{{TEAM}}}", "last hour"),
            (f"sum(increase(litellm_spend_metric_total{{{TEAM}}}[1h] offset 1w))", "same hour last week"),
        ],
        unit=USD,
        description="USD spent by the canvas in the trailing hour (a fixed 1-hour window) and in the same hour a week "
                    "earlier. More than 3 times last week and over 10 USD fires LiteLLMTeamSpendSpike.",
    ),
    timeseries(
        "Spend per hour by model",
        f"sum by (model) (increase(litellm_spend_metric_total{{{TEAM}}}[1h]))",
        unit=USD, stack=True,
        description="USD spent in the trailing hour (fixed 1-hour window) per model. A shift to a larger model or "
                    "longer interviews shows here before it shows in the budget.",
    ),
)

interviews = row(
    "Synthetic BA interviews (AI health runner)",
    timeseries(
        "Pass rate against the 7-day baseline",
        [
            (f"suite:ai_health_checks_pass:ratio_increase2h{{{SUITE}}}", "last 2 h"),
            (f"suite:ai_health_checks_pass:ratio_increase7d{{{SUITE}}}", "last 7 d"),
            (f"suite:ai_health_checks_pass:ratio_increase7d{{{SUITE}}} - 0.15", "alert line (7 d - 15 points)"),
        ],
        unit=PERCENT_UNIT, maximum=1,
        description="Share of synthetic BA interviews that passed over 2 hours and 7 days. The 2-hour rate below the "
                    "alert line for 30 minutes fires AIHealthPassRateDropped.",
    ),
    timeseries(
        "Failed scenarios, last 2 h (top 10)",
        f'topk(10, sum by (scenario) (increase(ai_health_checks_total{{{SUITE}, result="fail"}}[2h])))',
        unit=COUNT,
        description="Failed runs per interview scenario over a fixed 2-hour window, the pass-rate alert's window. "
                    "The same scenario failing again and again is a regression, not flakiness.",
    ),
    timeseries(
        "Interview scores",
        [(f"suite_metric:ai_health_score:avg{{{SUITE}}}", "{{metric}}")],
        unit=PERCENT_UNIT, minimum=0, maximum=1,
        description="Average Ragas/Evidently score of the ba-interview scenarios per metric. Faithfulness under 0.8 "
                    "(RAGAnswerFaithfulnessLow) or retrieval coverage under 0.7 (RAGRetrievalCoverageLow) for an hour alerts.",
    ),
    timeseries(
        "Cost per synthetic interview",
        [
            (f"suite:ai_health_run_cost_usd_per_check:ratio_increase6h{{{SUITE}}}", "last 6 h"),
            (f"2 * suite:ai_health_run_cost_usd_per_check:ratio_increase7d{{{SUITE}}}", "2 x 7-day average"),
        ],
        unit=USD,
        description="USD per synthetic interview over 6 hours against twice its 7-day average; above it (and over "
                    "2 USD in 6 hours) fires AIHealthRunCostAnomaly: a model, prompt or retry change.",
    ),
)

dashboard = golden(
    uid="sharedo-ba-canvas",
    title="Sharedo / BA canvas",
    team="sharedo",
    description=__doc__.splitlines()[0],
    tags=["sharedo", "ai"],
    links=[
        DashboardLink(title="Runbook: BA canvas SLO", type="link", uri=runbook("slo/ba-canvas.md"), targetBlank=True),
        runbooks_link("slo/"),
        link_to("slo-ba-canvas", "SLO: BA canvas"),
        link_to("slo-litellm-gateway", "SLO: LiteLLM gateway"),
        link_to("slo-front-door-probes", "SLO: Front door probes"),
        link_to("sharedo-work-types", "Sharedo / Work types"),
    ],
    variables=[
        cluster('nginx_ingress_controller_requests{namespace="ba-canvas", ingress="ba-canvas"}'),
        label("host", 'nginx_ingress_controller_requests{cluster=~"$cluster", namespace="ba-canvas", ingress="ba-canvas"}',
              title="Host"),
    ],
    rows=[service_level, ingress, probes, llm, cost, interviews],
)
