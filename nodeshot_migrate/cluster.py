"""A private PostgreSQL 15 + PostGIS cluster in a project-local folder.

Used by `invoke demo`, the tests and the benchmark: nothing system-wide is
started or configured. The cluster listens on 127.0.0.1 only, on a free port
remembered in `<root>/port`, with a generated password kept in
`<root>/password` (mode 0600, root's). Every connection, over TCP or the
socket (in a 0700 folder), authenticates with that password (scram): no
other local user can connect. It is a scratch cluster: durability settings
are relaxed for speed (fsync off), so never keep real data in it.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import LOCAL_DIR
from .errors import EXIT_ERROR, MigrateError
from .procs import as_user, free_port, is_root, port_in_use, private_dir, run, start_lock, which, write_secret

SUPERUSER = "nodeshot"
# Every connection proves the password: no `trust`, not even on the socket.
HBA = """# nodeshot-migrate private cluster: password (scram) authentication only
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "50",
    "shared_buffers": "'1GB'",
    "work_mem": "'64MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'4GB'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_parallel_workers_per_gather": "2",
    "timezone": "'UTC'",
    "log_min_messages": "warning",
}


@dataclass
class Cluster:
    root: Path = LOCAL_DIR / "pg"

    @property
    def data(self) -> Path:
        # Resolved: under root, .local/pg may be a symlink to /var/tmp
        # (private_dir) because the checkout's parents are closed to the
        # postgres user, who must reach the data directory by its real path
        # (`invoke cluster-stop` in a fresh process failed on the link).
        return self.root.resolve() / "data"

    @property
    def port_file(self) -> Path:
        return self.root / "port"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def port(self) -> int:
        return int(self.port_file.read_text().strip())

    @property
    def password(self) -> str:
        return self.password_file.read_text().strip()

    def url(self, dbname: str = "postgres") -> str:
        return (
            f"postgresql://{SUPERUSER}:{quote(self.password, safe='')}"
            f"@127.0.0.1:{self.port}/{dbname}"
        )

    # -- lifecycle -----------------------------------------------------
    def _pg(self, program: str) -> str:
        return which(program, "apt-get install postgresql-15 postgresql-15-postgis-3")

    def initialise(self) -> None:
        self.root = private_dir(self.root, "postgres")
        if (self.data / "PG_VERSION").exists():
            return
        password = secrets.token_urlsafe(18)
        pwfile = self.root / "pwfile.tmp"
        write_secret(pwfile, password + "\n")
        if is_root():
            shutil.chown(pwfile, "postgres", "postgres")
        run(
            as_user(
                "postgres",
                [
                    self._pg("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    SUPERUSER,
                    "--pwfile",
                    str(pwfile),
                    "--auth-host=scram-sha-256",
                    "--auth-local=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
            ),
            what="initdb of the private PostgreSQL cluster",
        )
        pwfile.unlink()
        write_secret(self.password_file, password + "\n")
        conf = "\n".join(f"{k} = {v}" for k, v in SETTINGS.items())
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as fh:
            fh.write("\n# nodeshot-migrate private cluster\n" + conf + "\n")

    def secure_hba(self) -> bool:
        """Password (scram) authentication for every connection, over the
        socket too: with `trust` any local user was a superuser (clusters
        made before issue 19 had it). Returns True when the file changed."""
        hba = self.data / "pg_hba.conf"
        if hba.exists() and hba.read_text() == HBA:
            return False
        hba.write_text(HBA)
        if is_root():
            shutil.chown(hba, "postgres", "postgres")
        hba.chmod(0o600)
        return True

    def running(self) -> bool:
        pid = self.data / "postmaster.pid"
        if not pid.exists() or not self.port_file.exists():
            return False
        status = subprocess.run(
            as_user("postgres", [self._pg("pg_ctl"), "-D", str(self.data), "status"]),
            capture_output=True,
            check=False,
        )
        return status.returncode == 0 and port_in_use(self.port)

    def start(self) -> Cluster:
        """Initialise if needed and start; quick when already running."""
        with start_lock(self.root):
            return self._start()

    def _start(self) -> Cluster:
        self.initialise()
        hba_changed = self.secure_hba()
        if self.running():
            if hba_changed:
                run(as_user("postgres", [self._pg("pg_ctl"), "-D", str(self.data), "reload"]),
                    what="reloading the private PostgreSQL cluster's pg_hba.conf")
            return self
        port = self.port if self.port_file.exists() else free_port()
        if port_in_use(port):
            port = free_port()
        self.port_file.write_text(f"{port}\n")
        # The socket's folder is postgres' own, 0700: no other local user
        # reaches the socket at all.
        sockets = self.root / "run"
        if not sockets.exists():
            sockets.mkdir(mode=0o700)
            if is_root():
                shutil.chown(sockets, "postgres", "postgres")
        sockets.chmod(0o700)
        run(
            as_user(
                "postgres",
                [
                    self._pg("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "server.log"),
                    "-o",
                    f"-p {port} -k {sockets}",
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
            ),
            what=f"starting the private PostgreSQL cluster (log: {self.root / 'server.log'})",
        )
        for _ in range(50):
            if port_in_use(port):
                return self
            time.sleep(0.1)
        raise MigrateError(f"PostgreSQL did not open port {port}; see {self.root / 'server.log'}", EXIT_ERROR)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            run(
                as_user("postgres", [self._pg("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                what="stopping the private PostgreSQL cluster",
            )

    # -- databases -----------------------------------------------------
    def recreate_database(self, name: str) -> str:
        """Drop (if present) and create database `name`; return its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return self.url(name)

