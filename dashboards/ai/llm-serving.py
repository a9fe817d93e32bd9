"""Self-hosted models served by vLLM (V1 engine): load, queueing, KV cache, latency, tokens and finish reasons per model.

Open it from a vLLM alert (alerts/vllm/vllm.rules.yaml) or when the vLLM SLOs burn (slo-vllm): which
model, and which engine of which replica, is the cause? Errors and latency are per model (namespace,
model_name), summed over replicas and engines as the alert recordings do: that is what LiteLLM routes to.
Saturation (queue, KV cache, preemptions) is per engine, because each engine has its own scheduler and
cache. Counters are scraped with `_total` (Python prometheus_client); `vllm:request_success_total`
counts every finished request, whatever its finish reason.
"""

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
    runbooks_link,
    slo_row,
    stat,
    timeseries,
)

# Every vLLM selector: cluster, the Kubernetes namespace of the model Deployment, the served model name.
VLLM = 'cluster=~"$cluster", namespace=~"$namespace", model_name=~"$model_name"'
# The scrape targets of the model Deployments (ServiceMonitor job names contain "vllm").
TARGETS = 'cluster=~"$cluster", namespace=~"$namespace", job=~".*vllm.*"'
# The per-model recordings of alerts/vllm/vllm.rules.yaml.
RATE = "namespace_model_name:vllm_request_success:rate5m"
REASON_RATE = "namespace_model_name_finished_reason:vllm_request_success:rate5m"
REASON_RATIO = "namespace_model_name_finished_reason:vllm_request_success:ratio_rate5m"
TTFT = "namespace_model_name:vllm_time_to_first_token_seconds"
E2E = "namespace_model_name:vllm_e2e_request_latency_seconds"
ENGINE = "{{pod}} engine {{engine}} ({{model_name}})"


def quantile(q: float, histogram: str, by: str = "model_name") -> str:
    """The q-quantile of a vLLM histogram per `by`, over replicas and engines."""
    return (f"histogram_quantile({q}, sum by (le, {by}) "
            f"(rate({histogram}_bucket{{{VLLM}}}[$__rate_interval])))")


dashboard = golden(
    uid="ai-llm-serving",
    title="AI / LLM serving",
    team="ai-platform",
    description=__doc__.splitlines()[0],
    tags=["ai", "vllm", "llm"],
    links=[
        runbooks_link("vllm/"),
        link_to("slo-vllm", "SLOs / vllm"),
        link_to("slo-litellm-gateway", "SLOs / litellm-gateway"),
        link_to("ai-llm-gateway-cost", "AI / LLM gateway cost"),
        link_to("ai-gpu", "AI / GPU"),
        link_to("ai-agents", "AI / Agents"),
    ],
    variables=[
        cluster("vllm:num_requests_running"),
        label("namespace", 'vllm:num_requests_running{cluster=~"$cluster"}'),
        label("model_name", 'vllm:num_requests_running{cluster=~"$cluster", namespace=~"$namespace"}', title="Model"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Models down",
                f"count(sum by (namespace, job) (up{{{TARGETS}}}) == 0) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "red")],
                description="Model Deployments none of whose replicas can be scraped (alert VLLMModelDown, critical, "
                            "after 10 minutes): LiteLLM has nothing to route that model to. Good is 0.",
            ),
            stat(
                "Replicas down",
                f"count(up{{{TARGETS}}} == 0) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="vLLM pods failing their scrapes (alert VLLMEngineDown after 15 minutes, longer than a "
                            "large model takes to load). Good is 0; the other replicas carry the traffic meanwhile.",
            ),
            stat(
                "Requests in flight",
                f"sum(vllm:num_requests_running{{{VLLM}}})",
                unit=COUNT,
                description="Requests in the engines' running batches, over the selected models. Follows traffic; "
                            "compare with the queue next to it.",
            ),
            stat(
                "Longest queue (engine)",
                f"max(vllm:num_requests_waiting{{{VLLM}}})",
                unit=COUNT,
                thresholds=[(None, "green"), (10, "orange")],
                description="The most requests waiting in any one engine's scheduler queue. Bursts drain within "
                            "seconds; more than 10 that never drain for 10 minutes is VLLMRequestQueueBacklog.",
            ),
            stat(
                "Fullest KV cache (engine)",
                f"max(vllm:kv_cache_usage_perc{{{VLLM}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "green"), (0.95, "orange")],
                description="The highest KV-cache usage of any engine. vLLM fills it under load on purpose; 95 % or "
                            "more for 15 minutes is VLLMKVCacheNearlyFull: requests wait and running ones get preempted.",
            ),
            stat(
                "Worst p99 time to first token",
                f'max({TTFT}:p99_rate5m{{{VLLM}}})',
                unit=SECONDS,
                thresholds=[(None, "green"), (2.5, "yellow"), (10, "orange")],
                description="The slowest model's p99 time to first token over 5 minutes (recording). The SLO wants "
                            "95 % of first tokens within 2.5 s; p99 above 10 s for 15 minutes is VLLMTimeToFirstTokenHigh.",
            ),
            stat(
                "Worst p95 end-to-end latency",
                f'max({E2E}:p95_rate5m{{{VLLM}}})',
                unit=SECONDS,
                thresholds=[(None, "green"), (60, "orange")],
                description="The slowest model's p95 request latency inside vLLM over 5 minutes (recording). A "
                            "1,000-token answer takes 20-30 s; above 60 s for 15 minutes is VLLMEndToEndLatencyHigh.",
            ),
            stat(
                "Engine error ratio",
                f'(sum({REASON_RATE}{{{VLLM}, finished_reason="error"}}) or vector(0)) / sum({RATE}{{{VLLM}}})',
                unit=PERCENT_UNIT,
                decimals=2,
                thresholds=[(None, "green"), (0.005, "yellow"), (0.05, "orange")],
                description="Share of finished requests that ended in an engine error over 5 minutes, all selected "
                            "models. The request-success SLO allows 0.5 %; one model above 5 % for 10 minutes is "
                            "VLLMRequestErrorsHigh.",
            ),
        ),
        row(
            "Requests and queueing",
            timeseries(
                "Requests running and waiting per model",
                [
                    (f"sum by (model_name) (vllm:num_requests_running{{{VLLM}}})", "{{model_name}} running"),
                    (f"sum by (model_name) (vllm:num_requests_waiting{{{VLLM}}})", "{{model_name}} waiting"),
                ],
                unit=COUNT, minimum=0,
                description="Requests in the running batches and in the queue, per model over all replicas. Good is "
                            "a queue that empties between bursts; a queue that grows while running stays flat means "
                            "the engines are at max_num_seqs or out of KV cache.",
            ),
            timeseries(
                "Requests waiting per engine",
                [(f"vllm:num_requests_waiting{{{VLLM}}}", ENGINE)],
                unit=COUNT, minimum=0,
                description="Queue of each engine's scheduler, the series of VLLMRequestQueueBacklog (more than 10 at "
                            "every scrape for 5 minutes, held 10 minutes). One engine queueing alone is uneven routing.",
            ),
            timeseries(
                "Waiting requests by reason",
                [(f"sum by (model_name, reason) (vllm:num_requests_waiting_by_reason{{{VLLM}}})",
                  "{{model_name}} {{reason}}")],
                unit=COUNT, minimum=0, stack=True,
                description="Why requests wait: capacity (no batch slot or KV blocks free) or deferred (held back by "
                            "the scheduler). Capacity waits that persist mean more replicas or a smaller max_model_len.",
            ),
            timeseries(
                "Admission rejections",
                [(f"sum by (model_name, reason) (rate(vllm:admission_rejections_total{{{VLLM}}}[$__rate_interval]))",
                  "{{model_name}} {{reason}}")],
                unit=REQUESTS, minimum=0,
                description="Requests refused because a queue limit (queued requests or tokens) was hit; each is a "
                            "failed call at the gateway. Good is none; any for 5 minutes is VLLMAdmissionRejections.",
            ),
        ),
        row(
            "Latency",
            timeseries(
                "Time to first token per model",
                [
                    (f"{TTFT}:p95_rate5m{{{VLLM}}}", "{{model_name}} p95"),
                    (f"{TTFT}:p99_rate5m{{{VLLM}}}", "{{model_name}} p99"),
                ],
                unit=SECONDS, minimum=0,
                description="p95 and p99 from arrival to first token over 5 minutes (recordings). Good is p95 under "
                            "the SLO's 2.5 s; p99 above 10 s for 15 minutes is VLLMTimeToFirstTokenHigh.",
            ),
            timeseries(
                "End-to-end latency per model",
                [
                    (f"{E2E}:p95_rate5m{{{VLLM}}}", "{{model_name}} p95"),
                    (f"{E2E}:p99_rate5m{{{VLLM}}}", "{{model_name}} p99"),
                ],
                unit=SECONDS, minimum=0,
                description="p95 and p99 request latency inside vLLM (queue, prefill, decode) over 5 minutes "
                            "(recordings). It grows with answer length; p95 above 60 s for 15 minutes is "
                            "VLLMEndToEndLatencyHigh.",
            ),
            timeseries(
                "First tokens within 2.5 s",
                [(f'sum by (model_name) (rate(vllm:time_to_first_token_seconds_bucket{{{VLLM}, le="2.5"}}[$__rate_interval]))'
                  f" / sum by (model_name) (rate(vllm:time_to_first_token_seconds_count{{{VLLM}}}[$__rate_interval]))",
                  "{{model_name}}")],
                unit=PERCENT_UNIT, maximum=1,
                description="Share of requests whose first token came within 2.5 s: the SLI of the vLLM "
                            "time-to-first-token SLO (objective 95 %). Below 0.95 the model burns error budget.",
            ),
            timeseries(
                "Queue time and inter-token latency (p95)",
                [
                    (quantile(0.95, "vllm:request_queue_time_seconds"), "{{model_name}} queue"),
                    (quantile(0.95, "vllm:inter_token_latency_seconds"), "{{model_name}} between tokens"),
                ],
                unit=SECONDS, minimum=0,
                description="Where latency comes from: time waiting for a batch slot, and the gap between generated "
                            "tokens (decode speed, a few tens of ms when healthy). Queue time rising means saturation; "
                            "token gaps rising mean batches too large for the GPU.",
            ),
        ),
        row(
            "Tokens and finish reasons",
            timeseries(
                "Tokens per second",
                [
                    (f"sum by (model_name) (rate(vllm:prompt_tokens_total{{{VLLM}}}[$__rate_interval]))",
                     "{{model_name}} prompt"),
                    (f"sum by (model_name) (rate(vllm:generation_tokens_total{{{VLLM}}}[$__rate_interval]))",
                     "{{model_name}} generation"),
                ],
                unit=OPS, minimum=0,
                description="Prompt (prefill) and generated tokens processed per second, per model. Generation "
                            "throughput that stops growing with traffic while queues grow is the model's capacity.",
            ),
            timeseries(
                "Prefix cache hit ratio",
                [(f"sum by (model_name) (rate(vllm:prefix_cache_hits_total{{{VLLM}}}[$__rate_interval]))"
                  f" / sum by (model_name) (rate(vllm:prefix_cache_queries_total{{{VLLM}}}[$__rate_interval]))",
                  "{{model_name}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of prompt tokens served from the prefix cache instead of computed. Shared system "
                            "prompts and RAG templates keep it high; a drop after a release means prompts changed.",
            ),
            timeseries(
                "Finished requests by reason",
                [(f"sum by (model_name, finished_reason) ({REASON_RATE}{{{VLLM}}})",
                  "{{model_name}} {{finished_reason}}")],
                unit=REQUESTS, minimum=0, stack=True,
                description="Finished requests per second by finish reason over 5 minutes (recording): stop "
                            "(answer complete), length (max_tokens hit), abort (client left), error, repetition. "
                            "Good is almost all stop.",
            ),
            timeseries(
                "Errors and aborts per model",
                [(f'{REASON_RATIO}{{{VLLM}, finished_reason=~"error|abort"}}', "{{model_name}} {{finished_reason}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of finished requests that errored or were aborted over 5 minutes (recording). "
                            "Errors above 5 % for 10 minutes are VLLMRequestErrorsHigh, aborts (LiteLLM timeouts, "
                            "users leaving) above 10 % for 15 minutes VLLMRequestAbortsHigh.",
            ),
        ),
        row(
            "KV cache and preemption",
            timeseries(
                "KV-cache usage per engine",
                [(f"vllm:kv_cache_usage_perc{{{VLLM}}}", ENGINE)],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of each engine's KV-cache blocks in use. High under load is by design; pinned at "
                            "95 % or more for 15 minutes is VLLMKVCacheNearlyFull, and preemptions follow.",
            ),
            timeseries(
                "Preemptions per minute per engine",
                [(f"sum by (pod, engine, model_name) (rate(vllm:num_preemptions_total{{{VLLM}}}[$__rate_interval])) * 60",
                  ENGINE)],
                unit=COUNT, minimum=0,
                description="Running requests evicted from the KV cache and recomputed later, each roughly doubling "
                            "its latency. A few at peaks are normal; above 1 a minute for 15 minutes is "
                            "VLLMPreemptionsHigh.",
            ),
        ),
        slo_row("vllm", "The request-success and time-to-first-token SLOs of self-hosted models."),
    ],
)
