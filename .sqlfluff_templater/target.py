"""Stand-in for dbt's `target` (sqlfluff jinja templater)."""

database = "nodeshot"
schema = "migration"
name = "lint"
