"""A legacy engine's command-line client, fed a script on its standard input."""

from __future__ import annotations

import subprocess


class ScriptClient:
    """Runs `argv()` with a script on stdin; `export` sends a table's export
    script (`export_script`, the engine's SQL) and returns the running
    process, its rows on stdout."""

    copy_format = "text"

    def argv(self) -> list[str]:
        raise NotImplementedError

    def export_script(self, table: str, columns: list[str], safe: bool) -> str:
        raise NotImplementedError

    def environment(self) -> dict[str, str] | None:
        """The client's environment (None: this process's own)."""
        return None

    def run_script(self, script: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            self.argv(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.environment()
        )
        assert proc.stdin is not None
        proc.stdin.write(script.encode())
        proc.stdin.close()
        return proc

    def export(self, table: str, columns: list[str], safe: bool = False) -> subprocess.Popen:
        return self.run_script(self.export_script(table, columns, safe))
