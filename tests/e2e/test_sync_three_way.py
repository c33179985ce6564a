"""Issue 17 (and item 3 of issue 18): a sync follows the legacy's changes, not
the difference between the legacy and the site; no cascade loses a legacy
row that still migrates; the target is proven against the build before
COMMIT; migration.runs.counts says what was written."""

from __future__ import annotations

import psycopg
import pytest
from conftest import legacy_exec, public_dump, query, run_migrate, scalar

from nodeshot_migrate.errors import EXIT_VERIFY_FAILED, MigrateError

# A contact about node 2 written by the owner of node 5 (different@address.com),
# whose profile the importer creates for node 5 only.
CONTACT_OF_NODE5_OWNER = (
    "INSERT INTO nodeshot_contact (id, node_id, from_name, from_email, message, ip, user_agent, http_referer,"
    " accept_language, date) VALUES (20, 2, 'Typed Name', 'different@address.com', 'a question about node 2',"
    " '10.40.0.57', 'UA', 'http://map.ninux.org/', 'it', '2013-09-15 13:30:29');"
)


def test_contact_of_a_deleted_profile_stays(new_target, legacy_factory):
    legacy = legacy_factory("reference_legacy.sql")
    legacy_exec(legacy, CONTACT_OF_NODE5_OWNER)
    target = new_target()
    assert run_migrate(legacy, target) == 0
    owner = scalar(target, "select id from profiles_profile where email = 'different@address.com'")
    assert query(target, "select user_id, from_name from mailing_inward where id = 20") == [(owner, "Typed Name")]

    # Node 5 vanishes: its owner owns nothing else and goes; its contact stays.
    legacy_exec(legacy, "delete from nodeshot_node where id = 5;")
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select count(*) from profiles_profile where id = %s", (owner,)) == 0
    message = query(target, "select user_id, from_name, from_email, object_id from mailing_inward where id = 20")
    assert message == [(None, "Typed Name", "different@address.com", 2)]
    assert query(
        target, "select migrated, rejected from migration.reconciliation where entity = 'nodeshot_contact'"
    ) == [(2, 0)]
    assert scalar(target, "select count(*) from mailing_inward") == 2

    # A third run: nothing changed, and the message is still there.
    assert run_migrate(legacy, target) == 0
    assert "no changes" in run_migrate.last_output
    assert query(target, "select user_id, from_name from mailing_inward where id = 20") == [(None, "Typed Name")]


def test_profile_the_site_used_is_kept(new_target, legacy_sqlite):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    with psycopg.connect(target.url) as conn:
        conn.execute("update profiles_profile set last_login = now() where email = 'different@address.com'")
    legacy_exec(legacy, "delete from nodeshot_node where id = 5;")
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select count(*) from nodes_node where id = 5") == 0
    kept = scalar(target, "select id from profiles_profile where email = 'different@address.com'")
    assert kept is not None
    assert query(
        target, "select rule, detail from migration.notices where entity = 'profiles_profile' and legacy_id = %s",
        (kept,),
    ) == [("profile_in_use", "kept, though nothing of the legacy needs it any more: has logged in")]


def test_site_edits_survive_a_sync(new_target, legacy_factory):
    legacy = legacy_factory("reference_legacy.sql")
    target = new_target()
    assert run_migrate(legacy, target) == 0
    admin = (
        "select password, is_active, is_staff, is_superuser, email from profiles_profile where username = 'randomuser'"
    )
    with psycopg.connect(target.url) as conn:
        conn.execute(
            "update profiles_profile set password = 'pbkdf2_sha256$20000$site$newhash=', is_active = false,"
            " is_staff = false, is_superuser = false where username = 'randomuser'"
        )
        conn.execute("update nodes_node set name = 'renamed by the site' where id = 2")
        conn.execute("update net_device set description = 'site description' where id = 1")
    site_admin = query(target, admin)
    before = public_dump(target)

    # No legacy change: the site's edits make the run build, and it writes nothing.
    assert run_migrate(legacy, target) == 0
    assert "build:" in run_migrate.last_output
    assert "no changes: the target already matches the legacy database" in run_migrate.last_output
    assert public_dump(target) == before

    # The legacy renames node 2 and changes the admin's email: the legacy's
    # name wins (listed), the password and flags stay the site's (listed).
    legacy_exec(
        legacy,
        "update nodeshot_node set name = 'renamed by the legacy' where id = 2;"
        "update auth_user set email = 'random-new@test.com' where id = 2;",
    )
    assert run_migrate(legacy, target) == 0
    assert scalar(target, "select name from nodes_node where id = 2") == "renamed by the legacy"
    assert scalar(target, "select description from net_device where id = 1") == "site description"
    assert query(target, admin) == [(*site_admin[0][:4], "random-new@test.com")]
    notices = query(
        target,
        "select entity, rule, detail from migration.notices"
        " where rule in ('site_change_overwritten', 'site_change_kept') order by entity, rule, detail",
    )
    assert (
        "nodes_node", "site_change_overwritten",
        "name: the site's renamed by the site, replaced by the legacy's renamed by the legacy",
    ) in notices
    # The reference's admins are staff with salted MD5 hashes, which are never
    # copied (issue 19): the legacy's password is no working one, so only the
    # flags the legacy still sets differently from the site are listed.
    kept = {detail.split(":")[0] for entity, rule, detail in notices if rule == "site_change_kept"}
    assert kept == {"is_active", "is_staff"}
    # A password is never quoted in a notice, not even as its hash (issue 19).
    assert not any("newhash" in detail or "$" in detail for _entity, _rule, detail in notices)
    assert all(entity in ("nodes_node", "profiles_profile") for entity, _rule, _detail in notices)


# Tables no foreign key points at: a row missing elsewhere would break an
# immediate key (participation_node_counts -> nodes_node) before the proof.
# bulk_min_rows=1 takes the path of a big first migration (macros/bulk.sql),
# where the proof compares a digest of each table instead of every row.
@pytest.mark.parametrize(("table", "bulk"), [("mailing_inward", False), ("net_ip", True)])
def test_a_broken_apply_is_caught_and_rolled_back(new_target, legacy_sqlite, table, bulk):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    before = _table_counts(target)
    mode = {"bulk_min_rows": 1} if bulk else {}
    with pytest.raises(MigrateError) as failure:
        run_migrate(legacy, target, skip_row_of=table, **mode)
    assert failure.value.exit_code == EXIT_VERIFY_FAILED
    assert "the target does not match what the run wrote" in failure.value.message
    assert f"  {table} " in failure.value.message and "missing from the target" in failure.value.message
    # Nothing written (sequences aside: PostgreSQL never rolls them back).
    assert _table_counts(target) == before
    assert scalar(target, "select count(*) from migration.runs") == 0
    # The same run without the broken step commits.
    assert run_migrate(legacy, target, **mode) == 0


# One value written wrong, the row itself present: the proof compares values,
# in a table of bulk mode (digests) and row by row.
@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "row-by-row"])
def test_a_value_written_wrong_is_caught(new_target, legacy_sqlite, bulk):
    legacy = legacy_sqlite("reference_legacy.sql")
    target = new_target()
    before = _table_counts(target)
    mode = {"bulk_min_rows": 1} if bulk else {}
    wrong = {"table": "net_device", "column": "name", "value": "not-the-legacy-name"}
    with pytest.raises(MigrateError) as failure:
        run_migrate(legacy, target, change_value=wrong, **mode)
    assert failure.value.exit_code == EXIT_VERIFY_FAILED
    first = scalar(target, "select min(id) from migration.net_device")
    assert f"  net_device {first}: differs from the row the run wrote" in failure.value.message
    assert "missing from the target" not in failure.value.message
    assert _table_counts(target) == before


COUNTED_TABLES = [
    "profiles_profile", "profiles_emailaddress", "profiles_profile_groups", "notifications_user_web_settings",
    "notifications_user_email_settings", "nodes_node", "participation_node_counts", "participation_node_settings",
    "net_device", "net_routing_protocol", "net_device_routing_protocols", "net_interface", "net_interface_ethernet",
    "net_interface_wireless", "net_interface_bridge", "net_interface_tunnel", "net_interface_vap", "net_ip",
    "links_link", "mailing_inward",
]


def _table_counts(target) -> dict[str, int]:
    return {table: scalar(target, f"select count(*) from {table}") for table in COUNTED_TABLES}  # noqa: S608


# migration.runs.counts against the ledger and every table, and every
# cascade path with the site's own rows: tests/e2e/test_sync_cascades.py.
