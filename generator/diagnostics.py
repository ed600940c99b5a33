"""One type for everything the tool tells an editor: errors and warnings with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Level = Literal["error", "warning", "info"]
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    level: Level
    code: str
    message: str

    def __str__(self) -> str:
        path = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], self.path)  # a file name may hold a newline
        where = f"{path}:{self.line}" if self.line else path
        # One line, always: an editor greps for it and a terminal never wraps a traceback.
        text = " ".join(self.message.split())
        return f"{where}: {self.level}: {text} [{self.code}]"


class DossierError(Exception):
    """Raised with one or more diagnostics; the CLI prints them and exits non-zero."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic], warnings: Iterable[Diagnostic] = ()):
        items = [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        self.diagnostics: list[Diagnostic] = items
        self.warnings: list[Diagnostic] = list(warnings)  # found beside the errors: `check` shows them too
        super().__init__("\n".join(str(d) for d in items))


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings, then notes; by file and line within each."""
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(diagnostics, key=lambda d: (rank[d.level], d.path, d.line or 0, d.code, d.message))


def error(path: str | Path, line: int | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, "error", code, message)


def warning(path: str | Path, line: int | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, "warning", code, message)


def info(path: str | Path, line: int | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, "info", code, message)


def fail(path: str | Path, line: int | None, code: str, message: str) -> DossierError:
    """An error to raise: `raise fail(path, line, "code", "message")`."""
    return DossierError(error(path, line, code, message))
