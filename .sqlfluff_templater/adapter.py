"""Stand-in for dbt's `adapter` so sqlfluff's jinja templater can render the
apply macros without a database (CI lints before any server is up)."""


class _Column:
    def __init__(self, name):
        self.name = name


def quote(name):
    return f'"{name}"'


def get_columns_in_relation(relation):
    return [_Column("id"), _Column("name")]
