"""RAG and AI answer quality from the AI health runner, with Qdrant search and the RAG team's LiteLLM calls.

The AI health runner (metrics/ai-health-runner.yaml) replays synthetic BA interviews, matter flows,
RAG questions and document extractions on a schedule and scores them with Ragas/Evidently; the
panels here back the alerts of alerts/ai-quality/ and show the two services every RAG answer depends
on: Qdrant retrieval (alerts/qdrant/) and the LiteLLM calls of the RAG team. Scores are between 0 and
1 and shown as percentages. Each suite runs about every 30 minutes, so counters of the runner are
read over fixed windows of an hour or more (a shorter rate window would mostly hold no run); the
windows are named in each panel. The SLOs (faithfulness, retrieval latency, Qdrant search
availability) have their own dashboards: slo-rag and slo-qdrant.
"""

import attr

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
    runbooks_link,
    stat,
    timeseries,
    with_runbooks,
)

# The runner's series and the per-suite recordings of alerts/ai-quality/.
SUITE = 'cluster=~"$cluster", suite=~"$suite"'
# Qdrant search and query requests (REST and gRPC), as in slo-catalog/qdrant.yaml.
QDRANT = 'cluster=~"$cluster"'
REST_SEARCH = 'cluster=~"$cluster", endpoint=~".*/points/(search|query).*"'
# LiteLLM requests of the RAG service's team.
RAG_TEAM = 'cluster=~"$cluster", team_alias=~"$team_alias"'
# The LiteLLM team the RAG service calls with (litellm-cost tests use this alias).
RAG_TEAM_ALIAS = "rag-knowledge"


def score(metric: str) -> str:
    return f'suite_metric:ai_health_score:avg{{{SUITE}, metric="{metric}"}}'


dashboard = golden(
    uid="ai-rag-quality",
    title="AI / RAG quality",
    team="ai-platform",
    description=__doc__.splitlines()[0],
    tags=["ai", "rag", "quality", "qdrant"],
    links=[
        runbooks_link("ai-quality/"),
        link_to("slo-rag", "SLO / RAG"),
        link_to("slo-qdrant", "SLO / Qdrant"),
        link_to("slo-litellm-gateway", "SLO / LiteLLM gateway"),
        link_to("ai-llm-gateway-cost", "AI / LLM gateway cost"),
    ],
    variables=[
        cluster("ai_health_last_run_timestamp_seconds"),
        label("suite", 'ai_health_last_run_timestamp_seconds{cluster=~"$cluster"}', title="Suite"),
        attr.evolve(label("team_alias", 'litellm_proxy_total_requests_metric_total{cluster=~"$cluster"}',
                          title="RAG team (LiteLLM)"), default=RAG_TEAM_ALIAS),
    ],
    rows=[
        row(
            "Quality now",
            with_runbooks(stat(
                "Lowest faithfulness",
                f'min({score("faithfulness")})',
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "orange"), (0.8, "green")],
                description="Faithfulness of the weakest selected suite: the share of an answer's claims its retrieved "
                            "sources support, averaged over the suite's scenarios. Below 80 % for an hour is "
                            "RAGAnswerFaithfulnessLow; good is well above it.",
            ), ("ai-quality/RAGAnswerFaithfulnessLow.md", "RAGAnswerFaithfulnessLow")),
            with_runbooks(stat(
                "Lowest retrieval coverage",
                f'min({score("retrieval_coverage")})',
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "orange"), (0.7, "green")],
                description="Retrieval coverage of the weakest selected suite: the share of the reference facts found "
                            "in the retrieved chunks, averaged over its scenarios. Below 70 % for an hour is "
                            "RAGRetrievalCoverageLow: answers are written from too little context.",
            ), ("ai-quality/RAGRetrievalCoverageLow.md", "RAGRetrievalCoverageLow")),
            stat(
                "Lowest answer correctness",
                f'min({score("answer_correctness")})',
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "blue")],
                description="Answer correctness of the weakest selected suite (Ragas: agreement of the answer with "
                            "the scenario's reference answer), averaged over its scenarios. No alert watches it; "
                            "compare it with its own history below, a drop with steady faithfulness is a model change.",
            ),
            with_runbooks(stat(
                "Worst pass-rate drop vs 7 days",
                f"max(suite:ai_health_checks_pass:ratio_increase7d{{{SUITE}}}"
                f" - suite:ai_health_checks_pass:ratio_increase2h{{{SUITE}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "green"), (0.15, "orange")],
                description="The largest fall of a suite's pass rate over the last 2 hours below its own 7-day pass "
                            "rate, in points. More than 15 points for 30 minutes is AIHealthPassRateDropped; good is "
                            "near 0 or negative (passing more often than usual).",
            ), ("ai-quality/AIHealthPassRateDropped.md", "AIHealthPassRateDropped")),
            with_runbooks(stat(
                "Oldest last run",
                f"max(time() - max by (suite) (ai_health_last_run_timestamp_seconds{{{SUITE}}}))",
                unit=SECONDS,
                thresholds=[(None, "green"), (7200, "orange")],
                description="Time since the most overdue selected suite last finished a run; suites run about every 30 "
                            "minutes. Over 2 hours is AIHealthRunnerStale; no value at all means the runner's series "
                            "are missing (AIHealthRunnerMetricsAbsent).",
            ), ("ai-quality/AIHealthRunnerStale.md", "AIHealthRunnerStale"),
               ("ai-quality/AIHealthRunnerMetricsAbsent.md", "AIHealthRunnerMetricsAbsent")),
            with_runbooks(stat(
                "Check cost vs 7-day average",
                f"max(suite:ai_health_run_cost_usd_per_check:ratio_increase6h{{{SUITE}}}"
                f" / suite:ai_health_run_cost_usd_per_check:ratio_increase7d{{{SUITE}}})",
                unit=PERCENT_UNIT,
                decimals=0,
                thresholds=[(None, "green"), (2, "orange")],
                description="The highest cost of one synthetic check over the last 6 hours, as a share of the same "
                            "suite's 7-day average: 100 % is usual. Above 200 % (with more than 2 USD in the 6 hours) "
                            "is AIHealthRunCostAnomaly: a model, prompt or retry change made the runs dearer.",
            ), ("ai-quality/AIHealthRunCostAnomaly.md", "AIHealthRunCostAnomaly")),
            with_runbooks(stat(
                "Slowest Qdrant search p99",
                f"max(job:qdrant_search_duration_seconds:p99_rate5m{{{QDRANT}}})",
                unit=SECONDS,
                thresholds=[(None, "green"), (1, "orange")],
                description="The slowest p99 latency of Qdrant search and query requests over the last 5 minutes, "
                            "across deployments and REST/gRPC. Above 1 s for 10 minutes is QdrantSlowSearches; "
                            "retrieval normally answers in tens of milliseconds.",
            ), ("qdrant/QdrantSlowSearches.md", "QdrantSlowSearches")),
            with_runbooks(stat(
                "Worst Qdrant error share",
                f"max(job:qdrant_responses_errors:ratio_rate5m{{{QDRANT}}})",
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "green"), (0.05, "orange")],
                description="The highest share of Qdrant REST or gRPC requests that failed with a server error over 5 "
                            "minutes, across deployments; good is 0. Above 5 % for 10 minutes (at more than 0.5 "
                            "requests a second) is QdrantRequestErrors.",
            ), ("qdrant/QdrantRequestErrors.md", "QdrantRequestErrors")),
        ),
        row(
            "Answer quality",
            with_runbooks(timeseries(
                "Faithfulness per suite",
                [(score("faithfulness"), "{{suite}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Average Ragas faithfulness of each suite's scenarios at their last run; below 80 % for an "
                            "hour is RAGAnswerFaithfulnessLow. All suites falling together is a model or prompt change, "
                            "one suite alone its content or its retrieval.",
            ), ("ai-quality/RAGAnswerFaithfulnessLow.md", "RAGAnswerFaithfulnessLow")),
            with_runbooks(timeseries(
                "Retrieval coverage per suite",
                [(score("retrieval_coverage"), "{{suite}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Average share of the reference facts found in the retrieved chunks, per suite; below 70 % "
                            "for an hour is RAGRetrievalCoverageLow. A fall after a re-indexing or an embedding model "
                            "change points at Qdrant content, not at the LLM.",
            ), ("ai-quality/RAGRetrievalCoverageLow.md", "RAGRetrievalCoverageLow")),
            timeseries(
                "Answer correctness per suite",
                [(score("answer_correctness"), "{{suite}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Average Ragas answer correctness per suite (agreement with the reference answers). No "
                            "alert; a suite that stays flat here while faithfulness drops still answers right from "
                            "weaker sources.",
            ),
            timeseries(
                "Answers below the suite's threshold, last hour",
                [(f"sum by (suite, metric) (increase(ai_health_score_evaluations_total{{{SUITE}, "
                  f'verdict="below_threshold"}}[1h])) / sum by (suite, metric) '
                  f"(increase(ai_health_score_evaluations_total{{{SUITE}}}[1h]))", "{{suite}} {{metric}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of the answers scored in the last hour (two or more runs) that fell below the "
                            "threshold their suite configures, per metric. RAG faithfulness is the SLI of the "
                            "answer-faithfulness SLO (95 %): above 5 % for long burns its budget (slo-rag).",
            ),
            timeseries(
                "Least faithful scenarios",
                [(f'bottomk(10, ai_health_score{{{SUITE}, metric="faithfulness"}})', "{{suite}} {{scenario}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                width=24,
                description="The ten scenarios with the lowest faithfulness at their last run (their answers are in "
                            "the runner's Langfuse traces). A few scenarios far down is their content or reference "
                            "documents; all scenarios a little down is the model.",
            ),
        ),
        row(
            "Eval runs",
            with_runbooks(timeseries(
                "Pass rate per suite, 2 hours vs 7 days",
                [(f"suite:ai_health_checks_pass:ratio_increase2h{{{SUITE}}}", "{{suite}} 2 h"),
                 (f"suite:ai_health_checks_pass:ratio_increase7d{{{SUITE}}}", "{{suite}} 7 d")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Share of each suite's scenarios that passed over the last 2 hours, against its own 7-day "
                            "pass rate (suites differ: matter flows pass less often than RAG questions). The 2-hour line "
                            "more than 15 points under the 7-day line for 30 minutes is AIHealthPassRateDropped.",
            ), ("ai-quality/AIHealthPassRateDropped.md", "AIHealthPassRateDropped")),
            timeseries(
                "Failing scenarios, last hour",
                [(f'sum by (suite, scenario) (increase(ai_health_checks_total{{{SUITE}, result="fail"}}[1h])) > 0',
                  "{{suite}} {{scenario}}")],
                unit=COUNT,
                description="Failed runs per scenario in the last hour (two or more runs); only scenarios that failed "
                            "are shown. One scenario failing every run is a changed reference; many at once is the "
                            "pipeline.",
            ),
            with_runbooks(timeseries(
                "Time since the last finished run",
                [(f"time() - max by (suite) (ai_health_last_run_timestamp_seconds{{{SUITE}}})", "{{suite}}")],
                unit=SECONDS,
                minimum=0,
                width=24,
                description="Time since each suite last finished a run: a saw-tooth up to about 30 minutes is healthy. "
                            "Above 2 hours for 15 minutes is AIHealthRunnerStale; a line that stops is a suite whose "
                            "series vanished (AIHealthRunnerMetricsAbsent).",
            ), ("ai-quality/AIHealthRunnerStale.md", "AIHealthRunnerStale"),
               ("ai-quality/AIHealthRunnerMetricsAbsent.md", "AIHealthRunnerMetricsAbsent")),
        ),
        row(
            "Step latency and run cost",
            timeseries(
                "Step latency p95, 1-hour window",
                [(f"histogram_quantile(0.95, sum by (le, suite, step) "
                  f"(rate(ai_health_step_duration_seconds_bucket{{{SUITE}}}[1h])))", "{{suite}} {{step}}")],
                unit=SECONDS,
                description="95th percentile duration of each scenario step (retrieval, generation, total) over the "
                            "runs of the last hour. Retrieval should stay well under 1 s; the buckets end at 30 s, so "
                            "a line flat at 30 s means slower than that.",
            ),
            timeseries(
                "RAG retrievals within 1 s, 1-hour window",
                [('sum(rate(ai_health_step_duration_seconds_bucket{cluster=~"$cluster", suite="rag", step="retrieval", '
                  'le="1.0"}[1h])) / sum(rate(ai_health_step_duration_seconds_count{cluster=~"$cluster", suite="rag", '
                  'step="retrieval"}[1h]))', "rag retrieval")],
                unit=PERCENT_UNIT,
                maximum=1,
                description="Share of the RAG suite's retrieval steps (embedding and vector search) that finished "
                            "within 1 s over the last hour: the SLI of the retrieval-latency SLO, objective 99 % "
                            "(RAGRetrievalLatencyBudgetBurn, slo-rag).",
            ),
            with_runbooks(timeseries(
                "Cost per check, 6 hours vs 7 days",
                [(f"suite:ai_health_run_cost_usd_per_check:ratio_increase6h{{{SUITE}}}", "{{suite}} 6 h"),
                 (f"suite:ai_health_run_cost_usd_per_check:ratio_increase7d{{{SUITE}}}", "{{suite}} 7 d")],
                unit=USD,
                width=24,
                description="LLM spend of one synthetic check, averaged over the last 6 hours and over 7 days, per "
                            "suite. The 6-hour line above twice the 7-day line, with more than 2 USD spent in the 6 "
                            "hours, is AIHealthRunCostAnomaly.",
            ), ("ai-quality/AIHealthRunCostAnomaly.md", "AIHealthRunCostAnomaly")),
        ),
        row(
            "Qdrant retrieval",
            with_runbooks(timeseries(
                "Search p99 per deployment",
                [(f"job:qdrant_search_duration_seconds:p99_rate5m{{{QDRANT}}}", "{{namespace}}/{{job}} {{api}}"),
                 ("histogram_quantile(0.5, sum by (le, namespace, job) "
                  f"(rate(rest_responses_duration_seconds_bucket{{{REST_SEARCH}}}[$__rate_interval])))",
                  "{{namespace}}/{{job}} rest p50")],
                unit=SECONDS,
                description="p99 latency of search and query requests per Qdrant deployment, REST and gRPC, and the "
                            "REST median (REST timings cover successful requests only). p99 above 1 s for 10 minutes "
                            "is QdrantSlowSearches; tens of milliseconds is normal.",
            ), ("qdrant/QdrantSlowSearches.md", "QdrantSlowSearches")),
            with_runbooks(timeseries(
                "Server error share per deployment",
                [(f"job:qdrant_responses_errors:ratio_rate5m{{{QDRANT}}}", "{{namespace}}/{{job}} {{api}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of Qdrant REST (5xx) and gRPC (server-fault codes) requests that failed over 5 "
                            "minutes, writes included. Above 5 % for 10 minutes is QdrantRequestErrors; the search "
                            "availability SLO (99.9 %) is on slo-qdrant.",
            ), ("qdrant/QdrantRequestErrors.md", "QdrantRequestErrors")),
        ),
        row(
            "LiteLLM calls of the RAG team",
            timeseries(
                "Requests per model group",
                [(f"sum by (requested_model) (rate(litellm_proxy_total_requests_metric_total{{{RAG_TEAM}}}"
                  "[$__rate_interval]))", "{{requested_model}}")],
                unit=REQUESTS,
                stack=True,
                description="Requests per second the RAG team (the Team picker, LiteLLM team_alias) sends through the "
                            "gateway, per model group. A change of model group here is the first thing to check when "
                            "faithfulness moves.",
            ),
            timeseries(
                "Failed requests by status",
                [(f"sum by (exception_status, exception_class) (rate(litellm_proxy_failed_requests_metric_total"
                  f"{{{RAG_TEAM}}}[$__rate_interval]))", "{{exception_status}} {{exception_class}}")],
                unit=REQUESTS,
                stack=True,
                description="Requests of the RAG team the gateway answered with an error, per HTTP status and "
                            "exception. Good is none; 429 is a rate limit or quota, BudgetExceededError a used-up "
                            "budget (ai-llm-gateway-cost).",
            ),
            timeseries(
                "Gateway latency p95 per model group",
                [(f"histogram_quantile(0.95, sum by (le, requested_model) "
                  f"(rate(litellm_request_total_latency_metric_bucket{{{RAG_TEAM}}}[$__rate_interval])))",
                  "{{requested_model}}")],
                unit=SECONDS,
                description="95th percentile end-to-end latency of the RAG team's requests through LiteLLM (queueing, "
                            "upstream model and streaming). The gateway latency SLO wants 99 % within 30 s "
                            "(slo-litellm-gateway); RAG answers should take a few seconds.",
            ),
            timeseries(
                "Spend per model group (USD per hour)",
                [(f"sum by (requested_model) (rate(litellm_spend_metric_total{{{RAG_TEAM}}}[$__rate_interval]))"
                  " * 3600", "{{requested_model}}")],
                unit=USD,
                stack=True,
                description="What the RAG team's calls cost, per model group, in USD per hour. Budgets and spikes of "
                            "the team are on ai-llm-gateway-cost.",
            ),
        ),
    ],
)
