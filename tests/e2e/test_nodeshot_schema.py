"""init-target creates exactly the schema nodeshot 1.x's own migrations create (issue 18, item 1).

sql/target/020_schema.sql and 030_initial_data.sql are generated from the
real nodeshot 1.x (`./inv target-sql`). Where ../shared/nodeshot-1x is
present, the committed files are compared with a fresh dump, and nodeshot's
own `manage.py migrate` must find nothing to do after init-target. Without
it (a machine with only the project) those two tests are skipped, and the
counts below still hold the committed files to the real schema's size.
"""

from __future__ import annotations

import difflib
import os

import pytest
from conftest import scalar

from nodeshot_migrate import SQL_DIR
from nodeshot_migrate.nodeshot import SHARED_NODESHOT, build_stack, manage, target_sql

needs_nodeshot = pytest.mark.skipif(
    not (SHARED_NODESHOT / "build-stack.sh").is_file(),
    reason=f"nodeshot 1.x is not beside the project ({SHARED_NODESHOT} is absent): the real schema cannot be made",
)
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def test_init_target_has_every_table_migration_and_permission_of_nodeshot(new_target):
    # nodeshot 1.x at the pinned commit: 75 tables (PostGIS's spatial_ref_sys
    # among them), 31 migrations, 221 permissions (issue 18, counted on the
    # database its migrate makes).
    target = new_target(layers=None)
    assert scalar(target, "select count(*) from pg_tables where schemaname = 'public'") == 75
    assert scalar(target, "select count(*) from django_migrations") == 31
    assert scalar(target, "select count(*) from auth_permission") == 221
    assert scalar(target, "select string_agg(slug, ',' order by id) from nodes_status") == "potential,planned,active"
    # the tables the issue found missing are there, and extensions the
    # migration itself needs
    assert scalar(target, "select to_regclass('participation_layer_settings') is not null"
                          " and to_regclass('profiles_social_links') is not null")
    assert scalar(target, "select count(*) from pg_extension where extname in ('postgis', 'hstore', 'pgcrypto')") == 3
    # the sequences continue after the rows the initial data wrote
    assert scalar(target, "select nextval('auth_permission_id_seq') > (select max(id) from auth_permission)")


@needs_nodeshot
def test_committed_target_sql_is_a_fresh_dump_of_nodeshot(cluster):
    build_stack()
    fresh = target_sql(cluster, name=f"nodeshot_schema_{WORKER}")
    for name, text in fresh.items():
        committed = (SQL_DIR / "target" / name).read_text()
        diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(), "committed", "fresh", lineterm=""))
        assert not diff, f"sql/target/{name} differs from nodeshot's own (run ./inv target-sql):\n" + "\n".join(
            diff[:80]
        )


@needs_nodeshot
def test_nodeshot_migrate_has_nothing_to_apply_after_init_target(new_target):
    target = new_target()
    build_stack()
    counts = (
        "select concat_ws(',', (select count(*) from django_migrations), (select count(*) from django_content_type),"
        " (select count(*) from auth_permission))"
    )
    before = scalar(target, counts)
    output = manage(target, "migrate", "--noinput")
    assert "No migrations to apply." in output, output
    listed = manage(target, "showmigrations")
    assert "[ ]" not in listed and listed.count("[X]") == 31, listed
    # and its post-migrate handlers found every content type and permission
    assert scalar(target, counts) == before == "31,73,221"
