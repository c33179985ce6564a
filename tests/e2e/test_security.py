"""Security (issue 19): what another local user, a planted symlink, a weak
admin hash or a careless log line could get from a run.

The "other OS user" is `nobody`, reached with runuser: these tests need root
(as the whole suite does, to start the private servers as postgres/mysql).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nodeshot_migrate import procs
from nodeshot_migrate.cluster import Cluster
from nodeshot_migrate.errors import MigrateError
from nodeshot_migrate.mariadb import MariaDB
from nodeshot_migrate.procs import which

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another OS user (runuser)")


def as_nobody(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "nobody", "--", *argv],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        env={"PATH": os.environ["PATH"], "HOME": "/nonexistent"},
    )


# --- the private servers ---------------------------------------------------


def test_another_user_cannot_connect_to_postgres(cluster: Cluster):
    psql = which("psql", "postgresql-15")
    sockets = cluster.root.resolve() / "run"
    assert sockets.stat().st_mode & 0o777 == 0o700
    for host in (str(sockets), "127.0.0.1"):
        proc = as_nobody(psql, "-w", "-h", host, "-p", str(cluster.port), "-U", "nodeshot", "-d", "postgres",
                         "-c", "select 1")
        assert proc.returncode != 0, (host, proc.stdout)
        assert "?column?" not in proc.stdout
    # the same client as the tool's own user, with the password, gets in:
    # the refusals above are about who asks, not a broken server
    ok = subprocess.run(
        [psql, "-w", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "nodeshot", "-d", "postgres", "-Atc",
         "select 1"],
        capture_output=True, text=True, env={**os.environ, "PGPASSWORD": cluster.password}, check=False,
    )
    assert ok.stdout.strip() == "1", ok.stderr
    # and nobody cannot read that password
    assert as_nobody("cat", str(cluster.password_file)).returncode != 0


def test_no_trust_left_in_pg_hba(cluster: Cluster):
    lines = [
        line.split() for line in (cluster.data / "pg_hba.conf").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines and all(fields[-1] == "scram-sha-256" for fields in lines), lines


def test_another_user_cannot_connect_to_mariadb(mariadb: MariaDB):
    client = which("mariadb", "mariadb-client")
    attempts = [
        ["--protocol=socket", "-S", str(mariadb.socket), "-uroot"],
        ["--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-uroot"],
        ["--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-unodeshot"],
    ]
    for attempt in attempts:
        proc = as_nobody(client, "--no-defaults", *attempt, "-e", "select 'in'")
        assert proc.returncode != 0, (attempt, proc.stdout)
    # root over TCP is refused even with no password asked of it: unix_socket only
    proc = subprocess.run(
        [client, "--no-defaults", "--protocol=tcp", "-h", "127.0.0.1", "-P", str(mariadb.port), "-uroot",
         "-e", "select 'in'"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode != 0 and "in" not in proc.stdout.split()
    # the tool's own administrator (the socket's OS user) still gets in
    assert "in" in mariadb.sql("select 'in';").split()


def test_mariadb_files_are_confined(mariadb: MariaDB):
    folder = mariadb.sql("select @@secure_file_priv;").split()[-1]
    assert Path(folder).resolve() == mariadb.files.resolve()
    assert mariadb.files.stat().st_mode & 0o777 == 0o700
    with pytest.raises(MigrateError, match="secure-file-priv"):
        mariadb.sql("select 'x' into outfile '/tmp/nodeshot-migrate-should-not-exist.txt';")
    assert not Path("/tmp/nodeshot-migrate-should-not-exist.txt").exists()


# --- procs.private_dir: the symlink trick ---------------------------------


@pytest.fixture
def closed_checkout(tmp_path: Path) -> Path:
    """A checkout whose parents postgres cannot pass (like one under /root)."""
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    return closed


def test_private_dir_fallback_is_random_and_private(closed_checkout: Path):
    first = procs.private_dir(closed_checkout / "pg", "postgres")
    try:
        assert (closed_checkout / "pg").is_symlink()
        assert first.parent == Path("/var/tmp") and first.name.startswith("nodeshot-migrate-pg-")
        info = os.lstat(first)
        assert info.st_uid == procs.user_ids("postgres")[0] and info.st_mode & 0o777 == 0o700
        # a second call follows its own link to the same directory
        assert procs.private_dir(closed_checkout / "pg", "postgres") == first
    finally:
        subprocess.run(["rm", "-rf", str(first)], check=True)


def test_the_symlink_trick_fails(closed_checkout: Path, tmp_path: Path):
    """A link in the server's folder's place, pointing to a root-owned
    directory (or the old predictable path, planted as a link): refused, and
    the directory it points to keeps its owner."""
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    link = closed_checkout / "pg"
    link.symlink_to(victim)
    with pytest.raises(MigrateError, match="refusing to use it"):
        procs.private_dir(link, "postgres")
    assert os.lstat(victim).st_uid == 0

    # a link to a link that ends in a postgres-owned directory is refused too
    owned = Path(__import__("tempfile").mkdtemp(prefix="nodeshot-migrate-pg-", dir="/var/tmp"))
    try:
        os.chown(owned, *procs.user_ids("postgres"))
        hop = tmp_path / "hop"
        hop.symlink_to(owned)
        link.unlink()
        link.symlink_to(hop)
        with pytest.raises(MigrateError, match="refusing to use it"):
            procs.private_dir(link, "postgres")
    finally:
        os.rmdir(owned)


def test_a_planted_link_at_the_old_predictable_path_is_not_followed(closed_checkout: Path, tmp_path: Path):
    """Before issue 19 the fallback was /var/tmp/nodeshot-migrate/<name>-<sha1>,
    made with mkdir(exist_ok) and chowned through any link found there."""
    import hashlib

    root = closed_checkout / "pg"
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o700)
    old = Path("/var/tmp/nodeshot-migrate") / f"pg-{hashlib.sha1(str(root).encode()).hexdigest()[:10]}"
    old.parent.mkdir(exist_ok=True)
    old.symlink_to(victim)
    try:
        made = procs.private_dir(root, "postgres")
        try:
            assert made != old and os.lstat(victim).st_uid == 0
        finally:
            subprocess.run(["rm", "-rf", str(made)], check=True)
    finally:
        old.unlink()


def test_secret_files_are_never_readable_by_others(tmp_path: Path):
    old_umask = os.umask(0)  # the worst umask: the file must be 0600 anyway
    try:
        secret = tmp_path / "password"
        procs.write_secret(secret, "s3cret\n")
    finally:
        os.umask(old_umask)
    assert secret.stat().st_mode & 0o777 == 0o600
    assert as_nobody("cat", str(secret)).returncode != 0
