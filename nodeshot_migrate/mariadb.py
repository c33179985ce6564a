"""A private MariaDB server in a project-local folder (tests and benchmark).

Real nodeshot 0.9 installations ran on MySQL; the tests load the same legacy
fixtures into this server and into SQLite files and expect the same result.
It listens on 127.0.0.1 on a free port (kept in `<root>/port`); the user
`nodeshot` has a generated password kept in `<root>/password` (0600, root's)
and is the only account reachable over TCP. The server's root account
authenticates by unix_socket only (the OS user running this tool), the
folder holding the socket is 0700, and LOAD DATA / SELECT ... INTO OUTFILE
are confined to a private folder (`--secure-file-priv`).
"""

from __future__ import annotations

import getpass
import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import LOCAL_DIR
from .errors import EXIT_ERROR, MigrateError
from .procs import as_user, free_port, is_root, port_in_use, private_dir, run, start_lock, user_ids, which, write_secret

HINT = "apt-get install mariadb-server"
# The server's administrator, authenticated by unix_socket: root when this
# tool runs as root, otherwise the OS user running it.
ADMIN = "root" if is_root() else getpass.getuser()


@dataclass
class MariaDB:
    root: Path = LOCAL_DIR / "mariadb"
    # more mariadbd options (the TLS tests: --ssl-cert, --ssl-key, --ssl-ca)
    server_options: tuple[str, ...] = ()

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

    def redacted_url(self, dbname: str) -> str:
        return f"mysql://nodeshot:***@127.0.0.1:{self.port}/{dbname}"

    def is_running(self) -> bool:
        return self.socket.exists() and (self.root / "port").exists() and port_in_use(self.port)

    @property
    def files(self) -> Path:
        """The only folder the server may read or write files in (secure-file-priv)."""
        return self.root / "files"

    def client(self, dbname: str | None = None) -> list[str]:
        """argv of the `mariadb` command-line client, as the server's root
        (unix_socket authentication: the OS user running this tool)."""
        argv = [which("mariadb", HINT), "--protocol=socket", "-S", str(self.socket), f"-u{ADMIN}"]
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
                        "--auth-root-authentication-method=socket",
                        f"--auth-root-socket-user={ADMIN}",
                        "--skip-test-db",
                    ],
                ),
                what="mariadb-install-db",
            )
        if self.socket.exists() and (self.root / "port").exists() and port_in_use(self.port):
            return self
        if not self.files.exists():
            self.files.mkdir(mode=0o700)
            if is_root():
                os.chown(self.files, *user_ids("mysql"))
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
                f"--secure-file-priv={self.files}",
                *self.server_options,
            ],
        )
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(300):
            if port_in_use(port) and self.socket.exists():
                break
            time.sleep(0.1)
        else:
            raise MigrateError(f"MariaDB did not start on port {port}; see {log}", EXIT_ERROR)
        self._secure_accounts()
        return self

    def _secure_accounts(self) -> None:
        """Only the socket administrator and the TCP user `nodeshot` (with
        its generated password) may log in. A data folder made before issue
        19 had a password-less root over TCP too: closed here on every start."""
        keep = {(ADMIN, "localhost"), ("nodeshot", "127.0.0.1"), ("mariadb.sys", "localhost")}
        accounts = [
            tuple(line.split("\t"))
            for line in self.sql("select user, host from mysql.global_priv;\n").splitlines()[1:]
            if line.strip()
        ]
        statements = [f"drop user if exists '{user}'@'{host}';" for user, host in accounts if (user, host) not in keep]
        statements.append(f"alter user '{ADMIN}'@'localhost' identified via unix_socket;")
        password_file = self.root / "password"
        if not password_file.exists():
            password = secrets.token_urlsafe(18)
            statements += [
                f"create user if not exists 'nodeshot'@'127.0.0.1' identified by '{password}';",
                "grant all privileges on *.* to 'nodeshot'@'127.0.0.1';",
            ]
            self.sql("\n".join(statements) + "\n")
            write_secret(password_file, password + "\n")
        else:
            self.sql("\n".join(statements) + "\n")

    def stop(self) -> None:
        pid_file = self.root / "mysqld.pid"
        if pid_file.exists():
            run(self.client() + ["-e", "shutdown"], what="stopping MariaDB")

    def recreate_database(self, name: str) -> str:
        self.sql(f"drop database if exists `{name}`; create database `{name}` character set utf8;")
        return self.url(name)
