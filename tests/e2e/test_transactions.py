"""Issue 2: the apply step writes everything in ONE transaction, or nothing.

DESIGN "Apply": dry runs and failures roll back completely, sequences end up
past every id written, one migration runs at a time (advisory lock), and the
`invoke migrate` command line reports problems in one line with its own exit
code (nodeshot_migrate/errors.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time

import psycopg
import pytest
from conftest import PROJECT_DIR, make_legacy, make_target, public_dump, query, run_migrate, scalar, sqlite_exec
from psycopg import sql

from nodeshot_migrate.apply import apply
from nodeshot_migrate.dbt import run_dbt
from nodeshot_migrate.errors import (
    EXIT_APPLY_FAILED,
    EXIT_BUILD_FAILED,
    EXIT_DRY_RUN,
    EXIT_LOCKED,
    EXIT_OK,
    MigrateError,
)
from nodeshot_migrate.migrate import MigrateOptions
from nodeshot_migrate.urls import LegacySource

# Every application table the users/nodes apply writes (issue 2).
TOUCHED_TABLES = (
    "profiles_profile",
    "profiles_emailaddress",
    "profiles_profile_groups",
    "notifications_user_web_settings",
    "notifications_user_email_settings",
    "nodes_node",
    "participation_node_counts",
    "participation_node_settings",
)

LOCK_KEY = "nodeshot-migrate"

# Every foreign key of the application tables, with its definition.
KEYS = """
    select conrelid::regclass::text, conname, pg_get_constraintdef(oid)
    from pg_constraint
    where contype = 'f' and connamespace = 'public'::regnamespace
    order by 1, 2
"""


def data_without_sequences(target) -> list[str]:
    """Table contents only. Sequences are not transactional in PostgreSQL:
    nextval() calls made inside a transaction that is rolled back stay
    consumed, so the `SELECT pg_catalog.setval(...)` lines of a dump may
    legitimately differ after a failed real run; every row must not."""
    return [
        "".join(line for line in block.splitlines(True) if not line.startswith("SELECT pg_catalog.setval"))
        for block in public_dump(target, "--data-only")
    ]


def runs_recorded(target) -> int:
    return scalar(target, "select count(*) from migration.runs")


# --- one target taken through every outcome -------------------------------------
# A dbt build costs most of a run, so one module-scoped scenario takes a
# single target through: dry run -> run while another session holds the
# lock -> run that fails midway -> normal run, recording what each step
# left behind. The tests below only read that record and the final target.


SPARSE_NODE = (
    "INSERT INTO nodeshot_node (id, name, slug, owner, description, postal_code, email, email2, email3,"
    " password, lat, lng, alt, status, activation_key, notes, added, updated) VALUES"
    " (1000, 'sparse node', 'sparse-node', 'sparse owner', 'far away id', '00100', 'sparse@test.com',"
    " NULL, NULL, '', 41.8, 12.6, 5, 'a', '', NULL, '2013-07-01 10:00:00', '2013-07-02 10:00:00');"
)


def outcome(step) -> tuple[int | None, MigrateError | None, str]:
    """(exit code, MigrateError raised, output) of one run_migrate call."""
    try:
        code = step()
    except MigrateError as exc:
        return None, exc, ""
    return code, None, run_migrate.last_output


@pytest.fixture(scope="module")
def scenario(request, cluster) -> dict:
    legacy = make_legacy(request, "sqlite", "reference_legacy.sql", tag="transactions")
    # Legacy ids are kept (DESIGN "Keep legacy ids"): a large, sparse node id
    # shows whether the node sequence is moved past it (bad-inputs 33).
    sqlite_exec(legacy, SPARSE_NODE)
    target = make_target(cluster, "transactions")
    record: dict = {"target": target, "pristine": public_dump(target), "pristine_rows": data_without_sequences(target)}

    record["pristine_keys"] = query(target, KEYS)
    # Every run below takes the path of a big first migration (macros/bulk.sql:
    # the foreign keys between the importer's tables dropped before the first
    # write, added back before COMMIT), which the small fixture would not.
    bulk = {"bulk_min_rows": 1}

    # 1. --dry-run: everything up to COMMIT, then ROLLBACK.
    record["dry_run"] = outcome(lambda: run_migrate(legacy, target, dry_run=True, **bulk))
    record["after_dry_run"] = public_dump(target)
    record["runs_after_dry_run"] = runs_recorded(target)
    record["report_after_dry_run"] = report(target)

    # 2. Another session holds the migration lock: the apply (SQL compiled
    # by the dry run; the lock is its first statement) must fail at once.
    # Should it wait instead, the holder lets go after a minute and the run
    # goes on (rolled back here), so the test fails rather than hangs.
    holder = psycopg.connect(target.url, autocommit=True)
    holder.execute("select pg_advisory_lock(hashtext(%s))", (LOCK_KEY,))
    release = threading.Timer(60, holder.close)
    release.start()
    started = time.monotonic()
    try:
        record["locked"] = outcome(lambda: apply(target, decide=lambda _result: False, echo=lambda _line: None))
    finally:
        record["locked_seconds"] = time.monotonic() - started
        release.cancel()
        holder.close()
    record["after_locked"] = public_dump(target)

    # 3. A failure in the middle of the apply (MigrateOptions.fail_after:
    # raise after analyses/apply/030_users ran, i.e. after profiles, email
    # addresses, groups and notification settings were inserted, before the
    # nodes).
    record["failed"] = outcome(lambda: run_migrate(legacy, target, fail_after="030_users", **bulk))
    record["rows_after_failed"] = data_without_sequences(target)
    record["runs_after_failed"] = runs_recorded(target)

    # 3b. A row that breaks a foreign key, slipped into a frozen mart after
    # the data tests passed: the key added back before COMMIT must catch it.
    def break_a_key() -> None:
        with psycopg.connect(target.url) as conn:
            conn.execute(
                "update migration.net_ip set interface_id = 999999 where id = (select min(id) from migration.net_ip)"
            )

    # --gate-first: every data test ran in the build, before the row was
    # broken, so only the key can catch it.
    record["broken_key"] = outcome(
        lambda: run_migrate(legacy, target, after_build=break_a_key, gate_first=True, **bulk)
    )
    record["rows_after_broken_key"] = data_without_sequences(target)
    record["keys_after_broken_key"] = query(target, KEYS)

    # 3c. Broken before the data tests that run beside the apply start
    # (nodeshot_migrate/gate.py), so those tests fail. A reconciliation count
    # that no longer adds up: the apply's steps all succeed (they do not read
    # it), and the failed test alone rolls them back.
    def break_the_count() -> None:
        with psycopg.connect(target.url) as conn:
            conn.execute("update migration.reconciliation set migrated = migrated + 1 where entity = 'nodeshot_node'")

    # (gate_beside_min_rows=0: the fixture's map is small, whose tests would
    # otherwise all run in the build)
    record["failed_test"] = outcome(
        lambda: run_migrate(legacy, target, after_build=break_the_count, gate_beside_min_rows=0)
    )
    record["rows_after_failed_test"] = data_without_sequences(target)
    # The broken key again: the key added back at the end of bulk mode fails
    # too, and the failed relationships test is what the run reports.
    record["failed_test_bulk"] = outcome(
        lambda: run_migrate(legacy, target, after_build=break_a_key, gate_beside_min_rows=0, **bulk)
    )
    record["rows_after_failed_test_bulk"] = data_without_sequences(target)
    record["keys_after_failed_test_bulk"] = query(target, KEYS)

    # 4. A normal run afterwards.
    record["normal"] = outcome(lambda: run_migrate(legacy, target, **bulk))
    record["report_after_normal"] = report(target)
    return record


def report(target) -> list[tuple]:
    """What a run tells the user in migration.rejects and migration.notices (README "What was not migrated")."""
    return query(
        target,
        "select 'reject', entity, legacy_id, rule, detail from migration.rejects"
        " union all select 'notice', entity, legacy_id, rule, detail from migration.notices order by 1, 2, 3, 4",
    )


def test_dry_run_rolls_back_and_leaves_the_target_byte_for_byte_unchanged(scenario):
    code, error, output = scenario["dry_run"]
    assert (code, error) == (EXIT_DRY_RUN, None), output
    # It did everything up to COMMIT: it printed what it would write.
    assert "profiles_profile" in output and "nodes_node" in output
    assert scenario["after_dry_run"] == scenario["pristine"]  # DDL, rows and sequences of schema public
    assert scenario["runs_after_dry_run"] == 0


def test_a_dry_run_leaves_its_report_which_holds_no_password(scenario):
    """Issue 19.4: the dry run writes rejects and notices on purpose, they are its report (README "Personal
    data"): the same rows the real run writes, and no legacy password in them (refused hashes are named by
    their shape); `invoke purge` removes their details with the rest (test_security)."""
    dry, normal = scenario["report_after_dry_run"], scenario["report_after_normal"]
    assert ("notice", "auth_user", 1, "weak_password_hash") in {row[:4] for row in dry}
    assert [row[:4] for row in dry] == [row[:4] for row in normal]
    details = "\n".join(detail for *_, detail in dry)
    assert "a well-formed md5 hash" in details
    assert "C2xwUqHfBz4P" not in details and "f37f9e6f" not in details


def test_a_concurrent_run_fails_fast_when_the_lock_is_held(scenario):
    _result, error, _output = scenario["locked"]
    assert error is not None, "the apply ran although another session held the migration lock"
    assert error.exit_code == EXIT_LOCKED, error.message
    assert "lock" in error.message
    assert scenario["locked_seconds"] < 60
    assert scenario["after_locked"] == scenario["pristine"]


def test_failure_midway_rolls_back_every_row(scenario):
    code, error, output = scenario["failed"]
    assert error is not None, f"fail_after did not fail the run (exit code {code}):\n{output}"
    assert error.exit_code == EXIT_APPLY_FAILED, error.message
    assert scenario["rows_after_failed"] == scenario["pristine_rows"]
    assert scenario["runs_after_failed"] == 0


def test_a_row_breaking_a_foreign_key_fails_the_first_run_bulk_mode(scenario):
    code, error, output = scenario["broken_key"]
    assert error is not None, f"the broken key did not fail the run (exit code {code}):\n{output}"
    assert error.exit_code == EXIT_APPLY_FAILED, error.message
    assert "net_ip" in error.message and "foreign key" in error.message, error.message
    assert scenario["rows_after_broken_key"] == scenario["pristine_rows"]
    assert scenario["keys_after_broken_key"] == scenario["pristine_keys"]


def test_a_data_test_failing_beside_the_apply_rolls_it_back(scenario):
    for run, failed_test in (
        ("failed_test", "every_legacy_row_is_accounted_for"),
        ("failed_test_bulk", "relationships_net_ip_interface_id__id__ref_net_interface_"),
    ):
        code, error, output = scenario[run]
        assert error is not None, f"{run}: the broken row did not fail the run (exit code {code}):\n{output}"
        assert error.exit_code == EXIT_BUILD_FAILED, error.message
        assert "data tests failed: the apply was rolled back" in error.message, error.message
        assert failed_test in error.message, error.message
        assert scenario[f"rows_after_{run}"] == scenario["pristine_rows"], run
    # Only in bulk mode did the apply itself fail, and the message says so.
    assert "the apply stopped too" not in scenario["failed_test"][1].message
    error = scenario["failed_test_bulk"][1]
    assert "the apply stopped too" in error.message and "foreign key" in error.message, error.message
    assert scenario["keys_after_failed_test_bulk"] == scenario["pristine_keys"]


def test_a_normal_run_after_the_failure_succeeds(scenario):
    code, error, output = scenario["normal"]
    assert (code, error) == (EXIT_OK, None), output
    target = scenario["target"]
    # In first-run bulk mode, with every foreign key back as it was.
    assert "first-run bulk mode" in output
    # A map this small runs all its data tests in the build, none beside the apply.
    assert "are tested faster in the build than beside the apply" in output
    assert "passed beside the apply" not in output
    assert query(target, KEYS) == scenario["pristine_keys"]
    assert len(scenario["pristine_keys"]) > 20
    # The ledger's primary key, built after a first run's rows, is there.
    assert scalar(
        target,
        "select count(*) from pg_constraint where conrelid = 'migration.owned_rows'::regclass and contype = 'p'",
    ) == 1
    assert scalar(target, "select count(*) from profiles_profile") == 7  # the reference's 6 + sparse owner
    assert scalar(target, "select count(*) from nodes_node") == 6
    assert runs_recorded(target) == 1
    # The apply's id maps are ordinary tables of schema migration (for the
    # proof's parallel workers): dropped before COMMIT, by the failed run's
    # rollback as by the normal run.
    assert query(
        target,
        "select relname from pg_class where relnamespace = 'migration'::regnamespace"
        " and (relname like 'apply\\_idmap\\_%' or relname like 'apply\\_refmap\\_%')",
    ) == []


def test_every_touched_sequence_is_past_the_ids_written(scenario):
    target = scenario["target"]
    assert scenario["normal"][0] == EXIT_OK, scenario["normal"][2]
    assert scalar(target, "select max(id) from nodes_node") == 1000

    # The issue 2 tables, plus every other table with an id sequence that the
    # ledger says the run wrote to (child tables keyed by their parent's id
    # have no sequence of their own).
    written = [row[0] for row in query(target, "select distinct table_name from migration.owned_rows")]
    with_sequence = query(
        target,
        "select table_name from information_schema.columns"
        " where table_schema = 'public' and column_name = 'id' and table_name = any(%s)"
        " and (column_default like 'nextval(%%' or is_identity = 'YES')",
        (written,),
    )
    tables = set(TOUCHED_TABLES) | {row[0] for row in with_sequence}
    behind = {}
    for table in sorted(tables):
        max_id = scalar(target, sql.SQL("select max(id) from {}").format(sql.Identifier(table)))
        assert max_id is not None, f"{table}: the migration wrote no row"
        next_id = scalar(target, "select nextval(pg_get_serial_sequence(%s, 'id'))", (table,))
        if next_id <= max_id:
            behind[table] = (next_id, max_id)
    assert behind == {}, f"nextval not above max(id) (nextval, max id): {behind}"


# --- the command line -----------------------------------------------------------


def inv(*args: str, target=None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`./inv <args>` from the project folder, with no NODESHOT_MIGRATE_* settings but the target."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NODESHOT_MIGRATE_")}
    if target is not None:
        env["NODESHOT_MIGRATE_TARGET"] = target.url
    return subprocess.run(["./inv", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout)


def test_fits_target_columns_fails_on_a_value_too_long(scenario):
    """The generic test that guards the target's varchar limits stops the build
    with the mart, the row and the column, in the one pass it makes over the
    mart. It reuses the scenario's target, whose marts the last run built
    (nodes_node is a frozen_view mart: a table the data tests read)."""
    target = scenario["target"]
    assert scenario["normal"][0] == EXIT_OK, scenario["normal"][2]
    options = MigrateOptions(legacy=LegacySource.parse("sqlite:///unused.db"), target=target, default_layer=5)
    selection = ["test", "--select", "fits_target_columns_nodes_node_"]
    lines: list[str] = []
    run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
    assert re.search(r"\bPASS fits_target_columns_nodes_node_\b", "\n".join(lines)), "\n".join(lines)

    with psycopg.connect(target.url) as conn:
        conn.execute("update migration.nodes_node set slug = repeat('x', 300) where id = 1000")
    with pytest.raises(MigrateError) as failure:
        run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
    assert "fits_target_columns_nodes_node_" in str(failure.value)


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        ("update migration.nodes_node set id = (select min(id) from migration.nodes_node) where id = 1000", "repeated"),
        ("update migration.nodes_node set id = null where id = 1000", "null"),
    ],
    ids=["repeated", "null"],
)
def test_key_fails_on_a_repeated_or_null_value(scenario, spoil, problem):
    """The `key` generic test (unique and not null in one counting pass)
    passes on the built mart and fails, with the failing rows, once a value
    repeats or is NULL. The spoiled row is put back afterwards, because the
    scenario's target is shared."""
    target = scenario["target"]
    assert scenario["normal"][0] == EXIT_OK, scenario["normal"][2]
    options = MigrateOptions(legacy=LegacySource.parse("sqlite:///unused.db"), target=target, default_layer=5)
    selection = ["test", "--select", "key_nodes_node_id", "--store-failures"]
    lines: list[str] = []
    run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
    assert re.search(r"\bPASS key_nodes_node_id\b", "\n".join(lines)), "\n".join(lines)

    with psycopg.connect(target.url) as conn:
        conn.execute("create temporary table kept as select * from migration.nodes_node where id = 1000")
        assert conn.execute("select count(*) from kept").fetchone()[0] == 1
        conn.execute(spoil)
        conn.commit()
        try:
            with pytest.raises(MigrateError) as failure:
                run_dbt(selection, target, options.dbt_vars(), echo=lines.append)
            assert "key_nodes_node_id" in str(failure.value)
            failures = conn.execute(
                "select problem, occurrences from dbt_test__audit.key_nodes_node_id"
            ).fetchall()
            assert failures == [(problem, 2 if problem == "repeated" else 1)]
        finally:
            conn.rollback()
            conn.execute("delete from migration.nodes_node where name = (select name from kept)")
            conn.execute("insert into migration.nodes_node select * from kept")
            conn.execute("drop schema if exists dbt_test__audit cascade")
            conn.commit()
    run_dbt(selection, target, options.dbt_vars(), echo=lines.append)


def test_cli_help_lists_the_main_flags():
    proc = inv("migrate", "--help")
    assert proc.returncode == 0, proc.stderr
    for flag in ("--dry-run", "--yes", "--default-layer", "--legacy", "--target"):
        assert flag in proc.stdout, flag


def test_cli_bad_legacy_url_is_a_one_line_usage_error(new_target):
    target = new_target()
    proc = inv("migrate", "--legacy", "ftp://reader:s3cret@legacy-host/nodeshot", "--yes", target=target)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    # a password in a flag is warned about first (issue 19: ps shows it)
    assert lines[0].startswith("warning: the --legacy URL holds a password"), proc.stderr
    assert len(lines) == 2 and lines[1].startswith("error: "), proc.stderr
    assert "legacy" in lines[1]
    assert "s3cret" not in proc.stderr + proc.stdout  # passwords are never printed


def test_cli_missing_default_layer_exits_24_and_writes_nothing(new_target, legacy_sqlite):
    target = new_target()
    legacy = legacy_sqlite("reference_legacy.sql")
    before = public_dump(target)
    proc = inv("migrate", "--legacy", legacy.url, "--default-layer", "99", "--yes", target=target)
    assert proc.returncode == 24, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "99" in lines[0], proc.stderr
    assert public_dump(target) == before
