"""Markdown files with YAML front matter: split, parse with line numbers, and write back."""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.diagnostics import fail
from generator.textfile import CONTROL


# libyaml's C parser when PyYAML has it (several times faster: YAML is most of loading a dossier).
_Safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Safe):
    """Safe loading that keeps dates as text: the editor's "2024" or "2022-02" must not turn into numbers."""


# Drop the implicit timestamp resolver so YAML dates stay strings; content.py validates them.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    if not text.startswith("---\n"):
        return {}, text, 1
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.rstrip("\n").endswith("\n---"):
            end = len(text.rstrip("\n")) - 4
        else:
            raise fail(path, 1, "front-matter", "front matter opened with '---' is never closed with a '---' line")
    raw = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = raw.count("\n") + 3
    return load_yaml(raw, path, first_line=2), body, body_line


_UNQUOTED_COLON = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s+([^\s\"'\[{|>].*:.*)$")


def _colon_hint(raw: str, index: int) -> str | None:
    """"title: Seoul vor Kurswechsel: Lee will …" is YAML for a mapping inside a value; most German
    headlines have a colon, so say which field it is and how to write it."""
    lines = raw.splitlines()
    found = _UNQUOTED_COLON.match(lines[index]) if 0 <= index < len(lines) else None
    if not found:
        return None
    key, value = found.groups()
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"the value of '{key}' contains a colon; put it in quotes: {key}: {quoted}"


def load_yaml(raw: str, path: str, first_line: int = 1) -> dict[str, Any]:
    """Parse a YAML mapping; errors name the file and the line in that file."""
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        # Name the line where the broken construct starts (an unclosed "[" or quote), if YAML knows it.
        problem_line = first_line + exc.problem_mark.line if exc.problem_mark else first_line
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark:
            line = first_line + exc.context_mark.line
            if line != problem_line:
                problem = f"{exc.context} here: {problem} at line {problem_line}"
        else:
            line = problem_line
        hint = _colon_hint(raw, problem_line - first_line) if "mapping values" in problem else None
        raise fail(path, problem_line if hint else line, "yaml", hint or f"broken YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise fail(path, first_line, "yaml", f"broken YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise fail(path, first_line, "yaml", "front matter must be a mapping of 'key: value' lines")
    if "\\" in raw:  # a double-quoted escape ("\0", "\a", "\x85") is the only way to a control character
        for key, value in data.items():
            bad = _control(key) or _control(value)
            if bad:
                match = re.search(rf"^{re.escape(str(key))}\s*:", raw, re.M)
                line = first_line + (raw.count("\n", 0, match.start()) if match else 0)
                raise fail(path, line, "control-char", f"control character U+{ord(bad):04X} in {str(key)!r}")
    return data


def _control(value: Any, seen: set[int] | None = None) -> str | None:
    """The first control character in a parsed YAML value (texts in lists and mappings included)."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        return found.group() if found else None
    if not isinstance(value, (list, dict)):
        return None
    seen = seen if seen is not None else set()
    if id(value) in seen:  # YAML aliases may share or nest a value
        return None
    seen.add(id(value))
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    return next((bad for item in items if (bad := _control(item, seen))), None)


class _Dumper(yaml.SafeDumper):
    """Writes dates as plain text (date: 2025-07-13), matching how _Loader reads them."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Block style for multi-line text keeps the file readable for editors.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
# An editor field left empty reads "date:" rather than "date: null".
_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def dump(meta: dict[str, Any], body: str) -> str:
    """The file text for front matter and a Markdown body."""
    head = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    return f"---\n{head}---\n\n{body.strip()}\n"
