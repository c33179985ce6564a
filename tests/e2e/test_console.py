"""invoke migrate's terminal output (nodeshot_migrate/console.py, issue 22), on fed lines."""

from __future__ import annotations

import io

from nodeshot_migrate.console import Console

LINES = [
    "load: copying sqlite:///x.db into legacy_raw with pgloader ...",
    "load: auth_user 3, nodeshot_node 300",
    "build: dbt build (staging, rules, marts and their data tests)",
    "  dbt | 08:38:22  1 of 3 START sql view model migration_staging.stg_legacy__nodes ....... [RUN]",
    "  dbt | 08:38:22  1 of 3 OK created sql view model migration_staging.stg_legacy__nodes .. [CREATE VIEW in 0.1s]",
    "  dbt | 08:38:22  2 of 3 PASS some_test .............................................. [PASS in 0.03s]",
    "  dbt | 08:38:22  3 of 3 PASS other_test ............................................. [PASS in 0.03s]",
    "apply: 010_begin",
    "apply: 020_snapshot",
    "tests: 3 data tests passed beside the apply in 1.0s",
    "",
    "legacy times read as UTC",
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(stream, tmp_path, **options) -> tuple[str, str]:
    log = tmp_path / "run.log"
    console = Console(log, stream=stream, apply_steps=2, **options)
    for line in LINES:
        console(line)
    console.close()
    return stream.getvalue(), log.read_text()


def test_off_a_terminal_one_line_per_stage_no_escape_code(tmp_path):
    shown, logged = feed(io.StringIO(), tmp_path)
    assert "\x1b" not in shown and "\r" not in shown
    assert shown.splitlines() == [
        f"log: {tmp_path / 'run.log'} (dbt's and the data tests' lines; --verbose prints them here too)",
        LINES[0], LINES[1], LINES[2],
        "apply: in one transaction (steps in the log)",
        LINES[9], LINES[10], LINES[11],
    ]
    assert logged.splitlines() == LINES


def test_verbose_prints_every_line(tmp_path):
    shown, _logged = feed(io.StringIO(), tmp_path, verbose=True)
    assert shown.splitlines()[1:] == LINES


def test_on_a_terminal_dbt_lines_become_a_bar(tmp_path):
    shown, logged = feed(Terminal(), tmp_path)
    assert "  dbt | " not in shown
    assert "3/3" in shown and "2/2" in shown  # the build's nodes and the apply's steps, done out of the total
    assert "\r" in shown  # a bar redrawn in place
    assert logged.splitlines() == LINES
