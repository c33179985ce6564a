"""The pgloader driver's pure parts: its command file and the reading of its summary."""

from __future__ import annotations

from pathlib import Path

from nodeshot_migrate.legacy.pgloader import CASTS, command_file, parse_summary
from nodeshot_migrate.urls import LegacySource, TargetDatabase

TARGET = TargetDatabase.parse("postgresql://migrator:secret@db.example:5433/nodeshot")

# The shape of pgloader's --summary table: a header, one row per table
# (name, errors, rows, bytes, time), then totals; MySQL tables come
# schema-qualified after `alter schema ... rename`.
SUMMARY = """\
             table name     errors       rows      bytes      total time
-----------------------  ---------  ---------  ---------  --------------
                  fetch          0          0                     0.010s
-----------------------  ---------  ---------  ---------  --------------
   legacy_raw.auth_user          0         12     1.2 kB          0.031s
legacy_raw.nodeshot_node          2        400    80.1 kB          0.210s
         nodeshot_link          0          7     0.3 kB          0.011s
         django_session          5         99     9.0 kB          0.015s
-----------------------  ---------  ---------  ---------  --------------
      Total import time          ✓        452    83.6 kB          0.300s
"""


def test_summary_rows_of_the_legacy_tables_only():
    found = parse_summary(SUMMARY)
    assert found == {"auth_user": (0, 12), "nodeshot_node": (2, 400), "nodeshot_link": (0, 7)}


def test_an_empty_or_foreign_summary_reads_as_nothing():
    assert parse_summary("") == {}
    assert parse_summary("KABOOM: cannot connect\nauth_user is gone\n") == {}


def test_mysql_command_names_the_tables_and_renames_the_schema():
    legacy = LegacySource.parse("mysql://reader:pw@legacy.example:3306/nodeshot09")
    text = command_file(legacy, TARGET, ("auth_user", "nodeshot_node"))
    assert text.startswith("load database from mysql://reader:pw@legacy.example:3306/nodeshot09 into postgresql://")
    assert "data only, create no tables, no truncate" in text
    assert "including only table names matching ~/^(auth_user|nodeshot_node)$/" in text
    assert "alter schema 'nodeshot09' rename to 'legacy_raw'" in text
    assert all(cast in text for cast in CASTS["mysql"])
    assert text.endswith(";\n")


def test_sqlite_command_reads_the_given_path_and_lists_the_tables():
    legacy = LegacySource.parse("sqlite:///srv/old site/nodeshot.db")
    text = command_file(legacy, TARGET, ("auth_user", "nodeshot_hna"), sqlite_file=Path("/tmp/x/legacy.db"))
    assert text.startswith("load database from sqlite:///tmp/x/legacy.db into ")
    assert "old site" not in text
    assert "including only table names like 'auth_user', 'nodeshot_hna'" in text
    assert "alter schema" not in text
    assert all(cast in text for cast in CASTS["sqlite"])
