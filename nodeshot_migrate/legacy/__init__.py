"""The load of the legacy nodeshot 0.9 tables into schema legacy_raw, in three layers:

- exporters, one per legacy engine: the SQL that reads it and its client
  (export_mysql.py, export_sqlite.py, on legacy_process.py; exporters.py
  picks one);
- the landing in legacy_raw: its tables, their columns, the text repairs,
  the counts (landing.py);
- the drivers that move the rows: pgloader.py, client.py (the legacy
  client into COPY), fdw.py (mysql_fdw), and dirty_text.py for the tables
  holding text PostgreSQL cannot store;

and load.py, the one sequence every driver runs in (load_legacy). A module
imports only from the layers below it; tests/unit/test_import_graph.py
keeps it so.
"""
