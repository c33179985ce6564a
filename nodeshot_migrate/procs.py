"""Small helpers to run external programs with clear errors."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import stat
import subprocess
import tempfile
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


VAR_TMP = Path("/var/tmp")


def write_secret(path: Path, text: str) -> None:
    """Write a secret file that is 0600 from its first byte (never a moment
    world-readable, whatever the umask), replacing any earlier one."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def user_ids(owner: str) -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam(owner)
    return entry.pw_uid, entry.pw_gid


def private_dir(root: Path, owner: str) -> Path:
    """Create `root` as a 0700 directory of `owner` (a server's system user)
    when root, and return it.

    The parents must be traversable by that user; if they are not (e.g. a
    checkout under /root), a fresh directory is made with mkdtemp under
    /var/tmp (a random name nobody can plant beforehand) and a symlink in
    `root`'s place says where it went. An existing symlink is followed only
    when its target is such a directory: a real directory (not a link),
    already owned by `owner`, closed to others, directly under /var/tmp.
    Nothing here ever chowns a path it did not just create.
    """
    if not is_root():
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return root
    uid, gid = user_ids(owner)
    if root.is_symlink():
        target = Path(os.readlink(root))
        if target.exists() or target.is_symlink():
            _check_elsewhere(root, target, uid, owner)
            return target
        root.unlink()  # its directory was cleaned away (tmp reaper): make a new one
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    if created:
        os.chown(root, uid, gid, follow_symlinks=False)
    elif os.lstat(root).st_uid != uid:
        raise MigrateError(
            f"{root} exists but is not owned by {owner}: remove it (it holds only a scratch server) and retry"
        )
    os.chmod(root, 0o700)
    probe = subprocess.run(as_user(owner, ["test", "-w", str(root)]), check=False, capture_output=True)
    if probe.returncode == 0:
        return root
    elsewhere = Path(tempfile.mkdtemp(prefix=f"nodeshot-migrate-{root.name}-", dir=VAR_TMP))
    os.chown(elsewhere, uid, gid, follow_symlinks=False)
    root.rmdir()
    root.symlink_to(elsewhere)
    return elsewhere


def _check_elsewhere(link: Path, target: Path, uid: int, owner: str) -> None:
    """Refuse a symlink that does not lead to a directory private_dir made."""
    info = os.lstat(target)
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "is not a plain directory"
    elif target.parent != VAR_TMP or not target.name.startswith("nodeshot-migrate-"):
        problem = f"is not a nodeshot-migrate directory directly under {VAR_TMP}"
    elif info.st_uid != uid:
        problem = f"is not owned by {owner}"
    elif info.st_mode & 0o077:
        problem = "is open to other users"
    if problem:
        raise MigrateError(
            f"{link} points to {target}, which {problem}: refusing to use it."
            f" Remove the symlink {link} and retry (a fresh private directory is made)"
        )


@contextlib.contextmanager
def start_lock(root: Path) -> Iterator[None]:
    """Serialise the starting of one private server between processes of this
    checkout (two `invoke` commands, or the test workers started together):
    the second waits, then finds the server running."""
    if not root.parent.exists():
        # 0711: the servers' users pass through to their own folders, no
        # other user can list it (whatever the umask)
        root.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(root.parent, 0o711)
    with open(root.parent / f".{root.name}.start.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
