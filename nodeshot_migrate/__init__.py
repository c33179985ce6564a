"""nodeshot-migrate: move a nodeshot 0.9 map into nodeshot 1.x with dbt.

The Python side is orchestration only: it starts servers, runs pgloader and
dbt, and executes SQL that dbt compiled. No legacy row ever passes through
Python.
"""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = PROJECT_DIR / ".local"
SQL_DIR = PROJECT_DIR / "sql"

__all__ = ["PROJECT_DIR", "LOCAL_DIR", "SQL_DIR"]
