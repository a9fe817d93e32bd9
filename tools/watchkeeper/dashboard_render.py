"""Render one dashboard module to Grafana JSON, in a process of its own.

`python -m watchkeeper.dashboard_render ROOT MODULE` imports `MODULE` (a path under `ROOT`, with
`ROOT` on `sys.path` so `from dashboards.lib import ...` works) and writes the JSON of its
module-level `dashboard` to standard output. Whatever the module prints goes to standard error
instead, so it cannot corrupt the JSON. Errors exit 1 with the traceback on standard error; the
parent maps it back to the module's line.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path


def main(root: str, module: str) -> int:
    real_stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the module's prints, and any library's, go to stderr
    sys.stdout = sys.stderr
    sys.path.insert(0, root)
    path = Path(root, module)
    spec = importlib.util.spec_from_file_location("dashboard_module", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    dashboard = getattr(loaded, "dashboard", None)
    if dashboard is None or not hasattr(dashboard, "to_json_data"):
        print(f"watchkeeper: {module} defines no module-level `dashboard` (a grafanalib Dashboard)", file=sys.stderr)
        return 3
    from grafanalib._gen import DashboardEncoder

    real_stdout.write(json.dumps(dashboard.to_json_data(), cls=DashboardEncoder))
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
