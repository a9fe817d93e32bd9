"""LiteLLM spend and quotas per team and Sharedo work type: budgets left, projected overruns, spikes, tokens, 429s, rejections.

The FinOps view of the LiteLLM gateway, behind every alert of alerts/llm-cost/: which team or work type
spends, how much budget is left before LiteLLM starts rejecting its requests, who will run out before
the budget resets, whose spend jumped against the same hour last week, and which models and virtual
keys the money goes to. Teams are LiteLLM teams, aggregated by `team_alias` (the team id is kept as
`llm_team` by the recording rules, see the header of litellm-cost.rules.yaml). Work types are the
Sharedo work types, sent as the OpenAI `user` field and tracked by LiteLLM as customers (`end_user`).
Budget gauges come from each proxy replica's cache, so every budget panel takes the lowest remaining
budget and the highest maximum, like the recording rules. Availability and latency of the gateway are
on the SLO dashboard (slo-litellm-gateway).
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
    so_far,
    stat,
    timeseries,
    with_runbooks,
)

# Raw LiteLLM request, spend and token series: every picker applies. `end_user` is the work type.
LLM = ('cluster=~"$cluster", team_alias=~"$team_alias", end_user=~"$work_type", '
       'requested_model=~"$model"')
# The per-team recordings of alerts/llm-cost/ (labels: cluster, team_alias, llm_team).
TEAM = 'cluster=~"$cluster", team_alias=~"$team_alias"'
# The per-work-type recordings (labels: cluster, end_user).
WORK_TYPE = 'cluster=~"$cluster", end_user=~"$work_type"'
JOIN = "on (cluster, team_alias, llm_team)"
HOUR = 3600  # rate() is per second; spend is shown per hour


def everything(variable):
    """`All` matches every value, the empty one included (requests LiteLLM rejects in its auth step
    carry no team_alias, requests without an OpenAI `user` no end_user)."""
    return attr.evolve(variable, allValue=".*")


def named(sized, legend: str):
    """A stat with one value per series, each named by `legend`."""
    for target in sized.panel.targets:
        target.legendFormat = legend
    sized.panel.textMode = "value_and_name"
    return sized


PROJECTED_SECONDS_LEFT = (
    f"cluster_team_alias:litellm_remaining_team_budget:min{{{TEAM}}}"
    f" / {JOIN} (cluster_team_alias:litellm_spend:increase6h{{{TEAM}}} > 0) * 21600"
)

dashboard = golden(
    uid="ai-llm-gateway-cost",
    title="AI / LLM gateway cost",
    team="finance",
    description=__doc__.splitlines()[0],
    tags=["ai", "litellm", "cost"],
    links=[
        runbooks_link("llm-cost/"),
        link_to("slo-litellm-gateway", "SLO / LiteLLM gateway"),
        link_to("ai-rag-quality", "AI / RAG quality"),
        link_to("ai-document-extraction", "AI / Document extraction"),
    ],
    variables=[
        cluster("litellm_proxy_total_requests_metric_total"),
        everything(label("team_alias", 'litellm_spend_metric_total{cluster=~"$cluster"}', title="Team")),
        everything(label("work_type", 'litellm_spend_metric_total{cluster=~"$cluster"}', title="Work type",
                         source_label="end_user")),
        everything(label("model", 'litellm_spend_metric_total{cluster=~"$cluster"}', title="Model group",
                         source_label="requested_model")),
    ],
    rows=[
        row(
            "Spend and budgets",
            so_far(stat(
                "Spend today",
                f"sum(increase(litellm_spend_metric_total{{{LLM}}}[$__range]))",
                unit=USD,
                decimals=2,
                thresholds=[(None, "blue")],
                description="USD spent through LiteLLM since 00:00 UTC today by the selected teams, work types and "
                            "model groups (the panel's time range is today so far). Compare it with the same day last "
                            "week; there is no fixed limit, budgets are per team and work type.",
            ), "now/d"),
            so_far(stat(
                "Spend this month",
                f"sum(increase(litellm_spend_metric_total{{{LLM}}}[$__range]))",
                unit=USD,
                decimals=0,
                thresholds=[(None, "blue")],
                description="USD spent through LiteLLM since the 1st of this month, 00:00 UTC (the panel's time range "
                            "is this month so far). LiteLLM budgets reset on their own schedule, see Budget runway.",
            ), "now/M"),
            with_runbooks(stat(
                "Teams below 10 % budget",
                f"count(cluster_team_alias:litellm_team_budget_remaining:ratio{{{TEAM}}} < 0.1) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="Teams with less than 10 % of their LiteLLM max budget left, exhausted ones included "
                            "(alerts: LiteLLMTeamBudgetNearlyExhausted after 15 minutes, LiteLLMTeamBudgetExhausted "
                            "at 0 USD). Good is 0; at 0 USD LiteLLM rejects every request of the team.",
            ), ("llm-cost/LiteLLMTeamBudgetNearlyExhausted.md", "LiteLLMTeamBudgetNearlyExhausted"),
               ("llm-cost/LiteLLMTeamBudgetExhausted.md", "LiteLLMTeamBudgetExhausted")),
            with_runbooks(stat(
                "Teams projected to overrun",
                "count("
                f"({PROJECTED_SECONDS_LEFT})"
                f" < {JOIN} cluster_team_alias:litellm_team_budget_remaining_hours:min{{{TEAM}}} * 3600"
                f" and {JOIN} cluster_team_alias:litellm_team_budget_remaining:ratio{{{TEAM}}} >= 0.1"
                ") or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="Teams that, at their average spend of the last 6 hours, use up their budget before "
                            "LiteLLM resets it (alert: LiteLLMTeamBudgetProjectedOverrun, after an hour; teams below "
                            "10 % are counted in the panel to the left). Good is 0.",
            ), ("llm-cost/LiteLLMTeamBudgetProjectedOverrun.md", "LiteLLMTeamBudgetProjectedOverrun")),
            with_runbooks(stat(
                "Work types below 10 % budget",
                f"count(cluster_end_user:litellm_customer_budget_remaining:ratio{{{WORK_TYPE}}} < 0.1) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="Sharedo work types (LiteLLM customers) with less than 10 % of their budget left, "
                            "exhausted ones included (alerts: LiteLLMWorkTypeBudgetNearlyExhausted, "
                            "LiteLLMWorkTypeBudgetExhausted). Good is 0; at 0 USD the work type's AI steps are rejected.",
            ), ("llm-cost/LiteLLMWorkTypeBudgetNearlyExhausted.md", "LiteLLMWorkTypeBudgetNearlyExhausted"),
               ("llm-cost/LiteLLMWorkTypeBudgetExhausted.md", "LiteLLMWorkTypeBudgetExhausted")),
            with_runbooks(stat(
                "Teams spending 3x last week",
                f"count(cluster_team_alias:litellm_spend:increase1h{{{TEAM}}} > 10"
                f" and cluster_team_alias:litellm_spend:increase1h{{{TEAM}}}"
                f" > 3 * (cluster_team_alias:litellm_spend:increase1h{{{TEAM}}} offset 1w)) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="Teams that spent more than 10 USD in the last hour and more than three times their spend "
                            "in the same hour one week ago (alert: LiteLLMTeamSpendSpike, after 15 minutes). Good is "
                            "0; a spike is a runaway agent loop or a batch started by mistake until proven otherwise.",
            ), ("llm-cost/LiteLLMTeamSpendSpike.md", "LiteLLMTeamSpendSpike")),
            with_runbooks(stat(
                "Worst team 429 share",
                f"max(cluster_team_alias:litellm_proxy_requests_rate_limited:rate5m{{{TEAM}}}"
                f" / {JOIN} cluster_team_alias:litellm_proxy_requests:rate5m{{{TEAM}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "green"), (0.05, "orange")],
                description="The highest share of one team's requests LiteLLM answered with HTTP 429 over the last "
                            "5 minutes (alert: LiteLLMRequestsRateLimited above 5 % for 10 minutes, at one or more "
                            "a minute). Good is 0: a key, team or model RPM/TPM limit or a provider limit is hit.",
            ), ("llm-cost/LiteLLMRequestsRateLimited.md", "LiteLLMRequestsRateLimited")),
            with_runbooks(stat(
                "Budget rejections, last hour",
                'sum(increase(litellm_proxy_failed_requests_metric_total{cluster=~"$cluster", '
                'exception_class="BudgetExceededError"}[1h])) or vector(0)',
                unit=COUNT,
                decimals=0,
                thresholds=[(None, "green"), (1, "orange")],
                description="Requests LiteLLM rejected in the last hour because the budget of the key, its team, its "
                            "user or its work type is used up; all teams, since LiteLLM records these without a team "
                            "(alert: LiteLLMRequestsRejectedByBudget on any in 10 minutes). Good is 0.",
            ), ("llm-cost/LiteLLMRequestsRejectedByBudget.md", "LiteLLMRequestsRejectedByBudget")),
        ),
        row(
            "Team budgets",
            with_runbooks(timeseries(
                "Team budget left",
                [(f"cluster_team_alias:litellm_team_budget_remaining:ratio{{{TEAM}}}", "{{team_alias}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Share of each team's LiteLLM max budget still left (lowest remaining over the proxy "
                            "replicas). Below 10 % LiteLLMTeamBudgetNearlyExhausted fires, at 0 LiteLLMTeamBudgetExhausted "
                            "(critical in prod-* clusters); the line jumps back up when the budget resets.",
            ), ("llm-cost/LiteLLMTeamBudgetNearlyExhausted.md", "LiteLLMTeamBudgetNearlyExhausted"),
               ("llm-cost/LiteLLMTeamBudgetExhausted.md", "LiteLLMTeamBudgetExhausted")),
            timeseries(
                "Team budget left (USD)",
                [(f"cluster_team_alias:litellm_remaining_team_budget:min{{{TEAM}}}", "{{team_alias}} left"),
                 (f"cluster_team_alias:litellm_team_max_budget:max{{{TEAM}}}", "{{team_alias}} max")],
                unit=USD,
                description="USD each team has left against its max budget (teams without one, or blocked on purpose "
                            "at 0 USD, have no max line). Good is a left line well above 0 until the reset.",
            ),
            with_runbooks(timeseries(
                "Budget runway vs reset",
                [(PROJECTED_SECONDS_LEFT, "{{team_alias}} runs out"),
                 (f"cluster_team_alias:litellm_team_budget_remaining_hours:min{{{TEAM}}} * 3600",
                  "{{team_alias}} resets")],
                unit=SECONDS,
                description="Per team: time until the budget is used up at its average spend of the last 6 hours (no "
                            "line without spend), and time until LiteLLM resets it. Good is 'runs out' above 'resets'; "
                            "below it for an hour is LiteLLMTeamBudgetProjectedOverrun.",
                width=24,
            ), ("llm-cost/LiteLLMTeamBudgetProjectedOverrun.md", "LiteLLMTeamBudgetProjectedOverrun")),
        ),
        row(
            "Spend spikes",
            with_runbooks(timeseries(
                "Spend per team, last hour vs a week ago",
                [(f"cluster_team_alias:litellm_spend:increase1h{{{TEAM}}}", "{{team_alias}}"),
                 (f"cluster_team_alias:litellm_spend:increase1h{{{TEAM}}} offset 1w", "{{team_alias}} a week ago")],
                unit=USD,
                description="USD each team spent in the rolling last hour, and in the same hour one week earlier (the "
                            "weekday and office-hours rhythm is in the baseline). LiteLLMTeamSpendSpike fires above "
                            "10 USD and 3x the week-ago line for 15 minutes.",
            ), ("llm-cost/LiteLLMTeamSpendSpike.md", "LiteLLMTeamSpendSpike")),
            with_runbooks(timeseries(
                "Spend against the same hour last week",
                [(f"cluster_team_alias:litellm_spend:increase1h{{{TEAM}}}"
                  f" / {JOIN} (cluster_team_alias:litellm_spend:increase1h{{{TEAM}}} offset 1w > 0)",
                  "{{team_alias}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Each team's last-hour spend as a share of its spend in the same hour a week ago: 100 % is "
                            "the usual week. Above 300 % (with more than 10 USD in the hour) is LiteLLMTeamSpendSpike; "
                            "teams that spent nothing a week ago have no baseline and no line.",
            ), ("llm-cost/LiteLLMTeamSpendSpike.md", "LiteLLMTeamSpendSpike")),
        ),
        row(
            "Work types",
            timeseries(
                "Spend per work type (USD per hour)",
                [(f"sum by (end_user) (rate(litellm_spend_metric_total{{{LLM}}}[$__rate_interval])) * {HOUR}",
                  "{{end_user}}")],
                unit=USD,
                width=24,
                stack=True,
                description="Spend rate of each Sharedo work type (LiteLLM customer, the OpenAI `user` the Sharedo AI "
                            "client sends), in USD per hour. An empty name is traffic that sends no work type: other "
                            "clients, or a Sharedo client that lost the contract.",
            ),
            with_runbooks(timeseries(
                "Work type budget left",
                [(f"cluster_end_user:litellm_customer_budget_remaining:ratio{{{WORK_TYPE}}}", "{{end_user}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Share of each work type's LiteLLM budget still left (lowest over the replicas). Below "
                            "10 % LiteLLMWorkTypeBudgetNearlyExhausted fires, at 0 LiteLLMWorkTypeBudgetExhausted and "
                            "the work type's AI steps are rejected.",
            ), ("llm-cost/LiteLLMWorkTypeBudgetNearlyExhausted.md", "LiteLLMWorkTypeBudgetNearlyExhausted"),
               ("llm-cost/LiteLLMWorkTypeBudgetExhausted.md", "LiteLLMWorkTypeBudgetExhausted")),
            timeseries(
                "Work type budget left (USD)",
                [(f"cluster_end_user:litellm_remaining_customer_budget:min{{{WORK_TYPE}}}", "{{end_user}} USD left")],
                unit=USD,
                description="USD each work type has left of its LiteLLM customer budget. Good is well above 0 until "
                            "the reset; a work type that reaches 0 a day before its reset needs a higher budget or "
                            "less batch work.",
            ),
        ),
        row(
            "Models and API keys",
            timeseries(
                "Spend per model group (USD per hour)",
                [(f"sum by (requested_model) (rate(litellm_spend_metric_total{{{LLM}}}[$__rate_interval])) * {HOUR}",
                  "{{requested_model}}")],
                unit=USD,
                stack=True,
                description="Spend rate per model group the clients ask for, in USD per hour. Self-hosted vLLM models "
                            "cost what LiteLLM's price table says for them; a jump here after a routing change means a "
                            "fallback to an external model.",
            ),
            timeseries(
                "Spend per API key, top 10 (USD per hour)",
                [(f"topk(10, sum by (api_key_alias) (rate(litellm_spend_metric_total{{{LLM}}}[$__rate_interval]))"
                  f" * {HOUR})", "{{api_key_alias}}")],
                unit=USD,
                description="The ten virtual keys spending most, in USD per hour. One key far above its usual rate is "
                            "a runaway client; compare with its budget in the next panel.",
            ),
            with_runbooks(timeseries(
                "API key budget left, lowest 10",
                [('bottomk(10, min by (hashed_api_key, api_key_alias) (litellm_remaining_api_key_budget_metric'
                  '{cluster=~"$cluster"}) / on (hashed_api_key, api_key_alias) (max by (hashed_api_key, api_key_alias) '
                  '(litellm_api_key_max_budget_metric{cluster=~"$cluster"}) > 0))', "{{api_key_alias}}")],
                unit=PERCENT_UNIT,
                width=24,
                maximum=1,
                description="The ten virtual keys with a max budget that have the smallest share of it left "
                            "(negative: overspent). Below 10 % for 15 minutes is LiteLLMAPIKeyBudgetNearlyExhausted; at "
                            "0 LiteLLM rejects every request made with the key.",
            ), ("llm-cost/LiteLLMAPIKeyBudgetNearlyExhausted.md", "LiteLLMAPIKeyBudgetNearlyExhausted")),
        ),
        row(
            "Tokens and requests",
            timeseries(
                "Tokens per model group (tokens per second)",
                [(f"sum by (requested_model) (rate(litellm_input_tokens_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{requested_model}} input"),
                 (f"sum by (requested_model) (rate(litellm_output_tokens_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{requested_model}} output")],
                unit=COUNT,
                description="Input (prompt) and output (completion) tokens per second per model group. Input tokens "
                            "dominate RAG and extraction (long contexts); a rise in output tokens alone points at a "
                            "prompt that lets the model ramble.",
            ),
            timeseries(
                "Tokens per team (tokens per second)",
                [(f"sum by (team_alias) (rate(litellm_total_tokens_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{team_alias}}")],
                unit=COUNT,
                stack=True,
                description="Input plus output tokens per second per team. Spend follows tokens times the model's "
                            "price, so a team whose tokens stay flat while its spend rises moved to a dearer model.",
            ),
            timeseries(
                "Requests per team",
                [(f"sum by (team_alias) (rate(litellm_proxy_total_requests_metric_total{{{LLM}}}[$__rate_interval]))",
                  "{{team_alias}}")],
                unit=REQUESTS,
                width=24,
                stack=True,
                description="Requests per second the proxy received per team, all outcomes. Compare with tokens: more "
                            "tokens per request means longer prompts or answers, not more users.",
            ),
        ),
        row(
            "Rate limits and budget rejections",
            with_runbooks(timeseries(
                "429 share per team",
                [(f"cluster_team_alias:litellm_proxy_requests_rate_limited:rate5m{{{TEAM}}}"
                  f" / {JOIN} cluster_team_alias:litellm_proxy_requests:rate5m{{{TEAM}}}", "{{team_alias}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                description="Share of each team's requests answered with HTTP 429 over 5 minutes; good is 0. Above 5 % "
                            "for 10 minutes, at one or more 429 a minute, is LiteLLMRequestsRateLimited.",
            ), ("llm-cost/LiteLLMRequestsRateLimited.md", "LiteLLMRequestsRateLimited")),
            timeseries(
                "Team rate limit used",
                [(f"max by (team_alias, rate_limit_type) (litellm_team_rate_limit_used_metric{{{TEAM}}})"
                  " / on (team_alias, rate_limit_type) (max by (team_alias, rate_limit_type) "
                  f"(litellm_team_rate_limit_allowed_metric{{{TEAM}}}) > 0)", "{{team_alias}} {{rate_limit_type}}")],
                unit=PERCENT_UNIT,
                minimum=0,
                maximum=1,
                description="Each team's current usage of its LiteLLM rate limits (requests and tokens per minute). "
                            "At 100 % the next request is answered 429; a team that sits near it needs a higher limit "
                            "or smoother batch traffic.",
            ),
            with_runbooks(timeseries(
                "Budget rejections per API key",
                [('sum by (api_key_alias, hashed_api_key) (rate(litellm_proxy_failed_requests_metric_total'
                  '{cluster=~"$cluster", exception_class="BudgetExceededError"}[$__rate_interval]))',
                  "{{api_key_alias}} ({{hashed_api_key}})")],
                unit=REQUESTS,
                width=24,
                description="Requests per second LiteLLM rejected with BudgetExceededError, per virtual key (the only "
                            "identity LiteLLM records for them). Any is LiteLLMRequestsRejectedByBudget; find the "
                            "exhausted budget of the key, its team or its work type above.",
            ), ("llm-cost/LiteLLMRequestsRejectedByBudget.md", "LiteLLMRequestsRejectedByBudget")),
        ),
    ],
)
