"""The document extraction pipeline: Temporal workflow runs, model calls through LiteLLM, the model on vLLM, MinIO errors.

Uploaded documents are turned into structured matter data by the `DocumentExtractionWorkflow` Temporal
workflow (slo-catalog/document-extraction.yaml: 99 % of the workflows complete). It reads the document
from MinIO, calls the extraction model through the LiteLLM gateway as the extraction team, and LiteLLM
routes to the self-hosted model on vLLM. The rows follow that path, so a failing or slow extraction can
be traced to the step that causes it. Temporal series are the server's (tally: counters without
`_total`, `namespace` is the Temporal namespace, `workflowType`/`taskqueue` need the per-task-queue
breakdown); the Model picker lists the models the extraction team calls, with LiteLLM's `hosted_vllm/`
prefix removed so they match vLLM's `model_name`.
"""

import attr
from grafanalib.core import DashboardLink

from dashboards.lib import (
    COUNT,
    OPS,
    PERCENT_UNIT,
    REQUESTS,
    SECONDS,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbook,
    runbooks_link,
    stat,
    timeseries,
    with_runbooks,
)

WORKFLOW_TYPE = "DocumentExtractionWorkflow"
# Completion counters of the history service, for extraction workflows on the picked queues.
WORKFLOW = (f'cluster=~"$cluster", namespace=~"$temporal_namespace", taskqueue=~"$taskqueue", '
            f'workflowType="{WORKFLOW_TYPE}"')
# The per-workflow-type recordings of alerts/temporal/ (no taskqueue label).
WORKFLOW_TYPE_RECORDED = f'cluster=~"$cluster", namespace=~"$temporal_namespace", workflowType="{WORKFLOW_TYPE}"'
# Task queues the extraction workflows and their activities run on.
QUEUE = 'cluster=~"$cluster", namespace=~"$temporal_namespace", taskqueue=~"$taskqueue"'
# LiteLLM requests of the extraction team (LiteLLM team_alias).
TEAM = 'cluster=~"$cluster", team_alias=~"$team_alias"'
# The extraction model on vLLM (recordings of alerts/vllm/ and raw vLLM series).
MODEL = 'cluster=~"$cluster", model_name=~"$model"'
# The LiteLLM team document extraction calls with (litellm-spend-spike tests use this alias).
EXTRACTION_TEAM_ALIAS = "document-extraction"


def completions(counter: str) -> str:
    return f"sum(rate({counter}{{{WORKFLOW}}}[$__rate_interval]))"


dashboard = golden(
    uid="ai-document-extraction",
    title="AI / Document extraction",
    team="ai-platform",
    description=__doc__.splitlines()[0],
    tags=["ai", "temporal", "litellm", "vllm", "minio"],
    links=[
        runbooks_link("temporal/"),
        DashboardLink(title="SLO runbook", type="link", uri=runbook("slo/document-extraction.md"), targetBlank=True),
        link_to("slo-document-extraction", "SLO / Document extraction"),
        link_to("slo-temporal", "SLO / Temporal"),
        link_to("slo-vllm", "SLO / vLLM"),
        link_to("slo-litellm-gateway", "SLO / LiteLLM gateway"),
        link_to("ai-llm-gateway-cost", "AI / LLM gateway cost"),
    ],
    variables=[
        cluster("workflow_success"),
        label("temporal_namespace", f'workflow_success{{cluster=~"$cluster", workflowType="{WORKFLOW_TYPE}"}}',
              title="Temporal namespace", source_label="namespace"),
        label("taskqueue", f'workflow_success{{cluster=~"$cluster", namespace=~"$temporal_namespace", '
                           f'workflowType="{WORKFLOW_TYPE}"}}', title="Task queue"),
        attr.evolve(label("team_alias", 'litellm_proxy_total_requests_metric_total{cluster=~"$cluster"}',
                          title="Extraction team (LiteLLM)"), default=EXTRACTION_TEAM_ALIAS),
        # LiteLLM names self-hosted models `hosted_vllm/<served model name>`; vLLM labels them with the
        # served name alone.
        attr.evolve(label("model", 'litellm_spend_metric_total{cluster=~"$cluster", team_alias=~"$team_alias"}',
                          title="Model"), regex="/^(?:hosted_vllm\\/)?(.+)$/"),
    ],
    rows=[
        row(
            "Extraction now",
            with_runbooks(stat(
                "Failed or timed out, 15 min",
                f"max(namespace_workflowtype:temporal_workflow_failed:ratio_rate15m{{{WORKFLOW_TYPE_RECORDED}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "green"), (0.1, "orange")],
                description="Share of the extraction workflows completed in the last 15 minutes that failed or timed "
                            "out. Above 10 % for 15 minutes (at one or more completions a minute) is "
                            "TemporalWorkflowFailures; the SLO allows 1 % over 30 days.",
            ), ("temporal/TemporalWorkflowFailures.md", "TemporalWorkflowFailures")),
            stat(
                "Completed per minute, 15 min",
                f"sum(namespace_workflowtype:temporal_workflow_completed:rate15m{{{WORKFLOW_TYPE_RECORDED}}}) * 60",
                unit=COUNT,
                decimals=1,
                thresholds=[(None, "blue")],
                description="Extraction workflows that completed (any outcome) per minute, averaged over 15 minutes. "
                            "It follows document uploads; 0 during office hours means nothing is uploaded or nothing "
                            "completes (check schedule-to-start).",
            ),
            stat(
                "Error budget left",
                'min(slo:period_error_budget_remaining:ratio{cluster=~"$cluster", '
                'sloth_service="document-extraction", sloth_slo="workflow-success"})',
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "red"), (0, "orange"), (0.25, "green")],
                description="Share of the 30-day error budget of the workflow-success SLO (99 %) still left; its burn "
                            "alert is DocumentExtractionBudgetBurn. Below 25 % the SLO runbook asks to escalate, below "
                            "0 the SLO is missed.",
            ),
            with_runbooks(stat(
                "Worst schedule-to-start p95",
                f"max(namespace_taskqueue:temporal_task_schedule_to_start_latency_seconds:p95_rate5m{{{QUEUE}}})",
                unit=SECONDS,
                thresholds=[(None, "green"), (10, "orange")],
                description="The slowest p95 time a workflow or activity task of the extraction task queues waits "
                            "for a worker. Above 10 s for 10 minutes is TemporalScheduleToStartLatencyHigh: the "
                            "extraction workers do not keep up, or none poll.",
            ), ("temporal/TemporalScheduleToStartLatencyHigh.md", "TemporalScheduleToStartLatencyHigh")),
            stat(
                "LiteLLM error share",
                f"sum(rate(litellm_proxy_failed_requests_metric_total{{{TEAM}}}[$__rate_interval]))"
                f" / sum(rate(litellm_proxy_total_requests_metric_total{{{TEAM}}}[$__rate_interval]))",
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "green"), (0.001, "orange")],
                description="Share of the extraction team's requests the LiteLLM gateway answered with an error. The "
                            "gateway availability SLO allows 0.1 %; each failed call is an activity retry, and "
                            "enough of them time the workflow out.",
            ),
            with_runbooks(stat(
                "Model end-to-end p95",
                f"max(namespace_model_name:vllm_e2e_request_latency_seconds:p95_rate5m{{{MODEL}}})",
                unit=SECONDS,
                thresholds=[(None, "green"), (60, "orange")],
                description="p95 time vLLM needs for a request of the extraction model (queue, prefill and decode) "
                            "over 5 minutes. Above 60 s for 15 minutes is VLLMEndToEndLatencyHigh; the usual cause of "
                            "extraction timeouts.",
            ), ("vllm/VLLMEndToEndLatencyHigh.md", "VLLMEndToEndLatencyHigh")),
            with_runbooks(stat(
                "Model time to first token p99",
                f"max(namespace_model_name:vllm_time_to_first_token_seconds:p99_rate5m{{{MODEL}}})",
                unit=SECONDS,
                thresholds=[(None, "green"), (10, "orange")],
                description="p99 time to the first token of the extraction model over 5 minutes (large documents "
                            "make long prefills). Above 10 s for 15 minutes is VLLMTimeToFirstTokenHigh.",
            ), ("vllm/VLLMTimeToFirstTokenHigh.md", "VLLMTimeToFirstTokenHigh")),
            with_runbooks(stat(
                "MinIO S3 5xx share",
                'max(job:minio_s3_requests_5xx_errors:ratio_rate5m{cluster=~"$cluster"})',
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "green"), (0.05, "red")],
                description="The highest share of S3 requests a MinIO deployment answered with a server error over 5 "
                            "minutes; good is 0, as extraction cannot read uploaded documents while it is high. Above "
                            "5 % for 10 minutes is MinioS3ServerErrors (critical).",
            ), ("minio/MinioS3ServerErrors.md", "MinioS3ServerErrors")),
        ),
        row(
            "Workflow outcomes",
            timeseries(
                "Completed workflows by outcome",
                [(completions("workflow_success"), "success"),
                 (completions("workflow_failed"), "failed"),
                 (completions("workflow_timeout"), "timed out"),
                 (completions("workflow_terminate"), "terminated"),
                 (completions("workflow_cancel"), "cancelled")],
                unit=OPS,
                stack=True,
                width=24,
                description="Extraction workflows completing per second on the picked task queues, by outcome. The "
                            "SLO counts failed and timed-out ones against success; terminated and cancelled ones are "
                            "operator or client actions and are not in the SLO.",
            ),
            with_runbooks(timeseries(
                "Failed or timed-out share",
                [(f"namespace_workflowtype:temporal_workflow_failed:ratio_rate15m{{{WORKFLOW_TYPE_RECORDED}}}",
                  "{{namespace}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of extraction workflow completions that failed or timed out over 15 minutes, per "
                            "Temporal namespace. Above 10 % for 15 minutes is TemporalWorkflowFailures; good stays "
                            "under the SLO's 1 %.",
            ), ("temporal/TemporalWorkflowFailures.md", "TemporalWorkflowFailures")),
            timeseries(
                "Failures and timeouts per task queue",
                [(f"sum by (taskqueue) (rate(workflow_failed{{{WORKFLOW}}}[$__rate_interval]))", "{{taskqueue}} failed"),
                 (f"sum by (taskqueue) (rate(workflow_timeout{{{WORKFLOW}}}[$__rate_interval]))",
                  "{{taskqueue}} timed out")],
                unit=OPS,
                description="Failed and timed-out extraction workflows per second per task queue. Timeouts usually "
                            "mean the model is slow (vLLM row); failures an activity error after retries, or a bad "
                            "document.",
            ),
        ),
        row(
            "Task queues",
            with_runbooks(timeseries(
                "Schedule-to-start p95",
                [(f"namespace_taskqueue:temporal_task_schedule_to_start_latency_seconds:p95_rate5m{{{QUEUE}}}",
                  "{{taskqueue}} {{task_type}}")],
                unit=SECONDS,
                description="p95 time workflow and activity tasks of the extraction task queues wait before a worker "
                            "picks them up. Milliseconds is normal; above 10 s for 10 minutes is "
                            "TemporalScheduleToStartLatencyHigh (scale the extraction workers, or they are not polling).",
            ), ("temporal/TemporalScheduleToStartLatencyHigh.md", "TemporalScheduleToStartLatencyHigh")),
            timeseries(
                "Schedule-to-start p50 and p99",
                [("histogram_quantile(0.5, sum by (le, task_type) "
                  f"(rate(task_schedule_to_start_latency_bucket{{{QUEUE}}}[$__rate_interval])))", "{{task_type}} p50"),
                 ("histogram_quantile(0.99, sum by (le, task_type) "
                  f"(rate(task_schedule_to_start_latency_bucket{{{QUEUE}}}[$__rate_interval])))", "{{task_type}} p99")],
                unit=SECONDS,
                description="Median and p99 schedule-to-start latency over the picked task queues, by task type. A p99 "
                            "far above the median with a normal median is a few slow pollers, not a lack of workers.",
            ),
            timeseries(
                "Backlog",
                [(f"max by (taskqueue, task_type) (approximate_backlog_count{{{QUEUE}}})", "{{taskqueue}} {{task_type}}")],
                unit=COUNT,
                description="Tasks waiting in the extraction task queues (Temporal's approximation). Good is near 0 "
                            "outside upload bursts; a backlog that only grows means the workers are down or too few.",
            ),
            timeseries(
                "Backlog age",
                [(f"max by (taskqueue, task_type) (approximate_backlog_age_seconds{{{QUEUE}}})",
                  "{{taskqueue}} {{task_type}}")],
                unit=SECONDS,
                description="Age of the oldest task waiting in each extraction task queue. It should stay in seconds; "
                            "minutes means documents wait that long before extraction starts.",
            ),
        ),
        row(
            "Model calls through LiteLLM",
            timeseries(
                "Requests per model group",
                [(f"sum by (requested_model) (rate(litellm_proxy_total_requests_metric_total{{{TEAM}}}"
                  "[$__rate_interval]))", "{{requested_model}}")],
                unit=REQUESTS,
                stack=True,
                description="Requests per second the extraction team sends through the LiteLLM gateway, per model "
                            "group. It should follow the completed workflows times the calls per document.",
            ),
            timeseries(
                "Failed requests by status",
                [(f"sum by (exception_status, exception_class) (rate(litellm_proxy_failed_requests_metric_total"
                  f"{{{TEAM}}}[$__rate_interval]))", "{{exception_status}} {{exception_class}}")],
                unit=REQUESTS,
                stack=True,
                description="Requests of the extraction team the gateway answered with an error, per HTTP status and "
                            "exception. Good is none; 429 or BudgetExceededError are quota and budget "
                            "(ai-llm-gateway-cost), 5xx and timeouts the model behind it.",
            ),
            timeseries(
                "Gateway latency p95 per model group",
                [("histogram_quantile(0.95, sum by (le, requested_model) "
                  f"(rate(litellm_request_total_latency_metric_bucket{{{TEAM}}}[$__rate_interval])))",
                  "{{requested_model}} end to end"),
                 ("histogram_quantile(0.95, sum by (le, requested_model) "
                  f"(rate(litellm_llm_api_latency_metric_bucket{{{TEAM}}}[$__rate_interval])))",
                  "{{requested_model}} model call")],
                unit=SECONDS,
                description="p95 latency of the extraction team's requests through LiteLLM, end to end and for the "
                            "upstream model call alone: the gap is the gateway's own queueing and overhead. The "
                            "gateway SLO wants 99 % within 30 s.",
            ),
            timeseries(
                "Tokens per second",
                [(f"sum by (requested_model) (rate(litellm_input_tokens_metric_total{{{TEAM}}}[$__rate_interval]))",
                  "{{requested_model}} input"),
                 (f"sum by (requested_model) (rate(litellm_output_tokens_metric_total{{{TEAM}}}[$__rate_interval]))",
                  "{{requested_model}} output")],
                unit=COUNT,
                description="Input and output tokens per second of the extraction team. Extraction is input-heavy "
                            "(document text and page images); output growing faster than input means longer "
                            "structured answers, and slower decoding on vLLM.",
            ),
        ),
        row(
            "Extraction model on vLLM",
            with_runbooks(timeseries(
                "Time to first token",
                [(f"namespace_model_name:vllm_time_to_first_token_seconds:p95_rate5m{{{MODEL}}}", "{{model_name}} p95"),
                 (f"namespace_model_name:vllm_time_to_first_token_seconds:p99_rate5m{{{MODEL}}}", "{{model_name}} p99")],
                unit=SECONDS,
                description="p95 and p99 time to first token of the extraction model, over its replicas. p99 above "
                            "10 s for 15 minutes is VLLMTimeToFirstTokenHigh; the vLLM SLO wants 95 % within 2.5 s.",
            ), ("vllm/VLLMTimeToFirstTokenHigh.md", "VLLMTimeToFirstTokenHigh")),
            with_runbooks(timeseries(
                "End-to-end latency",
                [(f"namespace_model_name:vllm_e2e_request_latency_seconds:p95_rate5m{{{MODEL}}}", "{{model_name}} p95"),
                 (f"namespace_model_name:vllm_e2e_request_latency_seconds:p99_rate5m{{{MODEL}}}", "{{model_name}} p99")],
                unit=SECONDS,
                description="p95 and p99 time vLLM takes for a request of the extraction model, queueing included. "
                            "p95 above 60 s for 15 minutes is VLLMEndToEndLatencyHigh; workflows time out soon after.",
            ), ("vllm/VLLMEndToEndLatencyHigh.md", "VLLMEndToEndLatencyHigh")),
            with_runbooks(timeseries(
                "Requests running and waiting",
                [(f"sum by (model_name) (vllm:num_requests_running{{{MODEL}}})", "{{model_name}} running"),
                 (f"sum by (model_name) (vllm:num_requests_waiting{{{MODEL}}})", "{{model_name}} waiting")],
                unit=COUNT,
                description="Requests of the extraction model in the running batches and in the schedulers' queues, "
                            "over all replicas and engines. More than 10 waiting on one engine for 10 minutes without "
                            "draining is VLLMRequestQueueBacklog.",
            ), ("vllm/VLLMRequestQueueBacklog.md", "VLLMRequestQueueBacklog")),
            with_runbooks(timeseries(
                "Errors and aborts",
                [(f"namespace_model_name_finished_reason:vllm_request_success:ratio_rate5m{{{MODEL}, "
                  'finished_reason=~"error|abort"}', "{{model_name}} {{finished_reason}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of the extraction model's finished requests that ended in an engine error or were "
                            "aborted by the client (LiteLLM timeouts). Errors above 5 % for 10 minutes is "
                            "VLLMRequestErrorsHigh, aborts above 10 % for 15 minutes VLLMRequestAbortsHigh.",
            ), ("vllm/VLLMRequestErrorsHigh.md", "VLLMRequestErrorsHigh"),
               ("vllm/VLLMRequestAbortsHigh.md", "VLLMRequestAbortsHigh")),
        ),
        row(
            "MinIO documents store",
            with_runbooks(timeseries(
                "S3 server error share",
                [('job:minio_s3_requests_5xx_errors:ratio_rate5m{cluster=~"$cluster"}', "{{namespace}}/{{job}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of S3 requests each MinIO deployment answered with a 5xx over 5 minutes. Above 5 % "
                            "for 10 minutes at more than one request a second is MinioS3ServerErrors (critical).",
            ), ("minio/MinioS3ServerErrors.md", "MinioS3ServerErrors")),
            timeseries(
                "S3 errors per API",
                [('sum by (api) (max by (namespace, job, server, api) (rate(minio_s3_requests_5xx_errors_total'
                  '{cluster=~"$cluster"}[$__rate_interval])))', "{{api}} 5xx"),
                 ('sum by (api) (max by (namespace, job, server, api) (rate(minio_s3_requests_4xx_errors_total'
                  '{cluster=~"$cluster"}[$__rate_interval])))', "{{api}} 4xx")],
                unit=REQUESTS,
                description="S3 errors per second per API call (GetObject, PutObject, ...), server (5xx) and client "
                            "(4xx) errors, each node counted once. 4xx on GetObject during extraction is a document "
                            "that is gone or a key without access; 5xx is MinIO itself.",
            ),
        ),
    ],
)
