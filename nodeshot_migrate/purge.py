"""`invoke purge`: remove the legacy copy of personal data from the target (issue 19).

A run leaves, beside the nodeshot tables, a full copy of the legacy tables
(legacy_raw: admin hashes, emails, contact messages with IPs and user
agents) and dbt's work (staging views, rule tables, marts) derived from it.
Purge drops all of that in one transaction and keeps what a later run and
an operator need: the ledger (owned_rows: which rows the tool created, by
table and id), the runs, the reconciliation counts, and the rejects and
notices by entity, legacy id and rule. Their `detail` text quotes legacy
values (emails, names, raw values), so it is emptied unless asked to keep
it. The next run loads and builds everything again, as a first run would.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg import sql

from .dbt import exclusive_run
from .errors import EXIT_LOCKED, MigrateError
from .urls import TargetDatabase

# In schema migration: what stays. Everything else there (the marts, the
# build state, dbt's views) is derived from the legacy rows and rebuilt.
KEPT_TABLES = ("owned_rows", "runs", "reconciliation", "rejects", "notices")
DETAIL_TABLES = ("rejects", "notices")


def purge(target: TargetDatabase, *, keep_details: bool = False, echo: Callable[[str], None] = print) -> None:
    with exclusive_run(target, wait=False), psycopg.connect(target.url) as conn:
        # the apply's own lock: no migration on another machine is running
        if not conn.execute("select pg_try_advisory_xact_lock(hashtext('nodeshot-migrate'))").fetchone()[0]:
            raise MigrateError(f"a migration is running on {target.display}: purge later", EXIT_LOCKED)
        schemas = [
            name
            for (name,) in conn.execute(
                "select nspname from pg_namespace where nspname = 'legacy_raw'"
                r" or nspname like 'migration\_%' or nspname like 'dbt\_test\_\_audit%' order by 1"
            )
        ]
        for name in schemas:
            conn.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(name)))
            echo(f"purge: dropped schema {name}")
        relations = conn.execute(
            "select c.relname, c.relkind from pg_class as c"
            " where c.relnamespace = to_regnamespace('migration') and c.relkind in ('r', 'v', 'm', 'p', 'f')"
            "   and c.relname <> all(%s) order by 1",
            (list(KEPT_TABLES),),
        ).fetchall()
        kinds = {"v": "view", "m": "materialized view", "f": "foreign table"}
        for name, kind in relations:
            conn.execute(
                sql.SQL("drop {} if exists {} cascade").format(
                    sql.SQL(kinds.get(kind, "table")), sql.Identifier("migration", name)
                )
            )
        if relations:
            echo(f"purge: dropped {len(relations)} work tables and views of schema migration")
        present = {
            name
            for (name,) in conn.execute(
                "select table_name from information_schema.tables where table_schema = 'migration'"
            )
        }
        if not keep_details:
            for table in DETAIL_TABLES:
                if table in present:
                    conn.execute(sql.SQL("update {} set detail = null").format(sql.Identifier("migration", table)))
            echo("purge: emptied the detail of migration.rejects and migration.notices (entity, legacy id, rule kept)")
        has_fingerprint = conn.execute(
            "select 1 from information_schema.columns where table_schema = 'migration'"
            " and table_name = 'runs' and column_name = 'input_fingerprint'"
        ).fetchone()
        if has_fingerprint:
            # a digest of the legacy rows; with the copy gone the next run
            # must build from scratch, not find its inputs "unchanged"
            conn.execute("update migration.runs set input_fingerprint = null")
        conn.commit()
    echo(f"purge: {target.display} holds no legacy copy any more; the next run loads and builds it again")
