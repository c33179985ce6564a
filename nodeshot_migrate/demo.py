"""The embedded default: a private cluster, a sample legacy map, a full migration."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import psycopg

from . import LOCAL_DIR, SQL_DIR
from .cluster import Cluster
from .errors import EXIT_USAGE, MigrateError
from .mariadb import ADMIN, HINT, MariaDB
from .migrate import MigrateOptions, init_target, migrate
from .procs import run, which
from .urls import LegacySource, TargetDatabase

DEMO_DB = "nodeshot_demo"
# The same sample map as a mysqldump (the form most maps are handed over
# in): `./inv demo --source dump`. Written by write_sample_dump().
SAMPLE_DUMP = SQL_DIR / "demo" / "sample_legacy_mysql.sql.gz"
LEGACY_TABLES = (
    "auth_user", "nodeshot_node", "nodeshot_device", "nodeshot_hna", "nodeshot_interface", "nodeshot_link",
    "nodeshot_statistic", "nodeshot_contact",
)


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


def write_sample_dump(path: Path = SAMPLE_DUMP, echo=print) -> Path:
    """The sample map as mysqldump writes it: the SQLite sample's rows, as
    sqlite3 prints them in INSERT form, loaded into a MariaDB database made
    by sql/legacy/mysql.sql, then dumped (gzip without a time stamp)."""
    legacy_db = LOCAL_DIR / "demo" / "legacy-for-dump.db"
    build_sqlite(legacy_db, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
    sqlite3 = which("sqlite3", "apt-get install sqlite3")
    inserts = ["set session sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES';"]
    for table in LEGACY_TABLES:
        inserts.append(
            run([sqlite3, str(legacy_db), "-cmd", ".headers on", "-cmd", f".mode insert {table}",
                 f"select * from {table} order by id"], what=f"sqlite3 {table}").stdout  # noqa: S608
        )
    server = MariaDB().start()
    name = "nodeshot"
    server.recreate_database(name)
    try:
        server.sql((SQL_DIR / "legacy" / "mysql.sql").read_text(), name)
        server.sql("\n".join(inserts), name)
        argv = [which("mariadb-dump", HINT), "--protocol=socket", "-S", str(server.socket), f"-u{ADMIN}",
                "--skip-dump-date", name]
        dump = subprocess.run(argv, check=True, capture_output=True).stdout
    finally:
        server.sql(f"drop database if exists `{name}`;")
    path.write_bytes(gzip.compress(dump, mtime=0))
    echo(f"demo: wrote {path} ({len(dump) / 1e3:.0f} kB of SQL, {path.stat().st_size / 1e3:.0f} kB gzipped)")
    return path


def run_demo(echo=print, source: str = "sqlite") -> int:
    cluster = Cluster().start()
    echo(f"demo: private PostgreSQL+PostGIS cluster on 127.0.0.1:{cluster.port} (.local/pg)")
    target = TargetDatabase.parse(cluster.recreate_database(DEMO_DB))
    init_target(target, echo=echo)
    run_psql_file(target.url, SQL_DIR / "demo" / "sample_target_layers.sql")
    if source == "dump":
        legacy = LegacySource.parse(str(SAMPLE_DUMP))
        echo(f"demo: sample nodeshot 0.9 map as a mysqldump {SAMPLE_DUMP}")
    elif source == "sqlite":
        legacy_db = LOCAL_DIR / "demo" / "legacy.db"
        build_sqlite(legacy_db, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
        legacy = LegacySource.parse(f"sqlite://{legacy_db}")
        echo(f"demo: sample nodeshot 0.9 database {legacy_db}")
    else:
        raise MigrateError(f"--source must be sqlite or dump, got {source!r}", EXIT_USAGE)
    with psycopg.connect(target.url) as conn:
        default_layer = conn.execute("select id from layers_layer where slug = 'default'").fetchone()[0]
    code = migrate(
        MigrateOptions(
            legacy=legacy,
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
