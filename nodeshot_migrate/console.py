"""What `invoke migrate` prints on the terminal (issue 22).

migrate() reports everything it does through one `echo` callable, line by
line: stage lines (`pre-flight: ...`, `load: ...`, `build: ...`, `apply:
<step>`, `verify: ...`), one line per legacy table as it lands (`load:
<table> <rows> rows`), dbt's own lines (`  dbt | ...`) and those of the
data tests beside the apply (`  tests | ...`), then the summary. Console is
that callable for a person at a terminal:

- every line goes to a log file, whose path it prints first;
- the tables', dbt's and the tests' lines are not printed (`verbose` prints
  them too); on a terminal they move a progress bar (tqdm) instead: tables
  landed out of the legacy tables (the rows so far beside it), models and
  tests done out of the total dbt announces, the apply's steps out of the
  steps compiled;
- the apply's last step, the proof before COMMIT (apply.VERIFY_STEP), is
  no step of the apply's bar: its stage is the `verify: ...` line that
  follows when it passes;
- when the output is not a terminal (cron, systemd, a pipe) there is no bar
  and no escape code: one line per stage, then the summary as it was.

The bench and the tests pass their own echo and see every line as before.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from . import LOCAL_DIR, PROJECT_DIR
from .apply import VERIFY_STEP

LOGS_DIR = LOCAL_DIR / "logs"
# dbt: "08:38:22  12 of 214 OK created sql table model ..." (a node done)
DBT_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
CHILD_PREFIXES = {"  dbt | ": "build", "  tests | ": "tests"}
# legacy/landing.table_landed: one table in legacy_raw
LOAD_TABLE = re.compile(r"^load: (\w+) (\d+) rows$")


def apply_step_count() -> int:
    """The steps of the apply's bar: the apply SQL files, less the proof."""
    return sum(1 for path in (PROJECT_DIR / "analyses" / "apply").glob("*.sql") if path.stem != VERIFY_STEP)


def log_path(dbname: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = re.sub(r"[^\w.-]", "_", dbname)
    return LOGS_DIR / f"{name}-{stamp}.log"


class Console:
    def __init__(self, log: Path, *, verbose: bool = False, stream: IO[str] | None = None,
                 apply_steps: int | None = None, load_tables: int | None = None) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.verbose = verbose
        self.apply_steps = apply_steps
        self.load_tables = load_tables
        log.parent.mkdir(parents=True, exist_ok=True)
        # 0600 whatever the umask: dbt's lines can quote legacy values
        self.log_file = os.fdopen(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8")
        self.bar = None
        self.bar_stage: str | None = None
        self.rows = 0
        self.print(f"log: {log} (every line, dbt's and the data tests' included)")

    def print(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def _bar(self, stage: str, total: int | None, unit: str) -> None:
        if not self.tty:
            return
        if self.bar is not None and self.bar_stage == stage:
            if total and self.bar.total != total:
                self.bar.total = total
                self.bar.refresh()
            return
        self._close_bar()
        from tqdm import tqdm

        # the terminal's size; a pty that reports none (0 x 0: `script`, some CI
        # consoles) made tqdm draw nothing at all
        size = shutil.get_terminal_size((100, 24))
        self.bar = tqdm(total=total, desc=f"{stage:<6}", unit=unit, file=self.stream, leave=True,
                        ncols=min(size.columns or 100, 120), nrows=max(size.lines, 5),
                        bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} {unit} [{elapsed}]{postfix}")
        self.bar_stage = stage
        self.rows = 0

    def _close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
            self.bar_stage = None

    def __call__(self, line: str) -> None:
        self.log_file.write(line + "\n")
        for prefix, stage in CHILD_PREFIXES.items():
            if line.startswith(prefix):
                if self.verbose:
                    self.print(line)
                done = DBT_DONE.search(line)
                if done:
                    self._bar(stage, int(done.group(2)), "models and tests" if stage == "build" else "tests")
                    if self.bar is not None:
                        self.bar.update(1)
                return
        landed = LOAD_TABLE.match(line)
        if landed:
            if self.verbose:
                self.print(line)
            self._bar("load", self.load_tables, "tables")
            if self.bar is not None:
                self.rows += int(landed.group(2))
                self.bar.set_postfix_str(f"{self.rows:,} rows", refresh=False)
                self.bar.update(1)
                if self.bar.total and self.bar.n >= self.bar.total:
                    self._close_bar()  # every table landed: the load's summary line comes below the bar
            return
        if line.startswith("load: ") and self.bar_stage == "load":
            self.print(line)  # above the bar, which goes on
            return
        if line == f"apply: {VERIFY_STEP}" and not self.verbose:
            self._close_bar()  # the apply's writes are done; `verify: ...` follows once the proof passes
            return
        if line.startswith("apply: "):
            if self.tty and not self.verbose:
                self._bar("apply", self.apply_steps, "steps")
                if self.bar is not None:
                    self.bar.set_postfix_str(line[len("apply: "):], refresh=False)
                    self.bar.update(1)
                return
            if not self.verbose:
                if self.bar_stage != "apply-text":
                    self.print("apply: in one transaction (steps in the log)")
                    self.bar_stage = "apply-text"
                return
        elif self.bar_stage == "apply-text":
            self.bar_stage = None
        self._close_bar()
        self.print(line)

    def close(self) -> None:
        self._close_bar()
        self.log_file.close()
