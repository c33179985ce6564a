"""`invoke verify-nodeshot`: let nodeshot 1.x itself judge a migrated database.

The checks are in verify27.py, which runs inside a nodeshot 1.x installation
(Python 2.7, Django 1.8): either the stack that ../shared/nodeshot-1x builds,
or a site's own Django project. This side finds the interpreter and the
settings, passes the deviations that docs/deviations.md documents as
accepted, and relays the output and the exit status.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import PROJECT_DIR
from .errors import EXIT_USAGE, MigrateError
from .nodeshot import SHARED_NODESHOT, build_stack
from .urls import TargetDatabase

CHECKER = Path(__file__).with_name("verify27.py")
DEVIATIONS = PROJECT_DIR / "docs" / "deviations.md"
# In docs/deviations.md: `verify-nodeshot accepts PART:WHAT[:TEXT]`, beside
# the paragraph that explains the deviation.
_ACCEPT = re.compile(r"`verify-nodeshot accepts ([a-z]+:[^`:]+(?::[^`]+)?)`")


@dataclass
class Installation:
    """How to start Python inside a nodeshot 1.x installation."""

    python: str
    pythonpath: list[str]
    settings: str


def documented_deviations(path: Path = DEVIATIONS) -> list[str]:
    """The PART:WHAT[:TEXT] patterns that docs/deviations.md accepts."""
    return _ACCEPT.findall(path.read_text(encoding="utf-8"))


def installation(nodeshot: str | Path | None) -> Installation:
    """--nodeshot DIR: a folder with build-stack.sh (the shared tool: the stack
    is built, or re-checked, and used) or a site's Django project (manage.py)."""
    folder = Path(nodeshot).resolve() if nodeshot else SHARED_NODESHOT
    if (folder / "build-stack.sh").is_file():
        stack = build_stack(folder)
        return Installation(
            python=str(stack / "venv" / "bin" / "python"),
            pythonpath=[str(stack / "nodeshot"), str(stack / "site")],
            settings="ci.settings",
        )
    manage_py = folder / "manage.py"
    if manage_py.is_file():
        found = re.search(r"DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"]([\w.]+)['\"]", manage_py.read_text())
        settings = os.environ.get("DJANGO_SETTINGS_MODULE") or (found.group(1) if found else "")
        if not settings:
            raise MigrateError(
                f"cannot tell the settings module of {manage_py}: set DJANGO_SETTINGS_MODULE", EXIT_USAGE
            )
        candidates = [os.environ.get("NODESHOT_PYTHON", "")] + [
            str(place / "bin" / "python") for place in (folder / "venv", folder.parent / "venv", folder / "env")
        ]
        python = next((c for c in candidates if c and os.access(c, os.X_OK)), "python2.7")
        return Installation(python=python, pythonpath=[str(folder)], settings=settings)
    raise MigrateError(
        f"--nodeshot {folder}: neither nodeshot's tool folder (build-stack.sh) nor a Django project (manage.py)",
        EXIT_USAGE,
    )


def verify_nodeshot(
    target: TargetDatabase,
    nodeshot: str | Path | None = None,
    *,
    accept: list[str] | None = None,
    with_deviations: bool = True,
    api: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the checks; the output is returned (and printed by the task)."""
    site = installation(nodeshot)
    patterns = (documented_deviations() if with_deviations else []) + list(accept or [])
    argv = [site.python, str(CHECKER)]  # the URL goes in the environment: argv is public (ps)
    for pattern in patterns:
        argv += ["--accept", pattern]
    if not api:
        argv.append("--no-api")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONSTARTUP", "PYTHONPATH")}
    env.update(
        PYTHONPATH=os.pathsep.join(site.pythonpath),
        DJANGO_SETTINGS_MODULE=site.settings,
        PYTHONHASHSEED="0",
        PYTHONNOUSERSITE="1",
        PYTHONIOENCODING="utf-8",
        NODESHOT_VERIFY_TARGET=target.url,
    )
    return subprocess.run(argv, env=env, text=True, capture_output=True, check=False)
