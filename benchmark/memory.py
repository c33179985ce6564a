"""Peak memory and CPU of this process's children, read from /proc.

A sampler thread walks the process tree under this process every
`interval` seconds and keeps, per child, the highest VmHWM (the kernel's
own peak resident set of that process, so a sample taken late still sees
the peak of a process that is alive) and its CPU time (utime + stime) at
the last sample. A child still running when the sampler stops (a database
server the benchmark started) is left out: the report counts the
programs that ran and ended, as their rusage at exit would. A child that starts and exits between two samples is not
seen: RUSAGE_CHILDREN (the largest peak of all reaped children) is
reported beside, so a large short-lived child cannot go unnoticed. Without
/proc only that and this process's own peak are reported.
"""

from __future__ import annotations

import os
import resource
import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class ChildUsage:
    pid: int
    program: str
    stage: str
    max_rss_kb: int
    cpu_seconds: float


def program_name(argv: list[str]) -> str:
    """What the report calls a child: its program, the one runuser runs, the
    script an interpreter runs (the kernel puts the interpreter of a `#!`
    script first: `python .venv/bin/dbt ...`), or dbt for the run's dbt
    session. A Python child running none of those is "python (child)", apart
    from this process's own "python"."""
    if not argv:
        return "?"
    if "nodeshot_migrate.dbtsession" in argv:
        return "dbt"
    program = Path(argv[0]).name
    if program == "runuser" and "--" in argv[:-1]:
        program = Path(argv[argv.index("--") + 1]).name
    elif program.startswith("python") and len(argv) > 1 and not argv[1].startswith("-"):
        program = Path(argv[1]).name
    return "python (child)" if program.startswith("python") else program


def parse_stat(text: str) -> tuple[int, float]:
    """(parent pid, CPU seconds) from the text of /proc/<pid>/stat (the
    command name in parentheses may hold spaces and parentheses)."""
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def parse_hwm_kb(status: str) -> int:
    """VmHWM (peak resident set, kB) from the text of /proc/<pid>/status; 0 when absent."""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """The pids under `root` in a pid -> parent pid map."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return found


class ChildSampler:
    """Samples the children of this process while active (a context manager);
    `stage` labels what they are sampled for."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.stage = "setup"
        self._seen: dict[tuple[int, str], ChildUsage] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.available = (PROC / "self" / "stat").exists()

    def __enter__(self) -> ChildSampler:
        if self.available:
            self._thread = threading.Thread(target=self._run, name="bench-child-sampler", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.available:
            alive = self.sample()
            self._seen = {key: usage for key, usage in self._seen.items() if usage.pid not in alive}

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> set[int]:
        """Read the children once; returns their pids."""
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in PROC.iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)], cpu[int(entry.name)] = parse_stat((entry / "stat").read_text())
                except (OSError, ValueError, IndexError):
                    continue
        stage = self.stage
        children = descendants(os.getpid(), parents)
        for pid in children:
            try:
                hwm = parse_hwm_kb((PROC / str(pid) / "status").read_text())
                argv = [a for a in (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0") if a]
            except OSError:
                continue  # gone meanwhile
            if not argv:
                continue  # exited, not yet reaped
            key = (pid, stage)
            known = self._seen.get(key)
            if known is None:
                self._seen[key] = ChildUsage(pid, program_name(argv), stage, hwm, cpu[pid])
            else:
                known.max_rss_kb = max(known.max_rss_kb, hwm)
                known.cpu_seconds = max(known.cpu_seconds, cpu[pid])
        return children

    @property
    def records(self) -> list[ChildUsage]:
        return list(self._seen.values())

    def peaks(self, stage: str | None = None) -> dict[str, int]:
        found: dict[str, int] = {}
        for record in self.records:
            if stage is None or record.stage == stage:
                found[record.program] = max(found.get(record.program, 0), record.max_rss_kb)
        return found

    def cpu(self, stage: str) -> dict[str, float]:
        """program -> CPU seconds of its processes during `stage` (at their last sample)."""
        found: dict[str, float] = {}
        for record in self.records:
            if record.stage == stage:
                found[record.program] = found.get(record.program, 0.0) + record.cpu_seconds
        return found


def python_peak_kb() -> int:
    """This process's peak resident set (ru_maxrss)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def children_peak_kb() -> int:
    """The largest peak resident set of all reaped children (and theirs)."""
    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
