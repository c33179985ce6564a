"""The data tests as the gate of the apply, most of them run beside it.

`dbt build` runs each model's data tests before the models downstream of
it, so every test sits on the chain of models the build waits for. At S2
the build took 61 s with its tests and 44 s without them, while the apply
that follows keeps one core busy and leaves the other idle for 46 s.

So the tests that read only what the build itself wrote (the tables and
frozen marts of schemas migration and migration_work, and the legacy copy)
run in a second dbt process, on the idle core, while the apply works in
its transaction; the apply commits only once every one of them passed,
and rolls back otherwise. Nothing is ever written that a failing test
would have stopped.

The tests that read, through views, the tables the apply writes or locks
(the site's tables and the ledger: sources `app` and `ledger`) stay in the
build: run beside the apply they could wait for its locks while the apply
waits for them. Which tests those are is read from dbt's manifest, so a
new test or a view turned into a table moves by itself. The manifest is
the one the run's own parse has just written (nodeshot_migrate.dbtsession),
the same the build then runs from; should it be unreadable, every test
runs in the build, as `dbt build` alone would.

A map of fewer legacy rows than MigrateOptions.gate_beside_min_rows
(500,000) runs every test in the build too: its apply is over in seconds,
and would only wait for this second process to start and test on one
thread (migrate._migrate has the figures).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from . import PROJECT_DIR
from .dbt import dbt_invocation, failure_detail, target_path
from .errors import EXIT_BUILD_FAILED, MigrateError
from .urls import TargetDatabase

# Sources whose tables the apply writes or locks (it drops and adds back
# keys in first-run bulk mode, alters the ledger): a test reading them must
# not run while the apply's transaction is open.
WRITTEN_BY_APPLY = ("app", "ledger")

# Materializations whose relation runs its query again at every read.
READ_THROUGH = ("view", "ephemeral")


def read_manifest(target: TargetDatabase) -> dict[str, Any] | None:
    """The manifest dbt wrote for this target, None if it is missing or unreadable."""
    try:
        return json.loads((target_path(target) / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def split_tests(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(tests that must run in the build, tests that may run beside the apply), by node name.

    A test reads the relations it depends on; through a view or an
    ephemeral model it reads what those read, and so on. It must run in
    the build if that reaches a source of WRITTEN_BY_APPLY."""
    nodes, sources = manifest["nodes"], manifest["sources"]
    reaches: dict[str, bool] = {}

    def read_through(unique_id: str) -> bool:
        return unique_id in sources or nodes.get(unique_id, {}).get("config", {}).get("materialized") in READ_THROUGH

    def reaches_written(unique_id: str) -> bool:
        if unique_id in sources:
            return sources[unique_id]["source_name"] in WRITTEN_BY_APPLY
        if unique_id not in reaches:  # dbt's graph has no cycles
            parents = nodes[unique_id]["depends_on"]["nodes"]
            reaches[unique_id] = any(reaches_written(parent) for parent in parents if read_through(parent))
        return reaches[unique_id]

    in_build, beside = [], []
    for unique_id, node in sorted(nodes.items()):
        if node["resource_type"] == "test":
            (in_build if reaches_written(unique_id) else beside).append(node["name"])
    return in_build, beside


class TestsBesideApply:
    """`dbt test` of the given tests in a process of its own, while the apply runs.

    It works in a folder of its own beside the build's (the compile of the
    apply writes to that one meanwhile), starting from a copy of the
    build's saved parse. Its sessions give up on a lock after
    `lock_timeout`: should a test ever wait for a lock the apply holds, the
    run fails with that message instead of the two waiting for each other.
    """

    def __init__(self, target: TargetDatabase, dbt_vars: dict[str, Any], names: list[str], lock_timeout: str) -> None:
        self.names = names
        build_folder = target_path(target)
        self.folder = build_folder.with_name(build_folder.name + "-tests")
        self.folder.mkdir(parents=True, exist_ok=True)
        saved = build_folder / "partial_parse.msgpack"
        if saved.exists():
            shutil.copyfile(saved, self.folder / "partial_parse.msgpack")
        self.log = self.folder / "tests.log"
        argv, env = dbt_invocation(["test", "--threads", "1", "--select", *names], target, dbt_vars, self.folder)
        env["PGOPTIONS"] = f"{env['PGOPTIONS']} -c lock_timeout={lock_timeout}"
        self.started = time.monotonic()
        self.ended: float | None = None
        self.reported = False
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(argv, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        # When the tests ended, not when the apply came to ask.
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def _watch(self) -> None:
        self.proc.wait()
        self.ended = time.monotonic()

    def lines(self) -> list[str]:
        try:
            return self.log.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def wait(self, echo: Callable[[str], None]) -> None:
        """Wait for the tests; echo their lines; raise if any failed."""
        if self.proc.poll() is None:
            echo(f"tests: waiting for the {len(self.names)} data tests that run beside the apply ...")
        code = self.proc.wait()
        self.watcher.join()
        seconds = (self.ended or time.monotonic()) - self.started
        if not self.reported:
            self.reported = True
            for line in self.lines():
                echo(f"  tests | {line}")
        if code != 0:
            raise MigrateError(
                "data tests failed: the apply was rolled back, nothing was written to the target.\n"
                f"{failure_detail(self.lines())}\n(full output: {self.log})",
                EXIT_BUILD_FAILED,
            )
        echo(f"tests: {len(self.names)} data tests passed beside the apply in {seconds:.1f}s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
