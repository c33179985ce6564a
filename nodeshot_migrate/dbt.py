"""Run dbt (as a child process) against the target database."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any, Callable

from . import LOCAL_DIR, PROJECT_DIR
from .errors import EXIT_BUILD_FAILED, MigrateError
from .urls import TargetDatabase


def profiles_dir() -> Path:
    """The project's own profiles.yml if the operator made one, else a copy of the example."""
    if (PROJECT_DIR / "profiles.yml").exists():
        return PROJECT_DIR
    folder = LOCAL_DIR / "dbt"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_DIR / "profiles.yml.example", folder / "profiles.yml")
    return folder


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: list[str],
    target: TargetDatabase,
    dbt_vars: dict[str, Any],
    *,
    echo: Callable[[str], None] = print,
    quiet: bool = False,
    what: str | None = None,
) -> None:
    """Run `dbt <args>`, streaming its progress lines; raise on failure."""
    env = dict(os.environ)
    env.update(target.dbt_env())
    env["DBT_PROFILES_DIR"] = str(profiles_dir())
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    argv = [
        dbt_executable(),
        "--no-use-colors",
        *args,
        "--vars",
        json.dumps(dbt_vars),
        "--log-path",
        str(LOCAL_DIR / "dbt-logs"),
    ]
    tail: deque[str] = deque(maxlen=60)
    proc = subprocess.Popen(
        argv, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        tail.append(line)
        if not quiet:
            echo(f"  dbt | {line}")
    code = proc.wait()
    if code != 0:
        detail = "\n".join(tail) if quiet else "see the dbt output above"
        raise MigrateError(
            f"{what or 'dbt ' + args[0]} failed: nothing was written to the target.\n{detail}",
            EXIT_BUILD_FAILED,
        )


def children_peak_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
