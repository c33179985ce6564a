"""The apply runs the compiled steps of the project as it is now, never a
compiled file left behind by an older version (dbt does not remove them)."""

from nodeshot_migrate import PROJECT_DIR
from nodeshot_migrate.apply import compiled_files
from nodeshot_migrate.dbt import target_path
from nodeshot_migrate.urls import TargetDatabase


def test_a_step_renamed_since_the_last_compile_is_not_run(tmp_path):
    target = TargetDatabase.parse(f"postgresql://nobody@127.0.0.1:1/t_compiled_steps_{tmp_path.name}")
    directory = target_path(target) / "compiled" / "nodeshot_migrate" / "analyses" / "apply"
    directory.mkdir(parents=True)
    try:
        steps = sorted(source.name for source in (PROJECT_DIR / "analyses" / "apply").glob("*.sql"))
        for name in [*steps, "990_step_of_an_older_version.sql"]:
            (directory / name).write_text("select 1;\n")
        assert [path.name for path in compiled_files(target)] == steps
    finally:
        for path in directory.glob("*.sql"):
            path.unlink()
        for folder in (directory, *directory.parents):
            if folder == target_path(target).parent:
                break
            folder.rmdir()
