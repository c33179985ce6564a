"""Which data tests may run beside the apply (gate.split_tests), on a small manifest."""

from __future__ import annotations

from nodeshot_migrate.gate import split_tests


def model(name: str, materialized: str, *parents: str) -> tuple[str, dict]:
    return f"model.p.{name}", {
        "resource_type": "model", "name": name, "config": {"materialized": materialized},
        "depends_on": {"nodes": list(parents)},
    }


def data_test(name: str, *parents: str) -> tuple[str, dict]:
    return f"test.p.{name}", {
        "resource_type": "test", "name": name, "config": {"materialized": "test"},
        "depends_on": {"nodes": list(parents)},
    }


MANIFEST = {
    "sources": {
        "source.p.app.nodes_node": {"source_name": "app"},
        "source.p.ledger.owned": {"source_name": "ledger"},
        "source.p.legacy.nodeshot_node": {"source_name": "legacy"},
    },
    "nodes": dict([
        model("stg_nodes", "view", "source.p.legacy.nodeshot_node"),
        model("stg_app_nodes", "view", "source.p.app.nodes_node"),
        model("int_matched", "table", "model.p.stg_app_nodes"),  # a table: read, not read through
        model("int_eph", "ephemeral", "model.p.stg_app_nodes"),
        model("nodes_node", "view", "model.p.int_matched", "model.p.stg_nodes"),
        model("owned", "view", "source.p.ledger.owned"),
        data_test("legacy_only", "model.p.stg_nodes"),
        data_test("through_a_table", "model.p.int_matched"),
        data_test("through_views", "model.p.nodes_node"),
        data_test("through_ephemeral", "model.p.int_eph"),
        data_test("ledger", "model.p.owned"),
        data_test("app_source", "source.p.app.nodes_node"),
    ]),
}


def test_tests_reaching_the_written_sources_stay_in_the_build():
    in_build, beside = split_tests(MANIFEST)
    assert in_build == ["app_source", "ledger", "through_ephemeral"]
    assert beside == ["legacy_only", "through_a_table", "through_views"]


def test_a_view_turned_into_a_table_moves_its_tests_beside():
    manifest = {**MANIFEST, "nodes": dict(MANIFEST["nodes"])}
    manifest["nodes"]["model.p.owned"] = {**manifest["nodes"]["model.p.owned"], "config": {"materialized": "table"}}
    in_build, beside = split_tests(manifest)
    assert "ledger" in beside and "ledger" not in in_build
