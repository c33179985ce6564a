"""Legacy and target database URLs: parsing, checks, and their other forms."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .dumpfile import sniff
from .errors import EXIT_USAGE, MigrateError, register_secret

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def check_url(url: str, flag: str) -> None:
    """Refuse what no program downstream reads the same way: control
    characters, and a '%' that does not start percent-encoding (psycopg
    fails on it with the raw password in its message). Names no secret."""
    register_secret(urlsplit(url).password if "://" in url else None)
    if _CONTROL.search(url):
        raise MigrateError(f"{flag}: the URL holds a control character (a newline, a tab ...): remove it", EXIT_USAGE)
    if _BAD_PERCENT.search(url):
        raise MigrateError(
            f"{flag}: the URL holds a '%' that does not start percent-encoding (write a literal % as %25,"
            " and @ : / ? # in a password as %40 %3A %2F %3F %23)",
            EXIT_USAGE,
        )


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
        check_url(url, "--target")
        parts = urlsplit(url)
        register_secret(unquote(parts.password or ""))
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
    def tls(self) -> dict[str, str]:
        """libpq's TLS settings from the URL (?sslmode=verify-full&sslrootcert=/path/ca.crt)."""
        query = parse_qs(urlsplit(self.url).query)
        return {name: query[name][-1] for name in ("sslmode", "sslrootcert", "sslcert", "sslkey") if name in query}

    @property
    def verifies_certificate(self) -> bool:
        return self.tls.get("sslmode") in ("verify-ca", "verify-full")

    @property
    def pgloader_url(self) -> str:
        """The URL pgloader reads: its own grammar knows sslmode up to
        `require` and no certificate settings, so a URL that asks for a
        verified certificate is refused rather than loaded unverified."""
        if self.verifies_certificate:
            raise MigrateError(
                "pgloader cannot verify the target's certificate (sslmode=verify-ca/verify-full):"
                " use --loader client, which loads through the same TLS settings as the rest of the run",
                EXIT_USAGE,
            )
        base = pgloader_url("postgresql", self.user, self.password, self.host, self.port, self.dbname)
        mode = self.tls.get("sslmode")
        return f"{base}?sslmode={mode}" if mode in ("disable", "allow", "prefer", "require") else base

    def dbt_env(self) -> dict[str, str]:
        """Environment variables read by profiles.yml(.example)."""
        return {
            "NSM_TARGET_HOST": self.host,
            "NSM_TARGET_PORT": str(self.port),
            "NSM_TARGET_USER": self.user,
            # dbt scrubs the values of DBT_ENV_SECRET_* variables from its logs
            "DBT_ENV_SECRET_NSM_TARGET_PASSWORD": self.password,
            "NSM_TARGET_DBNAME": self.dbname,
            # the URL's TLS settings reach dbt too (empty: libpq's defaults)
            "NSM_TARGET_SSLMODE": self.tls.get("sslmode", ""),
            "NSM_TARGET_SSLROOTCERT": self.tls.get("sslrootcert", ""),
        }


@dataclass(frozen=True)
class LegacySource:
    """The nodeshot 0.9 database: mysql://user:pw@host:port/db, sqlite:///abs/path.db,
    or a file path recognised by its content (a SQLite file, or a mysqldump:
    plain, gzip or xz; `-` is a dump on standard input)."""

    url: str
    kind: str  # "mysql", "sqlite", or "dump" (restored into a private MariaDB first: dumpfile.py)
    database: str  # MySQL database name, the SQLite file path, or the dump's path
    origin: str = ""  # what the operator named, when the run reads a copy of it (a restored dump)

    @classmethod
    def parse(cls, url: str | None) -> LegacySource:
        if not url:
            raise MigrateError(
                "no legacy database: pass --legacy mysql://USER:PASS@HOST:PORT/DB, "
                "--legacy sqlite:///absolute/path/nodeshot.db, or the path of a dump or SQLite file"
                " (or set NODESHOT_MIGRATE_LEGACY)",
                EXIT_USAGE,
            )
        if "://" not in url:
            return cls.from_path(url)
        check_url(url, "--legacy")
        parts = urlsplit(url)
        register_secret(unquote(parts.password or ""))
        if parts.scheme == "mysql" and parts.path.strip("/"):
            return cls(url=url, kind="mysql", database=unquote(parts.path.strip("/")))
        if parts.scheme in ("postgresql", "postgres") and parts.path.strip("/"):
            return cls(url=url, kind="postgresql", database=unquote(parts.path.strip("/")))
        if parts.scheme == "sqlite" and url.startswith("sqlite:///"):
            path = url[len("sqlite://"):]
            if not path.startswith("/"):
                raise MigrateError(f"a SQLite path must be absolute: sqlite:///absolute/path.db, got {url}", EXIT_USAGE)
            return cls(url=url, kind="sqlite", database=path)
        raise MigrateError(
            "legacy must be mysql://USER:PASS@HOST:PORT/DB, postgresql://USER:PASS@HOST:PORT/DB or"
            " sqlite:///absolute/path.db, got "
            + TargetDatabase.redact(url),
            EXIT_USAGE,
        )

    @classmethod
    def from_path(cls, text: str) -> LegacySource:
        """A file named with no scheme, recognised by its content."""
        if _CONTROL.search(text):
            raise MigrateError("--legacy: the path holds a control character (a newline, a tab ...)", EXIT_USAGE)
        if text == "-":
            return cls(url="-", kind="dump", database="-")
        path = Path(text).expanduser().resolve()
        if sniff(path) == "sqlite":
            return cls(url=f"sqlite://{path}", kind="sqlite", database=str(path))
        return cls(url=str(path), kind="dump", database=str(path))

    def restored_as(self, url: str) -> LegacySource:
        """The MySQL copy a dump was restored into, still shown as the dump."""
        parts = urlsplit(url)
        return LegacySource(url=url, kind="mysql", database=unquote(parts.path.strip("/")), origin=self.display)

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
        if self.origin:
            return self.origin
        if self.kind == "dump":
            return "standard input" if self.url == "-" else self.url
        return TargetDatabase.redact(self.url)

    @property
    def tls(self) -> dict[str, str]:
        """MySQL's TLS settings from the URL (?ssl-mode=VERIFY_IDENTITY&ssl-ca=/path/ca.pem)."""
        query = parse_qs(urlsplit(self.url).query)
        return {name: query[name][-1] for name in ("ssl-mode", "ssl-ca") if name in query}

    @property
    def fdw_ssl_ca(self) -> str | None:
        """The CA file mysql_fdw checks the legacy server's certificate
        against: its only TLS setting (it turns TLS on, and checks the chain,
        only when given one; it never checks the host name). What it cannot
        honour is refused rather than run with less."""
        mode = self.tls.get("ssl-mode", "").upper()
        ca = self.tls.get("ssl-ca")
        if mode == "VERIFY_IDENTITY":
            raise MigrateError(
                "mysql_fdw cannot check the legacy server's host name (ssl-mode=VERIFY_IDENTITY):"
                " use --loader client, or ssl-mode=VERIFY_CA with ssl-ca",
                EXIT_USAGE,
            )
        if mode in ("REQUIRED", "VERIFY_CA") and not ca:
            raise MigrateError(
                f"mysql_fdw turns TLS on only with a CA to check the server against (ssl-mode={mode}):"
                " add ssl-ca=/path/ca.pem to the legacy URL, or use --loader client",
                EXIT_USAGE,
            )
        return None if mode == "DISABLED" else ca

    @property
    def pgloader_url(self) -> str:
        if self.kind == "mysql" and self.tls:
            raise MigrateError(
                "pgloader takes no TLS settings for a MySQL source (ssl-mode, ssl-ca):"
                " use --loader client or fdw, which do",
                EXIT_USAGE,
            )
        if self.kind == "sqlite":
            return self.url  # load.py hands pgloader a link with a plain name instead
        parts = urlsplit(self.url)
        return pgloader_url(
            "mysql", unquote(parts.username or ""), unquote(parts.password or ""), parts.hostname or "localhost",
            parts.port or 3306, self.database,
        )

    def libpq_env(self, workdir: Path) -> dict[str, str]:
        """libpq's environment for psql on a PostgreSQL legacy database: the
        password in a 0600 password file in `workdir`, never on a command
        line nor in PGPASSWORD; the URL's TLS settings as libpq's own."""
        from .procs import write_secret

        parts = urlsplit(self.url)
        env = {
            "PGHOST": parts.hostname or "localhost",
            "PGPORT": str(parts.port or 5432),
            "PGDATABASE": self.database,
            "PGAPPNAME": "nodeshot-migrate legacy read",
        }
        if parts.username:
            env["PGUSER"] = unquote(parts.username)
        passfile = workdir / "pgpass"
        password = unquote(parts.password or "").replace("\\", "\\\\").replace(":", "\\:")
        write_secret(passfile, f"*:*:*:*:{password}\n")
        env["PGPASSFILE"] = str(passfile)
        query = parse_qs(parts.query)
        for name, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
            if name in query:
                env[variable] = query[name][-1]
        return env

    def mysql_option_file(self, path: Path) -> Path:
        """The connection as a MySQL client option file, 0600 from its first
        byte: credentials never on a command line nor in the environment."""
        from .procs import write_secret

        parts = urlsplit(self.url)
        lines = ["[client]", f"host={parts.hostname or 'localhost'}", f"port={parts.port or 3306}"]
        if parts.username:
            lines.append(f"user={unquote(parts.username)}")
        if parts.password:
            password = unquote(parts.password).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'password="{password}"')
        lines += mysql_tls_options(self.tls)
        write_secret(path, "\n".join(lines) + "\n")
        return path


def pgloader_url(scheme: str, user: str, password: str, host: str, port: int, dbname: str) -> str:
    """A connection string in pgloader's own grammar, from decoded parts: it
    reads no percent-encoding, and wants ':' and '@' in the user, and '@' in
    the password, doubled (other characters, quotes and spaces included, are
    taken as they are; control characters never reach here, check_url)."""
    user_part = user.replace(":", "::").replace("@", "@@")
    if password:
        user_part += ":" + password.replace("@", "@@")
    return f"{scheme}://{user_part}@{host}:{port}/{dbname}"


def mysql_tls_options(tls: dict[str, str]) -> list[str]:
    """Option-file lines for MySQL's ssl-mode / ssl-ca, in the MariaDB
    client's spelling (the client Debian installs, and the loaders use)."""
    mode = tls.get("ssl-mode", "").upper()
    lines = []
    if mode == "DISABLED":
        lines.append("skip-ssl")
    elif mode in ("REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY") or tls.get("ssl-ca"):
        lines.append("ssl")
    if tls.get("ssl-ca"):
        lines.append(f"ssl-ca={tls['ssl-ca']}")
    if mode in ("VERIFY_CA", "VERIFY_IDENTITY"):
        lines.append("ssl-verify-server-cert")
    return lines
