"""What the repository tracks: no local environment and no link out of it.

A `.venv` symlink made in a worktree once got committed (`.venv/` in
.gitignore matches directories only, not a link): a clean checkout then
had a dangling `.venv`, where `./inv` could not create the virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from nodeshot_migrate import PROJECT_DIR


def tracked() -> list[tuple[str, str]]:
    """(mode, path) of every file git tracks in the project."""
    if shutil.which("git") is None or not (PROJECT_DIR / ".git").exists():
        pytest.skip("not a git checkout: nothing is tracked")
    out = subprocess.run(
        ["git", "ls-files", "-s", "-z"], cwd=PROJECT_DIR, check=True, capture_output=True, text=True
    ).stdout
    entries = []
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        entries.append((meta.split()[0], path))
    return entries


def test_no_local_environment_is_tracked():
    local = [path for _mode, path in tracked() if path.split("/")[0] in (".venv", ".local", "target", "logs")]
    assert local == []


def test_no_tracked_link_leaves_the_project():
    for mode, path in tracked():
        if mode == "120000":  # a symbolic link
            target = os.readlink(PROJECT_DIR / path)
            resolved = (PROJECT_DIR / path).parent.joinpath(target).resolve()
            assert not os.path.isabs(target) and resolved.is_relative_to(PROJECT_DIR), f"{path} -> {target}"
