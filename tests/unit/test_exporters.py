"""The exporters' SQL, without a server: the SQLite export run by the sqlite3
shell on a scratch file, the MySQL export read for its promises."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from nodeshot_migrate.errors import MigrateError
from nodeshot_migrate.legacy import export_mysql, export_sqlite
from nodeshot_migrate.legacy.dirty_text import scan_sql, text_columns
from nodeshot_migrate.legacy.landing import HEX_MARK

# the sqlite3 shell is one of the packages ./inv installs (the SQLite loaders need it)
SQLITE3 = shutil.which("sqlite3") or "sqlite3"

ROWS = """
create table odd_table (id integer primary key, name text, lat real, blob_col blob);
insert into odd_table values
    (1, 'plain', 41.900000000000006, null),
    (2, '', null, x'6869'),
    (3, 'a' || char(0) || 'b', 1e-7, null),
    (4, cast(x'c328' as text), 2.5, null),
    (5, 'caffè, "quoted"', -0.1, null);
"""


def sqlite_export(tmp_path, safe: bool) -> tuple[str, list[list[str]]]:
    db = tmp_path / "legacy.db"
    subprocess.run([SQLITE3, str(db)], input=ROWS, text=True, check=True)
    script = export_sqlite.export_sql("odd_table", ["id", "name", "lat", "blob_col"], safe=safe)
    out = subprocess.run(
        [SQLITE3, "-readonly", "-batch", "-bail", "-csv", "-noheader", "-newline", "\n", str(db)],
        input=script.encode(), capture_output=True, check=True,
    ).stdout.decode("utf-8", errors="surrogateescape")
    count, _, rows = out.partition("\n")
    return count, list(csv.reader(io.StringIO(rows)))


def test_sqlite_export_counts_then_renders_exact_values(tmp_path):
    count, rows = sqlite_export(tmp_path, safe=True)
    assert count == "5"
    by_id = {row[0]: row for row in rows}
    assert by_id["1"][1] == "plain" and by_id["1"][3] == ""
    assert float(by_id["1"][2]) == 41.900000000000006  # every digit of the real (the shell keeps 15)
    assert by_id["2"][1:3] == ["", ""] and by_id["2"][3] == "hi"  # '' vs NULL told apart below
    assert float(by_id["3"][2]) == 1e-7
    assert by_id["5"][1] == 'caffè, "quoted"'


def test_sqlite_safe_export_marks_nul_and_invalid_utf8_as_hex(tmp_path):
    _, rows = sqlite_export(tmp_path, safe=True)
    by_id = {row[0]: row for row in rows}
    assert by_id["3"][1] == HEX_MARK + "610062"
    assert by_id["4"][1] == HEX_MARK + "C328"
    assert by_id["1"][1] == "plain"  # clean values as they are


def test_sqlite_null_and_empty_differ_in_the_csv(tmp_path):
    db = tmp_path / "legacy.db"
    subprocess.run([SQLITE3, str(db)], input=ROWS, text=True, check=True)
    out = subprocess.run(
        [SQLITE3, "-readonly", "-csv", "-noheader", str(db)],
        input=export_sqlite.export_sql("odd_table", ["id", "name", "lat"]).encode(), capture_output=True,
        check=True,
    ).stdout.decode(errors="replace")
    assert '2,"",\n' in out  # name '' quoted, lat NULL bare: COPY csv reads NULL and '' apart


def test_sqlite_dirty_scan_counts_the_rows(tmp_path):
    db = tmp_path / "legacy.db"
    subprocess.run([SQLITE3, str(db)], input=ROWS, text=True, check=True)
    query = scan_sql(export_sqlite, {"odd_table": ["id", "name"]})
    out = subprocess.run([SQLITE3, "-readonly", "-separator", "\t", str(db), query], text=True,
                         capture_output=True, check=True).stdout
    assert out.strip() == "odd_table\t2"


def test_mysql_export_reads_count_and_rows_in_one_read_only_snapshot():
    script = export_mysql.export_sql("nodeshot_node", ["id", "name"])
    lines = script.splitlines()
    assert lines[0] == "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;"
    assert lines[1] == "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;"
    assert lines[2] == "SELECT COUNT(*) FROM `nodeshot_node`;"
    assert lines[3].startswith("SELECT CONCAT_WS(CHAR(9 USING utf8mb4), ")
    assert lines[3].endswith("FROM `nodeshot_node`;")
    assert lines[4] == "COMMIT;"


def test_mysql_field_escapes_what_copy_text_treats_specially():
    field = export_mysql.copy_field("name")
    assert field.startswith("IFNULL(") and field.endswith(", CONCAT(CHAR(92 USING utf8mb4), 'N'))")
    for code in (92, 9, 10, 13):
        assert f"CHAR({code} USING utf8mb4)" in field
    # the backslash first, or the escapes of the others would be doubled
    assert field.index("CHAR(92 USING utf8mb4), CONCAT") < field.index("CHAR(9 USING utf8mb4)")
    assert "'\\\\'" not in field  # no backslash literal: NO_BACKSLASH_ESCAPES cannot change it


def test_mysql_safe_mode_marks_all_but_the_key():
    assert "HEX(" not in export_mysql.copy_field("id", safe=True)
    safe = export_mysql.copy_field("name", safe=True)
    assert "INSTR(`name`, CHAR(0)) > 0" in safe and "HEX(CONVERT(`name` USING utf8mb4))" in safe
    assert HEX_MARK[1:] in safe and "HEX(" not in export_mysql.copy_field("name")


def test_identifiers_are_quoted_or_refused():
    assert export_mysql.ident("nodeshot_node") == "`nodeshot_node`"
    with pytest.raises(MigrateError):
        export_mysql.ident("evil`; drop")
    assert export_sqlite.ident('a"b') == '"a""b"'


def test_dirty_scan_skips_keys_and_refuses_odd_names():
    query = scan_sql(export_mysql, {"auth_user": ["id", "email"], "nodeshot_hna": ["id"]})
    assert query == "SELECT 'auth_user', COUNT(*) FROM `auth_user` WHERE INSTR(`email`, CHAR(0)) > 0;"
    assert scan_sql(export_mysql, {"nodeshot_hna": ["id"]}) is None
    with pytest.raises(MigrateError):
        text_columns({"auth_user": ["id", "e-mail"]})
