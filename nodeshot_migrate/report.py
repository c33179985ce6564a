"""The HTML report of a run (issue 22): one self-contained file with a map.

Every `migrate`, `sync` and dry run writes one, and `invoke report` writes
it again from the database. The file holds everything it shows: the CSS and
JavaScript of the page, Leaflet (vendor/leaflet), and the data as JSON in
`<script type="application/json">` elements. It opens from disk with no
server; only the map's tile background comes from the network, when there
is one.

The data is built in the database (sql/report/report.sql: json_agg and
ST_AsGeoJSON, one text value per section) and copied into the file as it
comes, in chunks; no legacy row passes through Python. The page's script
(report_assets/report.js) draws the tables and the map from it. Python
renders only the header, from the run's own settings and outcome.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import psycopg

from . import LOCAL_DIR, SQL_DIR
from .dbt import SESSION_OPTIONS
from .errors import (
    EXIT_APPLY_FAILED,
    EXIT_BUILD_FAILED,
    EXIT_DECLINED,
    EXIT_DRY_RUN,
    EXIT_ERROR,
    EXIT_LOAD_FAILED,
    EXIT_LOCKED,
    EXIT_MISSING_TOOL,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_VERIFY_FAILED,
    redact,
)
from .urls import TargetDatabase

REPORTS_DIR = LOCAL_DIR / "reports"
ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"
LEAFLET_DIR = Path(__file__).resolve().parent / "vendor" / "leaflet"
REPORT_SQL = SQL_DIR / "report" / "report.sql"
GROUPED_SQL = SQL_DIR / "report" / "grouped.sql"
ROWS_PER_GROUP = 200  # rows listed per reject / notice group; the page says how many more there are
CHUNK = 1 << 20

# What each exit code means for the header (the README's table, shorter).
OUTCOMES = {
    EXIT_OK: "committed",
    EXIT_DRY_RUN: "dry run: rolled back, nothing was written",
    EXIT_DECLINED: "declined at the prompt: rolled back, nothing was written",
    EXIT_LOCKED: "failed: another migration holds the lock; nothing was written",
    EXIT_LOAD_FAILED: "failed in the load: rolled back, nothing was written",
    EXIT_BUILD_FAILED: "failed in the build (dbt build or a data test): rolled back, nothing was written",
    EXIT_APPLY_FAILED: "failed in the apply: rolled back, nothing was written",
    EXIT_MISSING_TOOL: "failed: a required program is not installed; nothing was written",
    EXIT_VERIFY_FAILED: "failed in the proof of the target before COMMIT: rolled back, nothing was written",
    EXIT_USAGE: "failed: bad flags or settings; nothing was written",
    EXIT_ERROR: "failed: rolled back, nothing was written",
}
STAGES = ("load", "check", "build", "apply", "verify", "report")


@dataclass
class RunFacts:
    """What the header says: the run's settings and outcome (never a legacy row)."""

    kind: str  # what wrote it: "migrate", "sync" or "invoke report" (again, from the database)
    target: str  # display form, no password
    legacy: str | None = None  # redacted
    timezone: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    exit_code: int | None = None
    outcome: str | None = None  # set for a report written from migration.runs
    error: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    run_id: int | None = None
    unchanged_since: int | None = None
    written: list[tuple[str, int, int, int]] = field(default_factory=list)  # target table, ins, upd, del
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    notes: list[str] = field(default_factory=list)

    @property
    def outcome_text(self) -> str:
        if self.outcome is not None:
            return self.outcome
        if self.unchanged_since is not None:
            text = f"no changes: inputs as run {self.unchanged_since} left them; nothing built or written"
            return text + (" (dry run: rolled back)" if self.exit_code == EXIT_DRY_RUN else "")
        if self.exit_code == EXIT_OK and self.run_id is not None:
            return f"committed as run {self.run_id}"
        if self.exit_code is not None and 20 <= self.exit_code <= 29:
            return f"failed in the pre-flight checks (exit {self.exit_code}): nothing was written"
        return OUTCOMES.get(self.exit_code, f"exit {self.exit_code}")

    @property
    def failed(self) -> bool:
        return self.exit_code not in (None, EXIT_OK, EXIT_DRY_RUN, EXIT_DECLINED)


def default_path(target: TargetDatabase, facts: RunFacts) -> Path:
    """.local/reports/<database>-<run id>.html for a committed run, else
    <database>-<what>-<UTC timestamp>.html (dry-run, failed, declined,
    no-change)."""
    if facts.run_id is not None and facts.exit_code in (None, EXIT_OK) and facts.unchanged_since is None:
        name = f"{target.dbname}-{facts.run_id}"
    else:
        stamp = facts.at.strftime("%Y%m%dT%H%M%SZ")
        if facts.exit_code == EXIT_DRY_RUN:
            what = "dry-run"
        elif facts.unchanged_since is not None:
            what = "no-change"
        elif facts.exit_code == EXIT_DECLINED:
            what = "declined"
        elif facts.failed:
            what = "failed"
        else:
            what = "build"
        name = f"{target.dbname}-{what}-{stamp}"
    path = REPORTS_DIR / (re.sub(r"[^\w.-]", "_", name) + ".html")
    if facts.run_id is None:  # two runs in one second keep both reports
        stem, n = path.stem, 1
        while path.exists():
            n += 1
            path = path.with_name(f"{stem}-{n}.html")
    return path


# -- the data, from the database ------------------------------------------------------------------

SECTION_HEADER = re.compile(r"^-- section: (\w+) \(([^)]*)\)\s*$", re.MULTILINE)


def sections() -> list[tuple[str, list[str], str]]:
    """(name, relations it reads, SQL) of every section of sql/report/report.sql."""
    text = REPORT_SQL.read_text()
    parts = SECTION_HEADER.split(text)
    found = []
    for i in range(1, len(parts), 3):
        name, relations, statement = parts[i], [r.strip() for r in parts[i + 1].split(",")], parts[i + 2].strip()
        if GROUPED_SQL.name in statement:
            # one query for both rejects and notices, on the section's own relation
            if len(relations) != 1 or not re.fullmatch(r"[a-z_]+\.[a-z_]+", relations[0]):
                raise ValueError(f"report.sql: section {name} must read one schema.table to use {GROUPED_SQL.name}")
            statement = GROUPED_SQL.read_text().replace("{relation}", relations[0])
        found.append((name, relations, statement))
    return found


def _write_chunked(out: IO[str], text: str) -> None:
    for start in range(0, len(text), CHUNK):
        out.write(text[start : start + CHUNK])


def write_data(conn: psycopg.Connection, out: IO[str]) -> dict[str, str]:
    """Write one <script type="application/json"> element per section;
    return {section: reason} for those that could not be read."""
    missing_reasons: dict[str, str] = {}
    wanted = sorted({relation for _name, relations, _sql in sections() for relation in relations})
    present = {
        name
        for (name,) in conn.execute(
            "select name from unnest(%s::text[]) as name where to_regclass(name) is not null", (wanted,)
        )
    }
    for name, relations, statement in sections():
        absent = [relation for relation in relations if relation not in present]
        value = "null"
        if absent:
            missing_reasons[name] = f"{', '.join(absent)} not in the database (purged, or no build got that far)"
        else:
            try:
                with conn.transaction():
                    params = {"rows_per_group": ROWS_PER_GROUP} if "%(rows_per_group)s" in statement else None
                    row = conn.execute(statement, params).fetchone()
                value = row[0] if row and row[0] is not None else "null"
            except psycopg.Error as exc:
                missing_reasons[name] = "could not be read: " + redact(
                    (exc.diag.message_primary or str(exc)).splitlines()[0]
                )
        out.write(f'<script type="application/json" id="data-{name}">')
        _write_chunked(out, value)
        out.write("</script>\n")
    return missing_reasons


# -- the page ---------------------------------------------------------------------------------------


def _leaflet_css() -> str:
    css = (LEAFLET_DIR / "leaflet.css").read_text()
    for image in ("layers-2x.png", "layers.png"):
        data = base64.b64encode((LEAFLET_DIR / image).read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{image})", f"url(data:image/png;base64,{data})")
    return css


def _script_json(value: Any) -> str:
    return json.dumps(value, default=str).replace("<", "\\u003c")


def _header(facts: RunFacts, target: TargetDatabase) -> str:
    e = html.escape
    status = "failed" if facts.failed else ("rolled-back" if "rolled back" in facts.outcome_text else "ok")
    rows = [
        ("written by", facts.kind),
        ("legacy source", facts.legacy or "(not recorded)"),
        ("target", facts.target),
        ("legacy time zone", facts.timezone or "(not recorded)"),
        ("report written", facts.at.strftime("%Y-%m-%d %H:%M:%S UTC")),
    ]
    if facts.run_id is not None:
        rows.insert(1, ("run", str(facts.run_id)))
    parts = [
        f'<header class="{status}">',
        f"<h1>nodeshot-migrate report: {e(target.dbname)}</h1>",
        f'<p class="outcome" id="outcome">{e(facts.outcome_text)}</p>',
    ]
    if facts.error:
        parts.append(f'<pre class="error" id="error">{e(redact(facts.error))}</pre>')
    for note in facts.notes:
        parts.append(f'<p class="note">{e(note)}</p>')
    parts.append('<table class="facts">')
    parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows]
    if facts.options:
        shown = ", ".join(f"{k} {v}" for k, v in facts.options.items())
        parts.append(f"<tr><th>options</th><td>{e(shown)}</td></tr>")
    if facts.stage_seconds:
        shown = ", ".join(
            f"{stage} {facts.stage_seconds[stage]:.1f} s"
            for stage in (*STAGES, *sorted(set(facts.stage_seconds) - set(STAGES)))
            if stage in facts.stage_seconds
        )
        parts.append(f"<tr><th>stage times</th><td>{e(shown)}</td></tr>")
    else:
        parts.append("<tr><th>stage times</th><td>not recorded</td></tr>")
    parts.append("</table>")
    written = [row for row in facts.written if any(row[1:])]
    if written:
        verb = "would have written (rolled back)" if facts.exit_code != EXIT_OK else "wrote"
        totals = [sum(row[i] for row in written) for i in (1, 2, 3)]
        parts.append(
            f'<details class="written"><summary><h3>What this run {e(verb)}</h3>: {totals[0]:,} inserted,'
            f" {totals[1]:,} updated, {totals[2]:,} deleted in {len(written)} tables</summary>"
        )
        parts.append('<table class="counts"><tr><th>target table</th><th>inserted</th><th>updated</th>'
                     "<th>deleted</th></tr>")
        parts += [
            f"<tr><td>{e(table)}</td><td>{ins}</td><td>{upd}</td><td>{dele}</td></tr>"
            for table, ins, upd, dele in written
        ]
        parts.append("</table></details>")
    elif facts.written:
        parts.append("<p>No row to write: the target already matched the legacy database.</p>")
    parts.append("</header>")
    return "\n".join(parts)


SECTION_TITLES = (
    ("map", "Map"),
    ("reconciliation", "Reconciliation"),
    ("rejects", "Rejected rows"),
    ("notices", "Notices: migrated, but changed by a rule"),
    ("users", "Users"),
    ("runs", "Runs and sync"),
)


def write_report(target: TargetDatabase, facts: RunFacts, path: Path | None = None, *, with_data: bool = True) -> Path:
    """Write the report file and return its path. `with_data` False: the
    header only (the run stopped before it had the database to itself)."""
    path = Path(path) if path else default_path(target, facts)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    missing: dict[str, str] = {}
    # 0600 from the first byte, whatever the umask: it quotes legacy values (names, emails)
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        out.write('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n')
        out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        out.write(f"<title>nodeshot-migrate: {html.escape(target.dbname)}, {html.escape(facts.outcome_text)}</title>\n")
        out.write(f"<style>{_leaflet_css()}</style>\n<style>{(ASSETS_DIR / 'report.css').read_text()}</style>\n")
        out.write("</head><body>\n")
        out.write(_header(facts, target) + "\n<nav>")
        out.write(" · ".join(f'<a href="#{key}">{html.escape(title)}</a>' for key, title in SECTION_TITLES))
        out.write("</nav>\n<main>\n")
        for key, title in SECTION_TITLES:
            out.write(f'<section id="{key}"><h2>{html.escape(title)}</h2><div class="fill"></div></section>\n')
        out.write("</main>\n")
        if with_data:
            try:
                with psycopg.connect(target.url, connect_timeout=10, autocommit=True, options=SESSION_OPTIONS) as conn:
                    # a run that starts meanwhile replaces the build's tables: wait a little, never hang
                    conn.execute("set lock_timeout = '5s'")
                    conn.execute("set statement_timeout = '120s'")
                    missing = write_data(conn, out)
            except psycopg.Error as exc:
                reason = "could not read the database: " + redact(str(exc).strip().splitlines()[0])
                missing = {name: reason for name, _r, _s in sections()}
        else:
            missing = {name: "this run stopped before the migration tables were its own" for name, _r, _s in sections()}
        page = {"rowsPerGroup": ROWS_PER_GROUP, "missing": missing, "outcome": facts.outcome_text}
        out.write(f'<script type="application/json" id="data-page">{_script_json(page)}</script>\n')
        out.write(f"<script>{(LEAFLET_DIR / 'leaflet.js').read_text()}</script>\n")
        out.write(f"<script>{(ASSETS_DIR / 'report.js').read_text()}</script>\n")
        out.write("</body></html>\n")
    partial.replace(path)
    return path


# -- after a run, and from the database --------------------------------------------------------------


def options_shown(options: Any) -> dict[str, Any]:
    """The settings of a MigrateOptions worth a line in the header."""
    return {
        "default layer": "none (reject)" if options.default_layer is None else options.default_layer,
        "ambiguous layer": options.ambiguous_layer,
        "loader": "skipped (--skip-load)" if options.skip_load else options.loader,
        "links": "imported" if options.import_links else "not imported (--no-links)",
        "fix double encoding": "yes" if options.fix_double_encoding else "no",
        "dry run": "yes" if options.dry_run else "no",
        **({"rebuild": "yes"} if options.rebuild else {}),
        **({"gate first": "yes"} if options.gate_first else {}),
    }


def last_run_id(target: TargetDatabase) -> int | None:
    with psycopg.connect(target.url, connect_timeout=10, autocommit=True) as conn:
        if not conn.execute("select to_regclass('migration.runs') is not null").fetchone()[0]:
            return None
        return conn.execute("select max(run_id) from migration.runs").fetchone()[0]


def record_on_run(target: TargetDatabase, run_id: int, facts: RunFacts) -> None:
    """Keep the header's facts (options, stage times) on the run's row in
    migration.runs (column `report`), for `invoke report --run ID`."""
    record = {"kind": facts.kind, "options": facts.options, "stage_seconds": facts.stage_seconds}
    with psycopg.connect(target.url, connect_timeout=10) as conn:
        conn.execute("set lock_timeout = '5s'")
        has_column = conn.execute(
            "select exists (select from information_schema.columns where table_schema = 'migration'"
            " and table_name = 'runs' and column_name = 'report')"
        ).fetchone()[0]
        if not has_column:  # the ledger (macros/ledger.sql) predates reports
            conn.execute("alter table migration.runs add column if not exists report jsonb")
        conn.execute("update migration.runs set report = %s::jsonb where run_id = %s", (json.dumps(record), run_id))


def report_after_run(
    options: Any, code: int, error: str | None, *, kind: str, path: Path | None, echo: Callable[[str], None]
) -> Path | None:
    """Write the report of the run `options` describes (MigrateOptions after
    migrate()); a report that cannot be written is a warning, never a
    different outcome of the run."""
    started = time.monotonic()
    result = options.result
    facts = RunFacts(
        kind=kind,
        target=options.target.display,
        legacy=options.legacy.display,
        timezone=options.legacy_timezone,
        options=options_shown(options),
        exit_code=code,
        error=error,
        stage_seconds=dict(options.stage_seconds),
        unchanged_since=options.unchanged_since,
        written=list(result.counts) if result is not None else [],
    )
    try:
        if code == EXIT_OK and result is not None and result.committed:
            facts.run_id = last_run_id(options.target)
        # pre-flight, lock and usage failures: the tables are another run's, or were never made
        with_data = code not in (EXIT_LOCKED, EXIT_USAGE, EXIT_MISSING_TOOL) and not 20 <= code <= 29
        written = write_report(options.target, facts, path, with_data=with_data)
        options.stage_seconds["report"] = time.monotonic() - started
        if facts.run_id is not None:
            facts.stage_seconds = dict(options.stage_seconds)
            record_on_run(options.target, facts.run_id, facts)
    except Exception as exc:  # noqa: BLE001 (whatever goes wrong here, the run's outcome stands)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        echo(f"warning: the report could not be written: {redact(first)}")
        return None
    echo(f"report: {written}")
    return written


def report_from_database(target: TargetDatabase, run_id: int | None = None, path: Path | None = None) -> Path:
    """`invoke report`: the report of run `run_id` (default: the last
    committed one) written again from migration.runs and the tables."""
    facts = RunFacts(kind="invoke report", target=target.display)
    with psycopg.connect(target.url, connect_timeout=10, autocommit=True) as conn:
        has_runs = conn.execute("select to_regclass('migration.runs') is not null").fetchone()[0]
        row = None
        if has_runs:
            # to_jsonb(runs) -> 'report': null on a ledger from before the column
            row = conn.execute(
                "select run_id, legacy_source, legacy_timezone, outcome, finished_at, to_jsonb(runs) -> 'report'"
                " from migration.runs as runs"
                " where run_id = coalesce(%s::bigint, (select max(run_id) from migration.runs))",
                (run_id,),
            ).fetchone()
        if run_id is not None and row is None:
            from .errors import MigrateError

            raise MigrateError(f"run {run_id} is not in migration.runs of {target.display}", EXIT_USAGE)
        built = None
        if conn.execute("select to_regclass('migration.build_state') is not null").fetchone()[0]:
            built = conn.execute("select max(started_at) from migration.build_state").fetchone()[0]
    if row is None:
        facts.outcome = "no committed run: the tables of the last build (a dry run or a failed run leave them)"
    else:
        facts.run_id, facts.legacy, facts.timezone, outcome, finished_at, recorded = row
        facts.outcome = f"{outcome} as run {facts.run_id} (finished {finished_at:%Y-%m-%d %H:%M:%S %Z})"
        recorded = recorded or {}
        facts.options = recorded.get("options", {})
        facts.stage_seconds = recorded.get("stage_seconds", {})
        if recorded.get("kind"):
            facts.kind = f"{recorded['kind']}, written again by invoke report"
        if built is not None and finished_at is not None and built > finished_at:
            facts.notes.append(
                f"The rejects, notices, reconciliation and map below are those of the last build"
                f" ({built:%Y-%m-%d %H:%M:%S %Z}), which started after run {facts.run_id}: a later dry run,"
                " failed run or sync that did not commit."
            )
    return write_report(target, facts, path)
