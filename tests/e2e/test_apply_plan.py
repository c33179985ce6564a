"""The apply plan (docs/apply-plan.md): the marts' `meta: apply:` is what
the apply compiles from (macros/plan.sql, through dbt's graph) and what
Python reads (nodeshot_migrate/plan.py); `invoke show-apply` and
`migrate --print-sql` write the compiled apply with its real step numbers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_legacy, make_target, run_migrate

from nodeshot_migrate import PROJECT_DIR
from nodeshot_migrate.dbt import dbt_invocation
from nodeshot_migrate.errors import MigrateError
from nodeshot_migrate.plan import (
    MARTS_DIR,
    PlanError,
    check,
    plan,
    read_plan,
    required_target_tables,
    step_files,
)
from nodeshot_migrate.showapply import render_steps, show_apply
from nodeshot_migrate.urls import TargetDatabase

# --- the plan as Python reads it (no server) -----------------------------------


def test_the_project_plan_passes_its_checks() -> None:
    entries = plan()
    written = [entry.name for entry in entries if entry.written]
    assert "nodes_node" in written and "mailing_inward" in written
    # rejects and reconciliation are frozen for the summary, never written
    assert {entry.name for entry in entries if not entry.written} == {"rejects", "reconciliation"}
    # every step file that writes marts names a step some mart declares
    declared = {entry.step for entry in entries}
    for step, path in step_files().items():
        called = re.findall(r"apply_step\('([a-z_]+)'\)", path.read_text())
        assert set(called) <= declared, f"{path.name} calls apply_step for a step no mart declares"
        assert not called or called == [step], f"{path.name} writes another step's marts"


def _copy_marts(tmp_path: Path) -> Path:
    folder = tmp_path / "marts"
    shutil.copytree(MARTS_DIR, folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    for path in folder.glob("*.yml"):
        text = path.read_text()
        if old in text:
            path.write_text(text.replace(old, new, 1))
            return
    raise AssertionError(f"{old!r} is in no YAML of the marts")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("          step: contacts\n", "          step: contact\n", "no step file"),
        ("          order: 200\n", "          order: 190\n", "same apply order"),
        ("          order: 20\n", "          order: 5\n", "does not write before it"),
        ("          mode: upsert\n", "          mode: merge\n", "is not one of"),
        ("          legacy_ids: true\n", "          legacy_id: true\n", "unknown apply key"),
    ],
)
def test_a_broken_plan_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _copy_marts(tmp_path)
    check(read_plan(folder), step_files())  # the copy itself is fine
    _edit(folder, old, new)
    with pytest.raises(PlanError, match=message):
        check(read_plan(folder), step_files())


def test_required_tables_are_the_app_sources_marked_required(tmp_path: Path) -> None:
    required = required_target_tables()
    assert {"profiles_profile", "nodes_node", "layers_layer", "django_migrations"} <= set(required)
    assert "net_device" not in required  # an optional app's table
    sources = tmp_path / "sources.yml"
    sources.write_text(
        "version: 2\nsources:\n  - name: app\n    tables:\n      - name: a\n"
        "        config: {meta: {required: true}}\n      - name: b\n"
    )
    assert required_target_tables(sources) == ("a",)


# --- dbt reads the same plan ---------------------------------------------------


def test_dbt_sees_the_plan_python_reads(tmp_path: Path) -> None:
    """The manifest's meta and materializations are what plan.py reads."""
    target = TargetDatabase.parse("postgresql://nobody@127.0.0.1:1/t_apply_plan_parse")
    argv, env = dbt_invocation(["parse"], target, {}, tmp_path)
    subprocess.run(argv, cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "nodeshot_migrate"
    }
    for entry in plan():
        node = models[entry.name]
        assert node["config"]["meta"]["apply"]["order"] == entry.order
        assert node["config"]["meta"]["apply"].get("step") == entry.step
        assert (node["config"]["materialized"] == "frozen_view") == entry.frozen
    frozen = {name for name, node in models.items() if node["config"]["materialized"] == "frozen_view"}
    assert frozen == {entry.name for entry in plan() if entry.frozen}
    required = sorted(
        source["name"]
        for source in manifest["sources"].values()
        if source["source_name"] == "app" and source["config"]["meta"].get("required")
    )
    assert tuple(required) == required_target_tables()
    # the reconciliation counts every mart that maps a legacy table (docs/apply-plan.md)
    reconciled = models["reconciliation"]["depends_on"]["nodes"]
    for entry in plan():
        if entry.deletable:
            assert f"model.nodeshot_migrate.{entry.name}" in reconciled, entry.name
    # the marts that read profiles_profile's __live view have it in their lineage
    for mart in ("profiles_emailaddress", "profiles_profile_groups"):
        assert "model.nodeshot_migrate.profiles_profile" in models[mart]["depends_on"]["nodes"]


# --- the compiled apply, shown -------------------------------------------------


@pytest.fixture(scope="module")
def dry_run_sql(request, tmp_path_factory) -> tuple[TargetDatabase, str, dict]:
    """A dry run that wrote the SQL it executed (--print-sql)."""
    cluster = request.getfixturevalue("cluster")
    legacy = make_legacy(request, "sqlite", "reference_legacy.sql", tag="apply_plan")
    target = make_target(cluster, "apply_plan")
    printed = tmp_path_factory.mktemp("apply_plan") / "apply.sql"
    code = run_migrate(legacy, target, dry_run=True, print_sql=str(printed))
    assert code == 3, run_migrate.last_output  # EXIT_DRY_RUN
    dbt_vars = {"dry_run": True, "wait_for_lock": False, "legacy_timezone": "UTC", "legacy_source": legacy.display}
    return target, printed.read_text(), dbt_vars


def test_print_sql_writes_every_step_with_its_number(dry_run_sql) -> None:
    _, sql, _ = dry_run_sql
    headers = re.findall(r"^-- ===== step (\d{3}) ([a-z_]+) \(analyses/apply/(\S+)\) =====$", sql, re.M)
    files = sorted(path.name for path in (PROJECT_DIR / "analyses" / "apply").glob("*.sql"))
    assert [f"{number}_{name}.sql" for number, name, _ in headers] == files
    assert [source for _, _, source in headers] == files
    # each mart the plan writes is inserted in the step its plan names
    bodies = re.split(r"^-- ===== step .*$", sql, flags=re.M)[1:]
    sections = dict(zip([name for _, name, _ in headers], bodies, strict=True))
    for entry in plan():
        inserted = re.compile(rf'insert into "[^"]+"\."public"\."{entry.name}" as app \(')
        where = [step for step, text in sections.items() if inserted.search(text)]
        assert where == ([entry.step] if entry.written else []), entry.name


def test_show_apply_writes_what_the_run_executed(dry_run_sql) -> None:
    target, printed, dbt_vars = dry_run_sql
    assert show_apply(target, dbt_vars) == printed
    # and it follows the settings: a real run allocates ids from the sequences
    real = show_apply(target, {**dbt_vars, "dry_run": False})
    assert "nextval(" in real and "nextval(" not in printed


def test_show_apply_needs_a_build(request) -> None:
    target = make_target(request.getfixturevalue("cluster"), "apply_plan_unbuilt")
    with pytest.raises(MigrateError, match="no build of the marts"):
        show_apply(target, {})


def test_render_steps_names_each_file(tmp_path: Path) -> None:
    for name, text in (("010_begin.sql", "select 1;"), ("950_verify.sql", "select 2;")):
        (tmp_path / name).write_text(text)
    rendered = render_steps(sorted(tmp_path.glob("*.sql")))
    assert rendered == (
        "-- ===== step 010 begin (analyses/apply/010_begin.sql) =====\nselect 1;\n\n"
        "-- ===== step 950 verify (analyses/apply/950_verify.sql) =====\nselect 2;\n"
    )


# --- the apply's macros are documented -------------------------------------------

APPLY_MACRO_FILES = ("apply.sql", "bulk.sql", "cascade.sql", "ledger.sql", "plan.sql", "sync.sql")


def test_every_apply_macro_is_documented_with_its_arguments() -> None:
    import yaml

    documented = {
        macro["name"]: [argument["name"] for argument in macro.get("arguments") or []]
        for macro in yaml.safe_load((PROJECT_DIR / "macros" / "_macros.yml").read_text())["macros"]
    }
    signature = re.compile(r"\{%-?\s*macro\s+(\w+)\((.*?)\)\s*-?%\}")
    seen = 0
    for name in APPLY_MACRO_FILES:
        for macro, parameters in signature.findall((PROJECT_DIR / "macros" / name).read_text()):
            seen += 1
            assert macro in documented, f"macros/{name}: {macro} is not in macros/_macros.yml"
            names = [part.split("=")[0].strip() for part in parameters.split(",") if part.strip()]
            assert documented[macro] == names, f"{macro}: documented arguments differ from its signature"
    assert seen > 30
