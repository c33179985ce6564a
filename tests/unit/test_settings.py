"""Settings precedence of the invoke tasks: flag > environment > invoke.yaml > default."""

from __future__ import annotations

import os

import pytest
from invoke import Config, Context

_mask = os.umask(0o022)
os.umask(_mask)
import tasks  # noqa: E402 (tasks.py tightens the umask when imported: put it back)

os.umask(_mask)


def context(section: dict | None) -> Context:
    return Context(config=Config(overrides={"migrate": section} if section is not None else {}))


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith(tasks.ENV_PREFIX):
            monkeypatch.delenv(name)


def test_a_flag_wins(monkeypatch):
    monkeypatch.setenv("NODESHOT_MIGRATE_LEGACY_TIMEZONE", "Europe/Rome")
    c = context({"legacy_timezone": "Asia/Tokyo"})
    assert tasks._setting(c, "legacy_timezone", "UTC", "default") == "UTC"


def test_the_environment_wins_over_invoke_yaml(monkeypatch):
    monkeypatch.setenv("NODESHOT_MIGRATE_LEGACY_TIMEZONE", "Europe/Rome")
    c = context({"legacy_timezone": "Asia/Tokyo"})
    assert tasks._setting(c, "legacy_timezone", None, "default") == "Europe/Rome"


def test_invoke_yaml_wins_over_the_default():
    assert tasks._setting(context({"loader": "client"}), "loader", None, "pgloader") == "client"


def test_empty_values_fall_through(monkeypatch):
    monkeypatch.setenv("NODESHOT_MIGRATE_LOADER", "")
    assert tasks._setting(context({"loader": ""}), "loader", "", "pgloader") == "pgloader"
    assert tasks._setting(context(None), "loader", None, "pgloader") == "pgloader"


def test_a_url_flag_with_a_password_warns(capsys):
    url = "postgresql://u:secret@h/db"
    assert tasks._setting(context(None), "target", url) == url
    assert "NODESHOT_MIGRATE_TARGET" in capsys.readouterr().err
    tasks._setting(context(None), "target", "postgresql://u@h/db")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("value", "layer"), [(None, None), ("none", None), ("7", 7), (3, 3)])
def test_default_layer_values(value, layer):
    assert tasks._layer(value) == layer


def test_a_bad_default_layer_is_refused():
    with pytest.raises(tasks.MigrateError):
        tasks._layer("first")


@pytest.mark.parametrize("policy", ["largest", "", "smalest"])
def test_a_bad_ambiguous_layer_policy_is_a_usage_error(policy):
    from nodeshot_migrate.errors import EXIT_USAGE, MigrateError
    from nodeshot_migrate.migrate import MigrateOptions
    from nodeshot_migrate.urls import LegacySource, TargetDatabase

    legacy = LegacySource.parse("sqlite:///nowhere.db")
    target = TargetDatabase.parse("postgresql://someone@127.0.0.1:5432/nodeshot")
    with pytest.raises(MigrateError) as failure:
        MigrateOptions(legacy=legacy, target=target, ambiguous_layer=policy)
    assert failure.value.exit_code == EXIT_USAGE
    assert "--ambiguous-layer must be one of default, smallest, reject" in failure.value.message
    assert MigrateOptions(legacy=legacy, target=target, ambiguous_layer=" Smallest").ambiguous_layer == "smallest"


def test_the_ambiguous_layer_policies_agree_everywhere():
    """Three places name the policies: the CLI's check, its --help, and the
    dbt macro that checks the var for a `dbt build` run by hand."""
    import re

    from nodeshot_migrate import PROJECT_DIR
    from nodeshot_migrate.migrate import AMBIGUOUS_LAYER_POLICIES

    macros = (PROJECT_DIR / "macros" / "vars.sql").read_text()
    checked = re.search(r"if value not in \(([^)]*)\)", macros[macros.index("macro ambiguous_layer_policy"):])
    assert checked is not None, "macros/vars.sql: ambiguous_layer_policy no longer checks a tuple"
    assert tuple(re.findall(r"'(\w+)'", checked.group(1))) == AMBIGUOUS_LAYER_POLICIES
    helped = tasks.MIGRATE_HELP["ambiguous_layer"]
    assert all(re.search(rf"\b{policy}\b", helped) for policy in AMBIGUOUS_LAYER_POLICIES), helped
