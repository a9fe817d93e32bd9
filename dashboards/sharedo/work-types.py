"""Sharedo work types: how work items move through their phases, what phase guards, business rules and document generation do to them, per work type.

Built on the Sharedo domain exporter's contract (metrics/sharedo.yaml, job sharedo-domain-exporter)
and the recordings of alerts/sharedo/sharedo.rules.yaml. The SLO dashboards say whether the
user-facing budget burns; this one says where: which work type, phase, guard, rule, template or
generation step. Work types, phases and guards are configuration names of the Sharedo modeller.
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

# Every selector of a raw Sharedo series: the cluster and the work types picked.
SEL = 'cluster=~"$cluster", work_type=~"$work_type"'
# Recordings that sum over work types keep only the cluster.
CLUSTER = 'cluster=~"$cluster"'
DOC_BUCKET = "sharedo_document_generation_duration_seconds_bucket"
DOC_COUNT = "sharedo_document_generation_duration_seconds_count"
GUARD_BUCKET = "sharedo_phase_guard_evaluation_duration_seconds_bucket"
GUARDS = "sharedo_phase_guard_evaluations_total"
RULES = "sharedo_rule_executions_total"
DOCS_SLO = 'sloth_id="sharedo-documents-generation-success-30s"'
GUARDS_SLO = 'sloth_id="sharedo-phase-guards-evaluation-latency-200ms"'

BUDGET_THRESHOLDS = [(None, "red"), (0, "orange"), (0.25, "green")]

overview = row(
    "Health at a glance",
    stat(
        "Documents within 30 s",
        f'sum(rate({DOC_BUCKET}{{{SEL}, outcome="success", le="30"}}[$__rate_interval]))'
        f" / sum(rate({DOC_COUNT}{{{SEL}}}[$__rate_interval]))",
        unit=PERCENT_UNIT, width=4, decimals=2,
        thresholds=[(None, "red"), (0.99, "green")],
        description="Share of document generations of the selected work types that succeeded within 30 s, the SLI "
                    "of slo-sharedo-documents (objective 99 %); red below it.",
    ),
    stat(
        "Document failure ratio",
        f"(sum(work_type_step:sharedo_document_generation_failures:rate5m{{{SEL}}}) or vector(0))"
        f" / sum(work_type:sharedo_document_generations:rate5m{{{SEL}}})",
        unit=PERCENT_UNIT, width=4, decimals=2,
        thresholds=[(None, "green"), (0.05, "orange"), (0.2, "red")],
        description="Share of document generations that failed at any step over 5 minutes. Orange at 5 % "
                    "(SharedoDocumentGenerationFailuresHigh, per work type), red at 20 % (SharedoDocumentGenerationFailing, "
                    "per step); good is well under 1 %.",
    ),
    stat(
        "Document budget left (30 d)",
        f"slo:period_error_budget_remaining:ratio{{{CLUSTER}, {DOCS_SLO}}}",
        unit=PERCENT_UNIT, width=4,
        thresholds=BUDGET_THRESHOLDS,
        description="Error budget of the document SLO (99 % within 30 s) left over the last 30 days, all work types. "
                    "Orange below 25 % (the runbook's escalation point), red when spent.",
    ),
    stat(
        "Slowest phase guard, p99",
        f"max(histogram_quantile(0.99, sum by (work_type, phase, phase_guard, le) "
        f"(rate({GUARD_BUCKET}{{{SEL}}}[$__rate_interval]))))",
        unit=SECONDS, width=4,
        thresholds=[(None, "green"), (0.2, "orange"), (0.5, "red")],
        description="99th percentile of the slowest phase guard. Orange above the 200 ms SLO bound, red above 500 ms "
                    "(SharedoPhaseGuardSlow); healthy guards answer in tens of milliseconds.",
    ),
    stat(
        "Phase-guard budget left (30 d)",
        f"slo:period_error_budget_remaining:ratio{{{CLUSTER}, {GUARDS_SLO}}}",
        unit=PERCENT_UNIT, width=4,
        thresholds=BUDGET_THRESHOLDS,
        description="Error budget of the phase-guard SLO (99.9 % under 200 ms) left over the last 30 days, all work "
                    "types. Orange below 25 %, red when spent.",
    ),
    stat(
        "Largest overdue backlog (one phase)",
        f"max(max by (work_type, phase) (sharedo_work_items_stuck{{{SEL}}}))",
        unit=COUNT, width=4,
        thresholds=[(None, "green"), (25, "orange")],
        description="Work items past the service level of the phase with the most of them. Orange from 25, the floor "
                    "of SharedoWorkItemsStuckGrowing (which also needs 10 more than an hour ago).",
    ),
)

flow = row(
    "Work item flow",
    timeseries(
        "Phase transitions per work type",
        f"sum by (work_type) (rate(sharedo_phase_transitions_total{{{SEL}}}[$__rate_interval]))",
        unit=OPS, stack=True,
        description="Work items changing phase per second, per work type. Follows the office-hours curve; a work type "
                    "that drops to zero while others carry on is blocked.",
    ),
    timeseries(
        "Busiest transitions (from → to phase, trigger)",
        f"topk(10, sum by (work_type, from_phase, to_phase, trigger) "
        f"(rate(sharedo_phase_transitions_total{{{SEL}}}[$__rate_interval])))",
        unit=OPS,
        description="The ten most frequent phase changes and their trigger. When a phase fills up with overdue "
                    "items, check here whether transitions out of it still happen, and which trigger stopped.",
    ),
    timeseries(
        "Overdue work items per phase",
        f"max by (work_type, phase) (sharedo_work_items_stuck{{{SEL}}})",
        unit=COUNT,
        description="Work items past their phase's service level (max over exporter replicas, which all read the same "
                    "database). A few are normal (waiting on clients); 25 or more and climbing backs "
                    "SharedoWorkItemsStuckGrowing.",
    ),
    timeseries(
        "Overdue growth over the last hour",
        f"max by (work_type, phase) (delta(sharedo_work_items_stuck{{{SEL}}}[1h]))",
        unit=COUNT,
        description="Change of the overdue count over a fixed 1-hour window, the alert's own window: 10 or more "
                    "(with 25 overdue) fires SharedoWorkItemsStuckGrowing. A step jump means a shortened service level.",
    ),
)

guards = row(
    "Phase guards",
    timeseries(
        "Phase-guard p99 latency (slowest 10)",
        f"topk(10, histogram_quantile(0.99, sum by (work_type, phase, phase_guard, le) "
        f"(rate({GUARD_BUCKET}{{{SEL}}}[$__rate_interval]))))",
        unit=SECONDS,
        description="99th percentile per guard. The SLO bound is 200 ms; above 500 ms for 15 minutes fires "
                    "SharedoPhaseGuardSlow and users' \"next phase\" clicks hang.",
    ),
    timeseries(
        "Guard evaluations within 200 ms",
        f'sum(rate({GUARD_BUCKET}{{{SEL}, le="0.2"}}[$__rate_interval]))'
        f" / sum(rate(sharedo_phase_guard_evaluation_duration_seconds_count{{{SEL}}}[$__rate_interval]))",
        unit=PERCENT_UNIT, maximum=1,
        description="Share of guard evaluations answered within 200 ms, the SLI of slo-sharedo-phase-guards; good is "
                    "at or above the 99.9 % objective.",
    ),
    timeseries(
        "Guard evaluation results",
        f"sum by (result) (rate({GUARDS}{{{SEL}}}[$__rate_interval]))",
        unit=OPS, stack=True,
        description="Evaluations by result: allowed, blocked (the guard's condition was not met, working as designed) "
                    "and error (the guard could not decide; the transition is refused).",
    ),
    timeseries(
        "Guard error ratio (worst 10)",
        f"topk(10, phase_guard:sharedo_phase_guard_evaluation_errors:ratio_rate5m{{{SEL}}})",
        unit=PERCENT_UNIT,
        description="Share of a guard's evaluations ending in an error over 5 minutes; above 5 % for 10 minutes fires "
                    "SharedoPhaseGuardErrors. Good is zero: errors block work items in their phase.",
    ),
    timeseries(
        "Guard block ratio (top 10)",
        f'topk(10, sum by (work_type, phase, phase_guard) (rate({GUARDS}{{{SEL}, result="blocked"}}[$__rate_interval]))'
        f" / sum by (work_type, phase, phase_guard) (rate({GUARDS}{{{SEL}}}[$__rate_interval])))",
        unit=PERCENT_UNIT, width=24,
        description="Share of evaluations a guard blocked. Each guard has its own normal level; a sudden rise after a "
                    "modeller change usually means a condition that now fails for valid work items.",
    ),
)

documents = row(
    "Document generation",
    timeseries(
        "Documents generated per work type",
        f"work_type:sharedo_document_generations:rate5m{{{SEL}}}",
        unit=OPS, stack=True,
        description="Document generation requests per second (5-minute rate), per work type. Bulk runs and month-end "
                    "show as plateaus; compare with latency before blaming a dependency.",
    ),
    timeseries(
        "Failure ratio by step, all work types",
        f"step:sharedo_document_generation_failures:ratio_rate5m{{{CLUSTER}}}",
        unit=PERCENT_UNIT,
        description="Share of all generations failing at each step (merge, render, store); above 20 % for 5 minutes "
                    "pages as SharedoDocumentGenerationFailing. Not filtered by work type (the recording sums them).",
    ),
    timeseries(
        "Failure ratio by work type and step",
        f"work_type_step:sharedo_document_generation_failures:ratio_rate5m{{{SEL}}}",
        unit=PERCENT_UNIT,
        description="Share of a work type's generations failing at a step; above 5 % for 15 minutes fires "
                    "SharedoDocumentGenerationFailuresHigh. Good is under 1 %, the SLO's budget.",
    ),
    timeseries(
        "Failing templates (top 10)",
        f"topk(10, sum by (work_type, document_template, step) "
        f"(rate(sharedo_document_generation_failures_total{{{SEL}}}[$__rate_interval])))",
        unit=OPS,
        description="Failures per second by template and step. One template failing is a template or data change "
                    "(merge); many at once a shared dependency (render pods, MinIO for store).",
    ),
    timeseries(
        "Successful generation p95 per work type",
        f'histogram_quantile(0.95, sum by (work_type, le) (rate({DOC_BUCKET}{{{SEL}, outcome="success"}}[$__rate_interval])))',
        unit=SECONDS,
        description="95th percentile of successful generations; above 30 s (the SLO bound) for 15 minutes fires "
                    "SharedoDocumentGenerationSlow. Good is a few seconds.",
    ),
    timeseries(
        "Slowest templates, p95 (top 10)",
        f'topk(10, histogram_quantile(0.95, sum by (work_type, document_template, le) '
        f'(rate({DOC_BUCKET}{{{SEL}, outcome="success"}}[$__rate_interval]))))',
        unit=SECONDS,
        description="The ten templates with the slowest successful generations: large embedded tables, images or "
                    "slow merge data show here first.",
    ),
)

rules = row(
    "Business rules and participants",
    timeseries(
        "Rule error ratio (worst 10)",
        f'topk(10, sum by (work_type, rule_id) (rate({RULES}{{{SEL}, result="error"}}[$__rate_interval]))'
        f" / sum by (work_type, rule_id) (rate({RULES}{{{SEL}}}[$__rate_interval])))",
        unit=PERCENT_UNIT,
        description="Share of a rule's executions ending in an error; above 10 % for 15 minutes fires "
                    "SharedoRuleExecutionErrors. Good is zero.",
    ),
    timeseries(
        "Rule executions by result",
        f"sum by (work_type, result) (rate({RULES}{{{SEL}}}[$__rate_interval]))",
        unit=OPS,
        description="Business rule executions per second, by work type and result (success, error). Automation that "
                    "stops running leaves work items waiting in their phase.",
    ),
    timeseries(
        "Participant assignments by role",
        f"sum by (work_type, participant_role) (rate(sharedo_participant_assignments_total{{{SEL}}}[$__rate_interval]))",
        unit=OPS, stack=True, width=24,
        description="Participants assigned to work items per second, by role. A role no longer assigned (a renamed "
                    "or deleted role in the modeller) leaves its phases without anyone to work them.",
    ),
)

dashboard = golden(
    uid="sharedo-work-types",
    title="Sharedo / Work types",
    team="sharedo",
    description=__doc__.splitlines()[0],
    tags=["sharedo"],
    links=[
        runbooks_link("sharedo/"),
        link_to("slo-sharedo-documents", "SLO: Sharedo documents"),
        link_to("slo-sharedo-phase-guards", "SLO: Sharedo phase guards"),
        link_to("slo-sharedo-api", "SLO: Sharedo API"),
        link_to("security-policy-engine", "Security / Policy engine"),
    ],
    variables=[
        cluster("sharedo_work_items_stuck"),
        label("work_type", 'sharedo_work_items_stuck{cluster=~"$cluster"}', title="Work type"),
    ],
    rows=[overview, flow, guards, documents, rules],
)
