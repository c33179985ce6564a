"""Small helpers to run external programs with clear errors."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from .errors import EXIT_MISSING_TOOL, MigrateError

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def is_root() -> bool:
    return os.geteuid() == 0


def which(program: str, hint: str) -> str:
    """Return the path of `program` or fail with what to install."""
    candidate = PG_BIN / program
    if candidate.exists():
        return str(candidate)
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if not found:
        raise MigrateError(
            f"'{program}' is not installed: {hint} (./inv installs it on Debian 12)",
            EXIT_MISSING_TOOL,
        )
    return found


def as_user(user: str, argv: Sequence[str]) -> list[str]:
    """Run argv as `user` when we are root (servers refuse to run as root)."""
    if is_root():
        return ["runuser", "-u", user, "--", *argv]
    return list(argv)


def run(
    argv: Sequence[str],
    *,
    what: str,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
    capture: bool = True,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a program; on failure raise MigrateError with its own message."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    proc = subprocess.run(
        list(argv),
        env=full_env,
        input=input_text,
        text=True,
        capture_output=capture,
        cwd=cwd,
        check=False,
    )
    if proc.returncode != 0:
        output = ((proc.stderr or "") + (proc.stdout or "")).strip()
        tail = "\n".join(output.splitlines()[-25:])
        raise MigrateError(f"{what} failed (exit {proc.returncode}):\n{tail}")
    return proc


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def private_dir(root: Path, owner: str) -> Path:
    """Create `root` owned by `owner` (a server's system user) when root.

    Returns the directory. The parents must be traversable by that user; if
    they are not (e.g. a checkout under /root), a folder under /var/tmp named
    after the checkout is used instead, and a symlink in `root`'s place says
    where it went.
    """
    if not is_root():
        root.mkdir(parents=True, exist_ok=True)
        return root
    if root.is_symlink():
        target = Path(os.readlink(root))
        target.mkdir(parents=True, exist_ok=True)
        shutil.chown(target, owner, owner)
        return target
    root.mkdir(parents=True, exist_ok=True)
    shutil.chown(root, owner, owner)
    probe = subprocess.run(
        as_user(owner, ["test", "-w", str(root)]), check=False, capture_output=True
    )
    if probe.returncode == 0:
        return root
    import hashlib

    digest = hashlib.sha1(str(root).encode()).hexdigest()[:10]
    elsewhere = Path("/var/tmp/nodeshot-migrate") / f"{root.name}-{digest}"
    elsewhere.mkdir(parents=True, exist_ok=True)
    shutil.chown(elsewhere, owner, owner)
    os.chmod(elsewhere.parent, 0o755)
    root.rmdir()
    root.symlink_to(elsewhere)
    return elsewhere


@contextlib.contextmanager
def start_lock(root: Path) -> Iterator[None]:
    """Serialise the starting of one private server between processes of this
    checkout (two `invoke` commands, or the test workers started together):
    the second waits, then finds the server running."""
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f".{root.name}.start.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
