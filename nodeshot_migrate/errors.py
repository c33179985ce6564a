"""Exit codes and the one exception type the tasks turn into them.

Every outcome of `invoke migrate` has its own exit code so that a cron job or
a CI script can tell a dry run from a refusal from a failure without parsing
output. The table is repeated in the README; keep both in step.
"""

from __future__ import annotations

EXIT_OK = 0  # committed (or, for other tasks, done)
EXIT_ERROR = 1  # unexpected error; the transaction was rolled back
EXIT_USAGE = 2  # bad flags or settings
EXIT_DRY_RUN = 3  # --dry-run: everything ran, then ROLLBACK as asked
EXIT_DECLINED = 4  # the operator answered "no" at the prompt: ROLLBACK
EXIT_LOCKED = 5  # another migration holds the lock
EXIT_LOAD_FAILED = 10  # pgloader (or the legacy copy) failed: nothing written
EXIT_BUILD_FAILED = 11  # dbt build or a data test failed: nothing written
EXIT_APPLY_FAILED = 12  # the apply transaction failed: ROLLBACK, nothing written
EXIT_MISSING_TOOL = 13  # a required program is not installed
EXIT_VERIFY_FAILED = 14  # the target differs from the build after the apply's writes: ROLLBACK, nothing written
# Pre-flight checks (nothing written when any of them fails).
EXIT_PREFLIGHT_TARGET = 20  # the target is not a nodeshot 1.x schema
EXIT_PREFLIGHT_LEGACY = 21  # the legacy schema is not what staging expects
EXIT_PREFLIGHT_LAYERS = 22  # a layer area is invalid
EXIT_PREFLIGHT_STATUS = 23  # the status mapping does not cover a legacy status
EXIT_PREFLIGHT_DEFAULT_LAYER = 24  # the default layer does not exist
EXIT_PREFLIGHT_TIMEZONE = 25  # the legacy time zone is not a known zone
EXIT_PREFLIGHT_LENGTHS = 26  # a string does not fit its target column
EXIT_PREFLIGHT_DUMP = 27  # the legacy dump file is truncated or did not restore


class MigrateError(Exception):
    """An error the operator can act on: a message and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


# Every password the tool was given (raw, decoded and percent-encoded, as it
# may appear in a URL, a child program's output or a database error):
# redact() replaces them in anything the tool prints (issue 19).
_SECRETS: set[str] = set()


def register_secret(*values: str | None) -> None:
    from urllib.parse import quote

    for value in values:
        # a value of one to three characters would blank out ordinary words
        # of every message; such a password protects little anyway
        if value and len(value) >= 4:
            _SECRETS.update({value, quote(value, safe="")})


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
