"""One dbt process for a run: parse during the load, then build, then compile.

Run by dbt.DbtSession as `python -m nodeshot_migrate.dbtsession SPEC`,
SPEC being JSON: the arguments of `dbt parse` (what dbt.dbt_invocation
gives) and dbt's target folder. It

1. imports dbt and parses the project, while the parent runs the load
   (pgloader keeps about one core busy, this takes the other), then prints
   PARSED and waits for one line on stdin;
2. reads from that line the arguments of the build and of the compile of
   the apply SQL (the build's depend on the manifest just written: which
   data tests run beside the apply, nodeshot_migrate/gate.py), or exits at
   an empty line or the end of stdin (a sync that found nothing changed);
3. builds, keeps the build's run_results.json (its per-node timings; the
   compile overwrites that file) as build_results.json, prints
   BUILD_PASSED, and compiles.

Both commands use the manifest of step 1, through dbt's programmatic API,
one command at a time. Measured on a copy of the S2 target: a dbt process
spends 1.6-2 s importing dbt and loading its saved parse before its first
query, and the compile, 2.8-3.0 s as a process of its own, takes 0.7-1.1 s
here. Exit code: 0 done (or told to stop), 1 the parse or the build failed,
2 the compile failed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

PARSED = "nodeshot-migrate: dbt parsed the project"
BUILD_PASSED = "nodeshot-migrate: the build passed, compiling the apply SQL"


def main(spec: dict) -> int:
    try:
        from dbt.cli.main import dbtRunner
    except ImportError as exc:
        print(f"dbt-core is not installed for {sys.executable} ({exc}): run nodeshot-migrate through ./inv,")
        print("which installs it in .venv")
        return 1
    parsed = dbtRunner().invoke(spec["parse"])
    if not parsed.success:
        return 1
    print(PARSED, flush=True)
    orders = sys.stdin.readline().strip()
    if not orders:
        return 0
    commands = json.loads(orders)
    runner = dbtRunner(manifest=parsed.result)
    if not runner.invoke(commands["build"]).success:
        return 1
    results = Path(spec["target_dir"]) / "run_results.json"
    if results.exists():
        shutil.copyfile(results, results.with_name("build_results.json"))
    print(BUILD_PASSED, flush=True)
    return 0 if runner.invoke(commands["compile"]).success else 2


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
