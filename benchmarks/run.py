"""Time `watchkeeper lint` and `gate` on a synthetic repository, check by check.

Usage: python benchmarks/run.py [--scale N] [--repeat K]
Prints the file count, the wall time of each command (best of K) and each check's share.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from synthetic_repo import build
from watchkeeper import runner
from watchkeeper.repository import Repository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="watchkeeper-bench-") as tmp:
        root = Path(tmp) / "repo"
        build(root, args.scale)
        started = time.perf_counter()
        repo = Repository.load(root)
        print(f"scale {args.scale}: {len(repo.files)} files, loaded and parsed in {time.perf_counter() - started:.2f}s")
        for command in ("lint", "gate"):
            best = None
            for _ in range(args.repeat):
                result = runner.run(root, command)
                if best is None or result.seconds < best.seconds:
                    best = result
            print(f"{command}: {best.seconds:.2f}s best of {args.repeat}, {len(best.findings)} findings")
            for check in best.checks:
                print(f"  {check.check.name:<16} {check.seconds:6.2f}s  {check.engine}")


if __name__ == "__main__":
    main()
