"""The apply as SQL a person reads: every compiled step, in the order and
with the numbers the apply runs them (docs/apply-plan.md).

`invoke migrate --print-sql FILE` writes the steps the run itself executes;
`invoke show-apply --target URL` compiles them for a target whose marts an
earlier build (a `migrate --dry-run`) made, without running anything.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg

from . import LOCAL_DIR, PROJECT_DIR
from .apply import compiled_files
from .dbt import dbt_failed, dbt_invocation
from .errors import EXIT_USAGE, MigrateError
from .plan import plan
from .urls import TargetDatabase

STEP_NAME = re.compile(r"^(\d{3})_(.+)$")


def render_steps(files: list[Path], folder: str = "apply") -> str:
    """The compiled step files as one script, each under a header naming its
    number, its name and its source file."""
    parts = []
    for path in files:
        match = STEP_NAME.match(path.stem)
        number, name = (match.group(1), match.group(2)) if match else ("?", path.stem)
        source = f"analyses/{folder}/{path.name}"
        parts.append(f"-- ===== step {number} {name} ({source}) =====\n{path.read_text().strip()}\n")
    return "\n".join(parts)


def write_sql(text: str, output: str) -> None:
    """To the file `output`, or to stdout for '-'."""
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(output).write_text(text)


def show_target_dir(target: TargetDatabase) -> Path:
    """dbt's target folder for show-apply: apart from the one `migrate`
    compiles into, so that showing never changes what a run executes."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in f"{target.host}-{target.port}-{target.dbname}")
    return LOCAL_DIR / "show-apply" / safe


def missing_marts(target: TargetDatabase) -> list[str]:
    """The marts of the plan the target has no build of."""
    names = [entry.name for entry in plan()]
    with psycopg.connect(target.url, connect_timeout=10) as conn:
        return [
            name
            for (name,) in conn.execute(
                "select name from unnest(%s::text[]) as name"
                " where to_regclass('migration.' || quote_ident(name)) is null",
                (names,),
            )
        ]


def show_apply(target: TargetDatabase, dbt_vars: dict[str, Any]) -> str:
    """Compile the apply for `target` with `dbt_vars` and return it as one
    script. Needs the marts of a build (they give the columns written)."""
    missing = missing_marts(target)
    if missing:
        raise MigrateError(
            f"{target.display} has no build of the marts ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}): run `invoke migrate --dry-run` first,"
            " or `invoke migrate --print-sql FILE`",
            EXIT_USAGE,
        )
    directory = show_target_dir(target)
    argv, env = dbt_invocation(["compile", "--select", "path:analyses/apply"], target, dbt_vars, directory)
    proc = subprocess.run(argv, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise dbt_failed("dbt compile of the apply", proc.stdout.splitlines())
    return render_steps(compiled_files(target, "apply", target_dir=directory))
