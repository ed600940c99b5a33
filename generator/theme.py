"""The layouts folder as a theme: a Jinja2 environment, static assets, their fingerprints, and template
errors turned into one-line messages that name the layout file and line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.dates import german_date
from generator.diagnostics import fail
from generator.markdown import german_quotes


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    assets: dict[str, bytes]  # "assets/style.css" -> bytes
    version: str  # hash over all assets, appended to asset URLs
    templates: str  # hash over all templates: a layout edit re-renders the pages


def load_theme(root: Path, previous: Theme | None = None) -> Theme:
    """Read layouts/; returns `previous` itself when nothing in it changed (its compiled templates too)."""
    layouts = root / "layouts"
    if not (layouts / "base.html").is_file():
        raise fail("layouts", None, "no-layouts", f"no layouts/base.html in {root}; a dossier project needs layouts/")
    assets: dict[str, bytes] = {}
    templates = hashlib.sha256()
    for path in sorted(p for p in layouts.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(layouts).as_posix()
        data = path.read_bytes()
        if rel.startswith("assets/"):
            assets[rel] = data
        templates.update(rel.encode() + b"\0" + data + b"\0")
    if previous is not None and previous.templates == templates.hexdigest():
        return previous
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,  # every piece of user text is escaped unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # load_theme() notices layout changes itself; no stat() per page
    )
    env.filters["german_date"] = german_date
    env.filters["typo"] = german_quotes
    version = hashlib.sha256(b"".join(n.encode() + b"\0" + d for n, d in assets.items())).hexdigest()[:10]
    return Theme(env=env, assets=assets, version=version, templates=templates.hexdigest())


def render(theme: Theme, template: str, context: dict[str, Any]) -> bytes:
    """One page; a template error becomes a DossierError naming the layout file and line."""
    try:
        html = theme.env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise fail(f"layouts/{exc.name or template}", exc.lineno, "template", exc.message or "syntax error") from None
    except jinja2.TemplateError as exc:
        where, line = _template_frame(exc, template)
        raise fail(where, line, "template", f"{type(exc).__name__}: {exc}") from None
    return html.encode("utf-8")


def _template_frame(exc: BaseException, template: str) -> tuple[str, int | None]:
    """The layout file and line where rendering failed, from Jinja's traceback frames."""
    tb, where, line = exc.__traceback__, f"layouts/{template}", None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            where, line = "layouts/" + Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return where, line
