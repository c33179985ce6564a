"""load_legacy, the one sequence every loader runs, with its steps replaced
by recorders (no server): the order, which tables each step gets, and
where the row counts come from."""

from __future__ import annotations

import pytest

from nodeshot_migrate.errors import EXIT_USAGE, MigrateError
from nodeshot_migrate.legacy import load
from nodeshot_migrate.legacy.client import LOAD_ORDER
from nodeshot_migrate.preflight import LEGACY_TABLES
from nodeshot_migrate.urls import LegacySource, TargetDatabase

TARGET = TargetDatabase.parse("postgresql://u:p@localhost:1/none")
MYSQL = LegacySource.parse("mysql://u:p@localhost:1/legacy")


@pytest.fixture
def steps(monkeypatch):
    done: list[tuple] = []
    monkeypatch.setattr(load, "create_landing_tables", lambda target: done.append(("landing",)))
    monkeypatch.setattr(load, "check_legacy_schema", lambda legacy, target: done.append(("schema",)) or {"x": []})
    monkeypatch.setattr(load, "scan", lambda legacy, columns: done.append(("scan",)) or {"nodeshot_link": 3})
    monkeypatch.setattr(
        load, "copy_dirty_tables", lambda legacy, target, dirty, echo: done.append(("dirty", tuple(dirty)))
    )
    monkeypatch.setattr(
        load, "count_rows", lambda target, tables: done.append(("count", tables)) or {t: 100 for t in tables}
    )

    def driver(name):
        def copy(legacy, target, tables, *, workers, echo):
            done.append((name, tables, workers))
            return {t: 7 for t in tables if t != "auth_user"}  # as pgloader: some counted after

        return copy

    monkeypatch.setattr(load, "DRIVERS", {name: driver(name) for name in load.DRIVERS})
    monkeypatch.setattr(load, "check_loader", lambda legacy, target, loader: done.append(("check", loader)))
    return done


@pytest.mark.parametrize("loader", ["pgloader", "client", "fdw"])
def test_every_loader_runs_the_same_sequence(steps, loader):
    report = load.load_legacy(MYSQL, TARGET, loader, workers=3, echo=lambda _line: None)
    clean = tuple(t for t in LOAD_ORDER if t != "nodeshot_link")
    assert steps == [
        ("check", loader), ("landing",), ("schema",), ("scan",), (loader, clean, 3), ("dirty", ("nodeshot_link",)),
        ("count", ("auth_user", "nodeshot_link")),
    ]
    assert list(report.rows) == list(LEGACY_TABLES)
    assert report.rows["auth_user"] == 100 and report.rows["nodeshot_link"] == 100
    assert report.rows["nodeshot_node"] == 7


def test_an_unknown_loader_is_refused_before_anything():
    with pytest.raises(MigrateError) as failure:
        load.check_loader(MYSQL, TARGET, "fast")
    assert failure.value.exit_code == EXIT_USAGE
    assert "pgloader, client, fdw" in failure.value.message


def test_pgloader_refuses_a_missing_sqlite_file_before_anything(tmp_path):
    with pytest.raises(MigrateError) as failure:
        load.check_loader(LegacySource.parse(f"sqlite://{tmp_path / 'gone.db'}"), TARGET, "pgloader")
    assert failure.value.exit_code == EXIT_USAGE
    assert "does not exist" in failure.value.message


def test_each_copy_is_announced_as_it_ends_in_the_calling_thread():
    import threading

    from nodeshot_migrate.legacy.client import TableCopy, in_parallel

    release = threading.Event()
    seen: list[tuple[str, int, bool]] = []

    def slow() -> TableCopy:
        release.wait(10)  # until the fast one was announced
        return TableCopy("nodeshot_node", 5, 5, 0.0)

    def fast() -> TableCopy:
        return TableCopy("auth_user", 3, 3, 0.0)

    def broken() -> TableCopy:
        raise MigrateError("load failed, nothing was migrated: nodeshot_link: boom", 10)

    def on_done(copy: TableCopy) -> None:
        seen.append((copy.table, copy.copied_rows, threading.current_thread() is threading.main_thread()))
        if copy.table == "auth_user":
            release.set()

    with pytest.raises(MigrateError, match="boom"):
        in_parallel([slow, fast, broken], 2, on_done)
    # in the order they ended (the slow one waited for the fast one's line), the failed one left out
    assert seen == [("auth_user", 3, True), ("nodeshot_node", 5, True)]


def test_pgloader_echoes_one_line_per_table_with_the_rows_landed(monkeypatch):
    from nodeshot_migrate.legacy import pgloader
    from nodeshot_migrate.legacy.client import TableCopy

    monkeypatch.setattr(pgloader, "which", lambda program, hint: "/usr/bin/pgloader")
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr(pgloader, "run_pgloader", lambda program, legacy, target, tables: ran.append(tables))
    monkeypatch.setattr(pgloader, "count_rows", lambda target, tables: {t: 10 + i for i, t in enumerate(tables)})

    def client_copy(legacy, target, schema, *, tables, workers, on_done):
        copies = [TableCopy(t, 42, 42, 0.0) for t in tables]
        for copy in copies:
            on_done(copy)
        return copies

    monkeypatch.setattr(pgloader, "copy_tables", client_copy)
    lines: list[str] = []
    tables = ("nodeshot_node", "auth_user", "nodeshot_link")
    rows = pgloader.copy_clean(MYSQL, TARGET, tables, workers=2, echo=lines.append)
    assert ran == [("auth_user", "nodeshot_link")]  # nodeshot_node leaves columns behind: the client copies it
    assert rows == {"nodeshot_node": 42, "auth_user": 10, "nodeshot_link": 11}
    assert lines == [
        f"load: copying {MYSQL.display} into legacy_raw with pgloader ...",
        "load: nodeshot_node 42 rows",
        "load: auth_user 10 rows",
        "load: nodeshot_link 11 rows",
    ]
