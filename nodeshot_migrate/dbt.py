"""Run dbt (as a child process) against the target database."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import LOCAL_DIR, PROJECT_DIR
from .errors import EXIT_BUILD_FAILED, EXIT_LOCKED, MigrateError
from .urls import TargetDatabase


def profiles_dir() -> Path:
    """The project's own profiles.yml if the operator made one, else a copy of the example."""
    if (PROJECT_DIR / "profiles.yml").exists():
        return PROJECT_DIR
    folder = LOCAL_DIR / "dbt"
    folder.mkdir(parents=True, exist_ok=True)
    example = (PROJECT_DIR / "profiles.yml.example").read_bytes()
    copy = folder / "profiles.yml"
    if not copy.exists() or copy.read_bytes() != example:
        # Renamed into place: a dbt started meanwhile (another run from this
        # checkout) reads the old file or the new one, never half of one.
        partial = folder / f"profiles.yml.{os.getpid()}"
        partial.write_bytes(example)
        partial.replace(copy)
    return folder


def target_path(target: TargetDatabase) -> Path:
    """dbt's target folder for one target database.

    Compiled SQL differs per database (the apply macros introspect it), so
    two runs against two databases from one checkout must not share it.
    """
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in f"{target.host}-{target.port}-{target.dbname}")
    return LOCAL_DIR / "dbt-target" / safe


@contextlib.contextmanager
def exclusive_run(target: TargetDatabase, *, wait: bool) -> Iterator[None]:
    """One build-compile-apply at a time per target database on this machine."""
    folder = target_path(target)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise MigrateError(
                f"another nodeshot-migrate on this machine is working on {target.display}: wait for it, or use --wait",
                EXIT_LOCKED,
            ) from None
        yield


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


# JIT off for our sessions: the stacked rule views make the planner's cost
# estimates huge, so PostgreSQL JIT-compiles nearly every query, and the
# compile takes longer than the query (measured at S0: 1.7 s of JIT for a
# 37 ms links_link scan; 80 s -> 30 s for the whole build).
SESSION_OPTIONS = "-c jit=off"


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
    argv, env = dbt_invocation(args, target, dbt_vars)
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
        raise dbt_failed(what or f"dbt {args[0]}", tail)


def dbt_failed(what: str, output: Iterable[str]) -> MigrateError:
    """The error of a failed dbt command, with what its output says to act on."""
    return MigrateError(
        f"{what} failed: nothing was written to the target.\n{failure_detail(list(output))}", EXIT_BUILD_FAILED
    )


def failure_detail(lines: list[str]) -> str:
    """What the user has to act on in the output of a failed dbt command:
    dbt ends it with "Completed with N errors ..." and one paragraph per
    failure (the last 60 lines when that line is missing)."""
    starts = [i for i, text in enumerate(lines) if "Completed with" in text]
    return "\n".join(lines[starts[-1]:] if starts else lines[-60:])


def dbt_invocation(
    args: list[str], target: TargetDatabase, dbt_vars: dict[str, Any], target_dir: Path | None = None
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `dbt <args>` for this target;
    its files go to target_dir, by default target_path(target)."""
    target_dir = target_dir or target_path(target)
    env = dict(os.environ)
    env.update(target.dbt_env())
    env["DBT_PROFILES_DIR"] = str(profiles_dir())
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # No dbt.log unless asked for (DBT_LOG_LEVEL_FILE=debug): dbt writes
    # every statement it sends to that file, and formatting those events
    # cost the S2 build 7 s of its 75 (12 of 135 core-seconds). The progress
    # lines streamed here, run_results.json and the compiled SQL beside it
    # are what a failure is diagnosed with.
    env.setdefault("DBT_LOG_LEVEL_FILE", "none")
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {SESSION_OPTIONS}".strip()
    argv = [
        dbt_executable(),
        "--no-use-colors",
        *args,
        "--vars",
        json.dumps(dbt_vars),
        "--log-path",
        str(target_dir / "logs"),
    ]
    if args and args[0] in ("build", "compile", "run", "test", "seed", "parse", "docs"):
        argv += ["--target-path", str(target_dir)]
    return argv, env


def children_peak_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


class DbtSession:
    """The run's dbt, in one child process (nodeshot_migrate.dbtsession).

    Started before the load, it imports dbt and parses the project while
    the load runs. `ready` waits for that parse (after it the manifest of
    this target is fresh); `build` sends it the build and compile commands
    and streams the build's lines until it passed, while the compile goes
    on; `compile` waits for that. Each raises MigrateError when its part
    failed. `stop` ends it: a child still parsing finishes its parse (its
    saved files stay whole) and exits; one building is killed."""

    def __init__(self, target: TargetDatabase, dbt_vars: dict[str, Any]) -> None:
        from .dbtsession import BUILD_PASSED, PARSED

        self.markers = {"parse": PARSED, "build": BUILD_PASSED}
        self.target, self.dbt_vars = target, dbt_vars
        (_, *parse), env = dbt_invocation(["parse"], target, dbt_vars)
        spec = {"parse": parse, "target_dir": str(target_path(target))}
        env["PYTHONUNBUFFERED"] = "1"  # each line as dbt logs it
        self.tail: deque[str] = deque(maxlen=60)
        self.building = False
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nodeshot_migrate.dbtsession", json.dumps(spec)],
            cwd=PROJECT_DIR, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip

    def _until(self, stage: str, echo: Callable[[str], None], what: str) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            if line == self.markers[stage]:
                self.tail.clear()
                return
            self.tail.append(line)
            echo(f"  dbt | {line}")
        self.proc.wait()
        raise dbt_failed(what, self.tail)

    def ready(self, echo: Callable[[str], None]) -> None:
        self._until("parse", echo, "dbt parse (reading the project)")

    def build(self, build_args: list[str], compile_args: list[str], echo: Callable[[str], None], what: str) -> None:
        assert self.proc.stdin is not None
        (_, *build), _ = dbt_invocation(build_args, self.target, self.dbt_vars)
        (_, *compile_), _ = dbt_invocation(compile_args, self.target, self.dbt_vars)
        self.building = True
        self.proc.stdin.write(json.dumps({"build": build, "compile": compile_}) + "\n")
        self.proc.stdin.close()
        self._until("build", echo, what)

    def compile(self, what: str) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.tail.append(line.rstrip("\n"))
        if self.proc.wait() != 0:
            raise dbt_failed(what, self.tail)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        if not self.building:
            try:
                assert self.proc.stdin is not None and self.proc.stdout is not None
                self.proc.stdin.close()  # no build: it exits once parsed
                for _line in self.proc.stdout:
                    pass
                self.proc.wait(timeout=120)
                return
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.proc.kill()
        self.proc.wait()
