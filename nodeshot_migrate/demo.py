"""The embedded default: a private cluster, a sample legacy map, a full migration."""

from __future__ import annotations

import psycopg

from . import LOCAL_DIR, SQL_DIR
from .cluster import Cluster
from .migrate import MigrateOptions, init_target, migrate
from .procs import run, which
from .urls import LegacySource, TargetDatabase

DEMO_DB = "nodeshot_demo"


def build_sqlite(path, *sql_files) -> None:
    """Create a SQLite legacy database from SQL files (the sqlite3 CLI runs them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    sqlite3 = which("sqlite3", "apt-get install sqlite3")
    for sql_file in sql_files:
        run([sqlite3, "-bail", str(path)], what=f"sqlite3 < {sql_file.name}", input_text=sql_file.read_text())


def run_psql_file(url: str, sql_file) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(sql_file.read_text())


def run_demo(echo=print) -> int:
    cluster = Cluster().start()
    echo(f"demo: private PostgreSQL+PostGIS cluster on 127.0.0.1:{cluster.port} (.local/pg)")
    target = TargetDatabase.parse(cluster.recreate_database(DEMO_DB))
    init_target(target, echo=echo)
    run_psql_file(target.url, SQL_DIR / "demo" / "sample_target_layers.sql")
    legacy_db = LOCAL_DIR / "demo" / "legacy.db"
    build_sqlite(legacy_db, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
    echo(f"demo: sample nodeshot 0.9 database {legacy_db}")
    with psycopg.connect(target.url) as conn:
        default_layer = conn.execute("select id from layers_layer where slug = 'default'").fetchone()[0]
    code = migrate(
        MigrateOptions(
            legacy=LegacySource.parse(f"sqlite://{legacy_db}"),
            target=target,
            default_layer=default_layer,
            # Roma lies inside Lazio: let the smaller layer win (the
            # reference's non-interactive answer would be the default layer).
            ambiguous_layer="smallest",
            assume_yes=True,
        ),
        echo=echo,
    )
    # the URL without its password: what is printed ends up in terminals and logs
    echo(f"demo: look at the result with: PGPASSWORD=\"$(cat {cluster.password_file})\" psql '{target.display}'")
    echo("demo: rejected rows and reasons: select * from migration.rejects;")
    return code
