"""A private MariaDB server in a project-local folder (tests and benchmark).

Real nodeshot 0.9 installations ran on MySQL; the tests load the same legacy
fixtures into this server and into SQLite files and expect the same result.
It listens on 127.0.0.1 on a free port (kept in `<root>/port`); the user
`nodeshot` has a generated password kept in `<root>/password`.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import LOCAL_DIR
from .errors import EXIT_ERROR, MigrateError
from .procs import as_user, free_port, port_in_use, private_dir, run, start_lock, which

HINT = "apt-get install mariadb-server"


@dataclass
class MariaDB:
    root: Path = LOCAL_DIR / "mariadb"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket(self) -> Path:
        return self.root / "mysqld.sock"

    @property
    def port(self) -> int:
        return int((self.root / "port").read_text().strip())

    @property
    def password(self) -> str:
        return (self.root / "password").read_text().strip()

    def url(self, dbname: str) -> str:
        return f"mysql://nodeshot:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{dbname}"

    def client(self, dbname: str | None = None) -> list[str]:
        """argv of the `mariadb` command-line client, as the server's root."""
        argv = [which("mariadb", HINT), "--protocol=socket", "-S", str(self.socket), "-uroot"]
        argv.append("--default-character-set=utf8mb4")
        if dbname:
            argv.append(dbname)
        return argv

    def sql(self, statements: str, dbname: str | None = None) -> str:
        return run(self.client(dbname), what="MariaDB client", input_text=statements).stdout

    def start(self) -> MariaDB:
        """Initialise if needed and start; quick when already running."""
        with start_lock(self.root):
            return self._start()

    def _start(self) -> MariaDB:
        self.root = private_dir(self.root, "mysql")
        if not (self.data / "mysql").exists():
            run(
                as_user(
                    "mysql",
                    [
                        which("mariadb-install-db", HINT),
                        f"--datadir={self.data}",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db",
                    ],
                ),
                what="mariadb-install-db",
            )
        if self.socket.exists() and (self.root / "port").exists() and port_in_use(self.port):
            return self
        port = free_port()
        (self.root / "port").write_text(f"{port}\n")
        log = self.root / "server.log"
        argv = as_user(
            "mysql",
            [
                which("mariadbd", HINT),
                f"--datadir={self.data}",
                f"--socket={self.socket}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                f"--pid-file={self.root / 'mysqld.pid'}",
                f"--log-error={log}",
                "--skip-log-bin",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=1G",
                "--character-set-server=utf8",
                "--collation-server=utf8_general_ci",
                "--sql-mode=NO_ENGINE_SUBSTITUTION",
                "--secure-file-priv=",
            ],
        )
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(300):
            if port_in_use(port) and self.socket.exists():
                break
            time.sleep(0.1)
        else:
            raise MigrateError(f"MariaDB did not start on port {port}; see {log}", EXIT_ERROR)
        password_file = self.root / "password"
        if not password_file.exists():
            password = secrets.token_urlsafe(18)
            self.sql(
                f"create user if not exists 'nodeshot'@'127.0.0.1' identified by '{password}';\n"
                "grant all privileges on *.* to 'nodeshot'@'127.0.0.1';\n"
            )
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        return self

    def stop(self) -> None:
        pid_file = self.root / "mysqld.pid"
        if pid_file.exists():
            run(self.client() + ["-e", "shutdown"], what="stopping MariaDB")

    def recreate_database(self, name: str) -> str:
        self.sql(f"drop database if exists `{name}`; create database `{name}` character set utf8;")
        return self.url(name)
