"""The macro tests of tests/macros are real dbt tests that the build runs.

tests/macros/test_slugify.sql, test_capitalize.sql, test_owner_names.sql and
test_encoding.sql (macros/encoding.sql, bad-inputs 21/23)
compare slugify, capitalize and the owner-name macros (macros/text.sql) with
the examples of importer-behaviour A.3, A.4 and B.5 rule 15. They are
singular data tests, so `dbt build` (the gate of every migration) runs them
and fails on a wrong macro. This proves they are found, selected and pass
against a real PostgreSQL (C.UTF-8 collation) without loading any data.
"""

from __future__ import annotations

import re

import psycopg

from nodeshot_migrate.dbt import run_dbt

MACRO_TESTS = ("test_slugify", "test_capitalize", "test_owner_names", "test_encoding")


def test_macro_tests_pass_in_dbt_build(new_target):
    target = new_target(layers=None)
    lines: list[str] = []

    # Raises MigrateError (EXIT_BUILD_FAILED) if any of them returns a row.
    run_dbt(["build", "--select", *MACRO_TESTS], target, {}, echo=lines.append, what="dbt build of the macro tests")

    output = "\n".join(lines)
    for name in MACRO_TESTS:
        assert re.search(rf"\bPASS {name}\b", output), f"{name} did not run:\n{output}"
    assert re.search(r"\bERROR=0\b", output), output


def test_fits_target_columns_fails_on_a_value_too_long(new_target, legacy_sqlite):
    """The generic test that guards the target's varchar limits stops the build
    with the row and the column, in the one pass it makes over a mart."""
    import pytest
    from conftest import run_migrate, scalar

    from nodeshot_migrate.errors import MigrateError
    from nodeshot_migrate.migrate import MigrateOptions

    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target, dry_run=True) == 3  # builds the marts, writes nothing
    options = MigrateOptions(legacy=legacy, target=target, default_layer=5)
    selection = ["test", "--select", "fits_target_columns_nodes_node_"]
    lines: list[str] = []
    run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
    assert re.search(r"\bPASS fits_target_columns_nodes_node_\b", "\n".join(lines)), "\n".join(lines)

    # nodes_node is a frozen_view mart: a table the data tests read.
    node_id = scalar(target, "select min(id) from migration.nodes_node")
    with psycopg.connect(target.url) as conn:
        conn.execute("update migration.nodes_node set slug = repeat('x', 300) where id = %s", (node_id,))
    with pytest.raises(MigrateError) as failure:
        run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
    assert "fits_target_columns_nodes_node_" in str(failure.value)
