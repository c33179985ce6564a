"""Which data tests may run beside the apply (nodeshot_migrate/gate.py).

A test that reads, even through views, a table the apply writes or locks
(sources `app` and `ledger`) must run in the build: beside the apply it
could wait for the apply's locks while the apply waits for it. The
scenarios of test_transactions.py show the tests beside the apply gating
the COMMIT; these check the split itself, on a small manifest and on the
project's own.
"""

from __future__ import annotations

import json

from conftest import make_target

from nodeshot_migrate import gate
from nodeshot_migrate.dbt import run_dbt
from nodeshot_migrate.migrate import MigrateOptions
from nodeshot_migrate.urls import LegacySource


def source(name: str, table: str) -> tuple[str, dict]:
    return f"source.p.{name}.{table}", {"source_name": name}


def model(name: str, materialized: str, *parents: str) -> tuple[str, dict]:
    return f"model.p.{name}", {
        "name": name,
        "resource_type": "model",
        "config": {"materialized": materialized},
        "depends_on": {"nodes": list(parents)},
    }


def data_test(name: str, *parents: str) -> tuple[str, dict]:
    return f"test.p.{name}", {
        "name": name,
        "resource_type": "test",
        "config": {"materialized": "test"},
        "depends_on": {"nodes": list(parents)},
    }


def test_tests_reading_the_site_through_views_run_in_the_build():
    sources = dict([source("app", "layers_layer"), source("ledger", "owned_rows"), source("legacy", "nodeshot_node")])
    nodes = dict([
        model("stg_app__layers", "view", "source.p.app.layers_layer"),
        model("int_layers_cut", "ephemeral", "model.p.stg_app__layers"),
        model("int_layers_area", "view", "model.p.int_layers_cut"),
        model("layers_table", "table", "model.p.stg_app__layers"),
        model("frozen_mart", "frozen_view", "model.p.stg_app__layers"),
        model("stg_legacy__nodes", "view", "source.p.legacy.nodeshot_node"),
        model("owned", "view", "source.p.ledger.owned_rows"),
        data_test("on_a_view_of_the_site", "model.p.stg_app__layers"),
        data_test("three_levels_down", "model.p.int_layers_area"),
        data_test("on_the_ledger_through_a_view", "model.p.owned"),
        data_test("on_a_site_source", "source.p.app.layers_layer"),
        data_test("on_a_table_built_from_the_site", "model.p.layers_table"),
        data_test("on_a_frozen_mart", "model.p.frozen_mart"),
        data_test("on_the_legacy_copy", "model.p.stg_legacy__nodes", "source.p.legacy.nodeshot_node"),
        data_test("relationship_to_the_site", "model.p.layers_table", "model.p.stg_app__layers"),
        data_test("on_a_node_missing_from_the_manifest", "model.p.gone"),
    ])
    in_build, beside = gate.split_tests({"nodes": nodes, "sources": sources})
    assert sorted(in_build) == [
        "on_a_site_source",
        "on_a_view_of_the_site",
        "on_the_ledger_through_a_view",
        "relationship_to_the_site",
        "three_levels_down",
    ]
    assert sorted(beside) == [
        "on_a_frozen_mart",
        "on_a_node_missing_from_the_manifest",  # a parent that is not a view: its table is read
        "on_a_table_built_from_the_site",
        "on_the_legacy_copy",
    ]


def test_the_project_keeps_its_site_tests_in_the_build(cluster):
    """On the project's own manifest (written by `dbt parse`): the tests on
    the staged site tables stay in the build, those on the marts go beside
    the apply, and none is lost."""
    target = make_target(cluster, "gate_split")
    options = MigrateOptions(legacy=LegacySource.parse("sqlite:///unused.db"), target=target, default_layer=5)
    run_dbt(["parse"], target, options.dbt_vars(), quiet=True)
    manifest = gate.read_manifest(target)
    assert manifest is not None, "no manifest after dbt parse"
    in_build, beside = gate.split_tests(manifest)
    assert "key_stg_app__layers_layer_id" in in_build
    assert "relationships_nodes_node_layer_id__layer_id__ref_stg_app__layers_" in in_build
    assert "every_legacy_row_is_accounted_for" in beside
    assert "relationships_net_ip_interface_id__id__ref_net_interface_" in beside
    tests = [node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    assert sorted(in_build + beside) == sorted(tests)
    assert len(beside) > len(in_build) > 0


def test_without_a_readable_manifest_there_is_no_split(tmp_path, monkeypatch):
    """No manifest, or a half-written one: read_manifest gives None, and the
    run then keeps every test in the build, as plain `dbt build` would."""
    folder = tmp_path / "target"
    folder.mkdir()
    monkeypatch.setattr(gate, "target_path", lambda _target: folder)
    assert gate.read_manifest(None) is None
    (folder / "manifest.json").write_text(json.dumps({"nodes": {}, "sources": {}})[:10])
    assert gate.read_manifest(None) is None
    (folder / "manifest.json").write_text(json.dumps({"nodes": {}, "sources": {}}))
    assert gate.read_manifest(None) == {"nodes": {}, "sources": {}}
