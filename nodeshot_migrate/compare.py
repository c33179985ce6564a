"""`invoke compare-reference`: the project's output beside nodeshot's own importer's.

Both importers run on the same MariaDB legacy database, each into its own
fresh target made by init-target plus the same layers: nodeshot 1.x's
`manage.py import_old_nodeshot --noinput` (from the stack of
../shared/nodeshot-1x) and `invoke migrate`. Then every table the importers
write is compared row by row, in PostgreSQL: each row becomes a JSON object
keyed by what is the same in both outputs (legacy ids where both keep them,
else the email or the name), with the serial ids that necessarily differ
replaced by what they point at. What differs is printed table by table;
docs/deviations.md must explain each difference (issue 18, item 6).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

from . import SQL_DIR
from .nodeshot import manage
from .urls import LegacySource, TargetDatabase

# table -> (key expression, JSON of the row to compare). `t` is the row; the
# serial ids of profiles, emails, protocols, ips and vaps differ between the
# two outputs and are replaced by what identifies them.
_USER = "(select lower(p.email) from profiles_profile as p where p.id = {col})"
# Device.save() and Interface.save() keep the owner in data key `shortcuts`
# as 'module.Profile:<id>': the owner's email instead.
_SHORTCUTS = (
    "jsonb_set(to_jsonb(t), '{shortcuts,user}', coalesce(to_jsonb((select lower(p.email) from profiles_profile as p"
    " where p.id::text = substring(t.shortcuts -> 'user' from ':([0-9]+)$'))), 'null'))"
)
TABLES: dict[str, tuple[str, str]] = {
    "profiles_profile": (
        "lower(t.email)",
        "to_jsonb(t) - 'id' - 'password' - 'last_login'",
    ),
    "profiles_emailaddress": (
        "lower(t.email)",
        f"to_jsonb(t) - 'id' - 'user_id' || jsonb_build_object('user', {_USER.format(col='t.user_id')})",
    ),
    "profiles_profile_groups": (
        f"{_USER.format(col='t.profile_id')} || ' ' || t.group_id",
        f"jsonb_build_object('user', {_USER.format(col='t.profile_id')}, 'group_id', t.group_id)",
    ),
    "nodes_node": (
        "t.id::text",
        f"to_jsonb(t) - 'user_id' - 'added' - 'updated'"
        f" || jsonb_build_object('user', {_USER.format(col='t.user_id')})",
    ),
    "net_device": ("t.id::text", f"{_SHORTCUTS} - 'added' - 'updated'"),
    "net_routing_protocol": ("t.name || ' ' || t.version", "to_jsonb(t) - 'id' - 'added' - 'updated'"),
    "net_device_routing_protocols": (
        "t.device_id || ' ' || (select r.name from net_routing_protocol as r where r.id = t.routingprotocol_id)",
        "jsonb_build_object('device_id', t.device_id, 'protocol',"
        " (select r.name || ' ' || r.version from net_routing_protocol as r where r.id = t.routingprotocol_id))",
    ),
    "net_interface": ("t.id::text", f"{_SHORTCUTS} - 'added' - 'updated'"),
    "net_interface_ethernet": ("t.interface_ptr_id::text", "to_jsonb(t)"),
    "net_interface_wireless": ("t.interface_ptr_id::text", "to_jsonb(t)"),
    "net_interface_bridge": ("t.interface_ptr_id::text", "to_jsonb(t)"),
    "net_interface_tunnel": ("t.interface_ptr_id::text", "to_jsonb(t)"),
    "net_interface_vlan": ("t.interface_ptr_id::text", "to_jsonb(t)"),
    "net_interface_vap": ("t.interface_id || ' ' || t.essid", "to_jsonb(t) - 'id' - 'added' - 'updated'"),
    "net_ip": ("host(t.address)", "to_jsonb(t) - 'id' - 'added' - 'updated'"),
    "links_link": ("t.id::text", "to_jsonb(t) - 'added' - 'updated'"),
    "mailing_inward": (
        "t.id::text",
        f"to_jsonb(t) - 'user_id' - 'added' - 'updated' || jsonb_build_object('user', {_USER.format(col='t.user_id')})",
    ),
    "notifications_user_web_settings": (
        _USER.format(col="t.user_id"),
        f"to_jsonb(t) - 'id' - 'user_id' || jsonb_build_object('user', {_USER.format(col='t.user_id')})",
    ),
    "notifications_user_email_settings": (
        _USER.format(col="t.user_id"),
        f"to_jsonb(t) - 'id' - 'user_id' || jsonb_build_object('user', {_USER.format(col='t.user_id')})",
    ),
    "participation_node_settings": ("t.node_id::text", "to_jsonb(t) - 'id'"),
    "participation_node_counts": ("t.node_id::text", "to_jsonb(t) - 'id'"),
}


def rows_by_key(target: TargetDatabase, table: str) -> dict[str, dict]:
    key, value = TABLES[table]
    with psycopg.connect(target.url) as conn:
        if not conn.execute("select to_regclass(%s) is not null", (f"public.{table}",)).fetchone()[0]:
            return {}
        query = sql.SQL("select {key}, {value} from {table} as t").format(
            key=sql.SQL(key), value=sql.SQL(value), table=sql.Identifier(table)
        )
        return {str(k): v for k, v in conn.execute(query)}


def compare(reference: TargetDatabase, project: TargetDatabase) -> list[str]:
    """One line per difference: `<table> <key>: ...`; empty when both outputs agree."""
    lines = []
    for table in TABLES:
        theirs, ours = rows_by_key(reference, table), rows_by_key(project, table)
        for key in sorted(theirs.keys() - ours.keys()):
            lines.append(f"{table} {key}: only in the reference importer's output")
        for key in sorted(ours.keys() - theirs.keys()):
            lines.append(f"{table} {key}: only in the project's output")
        for key in sorted(theirs.keys() & ours.keys()):
            a, b = theirs[key], ours[key]
            for column in sorted(set(a) | set(b)):
                if a.get(column) != b.get(column):
                    lines.append(f"{table} {key}: {column} reference={a.get(column)!r} project={b.get(column)!r}")
    return lines


def row_counts(target: TargetDatabase) -> dict[str, int]:
    """Rows of every table of schema public (the ones not compared row by row too)."""
    with psycopg.connect(target.url) as conn:
        tables = [name for (name,) in conn.execute(
            "select tablename from pg_tables where schemaname = 'public' order by 1")]
        count = sql.SQL("select count(*) from {}")
        return {
            table: conn.execute(count.format(sql.Identifier("public", table))).fetchone()[0] for table in tables
        }


def summary(reference: TargetDatabase, project: TargetDatabase) -> list[str]:
    """Per table: the rows in each output; `differs` where the counts do."""
    theirs, ours = row_counts(reference), row_counts(project)
    lines = []
    for table in sorted(theirs.keys() | ours.keys()):
        a, b = theirs.get(table), ours.get(table)
        if a or b:
            lines.append(f"{table}: reference {a} rows, project {b} rows{'' if a == b else '  <- differs'}")
    return lines


def run_reference_importer(legacy: LegacySource, target: TargetDatabase, default_layer: int) -> str:
    """nodeshot's own import_old_nodeshot, from a MariaDB legacy database into `target`."""
    if legacy.kind != "mysql":
        raise ValueError("import_old_nodeshot reads MySQL/MariaDB only")
    parts = urlsplit(legacy.url)
    output = manage(
        target, "import_old_nodeshot", "--noinput",
        env={
            # a host name would mean MySQL's Unix socket to Django: TCP here
            "NODESHOT_MY_HOST": "127.0.0.1" if parts.hostname in (None, "localhost") else parts.hostname,
            "NODESHOT_MY_PORT": str(parts.port or 3306),
            "NODESHOT_MY_USER": unquote(parts.username or "root"),
            "NODESHOT_MY_PASSWORD": unquote(parts.password or ""),
            "NODESHOT_MY_NAME": legacy.database,
            "NODESHOT_OLDIMPORTER_DEFAULT_LAYER": str(default_layer),
        },
    )
    if "Got exception" in output or "Going to delete all the imported data" in output:
        raise RuntimeError("import_old_nodeshot failed (it exits 0 all the same):\n" + output[-3000:])
    return output


REFERENCE_LAYERS = SQL_DIR / "fixtures" / "reference_target_layers.sql"


def compare_with_reference(
    cluster, legacy: LegacySource, *, layers: Path = REFERENCE_LAYERS, default_layer: int = 5, tag: str = "compare"
) -> tuple[TargetDatabase, TargetDatabase, list[str]]:
    """Both importers from `legacy` into two fresh targets of the private cluster
    (init-target + `layers`); returns them and the differences."""
    from .demo import run_psql_file
    from .migrate import MigrateOptions, init_target, migrate

    targets = []
    for side in ("reference", "project"):
        target = TargetDatabase.parse(cluster.recreate_database(f"{tag}_{side}"))
        init_target(target, echo=lambda _line: None)
        run_psql_file(target.url, layers)
        targets.append(target)
    reference, project = targets
    run_reference_importer(legacy, reference, default_layer)
    lines: list[str] = []
    code = migrate(
        MigrateOptions(legacy=legacy, target=project, default_layer=default_layer, assume_yes=True), echo=lines.append
    )
    if code:
        raise RuntimeError(f"invoke migrate failed (exit {code}):\n" + "\n".join(lines[-30:]))
    return reference, project, compare(reference, project)
