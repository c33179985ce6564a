"""Security (issue 19): what another local user, a planted symlink, a weak
admin hash or a careless log line could get from a run.

The "other OS user" is `nobody`, reached with runuser: these tests need root
(as the whole suite does, to start the private servers as postgres/mysql).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from nodeshot_migrate import PROJECT_DIR, procs
from nodeshot_migrate.cluster import Cluster
from nodeshot_migrate.errors import MigrateError
from nodeshot_migrate.mariadb import MariaDB
from nodeshot_migrate.procs import which

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another OS user (runuser)")


def as_nobody(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "nobody", "--", *argv],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        env={"PATH": os.environ["PATH"], "HOME": "/nonexistent"},
    )


# --- the private servers ---------------------------------------------------


def test_another_user_cannot_connect_to_postgres(cluster: Cluster):
    psql = which("psql", "postgresql-15")
    sockets = cluster.root.resolve() / "run"
    assert sockets.stat().st_mode & 0o777 == 0o700
    for host in (str(sockets), "127.0.0.1"):
        proc = as_nobody(psql, "-w", "-h", host, "-p", str(cluster.port), "-U", "nodeshot", "-d", "postgres",
                         "-c", "select 1")
        assert proc.returncode != 0, (host, proc.stdout)
        assert "?column?" not in proc.stdout
    # the same client as the tool's own user, with the password, gets in:
    # the refusals above are about who asks, not a broken server
    ok = subprocess.run(
        [psql, "-w", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "nodeshot", "-d", "postgres", "-Atc",
         "select 1"],
        capture_output=True, text=True, env={**os.environ, "PGPASSWORD": cluster.password}, check=False,
    )
    assert ok.stdout.strip() == "1", ok.stderr
    # and nobody cannot read that password
    assert as_nobody("cat", str(cluster.password_file)).returncode != 0


def test_no_trust_left_in_pg_hba(cluster: Cluster):
    lines = [
        line.split() for line in (cluster.data / "pg_hba.conf").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines and all(fields[-1] == "scram-sha-256" for fields in lines), lines


def test_another_user_cannot_connect_to_mariadb(mariadb: MariaDB):
    client = which("mariadb", "mariadb-client")
    attempts = [
        ["--protocol=socket", "-S", str(mariadb.socket), "-uroot"],
        ["--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-uroot"],
        ["--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-unodeshot"],
    ]
    for attempt in attempts:
        proc = as_nobody(client, "--no-defaults", *attempt, "-e", "select 'in'")
        assert proc.returncode != 0, (attempt, proc.stdout)
    # root over TCP is refused even with no password asked of it: unix_socket only
    proc = subprocess.run(
        [client, "--no-defaults", "--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-uroot",
         "-e", "select 'in'"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode != 0 and "in" not in proc.stdout.split()
    # the tool's own administrator (the socket's OS user) still gets in
    assert "in" in mariadb.sql("select 'in';").split()


def test_mariadb_files_are_confined(mariadb: MariaDB):
    folder = mariadb.sql("select @@secure_file_priv;").split()[-1]
    assert Path(folder).resolve() == mariadb.files.resolve()
    assert mariadb.files.stat().st_mode & 0o777 == 0o700
    with pytest.raises(MigrateError, match="secure-file-priv"):
        mariadb.sql("select 'x' into outfile '/tmp/nodeshot-migrate-should-not-exist.txt';")
    assert not Path("/tmp/nodeshot-migrate-should-not-exist.txt").exists()


# --- procs.private_dir: the symlink trick ---------------------------------


@pytest.fixture
def closed_checkout(tmp_path: Path) -> Path:
    """A checkout whose parents postgres cannot pass (like one under /root)."""
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    return closed


def test_private_dir_fallback_is_random_and_private(closed_checkout: Path):
    first = procs.private_dir(closed_checkout / "pg", "postgres")
    try:
        assert (closed_checkout / "pg").is_symlink()
        assert first.parent == Path("/var/tmp") and first.name.startswith("nodeshot-migrate-pg-")
        info = os.lstat(first)
        assert info.st_uid == procs.user_ids("postgres")[0] and info.st_mode & 0o777 == 0o700
        # a second call follows its own link to the same directory
        assert procs.private_dir(closed_checkout / "pg", "postgres") == first
    finally:
        subprocess.run(["rm", "-rf", str(first)], check=True)


def test_the_symlink_trick_fails(closed_checkout: Path, tmp_path: Path):
    """A link in the server's folder's place, pointing to a root-owned
    directory (or the old predictable path, planted as a link): refused, and
    the directory it points to keeps its owner."""
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    link = closed_checkout / "pg"
    link.symlink_to(victim)
    with pytest.raises(MigrateError, match="refusing to use it"):
        procs.private_dir(link, "postgres")
    assert os.lstat(victim).st_uid == 0

    # a link to a link that ends in a postgres-owned directory is refused too
    owned = Path(__import__("tempfile").mkdtemp(prefix="nodeshot-migrate-pg-", dir="/var/tmp"))
    try:
        os.chown(owned, *procs.user_ids("postgres"))
        hop = tmp_path / "hop"
        hop.symlink_to(owned)
        link.unlink()
        link.symlink_to(hop)
        with pytest.raises(MigrateError, match="refusing to use it"):
            procs.private_dir(link, "postgres")
    finally:
        os.rmdir(owned)


def test_a_planted_link_at_the_old_predictable_path_is_not_followed(closed_checkout: Path, tmp_path: Path):
    """Before issue 19 the fallback was /var/tmp/nodeshot-migrate/<name>-<sha1>,
    made with mkdir(exist_ok) and chowned through any link found there."""
    import hashlib

    root = closed_checkout / "pg"
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    old = Path("/var/tmp/nodeshot-migrate") / f"pg-{hashlib.sha1(str(root).encode()).hexdigest()[:10]}"
    old.parent.mkdir(exist_ok=True)
    old.symlink_to(victim)
    try:
        made = procs.private_dir(root, "postgres")
        try:
            assert made != old and os.lstat(victim).st_uid == 0
        finally:
            subprocess.run(["rm", "-rf", str(made)], check=True)
    finally:
        old.unlink()


def test_secret_files_are_never_readable_by_others(tmp_path: Path):
    old_umask = os.umask(0)  # the worst umask: the file must be 0600 anyway
    try:
        secret = tmp_path / "password"
        procs.write_secret(secret, "s3cret\n")
    finally:
        os.umask(old_umask)
    assert secret.stat().st_mode & 0o777 == 0o600
    assert as_nobody("cat", str(secret)).returncode != 0


# --- legacy admin passwords ------------------------------------------------

STRONG = "pbkdf2_sha256$20000$Xn5KSDvGQyGw$vFb/kcTzYImD91Ddzf4nyed+3k8khPitNr6PEDFfXCY="
WEAK_MD5 = "md5$Qw7pLx2s$0b5c1e3c0a6a4d9bb4a1f2d3c4e5f607"
PLAINTEXT = "hunter2-Sekr1t!"
# id: (username, password, is_staff, is_superuser, expected password: "copy" or "unusable", notice rule)
ADMINS = {
    501: ("malformed-md5", "md5$x", 1, 1, "unusable", "password_unusable"),
    502: ("malformed-crypt", "crypt$$", 1, 1, "unusable", "password_unusable"),
    503: ("des-staff", "crypt$$ab01FAX.bQRSU", 1, 0, "unusable", "weak_password_hash"),
    504: ("plain-super", PLAINTEXT, 1, 1, "unusable", "password_unusable"),
    505: ("unsalted-super", "f37f9e6f4f076b1239a5c5dff2c8a2ab", 1, 1, "unusable", "password_unusable"),
    506: ("strong-super", STRONG, 1, 1, "copy", None),
    507: ("weak-plainuser", WEAK_MD5, 0, 0, "copy", None),
    508: ("malformed-plainuser", "sha1$s$zz", 0, 0, "unusable", "password_unusable"),
}


@pytest.fixture
def hashes_migrated(new_target, legacy_sqlite):
    from conftest import run_migrate, sqlite_exec

    legacy = legacy_sqlite("reference_legacy.sql")
    rows = ",\n".join(
        f"({legacy_id}, '{username}', 'A', 'B', '{username}@test.com', '{password}', {staff}, 1, {superuser},"
        " '2013-01-01 00:00:00', '2013-01-01 00:00:00')"
        for legacy_id, (username, password, staff, superuser, _, _) in ADMINS.items()
    )
    columns = "id, username, first_name, last_name, email, password, is_staff, is_active, is_superuser, last_login"
    sqlite_exec(legacy, f"insert into auth_user ({columns}, date_joined) values {rows};")  # noqa: S608 (literals)
    target = new_target()
    assert run_migrate(legacy, target) == 0, run_migrate.last_output
    return target


def test_weak_or_malformed_admin_hashes_become_unusable(hashes_migrated):
    from conftest import query

    passwords = dict(query(hashes_migrated, "select username, password from profiles_profile"))
    notices = {
        legacy_id: (rule, detail)
        for legacy_id, rule, detail in query(
            hashes_migrated,
            "select legacy_id, rule, detail from migration.notices where entity = 'auth_user' and legacy_id > 500",
        )
    }
    for legacy_id, (username, legacy_password, _, _, expected, rule) in ADMINS.items():
        if expected == "copy":
            assert passwords[username] == legacy_password, username
            assert legacy_id not in notices, notices.get(legacy_id)
        else:
            assert passwords[username].startswith("!") and len(passwords[username]) == 41, username
            assert notices[legacy_id][0] == rule, (username, notices.get(legacy_id))


def test_notices_hold_no_plaintext_password(hashes_migrated):
    """Only the shape of a refused password is described, never any part of it."""
    from conftest import query

    details = "\n".join(detail for (detail,) in query(hashes_migrated, "select detail from migration.notices"))
    assert "not a hash Django knows (plain text or an unknown format)" in details
    assert "a malformed md5 hash" in details and "a malformed crypt hash" in details
    for fragment in (PLAINTEXT, PLAINTEXT[:4], "Sekr1t", "md5$x", "ab01FAX", "f37f9e6f", "$s$zz"):
        assert fragment not in details, fragment


# --- what the process list and the terminal show ---------------------------


def _inv(*args: str, env_settings: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NODESHOT_MIGRATE_")}
    env.update(env_settings)
    return subprocess.run(["./inv", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_no_password_in_ps_during_a_migrate(new_target, legacy_mysql, mariadb):
    """Settings from the environment: nobody polling `ps` while the whole run
    goes on (the tool, dbt, pgloader, the legacy client) sees no password."""
    import threading
    import time

    target = new_target()
    legacy = legacy_mysql("reference_legacy.sql")
    secrets_ = [target.password, mariadb.password]
    env = {
        "NODESHOT_MIGRATE_TARGET": target.url,
        "NODESHOT_MIGRATE_LEGACY": legacy.url,
        "NODESHOT_MIGRATE_DEFAULT_LAYER": "5",
    }
    seen: list[str] = []
    polls = [0]
    done = threading.Event()

    def poll() -> None:
        deadline = time.monotonic() + 900
        while not done.is_set() and time.monotonic() < deadline:
            listing = as_nobody("ps", "-eww", "-o", "args").stdout
            polls[0] += 1
            seen.extend(line for line in listing.splitlines() if any(s in line for s in secrets_))
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        proc = _inv("migrate", "--yes", env_settings=env, timeout=900)
    finally:
        done.set()
        watcher.join()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert polls[0] > 10  # the list was really read while the run went on
    assert seen == []
    assert not any(s in proc.stdout + proc.stderr for s in secrets_)
    assert "warning:" not in proc.stderr
    # the per-node password and activation key were never copied (pgloader is the default loader)
    from conftest import query

    columns = {name for (name,) in query(target, "select column_name from information_schema.columns"
                                                 " where table_schema = 'legacy_raw' and table_name = 'nodeshot_node'")}
    assert "email" in columns and not columns & {"password", "activation_key"}, columns


def test_a_password_in_a_flag_is_warned_about(new_target):
    target = new_target()
    proc = _inv("migrate", "--target", target.url, "--legacy", "sqlite:///nonexistent/legacy.db", "--yes",
                env_settings={})
    assert "warning: the --target URL holds a password" in proc.stderr, proc.stderr
    assert target.password not in proc.stdout + proc.stderr


@pytest.mark.parametrize("url", [
    "postgresql://nodeshot:Pw%zzSECRETVALUE@127.0.0.1:5432/x",
    "postgresql://nodeshot:SECRETVALUE%@127.0.0.1:5432/x",
    "postgresql://nodeshot:SECRET\nVALUE@127.0.0.1:5432/x",
])
def test_a_malformed_url_prints_no_secret(url):
    proc = _inv("migrate", "--legacy", "sqlite:///nonexistent/legacy.db", "--yes",
                env_settings={"NODESHOT_MIGRATE_TARGET": url})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    output = proc.stdout + proc.stderr
    assert "SECRET" not in output and "VALUE" not in output, output
    assert "Traceback" not in output
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --target"), proc.stderr


def test_a_database_error_is_one_redacted_line(cluster: Cluster):
    """A psycopg error that escapes the tool's own checks (here: init-target
    on a database that does not exist) is one line, no traceback, no secret."""
    url = cluster.url("no_such_database_here")
    proc = _inv("init-target", env_settings={"NODESHOT_MIGRATE_TARGET": url})
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and cluster.password not in proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: database error:"), proc.stderr


# --- purge -----------------------------------------------------------------

# Personal values of sql/fixtures/reference_legacy.sql: admin hashes, emails,
# the contact message's sender, IP and text.
PERSONAL = ("C2xwUqHfBz4P", "oldnode1@test.com", "random@test.com", "tester@test.com", "10.40.0.56",
            "This is a test old contact")


def _outside_public(target, needle: str) -> list[str]:
    """Every table or view outside the application schema whose rows mention `needle`."""
    from conftest import query
    from psycopg import sql as pgsql

    found = []
    relations = query(
        target,
        "select n.nspname, c.relname from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'v', 'm', 'p') and n.nspname not in ('public', 'pg_catalog',"
        " 'information_schema') and n.nspname not like 'pg\\_%'",
    )
    import psycopg

    with psycopg.connect(target.url) as conn:
        for schema, name in relations:
            statement = pgsql.SQL("select count(*) from {} as t where t::text like %s").format(
                pgsql.Identifier(schema, name)
            )
            if conn.execute(statement, (f"%{needle}%",)).fetchone()[0]:
                found.append(f"{schema}.{name}")
    return found


def test_purge_leaves_no_legacy_personal_data(new_target, legacy_sqlite):
    from conftest import query, run_migrate, scalar

    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0, run_migrate.last_output
    assert _outside_public(target, "C2xwUqHfBz4P")  # the copy is there before the purge
    notices_before = query(target, "select entity, legacy_id, rule from migration.notices order by 1, 2, 3")
    assert notices_before
    settings = {"NODESHOT_MIGRATE_TARGET": target.url}

    proc = _inv("purge", "--keep-details", env_settings=settings)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert scalar(target, "select count(*) from pg_namespace where nspname = 'legacy_raw'") == 0
    assert scalar(target, "select count(*) from migration.notices where detail is null") == 0

    # a later run loads and builds it all again (not "unchanged"), then a purge without details
    assert run_migrate(legacy, target) == 0, run_migrate.last_output
    assert "no changes: the legacy rows" not in run_migrate.last_output
    assert _outside_public(target, "C2xwUqHfBz4P")
    notices_before = query(target, "select entity, legacy_id, rule from migration.notices order by 1, 2, 3")
    proc = _inv("purge", env_settings=settings)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    schemas = {name for (name,) in query(target, "select nspname from pg_namespace")}
    assert "legacy_raw" not in schemas and not any(name.startswith("migration_") for name in schemas), schemas
    kept = {name for (name,) in query(target, "select table_name from information_schema.tables"
                                              " where table_schema = 'migration'")}
    assert kept == {"owned_rows", "runs", "reconciliation", "rejects", "notices"}
    for value in PERSONAL:
        assert _outside_public(target, value) == [], value
    # what stays: the ledger, both runs, the notices by legacy id and rule
    assert query(target, "select entity, legacy_id, rule from migration.notices order by 1, 2, 3") == notices_before
    assert scalar(target, "select count(*) from migration.notices where detail is not null") == 0
    assert scalar(target, "select count(*) from migration.runs") == 2
    assert scalar(target, "select count(*) from migration.owned_rows") > 0


# --- roles -----------------------------------------------------------------

# The target role's grants, exactly as README "Roles" lists them.
ROLE_GRANTS = """
grant connect, create on database {db} to {role};
grant usage on schema public to {role};
grant select, insert, update, delete on all tables in schema public to {role};
grant usage, select, update on all sequences in schema public to {role};
"""


@contextlib.contextmanager
def scratch_role(cluster: Cluster, owner_target, prefix: str, password: str, grants: str = ROLE_GRANTS):
    """A login role (not a superuser) with `grants` on owner_target's
    database; yields the TargetDatabase it connects as. Drops the database
    and the role afterwards."""
    import psycopg
    from psycopg import sql as pgsql

    from nodeshot_migrate.urls import TargetDatabase

    role = f"{prefix}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(pgsql.SQL("drop role if exists {}").format(pgsql.Identifier(role)))
        conn.execute(pgsql.SQL("create role {} login nosuperuser nocreatedb nocreaterole password {}").format(
            pgsql.Identifier(role), pgsql.Literal(password)))
    try:
        with psycopg.connect(owner_target.url, autocommit=True) as conn:
            conn.execute(pgsql.SQL(grants.format(db="{db}", role="{role}")).format(
                db=pgsql.Identifier(owner_target.dbname), role=pgsql.Identifier(role)))
        yield TargetDatabase.parse(
            f"postgresql://{role}:{quote(password, safe='')}@127.0.0.1:{cluster.port}/{owner_target.dbname}"
        )
    finally:
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(pgsql.SQL("drop database if exists {} with (force)").format(
                pgsql.Identifier(owner_target.dbname)))
            conn.execute(pgsql.SQL("drop role if exists {}").format(pgsql.Identifier(role)))


def test_demo_migration_commits_as_a_non_superuser_role(cluster: Cluster, tmp_path: Path):
    """The demo's legacy map and layers, migrated by a role that is not a
    superuser and owns none of the site's tables, with only the documented
    grants. Bulk mode is asked for (every table "big"): it falls back to
    row-by-row writes with a notice instead of failing on ownership."""
    import secrets

    from conftest import query, scalar

    from nodeshot_migrate import SQL_DIR
    from nodeshot_migrate.demo import build_sqlite, run_psql_file
    from nodeshot_migrate.migrate import MigrateOptions, init_target, migrate
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    owner_target = TargetDatabase.parse(cluster.recreate_database(f"t_{worker}_roles"))
    init_target(owner_target, echo=lambda _line: None)
    run_psql_file(owner_target.url, SQL_DIR / "demo" / "sample_target_layers.sql")
    legacy_db = tmp_path / "legacy.db"
    build_sqlite(legacy_db, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
    default_layer = scalar(owner_target, "select id from layers_layer where slug = 'default'")
    with scratch_role(cluster, owner_target, "nsm_site", secrets.token_urlsafe(12)) as target:
        lines: list[str] = []
        code = migrate(
            MigrateOptions(legacy=LegacySource.parse(f"sqlite://{legacy_db}"), target=target,
                           default_layer=default_layer, ambiguous_layer="smallest", assume_yes=True,
                           bulk_min_rows=1),
            echo=lines.append,
        )
        output = "\n".join(lines)
        assert code == 0, output
        assert "first-run bulk mode off for nodes_node: role" in output
        assert scalar(owner_target, "select count(*) from nodes_node") > 0
        assert query(target, "select rolsuper from pg_roles where rolname = current_user") == [(False,)]
        assert scalar(owner_target, "select count(*) from migration.runs where outcome = 'committed'") == 1


def test_loader_fdw_needs_a_superuser(cluster: Cluster, new_target, legacy_mysql):
    import secrets

    import psycopg
    from conftest import run_migrate

    from nodeshot_migrate.errors import EXIT_USAGE

    owner_target = new_target()
    with scratch_role(cluster, owner_target, "nsm_fdw", secrets.token_urlsafe(12)) as target:
        with pytest.raises(MigrateError, match="--loader fdw needs a superuser target role") as refused:
            run_migrate(legacy_mysql("reference_legacy.sql"), target, loader="fdw")
        assert refused.value.exit_code == EXIT_USAGE
        with psycopg.connect(owner_target.url) as conn:  # refused before anything was loaded
            assert conn.execute("select to_regnamespace('legacy_raw')").fetchone()[0] is None


def test_pgloader_takes_any_password_and_sqlite_path(cluster: Cluster, new_target, tmp_path: Path):
    """A password with @ : / ? # % ' and a space (percent-encoded in the URL,
    as psycopg and dbt read it) and a SQLite file whose path has a quote and
    a space: pgloader gets them in its own grammar."""
    import shutil

    from conftest import _build_sqlite_legacy, scalar

    from nodeshot_migrate.legacy.load import load_legacy
    from nodeshot_migrate.urls import LegacySource

    owner_target = new_target(layers=None)
    grants = "grant connect, create on database {db} to {role};"
    with scratch_role(cluster, owner_target, "nsm_odd", "p@ss:w/o?r#d%x y'z", grants) as target:
        built = _build_sqlite_legacy(tmp_path / "plain.db", ("reference_legacy.sql",))
        odd = tmp_path / "it's a map" / "legacy.db"
        odd.parent.mkdir()
        shutil.copy(built.database, odd)
        report = load_legacy(LegacySource.parse(f"sqlite://{odd}"), target, echo=lambda _line: None)
        assert report.rows["auth_user"] == 2 and report.rows["nodeshot_node"] == 5
        assert scalar(owner_target, "select count(*) from legacy_raw.nodeshot_link") == 1


# --- TLS -------------------------------------------------------------------


def _certificate(folder: Path, name: str, *, ca: tuple[Path, Path] | None = None) -> tuple[Path, Path]:
    """A self-signed CA (ca=None), or a certificate for 127.0.0.1 signed by `ca`."""
    crt, key = folder / f"{name}.crt", folder / f"{name}.key"
    subject = ["-subj", f"/CN={'127.0.0.1' if ca else name}"]
    if ca is None:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                        "-out", str(crt), *subject], check=True, capture_output=True)
    else:
        csr = folder / f"{name}.csr"
        extensions = folder / f"{name}.ext"
        extensions.write_text("subjectAltName = IP:127.0.0.1\n")
        subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
                        *subject], check=True, capture_output=True)
        subprocess.run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca[0]), "-CAkey", str(ca[1]),
                        "-CAcreateserial", "-days", "2", "-out", str(crt), "-extfile", str(extensions)],
                       check=True, capture_output=True)
    return crt, key


@pytest.fixture
def tls_cluster(tmp_path: Path):
    """A private PostgreSQL cluster of its own serving TLS with a certificate
    of a private CA; yields (cluster, right CA file, wrong CA file)."""
    import shutil

    import psycopg

    certs = tmp_path / "certs"
    certs.mkdir()
    right_ca = _certificate(certs, "right-ca")
    wrong_ca = _certificate(certs, "wrong-ca")
    server_crt, server_key = _certificate(certs, "server", ca=right_ca)
    tls = Cluster(root=tmp_path / "pgtls").start()
    try:
        for source, name in ((server_crt, "server.crt"), (server_key, "server.key")):
            shutil.copy(source, tls.data / name)
            shutil.chown(tls.data / name, "postgres", "postgres")
            os.chmod(tls.data / name, 0o600)
        with psycopg.connect(tls.url(), autocommit=True) as conn:
            conn.execute("alter system set ssl = on")
            conn.execute("select pg_reload_conf()")
        yield tls, right_ca[0], wrong_ca[0]
    finally:
        tls.stop()
        subprocess.run(["rm", "-rf", str(tls.root.resolve())], check=False)


def test_verify_full_against_the_wrong_ca_fails_clearly(tls_cluster):
    from nodeshot_migrate.dbt import run_dbt
    from nodeshot_migrate.errors import EXIT_USAGE
    from nodeshot_migrate.migrate import MigrateOptions, preflight
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    tls, right_ca, wrong_ca = tls_cluster
    legacy = LegacySource.parse("sqlite:///unused/legacy.db")

    def target(ca: Path) -> TargetDatabase:
        return TargetDatabase.parse(f"{tls.url()}?sslmode=verify-full&sslrootcert={ca}")

    # psycopg (pre-flight, load, apply): a clear usage error naming the cause
    with pytest.raises(MigrateError) as refused:
        preflight(MigrateOptions(legacy=legacy, target=target(wrong_ca)))
    assert refused.value.exit_code == EXIT_USAGE
    assert "cannot connect to the target" in refused.value.message
    assert "certificate verify failed" in refused.value.message
    # with the right CA the same check gets through the connection (and then
    # finds no nodeshot schema in this empty cluster)
    with pytest.raises(MigrateError, match="is not a nodeshot 1.x database"):
        preflight(MigrateOptions(legacy=legacy, target=target(right_ca)))

    # dbt reads the same settings from the URL
    lines: list[str] = []
    with pytest.raises(MigrateError) as dbt_refused:
        run_dbt(["debug", "--connection"], target(wrong_ca), {}, echo=lines.append, what="dbt debug")
    assert "certificate verify failed" in dbt_refused.value.message + "\n".join(lines)
    run_dbt(["debug", "--connection"], target(right_ca), {}, echo=lines.append, what="dbt debug")

    # pgloader cannot verify a certificate: refused, never loaded unverified
    with pytest.raises(MigrateError, match="pgloader cannot verify"):
        _ = target(right_ca).pgloader_url


@pytest.fixture
def tls_mariadb(tmp_path: Path):
    """A private MariaDB of its own serving TLS with a certificate of a private
    CA, holding the reference legacy rows; its user `nodeshot` may connect with
    TLS only, so a program that went without would be refused. Yields
    (server, legacy URL without TLS settings, right CA file, wrong CA file).
    The CA files sit in a folder the postgres server can read (mysql_fdw
    reads them there)."""
    import shutil
    import tempfile

    from conftest import _build_mariadb_legacy

    from nodeshot_migrate.procs import private_dir, user_ids

    certs = Path(tempfile.mkdtemp(prefix="nodeshot-migrate-tls-test-", dir="/var/tmp"))
    os.chmod(certs, 0o755)
    right_ca = _certificate(certs, "right-ca")
    wrong_ca = _certificate(certs, "wrong-ca")
    server_crt, server_key = _certificate(certs, "server", ca=right_ca)
    for ca in (right_ca[0], wrong_ca[0]):
        os.chmod(ca, 0o644)
    root = tmp_path / "mariadb-tls"
    folder = private_dir(root, "mysql") / "tls"
    folder.mkdir(mode=0o700)
    for source in (server_crt, server_key, right_ca[0]):
        shutil.copy(source, folder / source.name)
    for path in (folder, *folder.iterdir()):
        os.chown(path, *user_ids("mysql"))
    server = MariaDB(root=root, server_options=(
        f"--ssl-cert={folder / server_crt.name}", f"--ssl-key={folder / server_key.name}",
        f"--ssl-ca={folder / right_ca[0].name}",
    ))
    try:
        server.start()
        server.sql("alter user 'nodeshot'@'127.0.0.1' require ssl;\n")
        legacy = _build_mariadb_legacy(server, "legacy_tls", ("reference_legacy.sql",))
        yield server, legacy.url, right_ca[0], wrong_ca[0]
    finally:
        server.stop()
        subprocess.run(["rm", "-rf", str(root.resolve()), str(certs)], check=False)


def test_mysql_tls_is_verified_by_every_legacy_program(tls_mariadb, new_target):
    """?ssl-mode=&ssl-ca= on the legacy URL (issue 19.7): the legacy client (schema check, --loader client)
    checks the certificate and the host name, mysql_fdw the certificate; the wrong CA stops the run with one
    clear line and its exit code, never the password; pgloader, which cannot, is refused."""
    from conftest import query

    from nodeshot_migrate.errors import EXIT_LOAD_FAILED, EXIT_PREFLIGHT_LEGACY, EXIT_USAGE
    from nodeshot_migrate.legacy.fdw import fdw_copy_tables
    from nodeshot_migrate.legacy.load import load_legacy
    from nodeshot_migrate.urls import LegacySource

    server, url, right_ca, wrong_ca = tls_mariadb
    target = new_target()

    def legacy(mode: str, ca: Path | None = None) -> LegacySource:
        return LegacySource.parse(f"{url}?ssl-mode={mode}" + (f"&ssl-ca={ca}" if ca else ""))

    def nodes() -> int:
        return query(target, "select count(*) from legacy_raw.nodeshot_node")[0][0]

    lines: list[str] = []
    # the right CA: the client checks certificate and host name; mysql_fdw the certificate
    load_legacy(legacy("VERIFY_IDENTITY", right_ca), target, "client", echo=lines.append)
    assert nodes() == 5
    load_legacy(legacy("VERIFY_CA", right_ca), target, "fdw", echo=lines.append)
    assert nodes() == 5

    # the wrong CA: one line naming the cause, the exit code of the step, no password
    failures = []
    with pytest.raises(MigrateError) as client_refused:
        load_legacy(legacy("VERIFY_IDENTITY", wrong_ca), target, "client", echo=lines.append)
    failures.append((client_refused.value, EXIT_PREFLIGHT_LEGACY))
    with pytest.raises(MigrateError) as fdw_refused:  # mysql_fdw's own connection, past the client's check
        fdw_copy_tables(legacy("VERIFY_CA", wrong_ca), target, "legacy_raw", tables=("auth_user",))
    failures.append((fdw_refused.value, EXIT_LOAD_FAILED))
    for error, code in failures:
        assert error.exit_code == code, error.message
        assert "\n" not in error.message.strip(), error.message
        assert "certificate" in error.message.lower() or "ssl" in error.message.lower(), error.message
        assert server.password not in error.message
    assert server.password not in "\n".join(lines)

    # what a program cannot honour is refused, never run with less
    with pytest.raises(MigrateError, match="pgloader takes no TLS settings") as pgloader_refused:
        _ = legacy("VERIFY_IDENTITY", right_ca).pgloader_url
    with pytest.raises(MigrateError, match="cannot check the legacy server's host name") as fdw_identity:
        _ = legacy("VERIFY_IDENTITY", right_ca).fdw_ssl_ca
    with pytest.raises(MigrateError, match="only with a CA") as fdw_no_ca:
        _ = legacy("REQUIRED").fdw_ssl_ca
    for refused in (pgloader_refused, fdw_identity, fdw_no_ca):
        assert refused.value.exit_code == EXIT_USAGE

    # the whole program: the exit code and one error line on stderr, no password anywhere
    proc = _inv("migrate", "--yes", "--loader", "client", env_settings={
        "NODESHOT_MIGRATE_TARGET": target.url,
        "NODESHOT_MIGRATE_LEGACY": legacy("VERIFY_IDENTITY", wrong_ca).url,
        "NODESHOT_MIGRATE_DEFAULT_LAYER": "5",
    })
    assert proc.returncode == EXIT_PREFLIGHT_LEGACY, proc.stdout + proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: "), proc.stderr
    assert server.password not in proc.stdout + proc.stderr and target.password not in proc.stdout + proc.stderr
