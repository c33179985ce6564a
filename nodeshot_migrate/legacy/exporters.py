"""The exporter of a legacy source's engine (export_mysql, export_sqlite, export_postgresql),
chosen by its kind, and its client in a private working folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from ..errors import EXIT_USAGE, MigrateError
from ..urls import LegacySource
from . import export_mysql, export_postgresql, export_sqlite
from .export_mysql import MysqlClient
from .export_postgresql import PostgresClient
from .export_sqlite import SqliteClient

ENGINES: dict[str, ModuleType] = {"mysql": export_mysql, "sqlite": export_sqlite, "postgresql": export_postgresql}
CLIENTS = {"mysql": MysqlClient, "sqlite": SqliteClient, "postgresql": PostgresClient}


def exporter(legacy: LegacySource) -> ModuleType:
    """The exporter module of `legacy`'s engine (ident, is_dirty, export_sql, ...)."""
    try:
        return ENGINES[legacy.kind]
    except KeyError:
        raise MigrateError(f"cannot export a {legacy.kind} legacy source", EXIT_USAGE) from None


@contextmanager
def legacy_client(legacy: LegacySource) -> Iterator[MysqlClient | SqliteClient | PostgresClient]:
    """The legacy engine's command-line client, its credentials in a private directory."""
    if legacy.kind not in ENGINES:
        raise MigrateError(f"cannot fast-load a {legacy.kind} legacy source", EXIT_USAGE)
    with tempfile.TemporaryDirectory(prefix="nsm-fastload-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o700)
        yield CLIENTS[legacy.kind](legacy, workdir)
