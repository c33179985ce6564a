"""The apply plan, as Python sees it (docs/apply-plan.md).

Each mart the apply reads or writes declares how in its YAML, under
`config: meta: apply:`; the tables every nodeshot 1.x database has are the
`app` sources marked `meta: required: true`. dbt reads them through its
`graph` when it compiles the apply (macros/plan.sql); this module reads the
very same YAML files, because the pre-flight needs them before any dbt
process has parsed the project (a `dbt parse` only for that would cost every
run seconds). Nothing here is a second list: `check()` refuses a plan the
macros could not compile, and tests/e2e/test_apply_plan.py compares what
this module reads with dbt's manifest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from . import PROJECT_DIR

MARTS_DIR = PROJECT_DIR / "models" / "marts"
APP_SOURCES = PROJECT_DIR / "models" / "staging" / "app" / "_app__sources.yml"
STEPS_DIR = PROJECT_DIR / "analyses" / "apply"

# Every key a mart's `meta: apply:` may hold, with its default (macros/plan.sql
# fill_apply_plan fills the same defaults).
KEYS = {
    "order": None,
    "step": None,
    "mode": "insert",
    "key": "id",
    "remap": {},
    "shortcuts": {},
    "repoint": {},
    "site_columns": [],
    "credentials": [],
    "owned": None,  # true when the mart has a step
    "legacy_ids": False,
    "deletable": False,
    "cascade_parents": {},
    "set_null_parents": {},
}
MODES = ("insert", "upsert")
STEP_FILE = re.compile(r"^(\d{3})_([a-z_]+)\.sql$")


@dataclass(frozen=True)
class PlanEntry:
    """One mart of the plan: `meta: apply:` with its defaults filled in."""

    name: str
    order: int
    step: str | None = None
    mode: str = "insert"
    key: str = "id"
    remap: dict[str, str] = field(default_factory=dict)
    shortcuts: dict[str, str] = field(default_factory=dict)
    repoint: dict[str, str] = field(default_factory=dict)
    site_columns: list[str] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    owned: bool = False
    legacy_ids: bool = False
    deletable: bool = False
    cascade_parents: dict[str, str] = field(default_factory=dict)
    set_null_parents: dict[str, str] = field(default_factory=dict)
    frozen: bool = False  # materialized as frozen_view

    @property
    def written(self) -> bool:
        return self.step is not None


class PlanError(ValueError):
    """The declared plan cannot be compiled (a typo, a missing step file)."""


def _models(folder: Path) -> list[dict]:
    models = []
    for path in sorted(folder.glob("*.yml")):
        models += (yaml.safe_load(path.read_text()) or {}).get("models") or []
    return models


def read_plan(marts_dir: Path = MARTS_DIR) -> list[PlanEntry]:
    """Every mart that declares `meta: apply:`, in plan order."""
    entries = []
    for model in _models(marts_dir):
        config = model.get("config") or {}
        declared = (config.get("meta") or {}).get("apply")
        if declared is None:
            continue
        unknown = sorted(set(declared) - set(KEYS))
        if unknown:
            raise PlanError(f"{model['name']}: unknown apply key(s) {', '.join(unknown)} (docs/apply-plan.md)")
        if "order" not in declared:
            raise PlanError(f"{model['name']}: the apply plan needs an `order`")
        values = {name: declared.get(name, default) for name, default in KEYS.items()}
        if values["owned"] is None:
            values["owned"] = values["step"] is not None
        values["order"] = int(values["order"])
        entries.append(
            PlanEntry(name=model["name"], frozen=config.get("materialized") == "frozen_view", **values)
        )
    return sorted(entries, key=lambda entry: entry.order)


def step_files(steps_dir: Path = STEPS_DIR) -> dict[str, Path]:
    """The apply's step files by step name: 030_users.sql is step `users`."""
    found = {}
    for path in sorted(steps_dir.glob("*.sql")):
        match = STEP_FILE.match(path.name)
        if match is None:
            raise PlanError(f"{path}: an apply step file is named NNN_<step>.sql")
        found[match.group(2)] = path
    return found


def check(plan: list[PlanEntry], steps: dict[str, Path]) -> None:
    """Raise PlanError where the plan cannot be what the apply runs."""
    orders: dict[int, str] = {}
    for entry in plan:
        if entry.order in orders:
            raise PlanError(f"{entry.name} and {orders[entry.order]} have the same apply order {entry.order}")
        orders[entry.order] = entry.name
        if entry.mode not in MODES:
            raise PlanError(f"{entry.name}: apply mode {entry.mode!r} is not one of {', '.join(MODES)}")
        if entry.step is not None:
            path = steps.get(entry.step)
            if path is None:
                raise PlanError(f"{entry.name}: no step file analyses/apply/NNN_{entry.step}.sql")
            if f"apply_step('{entry.step}')" not in path.read_text():
                raise PlanError(f"{path.name} does not call apply_step('{entry.step}'), which writes {entry.name}")
        for what, refs in (("remap", entry.remap), ("shortcuts", entry.shortcuts)):
            for other in refs.values():
                # its id map (migration.apply_idmap_<other>) must exist when this mart is written
                if not any(e.name == other and e.written and e.order < entry.order for e in plan):
                    raise PlanError(f"{entry.name}: {what} names {other}, which the plan does not write before it")
        if entry.deletable and entry.key != "id":
            raise PlanError(f"{entry.name}: a deletable mart is keyed by id")


@cache
def plan() -> tuple[PlanEntry, ...]:
    """The project's plan, checked."""
    entries = read_plan()
    check(entries, step_files())
    return tuple(entries)


def owned_tables() -> list[str]:
    """The target tables whose created rows the ledger records, in plan order."""
    return [entry.name for entry in plan() if entry.owned]


@cache
def required_target_tables(sources: Path = APP_SOURCES) -> tuple[str, ...]:
    """The tables of source `app` marked `meta: required: true`, sorted:
    every nodeshot 1.x database has them (the pre-flight checks them)."""
    required = []
    for source in (yaml.safe_load(sources.read_text()) or {}).get("sources") or []:
        if source.get("name") != "app":
            continue
        for table in source.get("tables") or []:
            meta = (table.get("config") or {}).get("meta") or table.get("meta") or {}
            if meta.get("required"):
                required.append(table["name"])
    return tuple(sorted(required))
