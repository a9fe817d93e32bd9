"""AI agents: runs, success, duration, model calls, tokens and cost per agent workflow, and the agent health suites.

The agents run as Temporal workflows (Temporal namespace `ai-platform`, one workflow type per agent,
e.g. AgentRunWorkflow on task queue `agents`) and call their models through the LiteLLM gateway.
Temporal's completion counters (workflow_success/failed/timeout, tally names without `_total`) and
its workflow_schedule_to_close_latency histogram carry `workflowType`, so runs, outcomes and
durations are per agent. LiteLLM's series do not: they carry the calling key's `team_alias` and the
`requested_model`. Pick the LiteLLM team(s) the agent workers' keys belong to in `LiteLLM team`;
the per-run ratios (cost and tokens per run) divide that selection's spend by the selected agents'
runs, so they are per agent exactly when an agent has a team (or key) of its own.
The AI health runner's agent suites are the synthetic BA interviews (`ba-interview`) and matter flows
(`matter-flow`); its RAG and document-extraction suites are left to their own dashboards.
"""

from grafanalib.core import DashboardLink, Template

from dashboards.lib import (
    COUNT,
    DATASOURCE,
    OPS,
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
    stat,
    timeseries,
)

# Temporal server series of the selected agent workflows (`namespace` is the Temporal namespace there).
AGENT = 'cluster=~"$cluster", namespace=~"$namespace", workflowType=~"$workflow_type"'
# LiteLLM series of the agents' teams and models.
LLM = 'cluster=~"$cluster", team_alias=~"$team_alias", requested_model=~"$requested_model"'
# The AI health runner suites that exercise agents.
SUITES = 'cluster=~"$cluster", suite=~"ba-interview|matter-flow"'


def runbooks(folder: str, title: str) -> DashboardLink:
    """A link to one runbook folder (the lib's runbooks_link() titles every link "Runbooks")."""
    return DashboardLink(title=title, type="link", uri=runbook(folder), targetBlank=True)


def label_defaulting(name: str, series: str, default: str, *, title: str) -> Template:
    """label(), preselecting `default` instead of All."""
    return Template(name=name, label=title, dataSource=DATASOURCE, query=f"label_values({series}, {name})",
                    multi=True, includeAll=True, refresh=2, sort=1, default=default)


def runs(window: str) -> str:
    """Agent runs that finished (completed, failed or timed out) within `window`, summed."""
    return " + ".join(f"(sum(increase({counter}{{{AGENT}}}[{window}])) or vector(0))"
                      for counter in ("workflow_success", "workflow_failed", "workflow_timeout"))


def per_run(counter: str, window: str) -> str:
    """What the selected LiteLLM teams used of `counter` within `window`, per agent run finished in it."""
    return f"sum(increase({counter}{{{LLM}}}[{window}])) / (({runs(window)}) > 0)"


def quantile(q: float, histogram: str, by: str, selector: str, window: str = "$__rate_interval") -> str:
    """The q-quantile of a histogram per `by` (nothing: over everything selected)."""
    grouping = f"le, {by}" if by else "le"
    return f"histogram_quantile({q}, sum by ({grouping}) (rate({histogram}_bucket{{{selector}}}[{window}])))"


dashboard = golden(
    uid="ai-agents",
    title="AI / Agents",
    team="ai-platform",
    description=__doc__.splitlines()[0],
    tags=["ai", "agents", "temporal", "litellm"],
    links=[
        runbooks("temporal/", "Runbooks: Temporal"),
        runbooks("llm-cost/", "Runbooks: LLM cost"),
        runbooks("ai-quality/", "Runbooks: AI quality"),
        link_to("slo-temporal", "SLOs / temporal"),
        link_to("slo-litellm-gateway", "SLOs / litellm-gateway"),
        link_to("ai-llm-gateway-cost", "AI / LLM gateway cost"),
        link_to("ai-llm-serving", "AI / LLM serving"),
        link_to("ai-gpu", "AI / GPU"),
    ],
    variables=[
        cluster("workflow_success"),
        label_defaulting("namespace", 'workflow_success{cluster=~"$cluster"}', "ai-platform",
                         title="Temporal namespace"),
        label("workflow_type", 'workflow_success{cluster=~"$cluster", namespace=~"$namespace"}',
              title="Agent workflow", source_label="workflowType"),
        label("taskqueue", 'task_schedule_to_start_latency_bucket{cluster=~"$cluster", namespace=~"$namespace"}',
              title="Task queue"),
        label("team_alias", 'litellm_proxy_total_requests_metric_total{cluster=~"$cluster"}', title="LiteLLM team"),
        label("requested_model",
              'litellm_proxy_total_requests_metric_total{cluster=~"$cluster", team_alias=~"$team_alias"}',
              title="Model"),
    ],
    rows=[
        row(
            "Overview (selected time range)",
            stat(
                "Agent runs finished",
                runs("$__range"),
                unit=COUNT,
                decimals=0,
                description="Runs of the selected agent workflows that completed, failed or timed out in the selected "
                            "time range (Temporal completion counters). Compare with the same range last week.",
            ),
            stat(
                "Run success ratio",
                f"(sum(increase(workflow_success{{{AGENT}}}[$__range])) or vector(0)) / (({runs('$__range')}) > 0)",
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "red"), (0.9, "yellow"), (0.995, "green")],
                description="Share of the finished runs that completed, over the selected range. The Temporal "
                            "workflow-success SLO wants 99.5 %; one workflow type under 90 % for 15 minutes is "
                            "TemporalWorkflowFailures.",
            ),
            stat(
                "p95 run duration",
                quantile(0.95, "workflow_schedule_to_close_latency", "", AGENT, "$__range"),
                unit=SECONDS,
                description="95 % of the runs finished in the selected range took less than this from start to close, "
                            "retries included. Temporal's buckets end at 1,000 s: a value of 1,000 means longer.",
            ),
            stat(
                "Model calls",
                f"sum(rate(litellm_proxy_total_requests_metric_total{{{LLM}}}[$__rate_interval]))",
                unit=REQUESTS,
                description="Requests per second the selected LiteLLM teams send to the gateway now. Agents call "
                            "models in bursts; a steady climb without more runs is an agent looping.",
            ),
            stat(
                "Model call error ratio",
                f"(sum(rate(litellm_proxy_failed_requests_metric_total{{{LLM}}}[$__rate_interval])) or vector(0))"
                f" / sum(rate(litellm_proxy_total_requests_metric_total{{{LLM}}}[$__rate_interval]))",
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "green"), (0.001, "yellow"), (0.05, "orange")],
                description="Share of the selected teams' gateway requests answered with an error (upstream model, "
                            "budget or rate limit). The gateway availability SLO allows 0.1 %.",
            ),
            stat(
                "LLM spend",
                f"sum(increase(litellm_spend_metric_total{{{LLM}}}[$__range]))",
                unit=USD,
                decimals=2,
                description="What the selected LiteLLM teams spent on the selected models in the time range. Budget "
                            "alerts (LiteLLMTeamBudget*) live on the LLM gateway cost dashboard.",
            ),
            stat(
                "Cost per agent run",
                per_run("litellm_spend_metric_total", "$__range"),
                unit=USD,
                decimals=3,
                description="Spend of the selected LiteLLM teams divided by the selected agent runs that finished in "
                            "the range. Per agent when its team or key is its own; a rise means longer loops or a "
                            "pricier model.",
            ),
            stat(
                "Agent suite pass rate vs 7 days",
                f"min(suite:ai_health_checks_pass:ratio_increase2h{{{SUITES}}}"
                f" - suite:ai_health_checks_pass:ratio_increase7d{{{SUITES}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "orange"), (-0.15, "green")],
                description="The worst agent suite's (ba-interview, matter-flow) 2-hour pass rate minus its 7-day "
                            "pass rate. Near 0 is good; 15 points below for 30 minutes is AIHealthPassRateDropped.",
            ),
        ),
        row(
            "Runs",
            timeseries(
                "Agent runs finished per minute",
                [
                    (f"sum by (workflowType) (rate(workflow_success{{{AGENT}}}[$__rate_interval])) * 60",
                     "{{workflowType}} completed"),
                    (f"sum by (workflowType) (rate(workflow_failed{{{AGENT}}}[$__rate_interval])) * 60",
                     "{{workflowType}} failed"),
                    (f"sum by (workflowType) (rate(workflow_timeout{{{AGENT}}}[$__rate_interval])) * 60",
                     "{{workflowType}} timed out"),
                    (f"sum by (workflowType) (rate(workflow_cancel{{{AGENT}}}[$__rate_interval])) * 60",
                     "{{workflowType}} cancelled"),
                    (f"sum by (workflowType) (rate(workflow_terminate{{{AGENT}}}[$__rate_interval])) * 60",
                     "{{workflowType}} terminated"),
                ],
                unit=COUNT, minimum=0, stack=True,
                description="Runs closed per minute by agent and outcome. Good is almost all completed; terminated "
                            "runs are someone stopping a stuck or runaway agent.",
            ),
            timeseries(
                "Failed or timed-out share per agent",
                [('namespace_workflowtype:temporal_workflow_failed:ratio_rate15m'
                  '{cluster=~"$cluster", namespace=~"$namespace", workflowType=~"$workflow_type"}', "{{workflowType}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of each agent's finished runs that failed or timed out over 15 minutes (recording). "
                            "Above 10 % for 15 minutes, with at least one run a minute, is TemporalWorkflowFailures.",
            ),
        ),
        row(
            "Duration and queueing",
            timeseries(
                "Run duration per agent",
                [
                    (quantile(0.5, "workflow_schedule_to_close_latency", "workflowType", AGENT), "{{workflowType}} p50"),
                    (quantile(0.95, "workflow_schedule_to_close_latency", "workflowType", AGENT), "{{workflowType}} p95"),
                ],
                unit=SECONDS, minimum=0,
                description="Median and p95 time from start to close of the runs finished, per agent. It grows with "
                            "model latency and loop length; Temporal's buckets end at 1,000 s (1,000 = longer).",
            ),
            timeseries(
                "Task queue schedule-to-start (p95)",
                [('namespace_taskqueue:temporal_task_schedule_to_start_latency_seconds:p95_rate5m'
                  '{cluster=~"$cluster", namespace=~"$namespace", taskqueue=~"$taskqueue"}',
                  "{{taskqueue}} {{task_type}}")],
                unit=SECONDS, minimum=0,
                description="How long agent tasks wait for a worker, p95 over 5 minutes (recording). Milliseconds "
                            "when workers keep up; above 10 s for 10 minutes is TemporalScheduleToStartLatencyHigh.",
            ),
            timeseries(
                "Activity duration per activity type (p95)",
                [(quantile(0.95, "activity_start_to_close_latency", "workflowType, activityType", AGENT),
                  "{{workflowType}} {{activityType}}")],
                unit=SECONDS, minimum=0,
                description="p95 of one attempt of each agent step (model call, tool, retrieval), per activity type. "
                            "The slowest step is where a slow run spends its time; compare model steps with the "
                            "model call latency below.",
                width=24,
            ),
        ),
        row(
            "Model calls",
            timeseries(
                "Model calls per second",
                [(f"sum by (team_alias, requested_model) "
                  f"(rate(litellm_proxy_total_requests_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{team_alias}} {{requested_model}}")],
                unit=REQUESTS, minimum=0, stack=True,
                description="Gateway requests per second by LiteLLM team and requested model. Should follow the runs "
                            "above; calls rising while runs do not is an agent looping or retrying.",
            ),
            timeseries(
                "Failed model calls by status",
                [(f"sum by (requested_model, exception_status) "
                  f"(rate(litellm_proxy_failed_requests_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{requested_model}} {{exception_status}}")],
                unit=REQUESTS, minimum=0, stack=True,
                description="Failed gateway requests per second by model and status. Good is none; 429 is a rate "
                            "limit (LiteLLMRequestsRateLimited), budget rejections are LiteLLMRequestsRejectedByBudget.",
            ),
            timeseries(
                "Model call latency (p95)",
                [
                    (quantile(0.95, "litellm_request_total_latency_metric", "requested_model", LLM),
                     "{{requested_model}} total"),
                    (quantile(0.95, "litellm_llm_api_time_to_first_token_metric", "requested_model", LLM),
                     "{{requested_model}} first token"),
                ],
                unit=SECONDS, minimum=0,
                description="p95 end-to-end gateway latency and upstream time to first token per model. The gateway "
                            "latency SLO wants 99 % of requests within 30 s; agents feel every second of it per step.",
                width=24,
            ),
        ),
        row(
            "Tokens and cost",
            timeseries(
                "Tokens per second",
                [
                    (f"sum by (requested_model) (rate(litellm_input_tokens_metric_total{{{LLM}}}[$__rate_interval]))",
                     "{{requested_model}} input"),
                    (f"sum by (requested_model) (rate(litellm_output_tokens_metric_total{{{LLM}}}[$__rate_interval]))",
                     "{{requested_model}} output"),
                ],
                unit=OPS, minimum=0,
                description="Input (prompt and context) and output tokens per second of the selected teams, per "
                            "model. Agents re-send their growing context at every step: input dwarfing output is "
                            "normal, input growing per run is a context that is never trimmed.",
            ),
            timeseries(
                "Spend per hour",
                [(f"sum by (team_alias, requested_model) "
                  f"(rate(litellm_spend_metric_total{{{LLM}}}[$__rate_interval])) * 3600",
                  "{{team_alias}} {{requested_model}}")],
                unit=USD, minimum=0, stack=True,
                description="USD per hour at the current rate, by LiteLLM team and model. A sudden step is a "
                            "runaway agent or a batch (LiteLLMTeamSpendSpike compares it with last week).",
            ),
            timeseries(
                "Cost per agent run (last hour)",
                [(per_run("litellm_spend_metric_total", "1h"), "USD per run")],
                unit=USD, minimum=0,
                description="Spend of the selected teams over the trailing hour divided by the agent runs finished in "
                            "it. Flat is good; a rise with flat runs means more steps per run or a pricier model.",
            ),
            timeseries(
                "Tokens per agent run (last hour)",
                [(per_run("litellm_total_tokens_metric_total", "1h"), "tokens per run")],
                unit=COUNT, minimum=0,
                description="Input plus output tokens of the selected teams over the trailing hour, per agent run "
                            "finished in it. Growth is longer loops or larger contexts per run.",
            ),
        ),
        row(
            "AI health runner: agent suites",
            timeseries(
                "Pass rate: 2 hours vs 7 days",
                [
                    (f"suite:ai_health_checks_pass:ratio_increase2h{{{SUITES}}}", "{{suite}} 2h"),
                    (f"suite:ai_health_checks_pass:ratio_increase7d{{{SUITES}}}", "{{suite}} 7d"),
                ],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of synthetic BA interviews and matter flows that passed, over 2 hours and over "
                            "7 days (recordings). The 2-hour line 15 points under the 7-day one for 30 minutes is "
                            "AIHealthPassRateDropped.",
            ),
            timeseries(
                "Suite scores",
                [(f"suite_metric:ai_health_score:avg{{{SUITES}}}", "{{suite}} {{metric}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Mean of the last scores over each suite's scenarios (recording). Faithfulness below 0.8 "
                            "and retrieval coverage below 0.7 for an hour are RAGAnswerFaithfulnessLow and "
                            "RAGRetrievalCoverageLow.",
            ),
            timeseries(
                "Step duration (p95, last hour)",
                [(quantile(0.95, "ai_health_step_duration_seconds", "suite, step", SUITES, "1h"), "{{suite}} {{step}}")],
                unit=SECONDS, minimum=0,
                description="p95 duration of each scenario step (retrieval, generation, total) over the trailing hour, "
                            "as the synthetic runs are sparse. Buckets end at 30 s: 30 means longer.",
            ),
            timeseries(
                "Time since the last finished run",
                [(f"time() - max by (suite) (ai_health_last_run_timestamp_seconds{{{SUITES}}})", "{{suite}}")],
                unit=SECONDS, minimum=0,
                description="Age of each suite's last finished run. Runs finish every 30 minutes or less; over 2 "
                            "hours for 15 minutes is AIHealthRunnerStale, and the scores above are stale.",
            ),
            timeseries(
                "Cost per synthetic check",
                [
                    (f"suite:ai_health_run_cost_usd_per_check:ratio_increase6h{{{SUITES}}}", "{{suite}} 6h"),
                    (f"suite:ai_health_run_cost_usd_per_check:ratio_increase7d{{{SUITES}}}", "{{suite}} 7d"),
                ],
                unit=USD, minimum=0,
                description="LLM spend per synthetic check over 6 hours and 7 days (recordings). 6 hours above twice "
                            "7 days, with more than 2 USD spent in them, is AIHealthRunCostAnomaly.",
                width=24,
            ),
        ),
    ],
)
