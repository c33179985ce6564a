"""`invoke bench` (docs/benchmark.md): a full migration of a synthetic map timed
against the copy floor. A tool beside the product, not part of
nodeshot_migrate: run.py drives the migration, memory.py samples the
children's peak memory, report.py turns structured timings into the report."""
