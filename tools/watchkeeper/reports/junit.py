"""JUnit XML for GitLab's test widget: one suite per check, one testcase per check and file.

Names are stable (`classname` = `watchkeeper.<check>`, `name` = the file's path) and never contain
the message, so GitLab can compare runs. A file with error findings fails its testcase; warnings
and infos go to `system-out` and do not fail it. A check that could not run (its tool is missing)
fails every testcase it owns: a stage that did not run must not look green.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ..findings import Finding, Severity
from ..runner import RunResult


def _line(f: Finding) -> str:
    return f"{f.location()} {f.severity.value} {f.code} {f.name}: {f.message}" + (f" (hint: {f.hint})" if f.hint else "")


def render(result: RunResult) -> str:
    root = ET.Element("testsuites", name=f"watchkeeper {result.command}")
    total = failed = 0
    for run in result.checks:
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in run.findings:
            by_file[f.path].append(f)
        paths = sorted(set(run.examined) | set(by_file)) or ["(repository)"]
        suite = ET.SubElement(root, "testsuite", name=run.check.name, time=f"{run.seconds:.3f}")
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="engine", value=run.engine)
        suite_failures = 0
        for path in paths:
            case = ET.SubElement(suite, "testcase", classname=f"watchkeeper.{run.check.name}", name=path, time="0")
            findings = by_file.get(path, [])
            errors = [f for f in findings if f.severity is Severity.ERROR]
            if not run.ran and not errors:
                errors = [f for fs in by_file.values() for f in fs if f.severity is Severity.ERROR]
            if errors:
                suite_failures += 1
                failure = ET.SubElement(case, "failure", type=errors[0].code,
                                        message=f"{len(errors)} error(s); first: {errors[0].code} {errors[0].name}")
                failure.text = "\n".join(_line(f) for f in errors)
            others = [f for f in findings if f.severity is not Severity.ERROR]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
        suite.set("tests", str(len(paths)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += len(paths)
        failed += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    root.set("time", f"{result.seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
