"""A legacy map handed over as a file: a mysqldump, plain or compressed.

Communities rarely hand over a running MySQL server; they have the nightly
backup. `--legacy PATH` (or `-` for standard input) restores such a dump into
the project's private MariaDB (mariadb.py), migrates from there, and drops the
restored database afterwards (`--keep-legacy` keeps it, and says its URL).

The dump is fed to MariaDB's own client: its bytes pass through here only to
be counted (the progress line), and so that whole-server dumps can be cut down
to the one nodeshot database. Lines of the other databases, and the dump's own
`CREATE DATABASE` / `USE` lines, are replaced by empty lines, so that the line
number in a client error is the line of the dump file.
"""

from __future__ import annotations

import contextlib
import gzip
import lzma
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import LOCAL_DIR
from .errors import EXIT_PREFLIGHT_DUMP, EXIT_USAGE, MigrateError
from .mariadb import MariaDB

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"
# What the first 64 KiB of a SQL dump holds (mysqldump's header, or at least
# one statement a dump of tables starts with).
_LOOKS_LIKE_SQL = re.compile(
    rb"^(?:-- (?:MySQL|MariaDB) dump|/\*!\d{5} |SET |CREATE TABLE |DROP TABLE |INSERT INTO |LOCK TABLES "
    rb"|CREATE DATABASE |USE `)",
    re.MULTILINE | re.IGNORECASE,
)
_HEADER = re.compile(rb"^-- (?:MySQL|MariaDB) dump ")
_COMPLETED = re.compile(rb"^-- Dump completed")
_USE = re.compile(rb"^USE `((?:[^`]|``)+)`;\s*$")
_CREATE_DB = re.compile(rb"^CREATE (?:DATABASE|SCHEMA) (?:/\*!32312 )?(?:IF NOT EXISTS\s*(?:\*/)?\s*)?`((?:[^`]|``)+)`")
_NODE_TABLE = re.compile(rb"^CREATE TABLE (?:IF NOT EXISTS )?`nodeshot_node`")
CHUNK = 1 << 20


def sniff(path: Path) -> str:
    """What a legacy file is, by its content: 'sqlite', or 'dump' (a SQL
    text, plain or gzip/xz compressed). Anything else is refused."""
    if not path.is_file():
        raise MigrateError(f"--legacy {path}: no such file", EXIT_USAGE)
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    try:
        with open_dump(path) as stream:
            text = stream.read(1 << 16)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise MigrateError(f"--legacy {path}: cannot be read as a compressed dump ({exc})", EXIT_USAGE) from exc
    if b"\x00" not in text and _LOOKS_LIKE_SQL.search(text):
        return "dump"
    raise MigrateError(
        f"--legacy {path} is neither a SQLite database nor a SQL dump (plain, .gz or .xz): pass a mysqldump"
        " file, a SQLite file, or a mysql:// or postgresql:// URL",
        EXIT_USAGE,
    )


def open_dump(path: Path) -> BinaryIO:
    """The dump's SQL bytes, decompressed by content (not by file name)."""
    with open(path, "rb") as fh:
        magic = fh.read(6)
    if magic.startswith(GZIP_MAGIC):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if magic.startswith(XZ_MAGIC):
        return lzma.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


@dataclass
class DumpScan:
    """What one pass over a dump found."""

    size: int = 0  # bytes of SQL (decompressed)
    lines: int = 0
    databases: list[str] = field(default_factory=list)  # in the order of the dump
    nodeshot_databases: list[str] = field(default_factory=list)  # those with a nodeshot_node table
    mysqldump_header: bool = False
    completed: bool = False  # mysqldump's closing "-- Dump completed" line


def _name(match: re.Match[bytes]) -> str:
    return match.group(1).replace(b"``", b"`").decode("utf-8", "replace")


def scan(path: Path) -> DumpScan:
    """One pass over the dump: its databases, which of them hold nodeshot's
    tables, its size, and whether mysqldump finished writing it."""
    found = DumpScan()
    current: str | None = None
    last = b""
    with open_dump(path) as stream:
        try:
            for line in stream:
                found.size += len(line)
                found.lines += 1
                if line.strip():
                    last = line
                first = line[:1]
                if first == b"-" and found.lines < 5 and _HEADER.match(line):
                    found.mysqldump_header = True
                elif first in (b"U", b"C"):
                    match = _USE.match(line) or _CREATE_DB.match(line)
                    if match:
                        current = _name(match)
                        if current not in found.databases:
                            found.databases.append(current)
                    elif _NODE_TABLE.match(line):
                        key = current or ""
                        if key not in found.nodeshot_databases:
                            found.nodeshot_databases.append(key)
        except (OSError, EOFError, lzma.LZMAError) as exc:
            raise MigrateError(
                f"the dump {path} is damaged or truncated: its compressed stream ends early ({exc})",
                EXIT_PREFLIGHT_DUMP,
            ) from exc
    found.completed = bool(_COMPLETED.match(last))
    return found


def choose_database(found: DumpScan, path: Path, wanted: str | None) -> str | None:
    """The dump's database to restore: None for a dump of one database's
    tables (no CREATE DATABASE / USE in it); its name for a dump of several."""
    if not found.databases:
        if wanted:
            raise MigrateError(
                f"--legacy-database {wanted}: the dump {path} holds the tables of one database, with no database"
                " name in it; leave --legacy-database out",
                EXIT_USAGE,
            )
        if "" not in found.nodeshot_databases:
            raise MigrateError(f"the dump {path} has no nodeshot_node table: is it a nodeshot 0.9 database?",
                               EXIT_PREFLIGHT_DUMP)
        return None
    if wanted:
        if wanted not in found.databases:
            raise MigrateError(
                f"--legacy-database {wanted}: the dump {path} holds no such database (it holds:"
                f" {', '.join(found.databases)})",
                EXIT_USAGE,
            )
        return wanted
    candidates = [name for name in found.nodeshot_databases if name]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise MigrateError(
            f"no database of the dump {path} has a nodeshot_node table (it holds: {', '.join(found.databases)})",
            EXIT_PREFLIGHT_DUMP,
        )
    raise MigrateError(
        f"the dump {path} holds several nodeshot databases ({', '.join(candidates)}): choose one with"
        " --legacy-database NAME",
        EXIT_USAGE,
    )


def kept_lines(stream: BinaryIO, database: str | None) -> Iterator[bytes]:
    """The dump's lines for one database: every line of a one-database dump;
    of a whole-server dump, the common header and the chosen database's
    lines. A dropped line becomes an empty one (line numbers stay the dump's).
    MySQL 8's collations, which MariaDB 10.11 does not know, are named by
    their MariaDB equivalent outside the rows (mysql8_collations)."""
    current: str | None = None
    for line in stream:
        first = line[:1]
        if database is not None and first in (b"U", b"C"):
            match = _USE.match(line) or _CREATE_DB.match(line)
            if match:
                current = _name(match)
                yield b"\n"
                continue
        if current is not None and current != database:
            yield b"\n"
        elif b"_0900_" in line and not line.startswith(_ROW_STATEMENTS):
            yield mysql8_collations(line)
        else:
            yield line


# A dump made by MySQL 8 names its default collation utf8mb4_0900_ai_ci
# (and other _0900_ ones) in table, database and session statements; the
# MariaDB that restores it refuses them ("Unknown collation").
_MYSQL8_COLLATION = re.compile(rb"\butf8mb4_0900_(?:as_cs|bin|[a-z_]*?ci)\b")
# The lines that carry rows (mysqldump --replace writes REPLACE INTO).
_ROW_STATEMENTS = (b"INSERT", b"REPLACE")


def mysql8_collations(line: bytes) -> bytes:
    """A statement line (not a row: INSERT and REPLACE lines are left as they are) with
    MySQL 8's collations as MariaDB's: *_bin stays binary, the others
    become utf8mb4_unicode_ci."""
    return _MYSQL8_COLLATION.sub(
        lambda m: b"utf8mb4_bin" if m.group(0).endswith((b"_bin", b"_as_cs")) else b"utf8mb4_unicode_ci", line
    )


def spool_stdin(echo: Callable[[str], None]) -> Path:
    """Standard input, copied to a private file: a dump is read twice (the
    scan, then the restore)."""
    folder = LOCAL_DIR / "dumps"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"stdin-{os.getpid()}.sql"
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out, CHUNK)
    echo(f"dump: read {path.stat().st_size / 1e6:.1f} MB from standard input")
    return path


class _Progress:
    """One line each tenth of the dump (or each 100 MB when its size is not known)."""

    def __init__(self, total: int, echo: Callable[[str], None]) -> None:
        self.total, self.echo, self.done, self.next_step = total, echo, 0, 1
        self.started = time.monotonic()

    def add(self, count: int) -> None:
        self.done += count
        if self.total and self.done * 10 >= self.next_step * self.total:
            self.next_step = self.done * 10 // self.total + 1
            self.echo(
                f"dump: {self.done / 1e6:.1f} of {self.total / 1e6:.1f} MB restored"
                f" ({100 * self.done // self.total} %, {time.monotonic() - self.started:.0f}s)"
            )


def restore(path: Path, found: DumpScan, database: str | None, server: MariaDB, into: str,
            echo: Callable[[str], None]) -> None:
    """Feed the dump (cut to `database`) to the MariaDB client, into the
    fresh database `into`; a client error stops with its line and message."""
    server.sql(f"drop database if exists `{into}`; create database `{into}` character set utf8mb4;")
    argv = [*server.client(into), "--batch", "--silent"]
    progress = _Progress(found.size, echo)
    client = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert client.stdin is not None  # noqa: S101 (Popen with stdin=PIPE)
    pending: list[bytes] = []
    size = 0
    try:
        with open_dump(path) as stream:
            for line in kept_lines(stream, database):
                pending.append(line)
                size += len(line)
                if size >= CHUNK:
                    client.stdin.write(b"".join(pending))
                    progress.add(size)
                    pending, size = [], 0
            client.stdin.write(b"".join(pending))
            progress.add(size)
        client.stdin.close()
    except BrokenPipeError:
        pass  # the client stopped at an error: its message says which
    with contextlib.suppress(BrokenPipeError):
        client.stdin.close()
    assert client.stderr is not None  # noqa: S101 (Popen with stderr=PIPE)
    stderr = client.stderr.read().decode("utf-8", "replace").strip()
    client.wait()
    if client.returncode != 0:
        server.sql(f"drop database if exists `{into}`;")
        raise MigrateError(
            f"the dump {path} did not load (nothing was written to the target): {stderr or 'the client failed'}",
            EXIT_PREFLIGHT_DUMP,
        )


@dataclass
class RestoredDump:
    server: MariaDB
    database: str
    started_server: bool
    url: str


def _restored_name(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", path.name.lower().split(".")[0])[:24].strip("_") or "dump"
    return f"dump_{stem}_{os.getpid()}"


@contextlib.contextmanager
def restored(path_text: str, *, database: str | None, keep: bool,
             echo: Callable[[str], None]) -> Iterator[RestoredDump]:
    """Restore a dump into the private MariaDB for the length of the block;
    afterwards drop the restored database (and stop the server when this
    started it), unless `keep`."""
    spooled = None
    path = Path(path_text)
    if path_text == "-":
        path = spooled = spool_stdin(echo)
    try:
        echo(f"dump: reading {path_text}")
        found = scan(path)
        if found.mysqldump_header and not found.completed:
            raise MigrateError(
                f"the dump {path_text} is truncated: it has mysqldump's header but not its closing"
                f" '-- Dump completed' line after its {found.lines} lines; nothing was written",
                EXIT_PREFLIGHT_DUMP,
            )
        chosen = choose_database(found, path, database)
        server = MariaDB()
        was_running = server.is_running()
        server.start()
        into = _restored_name(path)
        echo(
            f"dump: restoring {found.size / 1e6:.1f} MB" + (f" (database {chosen})" if chosen else "")
            + f" into the private MariaDB (.local/mariadb), database {into}"
        )
        t0 = time.monotonic()
        restore(path, found, chosen, server, into, echo)
        tables = server.sql(
            "select count(*) from information_schema.tables where table_schema = database()"
            " and table_name = 'nodeshot_node';\n",
            into,
        ).split()
        if tables[-1:] != ["1"]:
            server.sql(f"drop database if exists `{into}`;")
            raise MigrateError(f"the dump {path_text} restored no nodeshot_node table", EXIT_PREFLIGHT_DUMP)
        echo(f"dump: restored in {time.monotonic() - t0:.1f}s")
        restored_dump = RestoredDump(server, into, not was_running, server.url(into))
        try:
            yield restored_dump
        finally:
            if keep:
                echo(f"dump: kept the restored database: --legacy {server.redacted_url(into)} (password in"
                     f" {server.root / 'password'})")
            else:
                server.sql(f"drop database if exists `{into}`;")
                if restored_dump.started_server:
                    server.stop()
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
