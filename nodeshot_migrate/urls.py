"""Legacy and target database URLs: parsing, checks, and their other forms."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import EXIT_USAGE, MigrateError


@dataclass(frozen=True)
class TargetDatabase:
    """The nodeshot 1.x PostgreSQL database (postgresql://user:pw@host:port/db)."""

    url: str
    host: str
    port: int
    user: str
    password: str
    dbname: str

    @classmethod
    def parse(cls, url: str | None) -> TargetDatabase:
        if not url:
            raise MigrateError(
                "no target database: pass --target postgresql://USER:PASS@HOST:PORT/DB "
                "(or set NODESHOT_MIGRATE_TARGET, or migrate.target in invoke.yaml)",
                EXIT_USAGE,
            )
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
            raise MigrateError(
                f"target must look like postgresql://USER:PASS@HOST:PORT/DB, got {cls.redact(url)}", EXIT_USAGE
            )
        return cls(
            url=url,
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            user=unquote(parts.username or os.environ.get("USER", "postgres")),
            password=unquote(parts.password or ""),
            dbname=unquote(parts.path.strip("/")),
        )

    @staticmethod
    def redact(url: str) -> str:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(f":{parts.password}@", ":***@", 1)
        return url

    @property
    def display(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def pgloader_url(self) -> str:
        return self.url.replace("postgres://", "postgresql://", 1)

    def dbt_env(self) -> dict[str, str]:
        """Environment variables read by profiles.yml(.example)."""
        return {
            "NSM_TARGET_HOST": self.host,
            "NSM_TARGET_PORT": str(self.port),
            "NSM_TARGET_USER": self.user,
            "NSM_TARGET_PASSWORD": self.password,
            "NSM_TARGET_DBNAME": self.dbname,
        }


@dataclass(frozen=True)
class LegacySource:
    """The nodeshot 0.9 database: mysql://user:pw@host:port/db or sqlite:///abs/path.db."""

    url: str
    kind: str  # "mysql" or "sqlite"
    database: str  # MySQL database name, or the SQLite file path

    @classmethod
    def parse(cls, url: str | None) -> LegacySource:
        if not url:
            raise MigrateError(
                "no legacy database: pass --legacy mysql://USER:PASS@HOST:PORT/DB or "
                "--legacy sqlite:///absolute/path/nodeshot.db (or set NODESHOT_MIGRATE_LEGACY)",
                EXIT_USAGE,
            )
        parts = urlsplit(url)
        if parts.scheme == "mysql" and parts.path.strip("/"):
            return cls(url=url, kind="mysql", database=unquote(parts.path.strip("/")))
        if parts.scheme == "sqlite" and url.startswith("sqlite:///"):
            path = url[len("sqlite://"):]
            if not path.startswith("/"):
                raise MigrateError(f"a SQLite path must be absolute: sqlite:///absolute/path.db, got {url}", EXIT_USAGE)
            return cls(url=url, kind="sqlite", database=path)
        raise MigrateError(
            "legacy must be mysql://USER:PASS@HOST:PORT/DB or sqlite:///absolute/path.db, got "
            + TargetDatabase.redact(url),
            EXIT_USAGE,
        )

    def check_readable(self) -> None:
        if self.kind == "sqlite":
            path = Path(self.database)
            if not path.is_file():
                raise MigrateError(f"legacy SQLite file {path} does not exist", EXIT_USAGE)
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise MigrateError(f"{path} is not a SQLite 3 database", EXIT_USAGE)

    @property
    def display(self) -> str:
        return TargetDatabase.redact(self.url)

    @property
    def pgloader_url(self) -> str:
        return self.url
