"""invoke migrate's terminal output (nodeshot_migrate/console.py, issue 22), on fed lines."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys

from nodeshot_migrate import PROJECT_DIR
from nodeshot_migrate.console import Console

LINES = [
    "pre-flight: the apply plan of the marts is consistent, the target is nodeshot 1.x (the 20 tables"
    " the plan requires, postgis, hstore)",
    "load: copying sqlite:///x.db into legacy_raw with pgloader ...",
    "load: nodeshot_node 300 rows",
    "load: nodeshot_link 1 row(s) hold NUL bytes or invalid UTF-8; those tables go through the legacy client",
    "load: auth_user 3 rows",
    "load: auth_user 3, nodeshot_node 300",
    "build: dbt build (staging, rules, marts and their data tests)",
    "  dbt | 08:38:22  1 of 3 START sql view model migration_staging.stg_legacy__nodes ....... [RUN]",
    "  dbt | 08:38:22  1 of 3 OK created sql view model migration_staging.stg_legacy__nodes .. [CREATE VIEW in 0.1s]",
    "  dbt | 08:38:22  2 of 3 PASS some_test .............................................. [PASS in 0.03s]",
    "  dbt | 08:38:22  3 of 3 PASS other_test ............................................. [PASS in 0.03s]",
    "apply: 010_begin",
    "apply: 020_snapshot",
    "apply: 950_verify",
    "tests: 3 data tests passed beside the apply in 1.0s",
    "verify: every row the run meant to write is in the target with its values (950_verify, 0.1s, before COMMIT)",
    "",
    "legacy times read as UTC",
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(stream, tmp_path, **options) -> tuple[str, str]:
    log = tmp_path / "run.log"
    console = Console(log, stream=stream, apply_steps=2, load_tables=2, **options)
    for line in LINES:
        console(line)
    console.close()
    return stream.getvalue(), log.read_text()


def test_off_a_terminal_one_line_per_stage_no_escape_code(tmp_path):
    shown, logged = feed(io.StringIO(), tmp_path)
    assert "\x1b" not in shown and "\r" not in shown
    assert shown.splitlines() == [
        f"log: {tmp_path / 'run.log'} (every line, dbt's and the data tests' included)",
        LINES[0],  # pre-flight
        LINES[1], LINES[3], LINES[5],  # the load's own lines, not those of each table
        LINES[6],
        "apply: in one transaction (steps in the log)",
        LINES[14], LINES[15],  # tests, then the proof as a stage of its own
        LINES[16], LINES[17],
    ]
    assert logged.splitlines() == LINES


def test_a_pipe_shows_the_pre_flight_load_and_verify_stages(tmp_path):
    shown, _logged = feed(io.StringIO(), tmp_path)
    stages = [line.split(":")[0] for line in shown.splitlines() if line.strip()]
    assert stages[:5] == ["log", "pre-flight", "load", "load", "load"]
    assert stages.index("verify") > stages.index("apply") > stages.index("build")
    assert "load: nodeshot_node 300 rows" not in shown and "apply: 950_verify" not in shown
    assert "\x1b" not in shown


def test_verbose_prints_every_line(tmp_path):
    shown, _logged = feed(io.StringIO(), tmp_path, verbose=True)
    assert shown.splitlines()[1:] == LINES


def test_on_a_terminal_dbt_lines_become_a_bar(tmp_path):
    shown, logged = feed(Terminal(), tmp_path)
    assert "  dbt | " not in shown
    assert "3/3" in shown and "2/2" in shown  # the build's nodes and the apply's steps, done out of the total
    assert "2/2 tables" in shown and "303 rows" in shown  # the load: tables landed, rows so far
    assert "\r" in shown  # a bar redrawn in place
    shown_lines = [part for line in shown.splitlines() for part in line.split("\r")]
    # the proof is no step of the apply's bar (neither counted nor its postfix), only its own stage's line
    assert "3/2" not in shown
    assert [part for part in shown_lines if "950_verify" in part] == [LINES[-3]]
    assert LINES[0] in shown_lines and LINES[5] in shown_lines and LINES[-3] in shown_lines  # pre-flight, load, verify
    assert LINES[3] in shown_lines  # another load line, above the load's bar
    assert logged.splitlines() == LINES


def test_in_a_real_pseudo_terminal_the_bars_draw(tmp_path):
    """A pty that reports no size (as `script` and some CI consoles give):
    tqdm drew nothing there until the console passed it a size."""
    main, child = pty.openpty()
    program = (
        "import sys; from pathlib import Path; from nodeshot_migrate.console import Console\n"
        f"c = Console(Path({str(tmp_path / 'pty.log')!r}), apply_steps=2, load_tables=2)\n"
        f"for line in {LINES!r}: c(line)\n"
        "c.close()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", program], stdout=child, stderr=child, stdin=subprocess.DEVNULL,
                            cwd=PROJECT_DIR)
    os.close(child)
    output = b""
    while select.select([main], [], [], 30)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the pty
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=30) == 0, output
    shown = output.decode()
    assert "load " in shown and "2/2 tables" in shown and "303 rows" in shown, shown
    assert "build " in shown and "3/3 models and tests" in shown, shown
    assert "apply " in shown and "2/2 steps" in shown, shown
    assert "  dbt | " not in shown and "load: auth_user 3 rows" not in shown
    assert "pre-flight: " in shown and "verify: " in shown
