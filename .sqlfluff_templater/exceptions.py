"""Stand-in for dbt's `exceptions` (sqlfluff jinja templater)."""


def raise_compiler_error(message):
    raise RuntimeError(message)
