"""The theme: the default layouts shipped in the package (generator/layouts/), each overridden by a file of
the same path in the project's own layouts/ (as MkDocs' custom_dir and Hugo's project layouts); as a
Jinja2 environment, static assets, their fingerprints, and template errors turned into one-line messages
that name the layout file and line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.dates import german_date
from generator.openrefs import cited_by
from generator.diagnostics import fail
from generator.files import cache_folder
from generator.typography import german_quotes


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    assets: dict[str, bytes]  # "assets/style.css" -> bytes
    version: str  # hash over all assets, appended to asset URLs
    templates: str  # hash over all templates: a layout edit re-renders the pages


DEFAULT = Path(__file__).resolve().parent / "layouts"  # the packaged theme


def theme_files(root: Path) -> dict[str, Path]:
    """Every file of the theme by its path in the theme ("article.html", "assets/style.css"): the packaged
    one's, each replaced by the project's layouts/ file of the same path; hidden files left out."""
    found: dict[str, Path] = {}
    for folder in (DEFAULT, root / "layouts"):
        if folder.is_dir():
            found.update((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*")
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return dict(sorted(found.items()))


def load_theme(root: Path, previous: Theme | None = None) -> Theme:
    """Read the theme; returns `previous` itself when nothing in it changed (its compiled templates too)."""
    assets: dict[str, bytes] = {}
    templates = hashlib.sha256()
    for rel, path in theme_files(root).items():
        data = path.read_bytes()
        if rel.startswith("assets/"):
            assets[rel] = data
        templates.update(rel.encode() + b"\0" + data + b"\0")
    if previous is not None and previous.templates == templates.hexdigest():
        return previous
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(root / "layouts"), str(DEFAULT)]),  # the project's first
        autoescape=True,  # every piece of user text is escaped unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # load_theme() notices layout changes itself; no stat() per page
        bytecode_cache=_Compiled(cache_folder(root) / "templates"),
    )
    env.filters["german_date"] = german_date
    env.filters["cited_by"] = cited_by
    env.filters["typo"] = german_quotes
    version = hashlib.sha256(b"".join(n.encode() + b"\0" + d for n, d in assets.items())).hexdigest()[:10]
    return Theme(env=env, assets=assets, version=version, templates=templates.hexdigest())


class _Compiled(jinja2.FileSystemBytecodeCache):
    """The compiled layouts, kept between processes (compiling them takes a fresh build 0.2 s); Jinja
    checks each against its template's source. A damaged or unwritable file only costs the compiling."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - whatever a damaged file raises, it is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


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
