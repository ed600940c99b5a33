"""How diagnostics are shown: as lines grouped by file (a terminal), as JSON (tools), as GitHub
workflow annotations (pull requests), with one summary line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from generator.diagnostics import Diagnostic, ordered


def lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One line per problem, each naming its file (an editor's "go to error" finds it), grouped by file
    in the order the files first come, with a blank line between files."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    shown: list[str] = []
    for group in by_file.values():
        if shown:
            shown.append("")
        shown += [str(d) for d in sorted(group, key=lambda d: d.line or 0)]  # stable: errors first per line
    return shown


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """{"errors": n, "warnings": n, "stubs": n, "drafts": n}"""
    found = {"errors": 0, "warnings": 0, "stubs": 0, "drafts": 0}
    for d in diagnostics:
        if d.level != "info":
            found[d.level + "s"] += 1
        elif d.code in ("stub", "draft"):
            found[d.code + "s"] += 1
    return found


def count(n: int, word: str) -> str:
    """"1 article", "2 articles", "10,000 pages": a number and its noun, singular for one."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: Iterable[Diagnostic], stubs: bool = False) -> str:
    """"1 error, 2 warnings" (and ", 3 stubs", and ", 1 draft" when there are drafts)."""
    found = counts(diagnostics)
    words = [("errors", "error"), ("warnings", "warning")] + [("stubs", "stub")] * stubs
    words += [("drafts", "draft")] * bool(stubs and found["drafts"])
    return ", ".join(count(found[key], word) for key, word in words)


def tally(diagnostics: Iterable[Diagnostic]) -> str:
    """"1 error", "2 warnings", "1 error, 2 warnings": only what there is."""
    found = counts(diagnostics)
    return ", ".join(count(found[key], key[:-1]) for key in ("errors", "warnings") if found[key])


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = list(diagnostics)
    items = [{"file": d.path, "line": d.line, "level": d.level, "code": d.code, "message": " ".join(d.message.split())}
             for d in ordered(diagnostics)]
    return json.dumps({"diagnostics": items, **counts(diagnostics)}, ensure_ascii=False, indent=2)


def annotations(diagnostics: Iterable[Diagnostic], root: Path) -> list[str]:
    """GitHub Actions workflow commands (`::warning file=…,line=…::…`) for errors and warnings, when run
    in a workflow: they show on the pull request's changed lines. Empty outside GitHub Actions."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return []
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or root)
    found = []
    for d in diagnostics:
        if d.level == "info":
            continue
        properties = {}
        if not d.path.startswith("/"):  # a file, not a URL of the site
            properties["file"] = os.path.relpath(root / d.path, workspace)
            if d.line:
                properties["line"] = str(d.line)
        properties["title"] = f"dossier [{d.code}]"
        fields = ",".join(f"{key}={_escape(value, True)}" for key, value in properties.items())
        found.append(f"::{d.level} {fields}::{_escape(' '.join(d.message.split()))}")
    return found


def _escape(text: str, property: bool = False) -> str:
    """GitHub's escaping of workflow command data and properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text
