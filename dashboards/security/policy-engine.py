"""Policy engine: the authorization decisions in front of Sharedo and the AI features, their latency against the 200 ms budget, evaluation errors, decision cache and bundle freshness.

Built on the policy engine's contract (metrics/policy-engine.yaml, job policy-engine) and the
recordings of alerts/policy-engine/policy-engine.rules.yaml. Every Sharedo and AI request waits
for a decision, and an evaluation that errors fails closed (counted as decision="deny",
reason="evaluation_error"): errors and latency here are what users feel as "access denied" or
a slow click. SRE runs the engine; security owns the policies and their denial spikes.
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
    stat,
    timeseries,
)

# Series carrying `policy`: the cluster and the policies picked.
SEL = 'cluster=~"$cluster", policy=~"$policy"'
# Series without `policy` (decision cache, bundles).
CLUSTER = 'cluster=~"$cluster"'
DECISIONS = "policy_engine_decisions_total"
BUCKET = "policy_engine_decision_duration_seconds_bucket"
BUNDLE = "policy_engine_bundle_last_successful_activation_timestamp_seconds"
# Denials the policy decided: evaluation errors are denials too (fail closed) but have their own panels.
POLICY_DENY = 'decision="deny", reason!="evaluation_error"'

overview = row(
    "Overview",
    stat(
        "Decisions",
        f"sum(policy:policy_engine_decisions:rate5m{{{SEL}}})",
        unit=OPS, width=4,
        description="Authorization decisions per second over 5 minutes, one per guarded request; follows Sharedo and "
                    "AI traffic. A drop to zero while those serve users means callers bypass or cannot reach the engine.",
    ),
    stat(
        "Worst evaluation error ratio",
        f"max(policy:policy_engine_evaluation_errors:ratio_rate5m{{{SEL}}}) or vector(0)",
        unit=PERCENT_UNIT, width=4, decimals=2,
        thresholds=[(None, "green"), (0.01, "orange"), (0.05, "red")],
        description="Share of the decisions of the worst policy that ended in an evaluation error (and so a spurious "
                    "denial; 0 when no policy errs). Above 5 % for 5 minutes pages as PolicyEngineErrorRateHigh; good is zero.",
    ),
    stat(
        "Slowest policy, p99",
        f"max(histogram_quantile(0.99, sum by (policy, le) (rate({BUCKET}{{{SEL}}}[$__rate_interval]))))",
        unit=SECONDS, width=4,
        thresholds=[(None, "green"), (0.1, "orange"), (0.2, "red")],
        description="99th percentile decision time of the slowest policy. Red above the 200 ms budget "
                    "(PolicyEngineLatencyHigh after 15 minutes); cached decisions take about a millisecond.",
    ),
    stat(
        "Worst denial share against its day",
        f"max(policy:policy_engine_decisions_denied:ratio_rate5m{{{SEL}}}"
        f" / policy:policy_engine_decisions_denied:ratio_rate1d{{{SEL}}})",
        unit=COUNT, width=4, decimals=1,
        thresholds=[(None, "green"), (3, "orange")],
        description="Largest ratio of a policy's denial share over 5 minutes to its share over the last day. From 3 "
                    "times (with at least 10 % denied) PolicyEngineDenialSpike tells security; good is about 1.",
    ),
    stat(
        "Cache hit ratio against its day",
        f"min(job:policy_engine_decision_cache_hits:ratio_rate5m{{{CLUSTER}}}"
        f" / job:policy_engine_decision_cache_hits:ratio_rate1d{{{CLUSTER}}})",
        unit=PERCENT_UNIT, width=4,
        thresholds=[(None, "red"), (0.5, "orange"), (0.9, "green")],
        description="Decision cache hit ratio over 5 minutes as a share of its one-day level. Below half for 15 minutes "
                    "fires PolicyEngineCacheHitRateCollapsed: every miss is a full evaluation. Good is about 100 %.",
    ),
    stat(
        "Oldest bundle",
        f"max(time() - {BUNDLE}{{{CLUSTER}}})",
        unit=SECONDS, width=4,
        thresholds=[(None, "green"), (1800, "orange"), (3600, "red")],
        description="Time since the pod with the stalest bundle activated a new revision. Bundles are republished "
                    "every 15 minutes; over an hour fires PolicyEngineBundleStale (revoked access still enforced as granted).",
    ),
)

decisions = row(
    "Decisions and denials",
    timeseries(
        "Decisions by outcome",
        f"sum by (decision) (rate({DECISIONS}{{{SEL}}}[$__rate_interval]))",
        unit=OPS, stack=True,
        description="Allowed and denied decisions per second. The deny share of a policy is stable over the day; "
                    "a sudden change in the mix is a policy change or someone probing.",
    ),
    timeseries(
        "Decisions per policy",
        f"policy:policy_engine_decisions:rate5m{{{SEL}}}",
        unit=OPS, stack=True,
        description="Decisions per second (5-minute rate) by Rego package. The alerts ignore policies under 0.1 "
                    "decisions per second, where a single error or denial is a large share.",
    ),
    timeseries(
        "Denial share against 3 times its day",
        [
            (f"policy:policy_engine_decisions_denied:ratio_rate5m{{{SEL}}}", "{{policy}}"),
            (f"3 * policy:policy_engine_decisions_denied:ratio_rate1d{{{SEL}}}", "{{policy}} 3 x 1-day share"),
        ],
        unit=PERCENT_UNIT,
        description="Share of a policy's decisions it denied (evaluation errors excluded) over 5 minutes, against three "
                    "times its one-day share. Above that line and above 10 % for 15 minutes fires PolicyEngineDenialSpike.",
    ),
    timeseries(
        "Deny reasons (top 10)",
        f"topk(10, sum by (policy, reason) (rate({DECISIONS}{{{SEL}, {POLICY_DENY}}}[$__rate_interval])))",
        unit=OPS,
        description="Policy denials per second by reason code (not_matter_member, missing_role, ethical_wall, "
                    "model_not_allowed, ...). A new reason on top after a bundle change usually names the broken rule.",
    ),
)

latency = row(
    "Latency",
    timeseries(
        "Decision latency against the 200 ms budget",
        [
            *[
                (f"histogram_quantile({q}, sum by (le) (rate({BUCKET}{{{SEL}}}[$__rate_interval])))", f"p{int(q * 100)}")
                for q in (0.5, 0.9, 0.99)
            ],
            ("vector(0.2)", "budget (200 ms)"),
        ],
        unit=SECONDS,
        description="Decision time over all selected policies: cache lookup plus evaluation. p99 must stay under the "
                    "200 ms budget; p50 is a cache hit of about a millisecond.",
    ),
    timeseries(
        "p99 per policy",
        f"histogram_quantile(0.99, sum by (policy, le) (rate({BUCKET}{{{SEL}}}[$__rate_interval])))",
        unit=SECONDS,
        description="99th percentile decision time per policy; above 200 ms for 15 minutes (at 0.1 decisions/s or more) "
                    "fires PolicyEngineLatencyHigh. One slow policy is its Rego or its data; all of them, the engine.",
    ),
    timeseries(
        "Decisions within 200 ms",
        f'sum by (policy) (rate({BUCKET}{{{SEL}, le="0.2"}}[$__rate_interval]))'
        f" / sum by (policy) (rate(policy_engine_decision_duration_seconds_count{{{SEL}}}[$__rate_interval]))",
        unit=PERCENT_UNIT, maximum=1, width=24,
        description="Share of each policy's decisions answered within the 200 ms budget. Good is above 99 %; "
                    "the rest is the tail the p99 panel shows.",
    ),
)

errors = row(
    "Evaluation errors",
    timeseries(
        "Evaluation error ratio per policy",
        f"policy:policy_engine_evaluation_errors:ratio_rate5m{{{SEL}}}",
        unit=PERCENT_UNIT,
        description="Share of each policy's decisions that failed to evaluate and were denied (fail closed). Above 5 % "
                    "for 5 minutes pages as PolicyEngineErrorRateHigh; good is zero.",
    ),
    timeseries(
        "Evaluation errors by OPA error code",
        f"sum by (policy, code) (rate(policy_engine_evaluation_errors_total{{{SEL}}}[$__rate_interval]))",
        unit=OPS, stack=True,
        description="Errors per second by OPA error code: eval_cancel_error is the evaluation deadline (slowness), "
                    "eval_conflict_error and eval_type_error are policy or data bugs of the current bundle.",
    ),
)

cache_bundles = row(
    "Decision cache and bundles",
    timeseries(
        "Cache hit ratio against half its day",
        [
            (f"job:policy_engine_decision_cache_hits:ratio_rate5m{{{CLUSTER}}}", "{{job}} hit ratio"),
            (f"0.5 * job:policy_engine_decision_cache_hits:ratio_rate1d{{{CLUSTER}}}", "{{job}} half of 1-day ratio"),
        ],
        unit=PERCENT_UNIT, maximum=1,
        description="Share of decision requests answered from the cache over 5 minutes. Below half its one-day level "
                    "for 15 minutes at over 1 lookup/s fires PolicyEngineCacheHitRateCollapsed; a rollout dips it for a minute.",
    ),
    timeseries(
        "Cache lookups by result",
        f"sum by (result) (rate(policy_engine_decision_cache_lookups_total{{{CLUSTER}}}[$__rate_interval]))",
        unit=OPS, stack=True,
        description="Decision cache lookups per second, hits and misses. Misses are full evaluations: a surge of them "
                    "raises latency and CPU together.",
    ),
    timeseries(
        "Bundle age per pod",
        [(f"time() - {BUNDLE}{{{CLUSTER}}}", "{{pod}} {{bundle}}")],
        unit=SECONDS, width=24,
        description="Time since each pod activated a revision of each bundle (authz policies, matter-acl data). A "
                    "sawtooth under 15 minutes is healthy; over an hour fires PolicyEngineBundleStale.",
    ),
)

dashboard = golden(
    uid="security-policy-engine",
    title="Security / Policy engine",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["security", "policy-engine"],
    links=[
        runbooks_link("policy-engine/"),
        link_to("security-overview", "Security / Overview"),
        link_to("sharedo-work-types", "Sharedo / Work types"),
        link_to("slo-sharedo-api", "SLO: Sharedo API"),
    ],
    variables=[
        cluster("policy_engine_decisions_total"),
        label("policy", 'policy_engine_decisions_total{cluster=~"$cluster"}', title="Policy"),
    ],
    rows=[overview, decisions, latency, errors, cache_bundles],
)
