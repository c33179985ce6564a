# -*- coding: utf-8 -*-
"""nodeshot 1.x's own judgement of a migrated database (run by `invoke verify-nodeshot`).

This file runs INSIDE a nodeshot 1.x installation: Python 2.7 and Django 1.8,
with nodeshot importable and DJANGO_SETTINGS_MODULE set (nodeshot_migrate/
verify.py starts it so). It must stay valid Python 2.7 *and* 3 syntax and
import nothing from the project. It points the site's settings at --target,
then, in one transaction that is rolled back at the end:

1. rows: every row the importer wrote (migration.owned_rows; every row of the
   importer's tables when the database has no ledger) and the companion rows
   that nodeshot's signals would have written, loaded through nodeshot's
   models and passed through full_clean(). A clean() that passes but changes
   a field is reported too: the next save in the admin would rewrite it.
2. consistency: what nodeshot's save() and signals always leave behind and
   its views rely on: one child row per interface matching its type, one
   primary EmailAddress equal to the profile's email, the notification and
   participation companion rows, sequences past the highest id.
3. api: GETs on the read API, lists and every migrated object's pages.

Output, one line each: `FAIL <part> <what> <where>: <message>`, `ACCEPTED ...`
(matches an --accept pattern: a documented deviation), `NOTE ...`, per part
summaries and last `verify-nodeshot: N checks, M failures, K accepted`.
Exit 0 without failures, 1 with, 2 when it could not run.
"""

from __future__ import print_function, unicode_literals

import argparse
import io
import os
import sys
import traceback

try:  # Python 2.7 (nodeshot 1.x)
    from urlparse import unquote, urlparse
except ImportError:  # pragma: no cover - the checker is also parsed by Python 3 tools
    from urllib.parse import unquote, urlparse

try:
    text_type = unicode  # noqa: F821
except NameError:  # pragma: no cover
    text_type = str

# Started as a script, this file's folder comes first on sys.path, and the
# project's nodeshot_migrate/nodeshot.py would hide nodeshot's own package.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != HERE]

OUT = io.open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)

# Tables whose rows the importer writes, in the order they are checked, as
# (app label, model name). The companions (email addresses, notification and
# participation settings) are written by the apply as nodeshot's signals
# would have.
IMPORTER_MODELS = [
    ("profiles", "Profile"),
    ("profiles", "EmailAddress"),
    ("nodes", "Node"),
    ("net", "RoutingProtocol"),
    ("net", "Device"),
    ("net", "Interface"),
    ("net", "Ethernet"),
    ("net", "Wireless"),
    ("net", "Bridge"),
    ("net", "Tunnel"),
    ("net", "Vlan"),
    ("net", "Vap"),
    ("net", "Ip"),
    ("links", "Link"),
    ("mailing", "Inward"),
    ("notifications", "UserWebNotificationSettings"),
    ("notifications", "UserEmailNotificationSettings"),
    ("participation", "NodeParticipationSettings"),
    ("participation", "NodeRatingCount"),
]
# A child row of a multi-table model is owned through its parent's row.
PARENT_TABLE = {
    "net_interface_ethernet": "net_interface",
    "net_interface_wireless": "net_interface",
    "net_interface_bridge": "net_interface",
    "net_interface_tunnel": "net_interface",
    "net_interface_vlan": "net_interface",
}
# Companion rows: owned when the row they hang on is.
COMPANION_OF = {
    "profiles_emailaddress": ("user_id", "profiles_profile"),
    "notifications_user_web_settings": ("user_id", "profiles_profile"),
    "notifications_user_email_settings": ("user_id", "profiles_profile"),
    "participation_node_settings": ("node_id", "nodes_node"),
    "participation_node_counts": ("node_id", "nodes_node"),
}
CHILD_TABLES = ("ethernet", "wireless", "bridge", "tunnel", "vlan")


def say(line):
    OUT.write(text_type(line) + "\n")
    OUT.flush()


def stop(message):
    say("verify-nodeshot: cannot run: %s" % message)
    sys.exit(2)


def describe(exc):
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "; ".join(
            "%s: %s" % (field, " | ".join(messages)) for field, messages in sorted(exc.message_dict.items())
        )
    if isinstance(exc, ValidationError):
        return " | ".join(exc.messages)
    return ("%s: %s" % (type(exc).__name__, exc)).replace("\n", " ")[:300]


class Findings(object):
    """Counts checks, prints failures; accepted patterns are PART:WHAT[:TEXT]."""

    def __init__(self, accept):
        self.accept = [pattern.split(":", 2) for pattern in accept]
        self.checks = {"rows": 0, "consistency": 0, "api": 0}
        self.failures = {"rows": 0, "consistency": 0, "api": 0}
        self.accepted = 0
        self.notes = []

    def check(self, part):
        self.checks[part] += 1

    def fail(self, part, what, where, message):
        for pattern in self.accept:
            if pattern[0] == part and pattern[1] == what and (len(pattern) < 3 or pattern[2] in message):
                self.accepted += 1
                say("ACCEPTED %s %s %s: %s [%s]" % (part, what, where, message, ":".join(pattern)))
                return
        self.failures[part] += 1
        say("FAIL %s %s %s: %s" % (part, what, where, message))


def connect_settings(target):
    """Point the site's default database at --target before Django starts."""
    url = urlparse(target)
    if url.scheme not in ("postgresql", "postgres") or not url.path.strip("/"):
        stop("--target must be postgresql://USER:PASS@HOST:PORT/DB")
    from django.conf import settings

    database = dict(settings.DATABASES["default"])
    database.update(
        NAME=unquote(url.path.strip("/")),
        USER=unquote(url.username or ""),
        PASSWORD=unquote(url.password or ""),
        HOST=url.hostname or "localhost",
        PORT=str(url.port or 5432),
    )
    settings.DATABASES["default"] = database
    import django

    django.setup()


def query(sql, params=()):
    from django.db import connection, transaction

    with transaction.atomic():
        cursor = connection.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall()


def has_ledger():
    return bool(query("select to_regclass('migration.owned_rows') is not null")[0][0])


def owned_pks(table, ledger):
    """Primary keys of the importer-written rows of `table`, in order."""
    if not ledger:
        return [row[0] for row in query("select id from %s order by id" % table)] if table_has_id(table) else None
    if table in PARENT_TABLE:
        return [
            row[0]
            for row in query(
                "select c.interface_ptr_id from %s as c join migration.owned_rows as o"
                " on o.table_name = %%s and o.row_id = c.interface_ptr_id order by 1" % table,
                (PARENT_TABLE[table],),
            )
        ]
    if table in COMPANION_OF:
        column, parent = COMPANION_OF[table]
        return [
            row[0]
            for row in query(
                "select c.id from %s as c where exists (select from migration.owned_rows as o"
                " where o.table_name = %%s and o.row_id = c.%s)"
                " or exists (select from migration.owned_rows as o where o.table_name = %%s and o.row_id = c.id)"
                " order by 1" % (table, column),
                (parent, table),
            )
        ]
    return [
        row[0] for row in query("select row_id from migration.owned_rows where table_name = %s order by 1", (table,))
    ]


def table_has_id(table):
    found = query("select count(*) from pg_attribute where attrelid = %s::regclass and attname = 'id'", (table,))
    return bool(found[0][0])


def snapshot(obj):
    values = {}
    for field in obj._meta.concrete_fields:
        values[field.attname] = getattr(obj, field.attname, None)
    return values


def check_rows(findings, ledger):
    from django.apps import apps
    from django.db import transaction

    for app_label, model_name in IMPORTER_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            findings.notes.append("%s.%s is not installed on this site: not checked" % (app_label, model_name))
            continue
        label = "%s.%s" % (app_label, model_name)
        pks = owned_pks(model._meta.db_table, ledger)
        for pk in pks or ():
            findings.check("rows")
            try:
                with transaction.atomic():
                    obj = model._base_manager.get(pk=pk)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the check
                findings.fail("rows", label, "pk=%s" % pk, "cannot load: %s" % describe(exc))
                continue
            before = snapshot(obj)
            try:
                with transaction.atomic():
                    obj.full_clean()
            except Exception as exc:  # noqa: BLE001
                findings.fail("rows", label, "pk=%s" % pk, describe(exc))
                continue
            after = snapshot(obj)
            for name in sorted(before):
                if before[name] != after[name]:
                    findings.fail(
                        "rows", label, "pk=%s" % pk,
                        "clean() rewrites %s %r -> %r" % (name, before[name], after[name]),
                    )


def check_consistency(findings):
    from nodeshot.networking.net.models.choices import INTERFACE_TYPES

    # every interface: exactly the child row its type names (virtual: none)
    counts = ", ".join(
        "(select count(*) from net_interface_%s as c where c.interface_ptr_id = i.id)" % name for name in CHILD_TABLES
    )
    for row in query("select i.id, i.type, %s from net_interface as i order by i.id" % counts):
        findings.check("consistency")
        have = [name for number, name in enumerate(CHILD_TABLES) if row[2 + number]]
        want = [name for name in CHILD_TABLES if INTERFACE_TYPES.get(name) == row[1]]
        if have != want:
            findings.fail(
                "consistency", "net.Interface", "pk=%s" % row[0],
                "type %s has child rows [%s], nodeshot expects [%s]" % (row[1], ", ".join(have), ", ".join(want)),
            )
    # every profile: one primary address, equal to its email; its two settings rows
    for pk, email, primaries, matching, web, mail in query(
        "select p.id, p.email,"
        " (select count(*) from profiles_emailaddress as e where e.user_id = p.id and e.primary),"
        " (select count(*) from profiles_emailaddress as e where e.user_id = p.id and e.primary"
        "  and e.email = p.email),"
        " (select count(*) from notifications_user_web_settings as w where w.user_id = p.id),"
        " (select count(*) from notifications_user_email_settings as m where m.user_id = p.id)"
        " from profiles_profile as p order by p.id"
    ):
        findings.check("consistency")
        if email and (primaries, matching) != (1, 1):
            findings.fail(
                "consistency", "profiles.Profile", "pk=%s" % pk,
                "%d primary email addresses, %d of them %s (nodeshot keeps exactly one)" % (primaries, matching, email),
            )
        if (web, mail) != (1, 1):
            findings.fail(
                "consistency", "profiles.Profile", "pk=%s" % pk,
                "%d web and %d email notification settings rows (nodeshot's signal makes one each)" % (web, mail),
            )
    # every node: its participation settings and counts
    if query("select to_regclass('participation_node_settings') is not null")[0][0]:
        for pk, settings_rows, count_rows in query(
            "select n.id,"
            " (select count(*) from participation_node_settings as s where s.node_id = n.id),"
            " (select count(*) from participation_node_counts as c where c.node_id = n.id)"
            " from nodes_node as n order by n.id"
        ):
            findings.check("consistency")
            if (settings_rows, count_rows) != (1, 1):
                findings.fail(
                    "consistency", "nodes.Node", "pk=%s" % pk,
                    "%d participation settings and %d counts rows (nodeshot's signal makes one each)"
                    % (settings_rows, count_rows),
                )
    # every sequence of schema public: its next value is past the column's max
    for table, column, sequence in query(
        "select c.relname, a.attname, s.relname from pg_depend as d"
        " join pg_class as s on s.oid = d.objid and s.relkind = 'S'"
        " join pg_class as c on c.oid = d.refobjid"
        " join pg_namespace as n on n.oid = c.relnamespace and n.nspname = 'public'"
        " join pg_attribute as a on a.attrelid = c.oid and a.attnum = d.refobjsubid"
        " where d.deptype in ('a', 'i') order by 1"
    ):
        findings.check("consistency")
        last, called = query("select last_value, is_called from %s" % sequence)[0]
        highest = query("select max(%s) from %s" % (column, table))[0][0]
        following = last + 1 if called else last
        if highest is not None and following <= highest:
            findings.fail(
                "consistency", table, "sequence",
                "%s gives %d next but max(%s) is %d: the site's next insert fails"
                % (sequence, following, column, highest),
            )


def api_pages():
    """(url name, args, anonymous allowed) of the read API, for every object."""
    from django.apps import apps

    def rows(app_label, model_name, *fields):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return []
        return list(model._base_manager.order_by("pk").values_list(*fields))

    pages = [
        (name, ())
        for name in (
            "api_node_list", "api_node_gejson_list", "api_status_list", "api_layer_list", "api_device_list",
            "api_link_list", "api_links_geojson_list", "api_profile_list",
        )
    ]
    for (slug,) in rows("layers", "Layer", "slug"):
        pages += [(name, (slug,)) for name in ("api_layer_detail", "api_layer_nodes_list", "api_layer_nodes_geojson")]
    for (slug,) in rows("nodes", "Node", "slug"):
        pages += [
            (name, (slug,))
            for name in (
                # ratings and votes only take POSTs
                "api_node_details", "api_node_devices", "api_node_links", "api_node_images", "api_node_comments",
            )
        ]
    for (pk,) in rows("net", "Device", "pk"):
        pages += [("api_device_details", (pk,))] + [("api_device_%s" % kind, (pk,)) for kind in CHILD_TABLES]
    from nodeshot.networking.net.models.choices import INTERFACE_TYPES

    kind_of = dict((number, name) for name, number in INTERFACE_TYPES.items())
    for pk, kind in rows("net", "Interface", "pk", "type"):
        if kind_of.get(kind) in CHILD_TABLES:
            pages.append(("api_%s_details" % kind_of[kind], (pk,)))
        pages.append(("api_interface_ip", (pk,)))
    for (pk,) in rows("net", "Ip", "pk"):
        pages.append(("api_ip_details", (pk,)))
    for (pk,) in rows("links", "Link", "pk"):
        pages += [("api_link_details", (pk,)), ("api_links_geojson_details", (pk,))]
    for (username,) in rows("profiles", "Profile", "username"):
        pages += [
            (name, (username,)) for name in ("api_profile_detail", "api_user_nodes", "api_user_social_links_list")
        ]
    return pages


def check_api(findings):
    from django.apps import apps
    from django.core.urlresolvers import NoReverseMatch, reverse
    from django.db import transaction
    from rest_framework.test import APIClient

    # An unsaved superuser sees hidden rows too; lists are also read anonymously
    # (the anonymous profile list answers 401 by nodeshot's design).
    admin = apps.get_model("profiles", "Profile")(username="verify-nodeshot", is_superuser=True, is_staff=True)
    staff = APIClient()
    staff.force_authenticate(user=admin)
    anonymous = APIClient()
    lists = set()
    for name, args in api_pages():
        try:
            url = reverse(name, args=list(args))
        except NoReverseMatch:
            findings.notes.append("no page %s on this site: not checked" % name)
            continue
        clients = [("", staff, (200,))]
        if not args:
            lists.add(name)
            clients.append(("anonymous ", anonymous, (401, 403) if name == "api_profile_list" else (200,)))
        for who, client, expected in clients:
            findings.check("api")
            try:
                with transaction.atomic():
                    response = client.get(url, {"format": "json"})
            except Exception as exc:  # noqa: BLE001
                frame = traceback.extract_tb(sys.exc_info()[2])[-1]
                findings.fail(
                    "api", "GET", url,
                    "%s%s (at %s:%s)" % (who, describe(exc), os.path.basename(frame[0]), frame[1]),
                )
                continue
            if response.status_code not in expected:
                body = response.content[:160].decode("utf-8", "replace")
                findings.fail("api", "GET", url, "%sstatus %s %s" % (who, response.status_code, body))


def main():
    parser = argparse.ArgumentParser(description="nodeshot 1.x's validation of a migrated database")
    # The URL holds a password: it comes in the environment, never in argv
    # (another user's `ps` shows argv); --target is for a hand-run check.
    parser.add_argument("--target", default=os.environ.get("NODESHOT_VERIFY_TARGET"))
    parser.add_argument("--accept", action="append", default=[], metavar="PART:WHAT[:TEXT]")
    parser.add_argument("--no-api", action="store_true")
    args = parser.parse_args()
    if not args.target:
        parser.error("--target (or NODESHOT_VERIFY_TARGET) is required")
    try:
        connect_settings(args.target)
        from django.db import connection, transaction

        connection.ensure_connection()
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001
        stop("nodeshot does not start on %s: %s" % (args.target.rsplit("@", 1)[-1], exc))
    findings = Findings(args.accept)
    with transaction.atomic():
        ledger = has_ledger()
        if not ledger:
            findings.notes.append("no migration.owned_rows: every row of the importer's tables is checked")
        check_rows(findings, ledger)
        check_consistency(findings)
        if not args.no_api:
            check_api(findings)
        transaction.set_rollback(True)
    for note in findings.notes:
        say("NOTE %s" % note)
    for part in ("rows", "consistency", "api"):
        say("verify-nodeshot: %s: %d checks, %d failures" % (part, findings.checks[part], findings.failures[part]))
    failures = sum(findings.failures.values())
    say(
        "verify-nodeshot: %d checks, %d failures, %d accepted (documented deviations)"
        % (sum(findings.checks.values()), failures, findings.accepted)
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
