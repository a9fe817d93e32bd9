"""`watchkeeper new alert`: three files that fail the gate until filled in, and pass it after."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import SETTINGS
from watchkeeper.cli import cli

TEAMS = SETTINGS.replace("  - name: sre\n", "  - name: sre\n    slack_channel: \"#sre-alerts\"\n    oncall: goalert/platform-sre\n") + \
    'exporters:\n  node-exporter: "1.12.1"\n'
INVENTORY = """\
exporter: node-exporter
title: node-exporter
version: "1.12.1"
source: https://github.com/prometheus/node_exporter/tree/v1.12.1/collector
metrics:
  - name: node_hwmon_temp_celsius
    type: gauge
    help: Hardware monitor temperature.
    labels: [chip, sensor]
"""
RULE = "alerts/node/node-temperature-high.rules.yaml"
TEST = "alerts/tests/node/node-temperature-high.test.yaml"
RUNBOOK = "runbooks/node/NodeTemperatureHigh.md"
ALL = {"skip": ()}


def scaffold(repo, *extra):
    return CliRunner().invoke(cli, ["new", "alert", "NodeTemperatureHigh", "--team", "sre", "--severity", "warning",
                                    "--repo", str(repo.root), *extra])


def fill(text: str, answers: dict[str, str]) -> str:
    for marker, answer in answers.items():
        assert marker in text, marker
        text = text.replace(marker, answer)
    return text


def test_scaffold_fails_the_gate_until_filled_and_passes_after(repo):
    repo.write("watchkeeper.yaml", TEAMS)
    repo.write("metrics/node-exporter.yaml", INVENTORY)
    (repo.root / "runbooks/tiny.md").unlink()
    result = scaffold(repo)
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(repo.root).as_posix() for p in repo.root.rglob("*.*")
                  if p.suffix in (".yaml", ".md") and "metrics" not in p.parts and p.name != "watchkeeper.yaml"
                  and p.name != ".yamllint") == sorted([RULE, TEST, RUNBOOK])

    unfilled = [(f.code, f.path, f.line) for f in repo.run(only=("scaffolds",), **ALL).findings]
    assert ("WK127", RULE, 6) in unfilled and ("WK127", TEST, 10) in unfilled and ("WK127", RUNBOOK, 10) in unfilled
    assert len(unfilled) == 19  # every marker line of the three templates

    rule = (repo.root / RULE).read_text()
    repo.write(RULE, fill(rule, {
        "<FILL IN: what this alert watches and why its threshold and `for` are what they are.>":
            "a sensor above 85 °C for 15 minutes is cooling failing, not a burst of load.",
        "<FILL IN: the condition over series of metrics/, e.g. sum by (job) (rate(x_errors_total[5m])) > 1>":
            "max by (instance, chip, sensor) (node_hwmon_temp_celsius) > 85",
        "<FILL IN: one sentence, what is wrong>": "A hardware sensor of {{ $labels.instance }} is above 85 °C.",
        "<FILL IN: where and how badly, with {{ $labels.job }} and {{ $value | humanize }}>":
            "Sensor {{ $labels.chip }}/{{ $labels.sensor }} reads {{ $value }} °C.",
    }))
    test = (repo.root / TEST).read_text()
    repo.write(TEST, fill(test, {
        "<FILL IN: a series that meets the condition, e.g. x_errors_total{job=\"api\"}>":
            'node_hwmon_temp_celsius{job="node-exporter", instance="gpu-01", chip="platform_coretemp_0", sensor="temp1"}',
        "<FILL IN: e.g. 0+10x30>": "90x40",
        "<FILL IN: a time inside the for window, e.g. 10m>": "10m",
        "<FILL IN: a time after the for window, e.g. 30m>": "20m",
        "# <FILL IN: the labels the expression keeps, e.g. job: api>":
            "instance: gpu-01\n              chip: platform_coretemp_0\n              sensor: temp1",
        "<FILL IN: the rendered summary>": "A hardware sensor of gpu-01 is above 85 °C.",
        "<FILL IN: the rendered description>": "Sensor platform_coretemp_0/temp1 reads 90 °C.",
        "<FILL IN: a series close to the condition that must not fire>":
            'node_hwmon_temp_celsius{job="node-exporter", instance="gpu-02", chip="platform_coretemp_0", sensor="temp1"}',
        "\"<FILL IN>\"": "84x40",
        "<FILL IN: the same time as above>": "20m",
    }))
    runbook = (repo.root / RUNBOOK).read_text()
    assert "`goalert/platform-sre`" in runbook and "`#sre-alerts`" in runbook
    repo.write(RUNBOOK, fill(runbook, {
        "<FILL IN: what condition fired, in one paragraph, with the expression's intent.>": "A sensor is above 85 °C.",
        "<FILL IN: who notices and how badly, while it lasts.>": "The CPU throttles; GPU jobs slow down.",
        "<FILL IN: the queries, dashboards and commands that tell the causes apart, in order.>": "`sensors` on the node.",
        "<FILL IN: what to do for each cause.>": "Check the fans; drain the node if it keeps rising.",
        "<FILL IN: when to bring in whom.>": "Data-centre operations when a fan has failed.",
    }))
    assert repo.findings(**ALL) == []
    tested = CliRunner().invoke(cli, ["test", "--repo", str(repo.root)])
    assert tested.exit_code == 0, tested.output
    assert "3 of 3 cases passed in 1 files" in tested.output


def test_scaffold_refuses_existing_files_and_bad_input(repo):
    repo.write("watchkeeper.yaml", TEAMS)
    assert scaffold(repo).exit_code == 0
    again = scaffold(repo)
    assert again.exit_code == 2 and "already exist" in again.output
    bad = CliRunner().invoke(cli, ["new", "alert", "nodeHot", "--team", "sre", "--severity", "warning", "--repo", str(repo.root)])
    assert bad.exit_code == 2 and "not CamelCase" in bad.output
    bad = CliRunner().invoke(cli, ["new", "alert", "NodeHot", "--team", "dba", "--severity", "warning", "--repo", str(repo.root)])
    assert bad.exit_code == 2 and "team 'dba'" in bad.output
    assert not (repo.root / "alerts/node/node-hot.rules.yaml").exists()


def test_family_and_file_names_follow_the_alert_name():
    from watchkeeper.scaffold import family_of, kebab
    assert family_of("GPUMemoryAlmostFull") == "gpu" and kebab("GPUMemoryAlmostFull") == "gpu-memory-almost-full"
    assert family_of("NodeTemperatureHigh") == "node" and kebab("VLLMQueueDeep") == "vllm-queue-deep"
