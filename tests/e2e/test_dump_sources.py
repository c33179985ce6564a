"""A legacy map handed over as a file (issue 21): a mysqldump, plain, gzip or
xz compressed, of one database or of a whole server, in utf8 or latin1; a
SQLite file named by its path. Each migrates to the same target rows, ids
and all, as the database it was made from; a truncated dump, a dump with two
nodeshot databases and a file that is no database stop before anything is
written, with a message that says what to do.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, SQL_DIR, make_target, query, run_migrate, sqlite_exec

from nodeshot_migrate import LOCAL_DIR, compare
from nodeshot_migrate.demo import SAMPLE_DUMP, build_sqlite, run_psql_file, write_sample_dump
from nodeshot_migrate.dumpfile import DumpScan, choose_database, scan, sniff
from nodeshot_migrate.errors import EXIT_PREFLIGHT_DUMP, EXIT_USAGE, MigrateError
from nodeshot_migrate.mariadb import ADMIN, HINT, MariaDB
from nodeshot_migrate.migrate import restored_dump
from nodeshot_migrate.procs import which
from nodeshot_migrate.urls import LegacySource

pytestmark = pytest.mark.mariadb

ACCENTED = "Caffè Città Ü"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def dump_of(server: MariaDB, *args: str) -> bytes:
    """mariadb-dump's output, as the server's administrator over its socket."""
    argv = [which("mariadb-dump", HINT), "--protocol=socket", "-S", str(server.socket), f"-u{ADMIN}", *args]
    return subprocess.run(argv, check=True, capture_output=True).stdout


def build_legacy(server: MariaDB, name: str, *, charset: str = "utf8", engine: str = "InnoDB") -> None:
    server.sql(f"drop database if exists `{name}`; create database `{name}` character set {charset};")
    schema = (SQL_DIR / "legacy" / "mysql.sql").read_text()
    server.sql(schema.replace("CHARSET=utf8", f"CHARSET={charset}").replace("ENGINE=InnoDB", f"ENGINE={engine}"), name)
    server.sql((FIXTURES / "reference_legacy.sql").read_text(), name)
    # a name outside ASCII: a latin1 dump must bring it back as it was
    server.sql(f"update nodeshot_node set name = '{ACCENTED}' order by id limit 1;", name)  # noqa: S608


def same_target(a, b) -> None:
    assert compare.compare(a, b) == []
    assert compare.row_counts(a) == compare.row_counts(b)


@pytest.fixture(scope="module")
def server(request) -> MariaDB:
    return request.getfixturevalue("mariadb")


@pytest.fixture(scope="module")
def baseline(server, cluster, tmp_path_factory):
    """The reference scenario migrated straight from the MariaDB database,
    and that database's dumps."""
    name, wiki = f"dumpsrc_{WORKER}", f"wiki_{WORKER}"
    build_legacy(server, name)
    target = make_target(cluster, "dump_base")
    assert run_migrate(LegacySource.parse(server.url(name)), target) == 0
    folder = tmp_path_factory.mktemp("dumps")
    plain = dump_of(server, name)
    (folder / "plain.sql").write_bytes(plain)
    (folder / "nodeshot.sql.gz").write_bytes(gzip.compress(plain))
    # a dump of several databases, as --all-databases writes it (with the
    # server's own `mysql` database, which must never be restored)
    server.sql(
        f"drop database if exists {wiki}; create database {wiki};"  # noqa: S608 (a test's own names)
        f" create table {wiki}.page (id int primary key, title varchar(20)); insert into {wiki}.page values (1, 'x');"
    )
    (folder / "server.sql").write_bytes(dump_of(server, "--databases", "mysql", wiki, name))
    server.sql(f"drop database {wiki};")
    yield target, folder, name
    server.sql(f"drop database if exists `{name}`;")


@pytest.mark.parametrize("file", ["plain.sql", "nodeshot.sql.gz", "server.sql"])
def test_a_dump_migrates_like_its_database(baseline, cluster, server, file):
    reference, folder, _name = baseline
    legacy = LegacySource.parse(str(folder / file))
    assert legacy.kind == "dump"
    target = make_target(cluster, f"dump_{file.replace('.', '_')}")
    assert run_migrate(legacy, target) == 0
    same_target(reference, target)
    output = run_migrate.last_output
    assert "dump: restoring" in output and "dump: restored in" in output
    # the restored copy is dropped, and no other database of the dump was restored
    databases = server.sql("show databases;\n").split()
    assert f"wiki_{WORKER}" not in databases
    assert not [name for name in databases if name.startswith("dump_") and name.endswith(f"_{os.getpid()}")]
    last_source = "select legacy_source from migration.runs order by run_id desc limit 1"
    assert query(target, last_source) == [(str(folder / file),)]


def test_a_latin1_dump_of_a_myisam_database(server, cluster, tmp_path):
    name = f"latin_{tmp_path.name[-6:]}"
    build_legacy(server, name, charset="latin1", engine="MyISAM")
    dump = dump_of(server, "--default-character-set=latin1", name)
    assert b"SET NAMES latin1" in dump and ACCENTED.encode("latin1") in dump
    path = tmp_path / "latin1.sql"
    path.write_bytes(dump)
    from_server, from_dump = make_target(cluster, "latin_srv"), make_target(cluster, "latin_dump")
    try:
        assert run_migrate(LegacySource.parse(server.url(name)), from_server) == 0
        assert run_migrate(LegacySource.parse(str(path)), from_dump) == 0
    finally:
        server.sql(f"drop database if exists `{name}`;")
    same_target(from_server, from_dump)
    assert query(from_dump, "select count(*) from nodes_node where name = %s", (ACCENTED,)) == [(1,)]


def test_a_truncated_dump_stops_before_anything_is_written(baseline, cluster, tmp_path):
    _reference, folder, _name = baseline
    whole = (folder / "plain.sql").read_bytes()
    path = tmp_path / "cut.sql"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    target = make_target(cluster, "dump_cut")
    with pytest.raises(MigrateError) as failure:
        run_migrate(LegacySource.parse(str(path)), target)
    assert failure.value.exit_code == EXIT_PREFLIGHT_DUMP
    assert "truncated" in failure.value.message
    assert query(target, "select count(*) from nodes_node") == [(0,)]


def test_a_dump_that_fails_to_load_names_its_line(cluster, tmp_path):
    path = tmp_path / "broken.sql"
    path.write_text(
        "CREATE TABLE `nodeshot_node` (`id` int NOT NULL);\n"
        "INSERT INTO `nodeshot_node` VALUES (1);\n"
        "INSERT INTO `nodeshot_node` VALUES (2,;\n"
    )
    target = make_target(cluster, "dump_broken")
    with pytest.raises(MigrateError) as failure:
        run_migrate(LegacySource.parse(str(path)), target)
    assert failure.value.exit_code == EXIT_PREFLIGHT_DUMP
    assert "at line 3" in failure.value.message
    assert query(target, "select count(*) from nodes_node") == [(0,)]


def test_two_nodeshot_databases_need_a_choice(baseline, server, cluster, tmp_path):
    _reference, folder, name = baseline
    second = f"second_map_{WORKER}"
    server.sql(f"drop database if exists {second}; create database {second};")
    server.sql((SQL_DIR / "legacy" / "mysql.sql").read_text(), second)
    path = tmp_path / "two.sql.gz"
    try:
        path.write_bytes(gzip.compress(dump_of(server, "--databases", name, second)))
    finally:
        server.sql(f"drop database if exists {second};")
    target = make_target(cluster, "dump_two")
    with pytest.raises(MigrateError) as failure:
        run_migrate(LegacySource.parse(str(path)), target)
    assert failure.value.exit_code == EXIT_USAGE
    assert "--legacy-database" in failure.value.message and second in failure.value.message
    # named, the chosen one migrates (the empty second map would migrate nothing)
    assert run_migrate(LegacySource.parse(str(path)), target, legacy_database=name) == 0
    assert query(target, "select count(*) > 0 from nodes_node") == [(True,)]


def test_an_xz_dump_is_known_by_its_content_not_its_name(baseline):
    _reference, folder, name = baseline
    path = folder / "nodeshot.backup"
    path.write_bytes(lzma.compress((folder / "plain.sql").read_bytes()))
    legacy = LegacySource.parse(str(path))
    assert (legacy.kind, legacy.display) == ("dump", str(path))
    found = scan(path)
    assert found.completed and found.nodeshot_databases == [""]
    assert found.size == len((folder / "plain.sql").read_bytes())


def test_a_sqlite_file_by_its_path_migrates_like_the_mariadb_database(baseline, cluster, legacy_sqlite, tmp_path):
    reference, _folder, _name = baseline
    source = legacy_sqlite("reference_legacy.sql")
    copy = tmp_path / "nodeshot-backup.bin"
    copy.write_bytes(Path(source.database).read_bytes())
    parsed = LegacySource.parse(str(copy))
    assert (parsed.kind, parsed.database, parsed.url) == ("sqlite", str(copy), f"sqlite://{copy}")
    # the baseline has one accented node name (build_legacy): the same here
    renamed = f"update nodeshot_node set name = '{ACCENTED}' where id = (select min(id) from nodeshot_node);"  # noqa: S608
    sqlite_exec(parsed, renamed)
    target = make_target(cluster, "dump_sqlite_path")
    assert run_migrate(parsed, target) == 0
    same_target(reference, target)


def test_a_file_that_is_no_database_is_refused(tmp_path):
    for name, content in (("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4), ("notes.txt", b"hello\n")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(MigrateError) as failure:
            LegacySource.parse(str(path))
        assert failure.value.exit_code == EXIT_USAGE
        assert "neither a SQLite database nor a SQL dump" in failure.value.message
    with pytest.raises(MigrateError) as failure:
        LegacySource.parse(str(tmp_path / "missing.sql"))
    assert "no such file" in failure.value.message


def test_scan_and_choice_without_a_server(tmp_path):
    path = tmp_path / "all.sql.xz"
    path.write_bytes(lzma.compress(
        b"-- MariaDB dump 10.19\n"
        b"CREATE DATABASE /*!32312 IF NOT EXISTS*/ `mysql` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n"
        b"USE `mysql`;\nCREATE TABLE `db` (`x` int);\n"
        b"CREATE DATABASE /*!32312 IF NOT EXISTS*/ `ninux` /*!40100 DEFAULT CHARACTER SET latin1 */;\n"
        b"USE `ninux`;\nCREATE TABLE `nodeshot_node` (`id` int);\n"
        b"-- Dump completed on 2014-01-01 10:00:00\n"
    ))
    assert sniff(path) == "dump"
    found = scan(path)
    assert (found.databases, found.nodeshot_databases) == (["mysql", "ninux"], ["ninux"])
    assert found.mysqldump_header and found.completed
    assert choose_database(found, path, None) == "ninux"
    with pytest.raises(MigrateError, match="holds no such database"):
        choose_database(found, path, "wiki")
    with pytest.raises(MigrateError, match="no nodeshot_node table"):
        choose_database(DumpScan(), path, None)


def without_comments(dump: bytes) -> list[bytes]:
    """A dump's statements: its comment lines name the server's version."""
    return [line for line in dump.splitlines() if not line.startswith((b"--", b"/*M!"))]


def test_the_bundled_dump_is_the_demo_map_and_migrates_like_it(cluster, tmp_path):
    fresh = write_sample_dump(tmp_path / "sample.sql.gz", echo=lambda _line: None)
    assert without_comments(gzip.decompress(fresh.read_bytes())) == without_comments(
        gzip.decompress(SAMPLE_DUMP.read_bytes())
    ), "sql/demo/sample_legacy_mysql.sql.gz is out of date: run ./inv sample-dump"
    sqlite_db = tmp_path / "sample.db"
    build_sqlite(sqlite_db, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
    targets = []
    for source in (f"sqlite://{sqlite_db}", str(SAMPLE_DUMP)):
        target = make_target(cluster, f"sample_{len(targets)}", layers=None)
        run_psql_file(target.url, SQL_DIR / "demo" / "sample_target_layers.sql")
        layer = query(target, "select id from layers_layer where slug = 'default'")[0][0]
        code = run_migrate(LegacySource.parse(source), target, default_layer=layer, ambiguous_layer="smallest")
        assert code == 0
        targets.append(target)
    assert query(targets[1], "select count(*) > 250 from nodes_node") == [(True,)]
    same_target(*targets)


def test_a_dump_on_standard_input_is_restored_and_dropped(baseline, server, monkeypatch):
    _reference, folder, _name = baseline
    dump = (folder / "plain.sql").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(dump)))
    legacy = LegacySource.parse("-")
    assert (legacy.kind, legacy.display) == ("dump", "standard input")
    lines: list[str] = []
    with restored_dump(legacy, None, False, lines.append) as copy:
        assert copy.kind == "mysql" and copy.display == "standard input"
        nodes = server.sql("select count(*) from nodeshot_node;\n", copy.database).split()[-1]
        assert int(nodes) > 0
        spooled = [p for p in (LOCAL_DIR / "dumps").glob(f"stdin-{os.getpid()}.sql")]
        assert len(spooled) == 1 and spooled[0].stat().st_mode & 0o077 == 0  # private while it exists
    assert copy.database not in server.sql("show databases;\n").split()
    assert not (LOCAL_DIR / "dumps" / f"stdin-{os.getpid()}.sql").exists()
    assert any(line.startswith("dump: read") for line in lines)


def test_a_mysql8_dump_with_its_0900_collations_restores(server, tmp_path):
    path = tmp_path / "mysql8.sql"
    path.write_text(
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
        "/*!50503 SET NAMES utf8mb4 */;\n"
        "/*!50503 SET character_set_client = utf8mb4 */;\n"
        "CREATE TABLE `nodeshot_node` (\n"
        "  `id` int NOT NULL AUTO_INCREMENT,\n"
        "  `name` varchar(50) COLLATE utf8mb4_0900_as_cs NOT NULL,\n"
        "  PRIMARY KEY (`id`)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n"
        "INSERT INTO `nodeshot_node` VALUES (1,'utf8mb4_0900_ai_ci as typed');\n"
        "REPLACE INTO `nodeshot_node` VALUES (2,'utf8mb4_0900_bin as typed');\n"
        "-- Dump completed on 2024-01-01 10:00:00\n"
    )
    with restored_dump(LegacySource.parse(str(path)), None, False, lambda _line: None) as copy:
        rows = server.sql("select name from nodeshot_node order by id;\n", copy.database).splitlines()[1:]
        collation = server.sql(
            "select table_collation from information_schema.tables where table_schema = database();\n", copy.database
        ).split()[-1]
    assert rows == ["utf8mb4_0900_ai_ci as typed", "utf8mb4_0900_bin as typed"]  # a row's text is never rewritten
    assert collation == "utf8mb4_unicode_ci"
