"""The HTML report of a run (issue 22), in a real browser.

The demo's map (sql/demo) is migrated once for the module into its own
target; its report is opened from disk in Debian's chromium (selenium with
/usr/bin/chromedriver; nothing is downloaded) with every network request
blocked. The counts of what the map draws are compared with
migration.reconciliation and migration.rejects, a rejected node is clicked
and its popup read, and a screenshot is kept under .local/test-artifacts/.
Then the reports of a dry run, of failing runs, and `invoke report`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from conftest import _WORKER, query, scalar, sqlite_exec

from nodeshot_migrate import LOCAL_DIR, PROJECT_DIR, SQL_DIR
from nodeshot_migrate.demo import build_sqlite, run_psql_file
from nodeshot_migrate.errors import EXIT_APPLY_FAILED, EXIT_DRY_RUN, EXIT_PREFLIGHT_DEFAULT_LAYER, MigrateError
from nodeshot_migrate.migrate import MigrateOptions, init_target, migrate
from nodeshot_migrate.report import report_from_database
from nodeshot_migrate.urls import LegacySource, TargetDatabase

ARTIFACTS = LOCAL_DIR / "test-artifacts"
# A node name that would end the page's JSON element, and run a script if
# it were ever put in as HTML. Node 1 is unconfirmed in the demo: rejected.
HOSTILE_NAME = 'Nodo </script><img src=x onerror="window.pwned=1"> 1'


@pytest.fixture(scope="module")
def demo(cluster, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    legacy_path = folder / "legacy.db"
    build_sqlite(legacy_path, SQL_DIR / "legacy" / "sqlite.sql", SQL_DIR / "demo" / "sample_legacy_sqlite.sql")
    legacy = LegacySource.parse(f"sqlite://{legacy_path}")
    rejected_id = 258  # unconfirmed in the demo map
    sqlite_exec(legacy, f"update nodeshot_node set name = '{HOSTILE_NAME}' where id = {rejected_id};")  # noqa: S608
    target = TargetDatabase.parse(cluster.recreate_database(f"t_{_WORKER}report"))
    init_target(target, echo=lambda _line: None)
    run_psql_file(target.url, SQL_DIR / "demo" / "sample_target_layers.sql")
    default_layer = scalar(target, "select id from layers_layer where slug = 'default'")

    def run(report: Path, **options) -> tuple[int | None, str | None, list[str], MigrateOptions]:
        lines: list[str] = []
        opts = MigrateOptions(
            legacy=legacy, target=target, default_layer=default_layer, ambiguous_layer="smallest",
            assume_yes=True, report_path=report, **options,
        )
        try:
            return migrate(opts, echo=lines.append), None, lines, opts
        except MigrateError as exc:
            return exc.exit_code, exc.message, lines, opts

    report = folder / "committed.html"
    code, error, lines, options = run(report)
    assert (code, error) == (0, None), "\n".join(lines)
    return {"target": target, "legacy": legacy, "run": run, "report": report, "lines": lines, "options": options,
            "folder": folder, "rejected_id": rejected_id}


def _chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--disable-gpu"):
        options.add_argument(argument)
    # Service with the Debian driver: selenium-manager (which would fetch a
    # browser and a driver) never runs.
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


@pytest.fixture(scope="module")
def browser(demo):
    """The demo's report opened from disk with the network blocked."""
    driver = _chromium()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
        )
        started = time.monotonic()
        driver.get(demo["report"].as_uri())
        driver.set_script_timeout(10)
        ready = driver.execute_script("return !!window.nodeshotReport")
        driver.load_seconds = time.monotonic() - started
        assert ready, driver.get_log("browser")
        yield driver
    finally:
        driver.quit()


def test_a_committed_run_writes_its_report_and_prints_the_path(demo):
    assert demo["report"].is_file()
    assert f"report: {demo['report']}" in demo["lines"]
    assert demo["options"].report_written == demo["report"]
    assert demo["report"].stat().st_mode & 0o777 == 0o600  # it quotes legacy names and emails
    page = demo["report"].read_text()
    run_id = scalar(demo["target"], "select max(run_id) from migration.runs")
    assert f"committed as run {run_id}" in page
    assert demo["target"].password not in page
    # the header's facts are kept on the run for `invoke report --run`
    recorded = scalar(demo["target"], "select report from migration.runs where run_id = %s", (run_id,))
    assert recorded["options"]["ambiguous layer"] == "smallest"
    assert {"load", "build", "apply", "report"} <= set(recorded["stage_seconds"])


def test_the_demo_runs_counts_are_the_rows_it_wrote(demo):
    """Issue 17: migration.runs.counts once said `profiles_profile: inserted
    0` for the demo's 87 profiles. Each table's count is the ledger's
    entries for the run, and the rows of the table the ledger names."""
    target = demo["target"]
    run_id, counts = query(target, "select run_id, counts from migration.runs order by run_id limit 1")[0]
    ledger = dict(query(
        target,
        "select table_name, count(*) from migration.owned_rows where run_id = %s group by table_name",
        (run_id,),
    ))
    written = {table: change["inserted"] for table, change in counts.items() if change["inserted"]}
    assert written == ledger
    for table in written:
        key = scalar(
            target,
            "select a.attname from pg_index as i join pg_attribute as a"
            " on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
            " where i.indrelid = %s::regclass and i.indisprimary",
            (f"public.{table}",),
        )
        present = scalar(
            target,
            f"select count(*) from public.{table} as app inner join migration.owned_rows as ledger"  # noqa: S608
            f" on ledger.table_name = %s and ledger.run_id = %s and ledger.row_id = app.{key}",
            (table, run_id),
        )
        assert present == written[table], table
    assert all(change["updated"] == 0 and change["deleted"] == 0 for change in counts.values())
    assert (written["profiles_profile"], written["mailing_inward"]) == (87, 29)


def test_the_map_draws_one_feature_per_node_of_each_class(demo, browser):
    target = demo["target"]
    counts = browser.execute_script("return window.nodeshotReport.counts")
    migrated = scalar(target, "select migrated from migration.reconciliation where entity = 'nodeshot_node'")
    assert counts["layer"] + counts["default"] + counts["ambiguous"] == migrated
    by_rule = dict(query(
        target,
        "select case when v.layer_rule like 'ambiguous%%' then 'ambiguous' when v.layer_rule = 'default'"
        " then 'default' else 'layer' end, count(*) from migration.nodes_node as n"
        " inner join migration_work.int_nodes_validated as v on n.id = v.legacy_node_id group by 1",
    ))
    assert by_rule["default"] > 0 and by_rule["ambiguous"] > 0  # the demo has both
    assert (counts["layer"], counts["default"], counts["ambiguous"]) == (
        by_rule.get("layer", 0), by_rule["default"], by_rule["ambiguous"]
    )
    rejected = scalar(target, "select count(*) from migration.rejects where entity = 'nodeshot_node'")
    assert rejected == scalar(target, "select rejected from migration.reconciliation where entity = 'nodeshot_node'")
    assert rejected > 0 and counts["rejected"] == rejected  # every rejected demo node has a position
    assert counts["links"] == scalar(
        target, "select migrated from migration.reconciliation where entity = 'nodeshot_link'"
    )
    assert counts["swapped"] == scalar(
        target, "select count(*) from migration_work.int_nodes_validated where swapped_layer_ids is not null"
    )


def test_clicking_a_rejected_node_shows_its_rule_and_detail(demo, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    node_id = demo["rejected_id"]
    rule, detail = query(
        demo["target"], "select rule, detail from migration.rejects where entity = 'nodeshot_node' and legacy_id = %s",
        (node_id,),
    )[0]
    browser.execute_script("document.getElementById('map').scrollIntoView()")
    # centred (the layer switcher covers the top right corner), close up
    point = browser.execute_script("return window.nodeshotReport.locate('rejected', arguments[0], 15)", node_id)
    assert point is not None
    canvas = browser.find_element(By.ID, "map-canvas")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, point["x"] - size["width"] / 2, point["y"] - size["height"] / 2
    ).click().perform()
    popup = browser.find_element(By.CSS_SELECTOR, ".leaflet-popup-content").text
    assert f"node {node_id}" in popup and HOSTILE_NAME in popup
    assert f"rejected: {rule}" in popup
    assert " ".join(detail.split()) in " ".join(popup.split())
    # the name went in as text: nothing of it ran
    assert browser.execute_script("return window.pwned === undefined")


def test_the_page_draws_with_no_network_and_leaves_a_screenshot(demo, browser):
    browser.execute_script("window.nodeshotReport.home()")
    loaded_tiles = browser.execute_script(
        "return Array.from(document.querySelectorAll('img.leaflet-tile')).filter(i => i.naturalWidth > 0).length"
    )
    assert loaded_tiles == 0  # really offline: no tile came
    # every class of the demo, and the links, drew on its canvas
    painted = browser.execute_script("return window.nodeshotReport.paintedPixels()")
    assert set(painted) == {"layer", "default", "ambiguous", "rejected", "links"}, painted
    assert all(pixels > 10 for pixels in painted.values()), painted
    tables = browser.find_element("css selector", "#reconciliation table").text
    assert "nodeshot_node" in tables and "nodeshot_statistic" in tables
    assert HOSTILE_NAME in browser.find_element("css selector", "#rejects").get_attribute("textContent")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"report-demo{_WORKER.rstrip('_') and '-' + _WORKER.rstrip('_')}.png"
    browser.execute_script("document.getElementById('map').scrollIntoView()")
    assert browser.save_screenshot(str(shot))
    print(f"screenshot of the demo report: {shot} (opened in {browser.load_seconds:.1f}s)")
    assert browser.load_seconds < 10


def test_a_dry_run_report_says_rolled_back(demo):
    # the old site renames a node: the dry run would update it
    node_id = scalar(demo["target"], "select min(id) from migration.nodes_node")
    sqlite_exec(demo["legacy"], f"update nodeshot_node set name = name || ' bis' where id = {node_id};")  # noqa: S608
    report = demo["folder"] / "dry-run.html"
    code, error, lines, options = demo["run"](report, dry_run=True)
    assert (code, error) == (EXIT_DRY_RUN, None), "\n".join(lines)
    header = _header(report)
    assert '<header class="rolled-back">' in header
    assert "dry run: rolled back, nothing was written" in header
    assert "What this run would have written (rolled back)" in header
    assert "<tr><td>nodes_node</td><td>0</td><td>1</td><td>0</td></tr>" in header
    assert 'id="data-map_nodes">null<' not in report.read_text()  # the map is there


def test_a_failing_run_still_writes_a_report_that_says_what_failed(demo):
    report = demo["folder"] / "failed.html"
    code, error, lines, _options = demo["run"](report, fail_after="030_users", rebuild=True)
    assert code == EXIT_APPLY_FAILED and error, "\n".join(lines)
    header = _header(report)
    assert '<header class="failed">' in header
    assert "failed in the apply: rolled back, nothing was written" in header
    assert "forced failure after 030_users" in header


def test_a_run_stopped_by_a_preflight_check_reports_it_without_the_database(demo):
    report = demo["folder"] / "preflight.html"
    lines: list[str] = []
    options = MigrateOptions(legacy=demo["legacy"], target=demo["target"], default_layer=99999, assume_yes=True,
                             report_path=report)
    with pytest.raises(MigrateError) as failed:
        migrate(options, echo=lines.append)
    assert failed.value.exit_code == EXIT_PREFLIGHT_DEFAULT_LAYER
    page = report.read_text()
    assert "failed in the pre-flight checks (exit 24)" in page
    assert "default layer 99999 does not exist" in page
    assert '"map_nodes": "this run stopped before the migration tables were its own"' in page


def test_invoke_report_writes_the_run_again_from_the_database(demo):
    target = demo["target"]
    run_id = scalar(target, "select max(run_id) from migration.runs")
    path = report_from_database(target, run_id, demo["folder"] / "again.html")
    header = _header(path)
    assert f"committed as run {run_id}" in header
    assert "migrate, written again by invoke report" in header
    assert re.search(r"stage times</th><td>load [\d.]+ s, check [\d.]+ s, build [\d.]+ s, apply", header)
    # the dry run and the failed run above built after it: said so
    assert "which started after run" in header
    with pytest.raises(MigrateError):
        report_from_database(target, 999999, demo["folder"] / "none.html")


def _header(path: Path) -> str:
    page = path.read_text()
    return page[page.index("<header"):page.index("</header>")]


def test_no_report_holds_a_password(demo):
    password = demo["target"].password
    for path in demo["folder"].glob("*.html"):
        assert password not in path.read_text(), path
    with psycopg.connect(demo["target"].url) as conn:
        assert password not in str(conn.execute("select report from migration.runs").fetchall())


def test_the_cli_off_a_terminal_prints_one_line_per_stage_and_no_escape_code(demo):
    """`invoke migrate` in a pipe (cron, systemd): no bar, no colour, no dbt
    line; those go to the log file it names; the report path is printed."""
    target, legacy = demo["target"], demo["legacy"]
    report = demo["folder"] / "cli.html"
    env = {**os.environ, "NODESHOT_MIGRATE_TARGET": target.url, "NODESHOT_MIGRATE_LEGACY": legacy.url}
    default_layer = scalar(target, "select id from layers_layer where slug = 'default'")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "migrate", "--dry-run", "--rebuild", "--yes", "--skip-load",
         "--default-layer", str(default_layer), "--ambiguous-layer", "smallest", "--report", str(report)],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == EXIT_DRY_RUN, output
    assert "\x1b" not in output and "\r" not in output
    assert "  dbt | " not in output and "  tests | " not in output and "apply: 010_begin" not in output
    log = Path(re.search(r"^log: (\S+)", done.stdout, re.MULTILINE).group(1))
    logged = log.read_text()
    assert "  dbt | " in logged and "apply: 010_begin" in logged
    assert f"report: {report}" in done.stdout and report.is_file()
    # the stages, then the summary tables as before (about 60 lines, not 250)
    assert len(done.stdout.splitlines()) < 80, done.stdout
    for stage in ("log: ", "pre-flight: ", "build: ", "tests: ", "apply: ", "verify: ", "dry run: rolling back"):
        assert any(line.startswith(stage) for line in done.stdout.splitlines()), (stage, done.stdout)
