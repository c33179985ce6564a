"""The rules' dbt unit tests (`unit_tests:` beside the models) run and pass.

A unit test gives a model a few input rows and expects its output rows: the
rule is shown next to its model, on the rows that make it fire. dbt needs
the model's parents to exist to learn their column types, so this builds
the models and seeds once on the reference fixture (no data tests; `dbt
build --empty` cannot be used: its empty-subquery rewrite breaks the
models that alias a ref() in a join) and then runs
`dbt test --select test_type:unit`. `invoke migrate` never runs them (its
build excludes the unit_test resource type: they prove the SQL, not the
data, and would only slow every migration).

Every unit test named in the models' YAML must be reported PASS: a test
that dbt silently did not select fails here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import make_legacy, make_target

from nodeshot_migrate import PROJECT_DIR
from nodeshot_migrate.dbt import run_dbt
from nodeshot_migrate.migrate import MigrateOptions, load_legacy
from nodeshot_migrate.urls import TargetDatabase


def declared_unit_tests() -> dict[str, str]:
    """{unit test name: model name} of every unit_tests: block under models/."""
    found: dict[str, str] = {}
    for path in sorted((PROJECT_DIR / "models").rglob("*.yml")):
        for test in (yaml.safe_load(Path(path).read_text()) or {}).get("unit_tests") or []:
            assert test["name"] not in found, f"unit test {test['name']} is declared twice"
            found[test["name"]] = test["model"]
    return found


@pytest.fixture(scope="module")
def empty_build(request, cluster) -> tuple[TargetDatabase, dict]:
    legacy = make_legacy(request, "sqlite", "reference_legacy.sql", tag="unit_tests")
    target = make_target(cluster, "unit_tests")
    # through migrate, which imports the loader wherever it lives
    load_legacy(legacy, target, echo=lambda _line: None)
    dbt_vars = MigrateOptions(legacy=legacy, target=target, default_layer=5).dbt_vars()
    run_dbt(
        ["build", "--exclude-resource-type", "unit_test", "test"],
        target, dbt_vars, quiet=True, what="dbt build --empty",
    )
    return target, dbt_vars


def test_every_rule_unit_test_passes(empty_build):
    target, dbt_vars = empty_build
    declared = declared_unit_tests()
    assert len(declared) >= 15, f"expected the rules' unit tests in models/*.yml, found {sorted(declared)}"
    lines: list[str] = []
    run_dbt(
        ["test", "--select", "test_type:unit"], target, dbt_vars, echo=lines.append, what="dbt unit tests"
    )
    output = "\n".join(lines)
    passed = set(re.findall(r"\bPASS \w+::(\w+)", output))
    assert passed == set(declared), (
        f"not reported PASS: {sorted(set(declared) - passed)}; unknown: {sorted(passed - set(declared))}\n{output}"
    )
