"""Which dashboards exist: the `uid`s of the dashboards under `dashboards/` (read from their
Python source, without running it) and of the dashboards generated into `generated/dashboards/`."""

from __future__ import annotations

import json
import re

from .repository import Repository

_UID_IN_PYTHON = re.compile(r"""\buid\s*=\s*["']([A-Za-z0-9_-]+)["']""")


def known_uids(repo: Repository) -> set[str]:
    uids = {uid for source in repo.of_kind("dashboard") for uid in _UID_IN_PYTHON.findall(source.text or "")}
    generated = repo.root / "generated" / "dashboards"
    for path in sorted(generated.rglob("*.json")) if generated.is_dir() else ():
        try:
            uid = json.loads(path.read_text("utf-8")).get("uid")
        except (OSError, ValueError, AttributeError):
            continue  # the generation drift check reports broken generated files
        if isinstance(uid, str):
            uids.add(uid)
    return uids


def uid_of(url: str, grafana_url: str) -> str | None:
    """The uid in `<grafana_url>/d/<uid>[/<slug>][?...]`, or None when the URL is not of that form."""
    if not grafana_url or not url.startswith(grafana_url.rstrip("/") + "/d/"):
        return None
    rest = url[len(grafana_url.rstrip("/")) + 3:]
    uid = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return uid or None
