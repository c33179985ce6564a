"""The benchmark's report and memory sampler, from structured inputs (no server)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.memory import ChildSampler, descendants, parse_hwm_kb, parse_stat, program_name, python_peak_kb
from benchmark.report import STAGES, dbt_nodes, format_table, phases

RUN_RESULTS = {
    "elapsed_time": 5.5,
    "results": [
        {"unique_id": "model.p.stg_nodes", "status": "success", "execution_time": 0.25,
         "adapter_response": {"_message": "CREATE VIEW"}},
        {"unique_id": "model.p.int_links", "status": "success", "execution_time": 2.0,
         "adapter_response": {"_message": "SELECT 42"}},
        {"unique_id": "test.p.unique_nodes_id.abc", "status": "pass", "execution_time": 0.5,
         "adapter_response": {}, "message": None},
    ],
}


def test_dbt_nodes_slowest_first():
    nodes = dbt_nodes(RUN_RESULTS)
    assert [n["node"] for n in nodes] == ["model.p.int_links", "test.p.unique_nodes_id.abc", "model.p.stg_nodes"]
    assert nodes[0] == {
        "node": "model.p.int_links", "name": "int_links", "status": "success", "result": "SELECT 42", "seconds": 2.0
    }
    assert nodes[1]["name"] == "unique_nodes_id"
    assert dbt_nodes(None) == []


def test_phases_from_the_structured_timings():
    build = {"analyze": 0.4, "dbt_parse_wait": 1.0, "dbt_build": 7.0, "dbt_compile_apply": 1.5}
    steps = {"010_begin": 0.5, "040_nodes": 3.0, "950_verify": 0.5}
    found = phases(build, RUN_RESULTS, steps, apply_seconds=6.0)
    assert found == {
        "analyze": 0.4, "parse_wait": 1.0, "dbt_startup": 1.5, "dbt_build_nodes": 5.5, "dbt_compile_apply": 1.5,
        "apply_steps": steps, "summary_and_commit": 2.0,
    }


def test_phases_of_a_run_that_built_nothing():
    assert phases({}, None, {}, None) == {}
    assert phases({"dbt_build": 3.0}, None, {}, None) == {"dbt_build": 3.0}


def run_dict(seconds: dict, total: float, phase: dict, nodes: list, skipped: bool = False) -> dict:
    return {"seconds": seconds, "total_seconds": total, "rows_per_second": 1000 / total, "phases": phase,
            "dbt_nodes": nodes, "skipped_build": skipped}


def test_the_table_shows_stages_ratios_memory_and_slowest_parts():
    full = run_dict(
        {"load": 2.0, "check": 0.1, "build": 9.9, "apply": 6.0, "verify": 0.5, "other": 0.2}, 18.7,
        phases({"dbt_build": 7.0, "dbt_compile_apply": 1.5}, RUN_RESULTS, {"040_nodes": 3.0, "050_net": 1.0}, 6.5),
        dbt_nodes(RUN_RESULTS),
    )
    sync = run_dict({"load": 1.0, "check": 0.2, "other": 0.1}, 1.3, {}, [], skipped=True)
    result = {
        "scale": "S0", "nodes": 1000, "legacy_rows_total": 11323, "source": "mariadb", "loader": "pgloader",
        "generate_seconds": 1.0, "full": full, "sync": sync,
        "floor": {"copy_seconds": 0.7, "insert_seconds": 0.3, "total_seconds": 1.0, "rows_per_second": 11323.0,
                  "tables_without_floor_statement": ["nodes_extra"]},
        "ratio_full_to_floor": 18.7, "ratio_sync_to_full": 0.07, "share_verify_of_full": 0.027,
        "peak_memory_kb": {"python": 51200, "dbt": 204800}, "bench_seconds": 30.0,
    }
    lines = format_table(result).splitlines()
    assert lines[0] == "benchmark S0 (1,000 nodes, 11,323 legacy rows, source mariadb, loader pgloader)"
    table = list(itertools.takewhile(str.strip, lines[4:]))
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert "restore" not in rows  # only for --source dump
    assert len(table) == len(STAGES) - 1 + 2
    assert rows["load"][:2] == ["2.0s", "1.0s"] and rows["load"][2:] == ["copy", "0.7s"]
    assert rows["build"] == ["9.9s", "-"]
    assert rows["total"] == ["18.7s", "1.3s", "total", "1.0s"]
    text = "\n".join(lines)
    assert "end-to-end / floor: 18.70" in text
    assert "skipped the build" in text
    assert "peak memory (RSS): python 50 MB, dbt 200 MB" in text
    assert "build (full run): dbt_startup 1.5s, dbt_build_nodes 5.5s, dbt_compile_apply 1.5s" in text
    assert "slowest apply steps (full run): 040_nodes 3.0s, 050_net 1.0s" in text
    assert "slowest dbt nodes (full run): int_links 2.0s, unique_nodes_id 0.5s, stg_nodes 0.2s" in text
    assert lines[-1] == "  WARNING: no floor statement for nodes_extra"


def test_proc_stat_and_status_parsing():
    # a command name with a space and a parenthesis in it
    stat = "4242 (tricky) name) S 17 4242 4242 0 -1 4194560 1 0 0 0 250 150 0 0 20 0 1 0 1 1 1"
    ppid, cpu = parse_stat(stat)
    assert ppid == 17
    assert cpu == pytest.approx(400 / __import__("os").sysconf("SC_CLK_TCK"))
    assert parse_hwm_kb("Name:\tx\nVmPeak:\t 9 kB\nVmHWM:\t  2048 kB\nVmRSS:\t 1024 kB\n") == 2048
    assert parse_hwm_kb("Name:\tkthreadd\n") == 0


def test_descendants_follow_the_tree_and_nothing_else():
    parents = {10: 1, 11: 10, 12: 11, 13: 10, 20: 1, 21: 20}
    assert descendants(10, parents) == {11, 12, 13}
    assert descendants(12, parents) == set()


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["/usr/bin/pgloader", "--summary", "x"], "pgloader"),
        (["/venv/bin/python", "-m", "nodeshot_migrate.dbtsession", "{}"], "dbt"),
        (["/venv/bin/python3", "/venv/bin/dbt", "--no-use-colors", "test"], "dbt"),
        (["/usr/bin/python3", "-c", "pass"], "python (child)"),
        (["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "start"], "pg_ctl"),
        ([], "?"),
    ],
)
def test_program_names(argv, name):
    assert program_name(argv) == name


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_sampler_sees_a_childs_peak_and_leaves_running_ones_out():
    allocate = "import time; b = bytearray(60 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.6)"
    sampler = ChildSampler(interval=0.05).__enter__()
    sampler.stage = "work"
    subprocess.run([sys.executable, "-c", allocate], check=True)
    sampler.stage = "after"
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        subprocess.run(["sleep", "0.3"], check=True)
    finally:
        sampler.__exit__(None, None, None)  # while the "server" still runs
        server.kill()
        server.wait()
    peaks = sampler.peaks("work")
    assert peaks["python (child)"] > 60 * 1024
    assert "sleep" in sampler.peaks("after")
    assert "python (child)" not in sampler.peaks("after")  # still running at the end: left out


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_python_peak_follows_this_process():
    before = python_peak_kb()
    status = Path("/proc/self/status").read_text()
    current = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    size_kb = before - current + 32 * 1024  # 32 MB above the peak so far
    block = bytearray(size_kb * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page
    assert python_peak_kb() >= before + 24 * 1024
    del block


def test_a_dump_source_shows_its_restore_stage():
    full = run_dict({"restore": 3.0, "load": 2.0, "build": 9.9, "apply": 5.0, "other": 0.1}, 20.0, {}, [])
    sync = run_dict({"restore": 2.5, "load": 1.0, "other": 0.1}, 3.6, {}, [], skipped=True)
    result = {
        "scale": "S0", "nodes": 1000, "legacy_rows_total": 11323, "source": "dump", "loader": "pgloader",
        "generate_seconds": 1.0, "full": full, "sync": sync,
        "floor": {"copy_seconds": 0.7, "insert_seconds": 0.3, "total_seconds": 1.0, "rows_per_second": 11323.0,
                  "tables_without_floor_statement": []},
        "ratio_full_to_floor": 20.0, "ratio_sync_to_full": 0.18, "share_verify_of_full": 0.0,
        "peak_memory_kb": {"python": 51200}, "bench_seconds": 30.0,
    }
    rows = {line.split()[0]: line.split()[1:] for line in format_table(result).splitlines()[4:] if line.strip()}
    assert rows["restore"] == ["3.0s", "2.5s", "copy", "0.7s"]
    assert rows["load"] == ["2.0s", "1.0s", "inserts", "0.3s"]
