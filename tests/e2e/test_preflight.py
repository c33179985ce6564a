"""Pre-flight checks stop a run before anything is written, each with its own exit code."""

from __future__ import annotations

import psycopg
import pytest
from conftest import pg_dump, run_migrate

from nodeshot_migrate import errors
from nodeshot_migrate.errors import MigrateError


def _expect_refusal(legacy, target, code: int, words: str, **options) -> None:
    before = pg_dump(target)
    with pytest.raises(MigrateError) as failure:
        run_migrate(legacy, target, **options)
    assert failure.value.exit_code == code
    assert words in failure.value.message
    assert "\n" not in failure.value.message.split(" - ")[0], "the reason must fit one line"
    assert pg_dump(target) == before, "a refused run must leave the target unchanged"


def test_invalid_layer_polygon(new_target, legacy_sqlite):
    target = new_target()
    with psycopg.connect(target.url) as conn:
        conn.execute(
            "update layers_layer set area = st_geomfromtext("
            "'POLYGON((12 41, 13 42, 13 41, 12 42, 12 41))', 4326) where id = 1"
        )
    _expect_refusal(legacy_sqlite("reference_legacy.sql"), target, errors.EXIT_PREFLIGHT_LAYERS, "Self-intersection")


def test_not_a_nodeshot_target(cluster, legacy_sqlite):
    from nodeshot_migrate.urls import TargetDatabase

    target = TargetDatabase.parse(cluster.recreate_database("t_preflight_empty"))
    with pytest.raises(MigrateError) as failure:
        run_migrate(legacy_sqlite("reference_legacy.sql"), target)
    assert failure.value.exit_code == errors.EXIT_PREFLIGHT_TARGET
    assert "not a nodeshot 1.x database" in failure.value.message


def test_status_seed_points_to_a_missing_status(new_target, legacy_sqlite):
    target = new_target()
    with psycopg.connect(target.url) as conn:
        conn.execute("update nodes_node set status_id = null; delete from nodes_status where slug = 'active'")
    _expect_refusal(legacy_sqlite("reference_legacy.sql"), target, errors.EXIT_PREFLIGHT_STATUS, "active")


def test_unknown_time_zone(new_target, legacy_sqlite):
    _expect_refusal(
        legacy_sqlite("reference_legacy.sql"), new_target(), errors.EXIT_PREFLIGHT_TIMEZONE, "Europe/Atlantis",
        legacy_timezone="Europe/Atlantis",
    )


def test_missing_default_layer(new_target, legacy_sqlite):
    _expect_refusal(
        legacy_sqlite("reference_legacy.sql"), new_target(), errors.EXIT_PREFLIGHT_DEFAULT_LAYER, "99",
        default_layer=99,
    )
