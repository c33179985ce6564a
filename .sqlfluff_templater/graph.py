"""Stand-in for dbt's `graph` (sqlfluff jinja templater): the marts and
their apply plan, read from the same YAML dbt reads (docs/apply-plan.md),
so that the apply macros render the real plan when linted."""

from pathlib import Path

import yaml

_MARTS = Path(__file__).resolve().parent.parent / "models" / "marts"


def _marts() -> dict:
    found = {}
    for path in sorted(_MARTS.glob("*.yml")):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            config = model.get("config") or {}
            found[f"model.nodeshot_migrate.{model['name']}"] = {
                "resource_type": "model",
                "package_name": "nodeshot_migrate",
                "name": model["name"],
                "alias": model["name"],
                "schema": "migration",
                "database": "nodeshot",
                "config": {"meta": config.get("meta") or {}, "materialized": config.get("materialized")},
            }
    return found


nodes = _marts()
sources: dict = {}


def get(key, default=None):
    return {"nodes": nodes, "sources": sources}.get(key, default)
