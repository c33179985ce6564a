"""The load: the legacy tables into schema legacy_raw of the target, by one of three drivers.

Whatever the driver, one sequence (load_legacy):

1. the driver's own checks (loader name, engine, privileges, program);
2. the landing tables emptied or created (landing.create_landing_tables);
3. the legacy schema checked against them (preflight.check_legacy_schema);
4. the tables holding text PostgreSQL cannot store found (dirty_text.scan);
5. the other tables copied by the driver: pgloader.py (the default),
   client.py (the legacy engine's client -> COPY) or fdw.py (mysql_fdw);
6. the dirty tables copied by the client in safe mode and repaired
   (dirty_text.copy_dirty_tables);
7. the rows counted: what a driver verified, the rest in legacy_raw.

Every table echoes one line as it lands (landing.table_landed: `load:
<table> <rows> rows`, a count, never a row), never from two threads at
once; console.Console draws the load's bar from them.

Only legacy_raw is written; the legacy database is only read. Nothing is
lost silently: any refused row, missing table or count that differs fails
the load with EXIT_LOAD_FAILED and the tool's own message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import EXIT_USAGE, MigrateError
from ..preflight import LEGACY_TABLES, check_legacy_schema
from ..urls import LegacySource, TargetDatabase
from . import client, fdw, pgloader
from .client import LOAD_ORDER
from .dirty_text import copy_dirty_tables, scan
from .landing import count_rows, create_landing_tables

DRIVERS = {"pgloader": pgloader.copy_clean, "client": client.copy_clean, "fdw": fdw.copy_clean}
LOADERS = tuple(DRIVERS)


@dataclass
class LoadReport:
    source: str
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    peak_rss_kb: int = 0


def check_loader(legacy: LegacySource, target: TargetDatabase, loader: str) -> None:
    """Step 1: what the chosen driver needs, before anything is written."""
    if loader not in DRIVERS:
        raise MigrateError(f"--loader must be one of {', '.join(LOADERS)}, got {loader!r}", EXIT_USAGE)
    if loader == "fdw":
        fdw.require_fdw_privileges(target)
        if legacy.kind != "mysql":
            raise MigrateError(
                "--loader fdw reads MySQL/MariaDB through mysql_fdw; for a SQLite or PostgreSQL legacy use"
                " --loader client or pgloader",
                EXIT_USAGE,
            )
    if loader == "pgloader":
        pgloader.check_ready(legacy)


def load_legacy(
    legacy: LegacySource,
    target: TargetDatabase,
    loader: str = "pgloader",
    *,
    workers: int = 2,
    echo: Callable[[str], None] = print,
) -> LoadReport:
    """Fill legacy_raw with one of the loaders (they land the same text
    values); raise MigrateError on any loss."""
    if legacy.kind == "postgresql" and loader == "pgloader":
        # plain COPY from PostgreSQL to PostgreSQL: pgloader adds nothing
        echo("load: a PostgreSQL legacy is read with COPY ... TO STDOUT through psql (--loader client)")
        loader = "client"
    check_loader(legacy, target, loader)
    started = time.monotonic()
    create_landing_tables(target)
    dirty = scan(legacy, check_legacy_schema(legacy, target))
    clean = tuple(t for t in LOAD_ORDER if t in LEGACY_TABLES and t not in dirty)
    rows = DRIVERS[loader](legacy, target, clean, workers=workers, echo=echo) if clean else {}
    if dirty:
        copy_dirty_tables(legacy, target, dirty, echo=echo)
    report = LoadReport(source=legacy.display, seconds=time.monotonic() - started)
    rows.update(count_rows(target, tuple(t for t in LEGACY_TABLES if t not in rows)))
    report.rows = {t: rows[t] for t in LEGACY_TABLES}
    return report
