"""The macro tests of tests/macros are real dbt tests that the build runs.

tests/macros/test_slugify.sql, test_capitalize.sql, test_owner_names.sql and
test_encoding.sql (macros/encoding.sql, bad-inputs 21/23), test_password_hash_kind.sql
(macros/checks.sql, issue 19)
compare slugify, capitalize and the owner-name macros (macros/text.sql) with
the examples of importer-behaviour A.3, A.4 and B.5 rule 15. They are
singular data tests, so `dbt build` (the gate of every migration) runs them
and fails on a wrong macro. This proves they are found, selected and pass
against a real PostgreSQL (C.UTF-8 collation) without loading any data.
"""

from __future__ import annotations

import re

from nodeshot_migrate.dbt import run_dbt

MACRO_TESTS = (
    "test_slugify", "test_capitalize", "test_owner_names", "test_encoding", "test_password_hash_kind",
)


def test_macro_tests_pass_in_dbt_build(new_target):
    target = new_target(layers=None)
    lines: list[str] = []

    # Raises MigrateError (EXIT_BUILD_FAILED) if any of them returns a row.
    run_dbt(["build", "--select", *MACRO_TESTS], target, {}, echo=lines.append, what="dbt build of the macro tests")

    output = "\n".join(lines)
    for name in MACRO_TESTS:
        assert re.search(rf"\bPASS {name}\b", output), f"{name} did not run:\n{output}"
    assert re.search(r"\bERROR=0\b", output), output
