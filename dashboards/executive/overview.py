"""Platform health at a glance for management: front-door service levels, error budgets, critical alerts, LLM spend, legal work, users.

One screen per cluster (pick prod). Every number is one the on-call engineers and the alerts also
see: availability and budgets are the Sloth recordings of generated/prometheus/slo/ (the 30-day SLO
period of watchkeeper.yaml), alerts are Prometheus' own ALERTS series, spend is LiteLLM's counter
summed per team alias, documents and users come from the Sharedo domain exporter. Objectives and
alert names are read from slo-catalog/ when the dashboard is generated, so a changed objective moves
its threshold here too. Drill down through the links: one SLO dashboard per service, the probes, the
LLM cost dashboard and the Sharedo work types.
"""

from dashboards.lib import (
    COUNT,
    PERCENT_UNIT,
    USD,
    cluster,
    golden,
    link_to,
    row,
    runbooks_link,
    slo_objective,
    so_far,
    stat,
    timeseries,
)

CLUSTER = 'cluster=~"$cluster"'
FIRING = f'{CLUSTER}, alertstate="firing"'
SPEND = f"litellm_spend_metric_total{{{CLUSTER}}}"
DOCS_DONE = f'sharedo_document_generation_duration_seconds_count{{{CLUSTER}, outcome="success"}}'
BUDGET_THRESHOLDS = [(None, "red"), (0, "orange"), (0.25, "green")]  # as on the SLO dashboards

# The service levels on this dashboard: (catalog service, SLO name, title, what counts as good). The
# four availability SLOs are the front doors users and clients call (the probes see Sharedo web, API
# and canvas from outside); the last two are the legal workflow itself, the rest of tier 1.
SERVICE_LEVELS = [
    ("front-door-probes", "probe-availability", "Front doors seen from outside",
     "Probes of Sharedo web, its API and the BA canvas that succeeded"),
    ("sharedo-api", "requests-availability", "Sharedo API availability",
     "Sharedo API requests answered without a server error"),
    ("ba-canvas", "requests-availability", "BA canvas availability",
     "BA canvas requests answered without a server error"),
    ("litellm-gateway", "requests-availability", "LLM gateway availability",
     "Requests to the LiteLLM gateway answered without an error"),
    ("sharedo-documents", "generation-success-30s", "Documents within 30 s",
     "Legal documents generated and stored within 30 seconds"),
    ("sharedo-phase-guards", "evaluation-latency-200ms", "Phase guards within 200 ms",
     "Phase-guard checks (may a work item change phase?) answered within 200 ms"),
]
FRONT_DOORS = [entry for entry in SERVICE_LEVELS if entry[1].endswith("availability")]
SLO_SERVICES = list(dict.fromkeys(entry[0] for entry in SERVICE_LEVELS))
BUDGET_LEFT = f"min by (sloth_service) (slo:period_error_budget_remaining:ratio{{{CLUSTER}}})"


def service_level(service: str, name: str, title: str, good: str):
    objective, alert = slo_objective(service, name)
    return stat(
        title,
        f'1 - slo:sli_error:ratio_rate30d{{{CLUSTER}, sloth_id="{service}-{name}"}}',
        unit=PERCENT_UNIT, width=4, decimals=2,
        thresholds=[(None, "red"), (objective, "green")],
        description=f"{good}, over the last 30 days (the SLO period). Red below the objective of {objective * 100:g} % "
                    f"(slo-catalog/{service}.yaml; burn-rate alert {alert}).",
    )


def per_series(panel, legend: str, no_value: str | None = None):
    """A stat showing one value per series, each named by `legend` (and `no_value` when there is none)."""
    panel.panel.targets[0].legendFormat = legend
    panel.panel.textMode = "value_and_name"
    if no_value is not None:
        panel.panel.noValue = no_value
    return panel


dashboard = golden(
    uid="executive-overview",
    title="Executive / Overview",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["executive", "slo", "overview"],
    time_from="now-7d",
    refresh="5m",
    links=[
        runbooks_link("slo/"),
        *[link_to(f"slo-{service}", f"SLOs / {service}") for service in SLO_SERVICES],
        link_to("probes-synthetic-probes", "Probes / Synthetic probes"),
        link_to("ai-llm-gateway-cost", "AI / LLM gateway cost"),
        link_to("sharedo-work-types", "Sharedo / Work types"),
    ],
    variables=[cluster("slo:objective:ratio")],
    rows=[
        row(
            "Right now",
            stat(
                "Critical alerts firing",
                f'count(ALERTS{{{FIRING}, severity="critical"}}) or vector(0)',
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "red")],
                description="Alerts of severity critical firing now: each has paged the on-call engineer of its team "
                            "through GoAlert. Good is 0; see Alerts below for which and whose.",
            ),
            stat(
                "SLO burn-rate alerts firing",
                f'count(ALERTS{{{FIRING}, sloth_id!=""}}) or vector(0)',
                unit=COUNT, width=4,
                thresholds=[(None, "green"), (1, "orange")],
                description="Burn-rate alerts of the SLO catalog firing now (page and ticket): a service spends its "
                            "error budget faster than its 30 days allow. Good is 0; Error budgets below says which.",
            ),
            stat(
                "Active users",
                f"max(sharedo_active_users{{{CLUSTER}}})",
                unit=COUNT, width=4,
                description="Users with an authenticated Sharedo session active in the last 5 minutes (the highest "
                            "value any exporter replica reports). Compare with the same hour of other days.",
            ),
            so_far(stat(
                "Documents generated today",
                f"sum(increase({DOCS_DONE}[$__range]))",
                unit=COUNT, width=4,
                description="Legal documents Sharedo generated and stored successfully since midnight UTC (the panel's "
                            "range is today so far). A working day well below the same weekday last week means "
                            "users could not work or generation failed.",
            ), "now/d"),
            so_far(stat(
                "LLM spend today",
                f"sum(increase({SPEND}[$__range]))",
                unit=USD, width=4, decimals=2,
                description="What all teams' requests through the LiteLLM gateway cost since midnight UTC (the panel's "
                            "range is today so far), at LiteLLM's model prices. Per team in LLM spend below.",
            ), "now/d"),
            so_far(stat(
                "LLM spend this month",
                f"sum(increase({SPEND}[$__range]))",
                unit=USD, width=4, decimals=0,
                description="What all teams' requests through the LiteLLM gateway cost since the first of the month, "
                            "UTC (the panel's range is this month so far). Budgets per team: AI / LLM gateway cost.",
            ), "now/M"),
        ),
        row(
            "Service levels over 30 days",
            *[service_level(*entry) for entry in SERVICE_LEVELS],
        ),
        row(
            "Front doors",
            timeseries(
                "Front-door availability, hourly",
                [(f'1 - slo:sli_error:ratio_rate1h{{{CLUSTER}, sloth_id="{service}-{name}"}}', title)
                 for service, name, title, _ in FRONT_DOORS],
                unit=PERCENT_UNIT, maximum=1,
                description="Share of good requests (probes for the outside view) over each past hour, per front "
                            "door: the SLI the burn-rate alerts read. Good stays at or above the objective (99.9 %, "
                            "99.5 % for the BA canvas); dips show when users were affected.",
            ),
            timeseries(
                "Front doors answering their probes",
                [(f'instance:probe_success:avg5m{{{CLUSTER}, instance=~"https://.+"}}', "{{instance}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of the blackbox probes of each https front door that succeeded over 5 minutes, "
                            "across all probers. Good is 100 %; below 50 % for 3 minutes pages (BlackboxProbeFailing).",
            ),
        ),
        row(
            "Error budgets",
            per_series(stat(
                "Error budget left per service",
                f"sort({BUDGET_LEFT})",
                unit=PERCENT_UNIT, width=12, height=8, decimals=0,
                thresholds=BUDGET_THRESHOLDS,
                description="Share of the 30-day error budget not yet spent, per catalog service (its SLO with the "
                            "least left). Green above 25 %, orange below, red once spent: the objective is missed "
                            "and reliability work comes before features.",
            ), "{{sloth_service}}"),
            timeseries(
                "Error budget left over time",
                [(BUDGET_LEFT, "{{sloth_service}}")],
                unit=PERCENT_UNIT, height=8, maximum=1,
                description="The same budgets over time: a steady slope is normal spending, a cliff is an incident. "
                            "Below 0 the service has missed its 30-day objective.",
            ),
        ),
        row(
            "Alerts",
            per_series(stat(
                "Critical alerts firing, by alert",
                f'sort_desc(count by (alertname) (ALERTS{{{FIRING}, severity="critical"}}))',
                unit=COUNT, width=12, height=8,
                thresholds=[(None, "green"), (1, "red")],
                description="Which critical alerts fire now and for how many series (targets, teams, SLOs) each. "
                            "Good is none firing: nothing is paging.",
            ), "{{alertname}}", no_value="none firing"),
            timeseries(
                "Critical alerts firing, per team",
                [(f'count by (team) (ALERTS{{{FIRING}, severity="critical"}})', "{{team}}")],
                unit=COUNT, height=8, stack=True,
                description="Critical alerts firing over time per owning team (the alert's team label, "
                            "watchkeeper.yaml). Good is an empty graph; long bands are long incidents.",
            ),
        ),
        row(
            "LLM spend",
            so_far(per_series(stat(
                "LLM spend today, per team",
                f"sort_desc(sum by (team_alias) (increase({SPEND}[$__range])))",
                unit=USD, width=12, decimals=2,
                description="Spend through the LiteLLM gateway since midnight UTC per LiteLLM team alias (the panel's "
                            "range is today so far).",
            ), "{{team_alias}}"), "now/d"),
            so_far(per_series(stat(
                "LLM spend this month, per team",
                f"sort_desc(sum by (team_alias) (increase({SPEND}[$__range])))",
                unit=USD, width=12, decimals=0,
                description="Spend through the LiteLLM gateway since the first of the month, UTC, per LiteLLM team "
                            "alias (the panel's range is this month so far).",
            ), "{{team_alias}}"), "now/M"),
            timeseries(
                "Hourly LLM spend per team",
                [(f"cluster_team_alias:litellm_spend:increase1h{{{CLUSTER}}}", "{{team_alias}}")],
                unit=USD, stack=True,
                description="Spend of each team over the past hour (a rolling 1-hour window). More than 3x the same "
                            "hour last week and over 10 USD for 15 minutes tells finance (LiteLLMTeamSpendSpike).",
            ),
            timeseries(
                "Team budget left",
                [(f"cluster_team_alias:litellm_team_budget_remaining:ratio{{{CLUSTER}}}", "{{team_alias}}")],
                unit=PERCENT_UNIT, maximum=1,
                description="Share of each team's LiteLLM max budget left until it resets. Below 10 % warns finance "
                            "(LiteLLMTeamBudgetNearlyExhausted); at 0 LiteLLM rejects the team's requests "
                            "(LiteLLMTeamBudgetExhausted, pages in prod).",
            ),
        ),
        row(
            "Legal work",
            timeseries(
                "Document generations per hour, by work type",
                [(f"work_type:sharedo_document_generations:rate5m{{{CLUSTER}}} * 3600", "{{work_type}}")],
                unit=COUNT, stack=True,
                description="Document generation requests per hour (the 5-minute rate scaled to an hour), per Sharedo "
                            "work type: the volume of legal work. Office hours peak on weekdays; a drop in working "
                            "hours is an outage or a blocked workflow.",
            ),
            timeseries(
                "Document generation failures, by step",
                [(f"step:sharedo_document_generation_failures:ratio_rate5m{{{CLUSTER}}}", "{{step}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of all document generations failing at each step (merge, render, store) over 5 "
                            "minutes. Good is near 0; above 20 % pages the Sharedo team "
                            "(SharedoDocumentGenerationFailing).",
            ),
            timeseries(
                "Active users",
                [(f"max(sharedo_active_users{{{CLUSTER}}})", "active users")],
                unit=COUNT, width=24, minimum=0,
                description="Users with an authenticated Sharedo session active in the last 5 minutes. Follows office "
                            "hours; a sudden drop in working hours while the front doors are up points at "
                            "authentication.",
            ),
        ),
    ],
)
