"""Stand-in for dbt's `adapter` so sqlfluff's jinja templater can render the
apply macros without a database (CI lints before any server is up)."""


class _Column:
    def __init__(self, name):
        self.name = name


class _Relation:
    def __init__(self, identifier):
        self.schema = "public"
        self.identifier = identifier

    def __str__(self):
        return f'"public"."{self.identifier}"'


def quote(name):
    return f'"{name}"'


def get_relation(database=None, schema=None, identifier=None):
    return _Relation(identifier)


def get_columns_in_relation(relation):
    return [_Column("id"), _Column("name")]
