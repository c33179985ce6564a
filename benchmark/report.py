"""What `invoke bench` reports, from structured timings only: the stage and
build timings migrate() leaves in MigrateOptions, the apply's per-step
seconds (ApplyResult.step_seconds), and dbt's run_results.json of the
build (per-node times). Pure functions: no server, no process."""

from __future__ import annotations

from typing import Any


def dbt_nodes(run_results: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The nodes of a dbt run_results.json, slowest first."""
    nodes = []
    for result in (run_results or {}).get("results", []):
        response = result.get("adapter_response") or {}
        nodes.append({
            "node": result["unique_id"],
            # resource.package.name[.hash or version]
            "name": result["unique_id"].split(".")[2] if result["unique_id"].count(".") >= 2 else result["unique_id"],
            "status": result.get("status"),
            "result": response.get("_message") or result.get("message") or "",
            "seconds": round(float(result.get("execution_time") or 0.0), 3),
        })
    return sorted(nodes, key=lambda n: -n["seconds"])


def phases(
    build_seconds: dict[str, float],
    run_results: dict[str, Any] | None,
    step_seconds: dict[str, float],
    apply_seconds: float | None,
) -> dict[str, Any]:
    """Where the build and apply stages spend their time.

    analyze and parse_wait: the planner statistics, then the wait for dbt's
    parse (started before the load); dbt_startup: the build command's wall
    time outside dbt's own elapsed time (run_results.json); dbt_build_nodes:
    that elapsed time; dbt_compile_apply: the compile of the apply SQL;
    apply_steps: each compiled apply step; summary_and_commit: the rest of
    the apply (`apply_seconds`, verify included): the summary, the wait for
    the tests beside it, the run's record and COMMIT."""
    found: dict[str, Any] = {}
    if "analyze" in build_seconds:
        found["analyze"] = round(build_seconds["analyze"], 3)
    if "dbt_parse_wait" in build_seconds:
        found["parse_wait"] = round(build_seconds["dbt_parse_wait"], 3)
    elapsed = (run_results or {}).get("elapsed_time")
    if "dbt_build" in build_seconds and elapsed is not None:
        found["dbt_startup"] = round(max(0.0, build_seconds["dbt_build"] - float(elapsed)), 3)
        found["dbt_build_nodes"] = round(float(elapsed), 3)
    elif "dbt_build" in build_seconds:
        found["dbt_build"] = round(build_seconds["dbt_build"], 3)
    if "dbt_compile_apply" in build_seconds:
        found["dbt_compile_apply"] = round(build_seconds["dbt_compile_apply"], 3)
    if step_seconds:
        found["apply_steps"] = {step: round(seconds, 3) for step, seconds in step_seconds.items()}
        if apply_seconds is not None:
            found["summary_and_commit"] = round(max(0.0, apply_seconds - sum(step_seconds.values())), 3)
    return found


def _mb(kb: int | None) -> str:
    return "-" if not kb else f"{kb / 1024:.0f} MB"


def _fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


STAGES = ("restore", "load", "check", "build", "apply", "verify", "report", "other")


def _report_line(run: dict[str, Any]) -> str:
    report = run.get("report") or {}
    if not report.get("bytes"):
        return "none written"
    return f"{_fmt_s(report['seconds'])}, {report['bytes'] / 1e6:.1f} MB"


def format_table(result: dict[str, Any]) -> str:
    """The human-readable table of one benchmark result (the JSON's dict)."""
    full, sync, floor = result["full"], result["sync"], result["floor"]
    rows = result["legacy_rows_total"]
    lines = [
        f"benchmark {result['scale']} ({result['nodes']:,} nodes, {rows:,} legacy rows,"
        f" source {result['source']}, loader {result['loader']})",
        f"  generate legacy map (not timed in the ratio): {_fmt_s(result['generate_seconds'])}",
        "",
        f"  {'stage':<14}{'full run':>10}{'sync run':>10}   {'floor':<26}",
    ]
    floor_rows = [("copy", floor["copy_seconds"]), ("inserts", floor["insert_seconds"])]
    # `restore` only when the runs read a dump (--source dump)
    shown = [s for s in STAGES if s != "restore" or "restore" in full["seconds"] or "restore" in sync["seconds"]]
    for i, stage in enumerate(shown):
        f_value = full["seconds"].get(stage)
        s_value = sync["seconds"].get(stage)
        floor_cell = f"{floor_rows[i][0]:<8}{_fmt_s(floor_rows[i][1]):>8}" if i < len(floor_rows) else ""
        lines.append(f"  {stage:<14}{_fmt_s(f_value):>10}{_fmt_s(s_value):>10}   {floor_cell}")
    lines.append(
        f"  {'total':<14}{_fmt_s(full['total_seconds']):>10}{_fmt_s(sync['total_seconds']):>10}   "
        f"{'total':<8}{_fmt_s(floor['total_seconds']):>8}"
    )
    lines.append(
        f"  {'rows/s':<14}{full['rows_per_second']:>10,.0f}{sync['rows_per_second']:>10,.0f}   "
        f"{'rows/s':<8}{floor['rows_per_second']:>8,.0f}"
    )
    lines += [
        "",
        f"  end-to-end / floor: {result['ratio_full_to_floor']:.2f}   (target at S2: <= 2.0)",
        f"  sync / full run:    {result['ratio_sync_to_full']:.2f}   (target at S2: <= 0.25)"
        + ("; the sync found its inputs unchanged and skipped the build" if sync["skipped_build"] else ""),
        f"  verify / full run:  {result['share_verify_of_full']:.3f}   (target at S2: <= 0.05, proof before COMMIT)",
        "",
        "  peak memory (RSS): " + ", ".join(f"{k} {_mb(v)}" for k, v in result["peak_memory_kb"].items()),
        f"  HTML report (issue 22): full run {_report_line(full)}; sync run {_report_line(sync)}",
        "  build (full run): " + ", ".join(
            f"{k} {v:.1f}s" for k, v in full["phases"].items() if k.startswith("dbt_")
        ),
        "  slowest apply steps (full run): " + ", ".join(
            f"{k} {v:.1f}s" for k, v in sorted(
                full["phases"].get("apply_steps", {}).items(), key=lambda kv: -kv[1]
            )[:4]
        ),
        "  slowest dbt nodes (full run): " + ", ".join(
            f"{n.get('name') or n['node'].split('.')[-1]} {n['seconds']:.1f}s" for n in full["dbt_nodes"][:6]
        ),
        f"  whole benchmark: {_fmt_s(result['bench_seconds'])}",
    ]
    if floor["tables_without_floor_statement"]:
        lines.append("  WARNING: no floor statement for " + ", ".join(floor["tables_without_floor_statement"]))
    return "\n".join(lines)
