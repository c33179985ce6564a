"""`dbt build`, then the compile of the apply SQL, in one dbt process.

Run by dbt.BuildThenCompile as `python -m nodeshot_migrate.dbtsession SPEC`,
SPEC being JSON: the arguments of the parse, the build and the compile
(what dbt.dbt_invocation gives), and dbt's target folder. The project is
parsed once and that manifest serves both commands (dbt's programmatic
API, one command at a time): a second `dbt` process spent about 2 s
starting and loading its saved parse before the compile, which takes
under a second itself (measured on a copy of the S2 target: 2.8-3.0 s as
its own process, 0.7-1.1 s here).

Between the two commands it keeps the build's run_results.json (its
per-node timings; the compile overwrites that file) as build_results.json,
then prints BUILD_PASSED, which tells the parent that the data tests
beside the apply may start. Exit code: 0 both passed, 1 the build (or the
parse) failed, 2 the compile failed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

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
    runner = dbtRunner(manifest=parsed.result)
    if not runner.invoke(spec["build"]).success:
        return 1
    results = Path(spec["target_dir"]) / "run_results.json"
    if results.exists():
        shutil.copyfile(results, results.with_name("build_results.json"))
    print(BUILD_PASSED, flush=True)
    return 0 if runner.invoke(spec["compile"]).success else 2


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
