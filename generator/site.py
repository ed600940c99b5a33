"""One dossier project as a site: load -> link -> plan, the same for `dossier build` and `dossier serve`.

A `Site` remembers between builds what a rebuild can reuse: each file's parse, the link graph, the
theme, rendered Markdown and the digests of view objects. Only the writer differs: `build` renders into a
staging folder and swaps it in; the preview syncs its served folder in place.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator import content, links, mdcache
from generator.diagnostics import Diagnostic, DossierError
from generator.fingerprint import Digester
from generator.model import LinkedDossier
from generator.plan import Memo, Plan, plan_site
from generator.theme import Theme, load_theme


class Site:
    def __init__(self, root: Path, base_url: str | None = None, with_search: bool = True, strict: bool = False,
                 remember: bool = False):
        """`remember`: keep digests between builds by value too (a preview that rebuilds on every edit)."""
        self.root, self.base_url, self.with_search, self.strict = root, base_url, with_search, strict
        self.files: content.Memo = {}
        self.graph = links.LinkMemo()
        self.theme: Theme | None = None
        self.memo = Memo(markdown=mdcache.load(root), digest=Digester(remember=remember))
        self.cached_markdown = self.memo.markdown  # as read from .cache/, for saving what is still used

    def load(self) -> tuple[LinkedDossier, list[Diagnostic]]:
        """The linked dossier and every warning; raises DossierError on errors (and warnings when strict)."""
        dossier, diagnostics = content.load(self.root, self.files)
        if self.base_url is not None:
            dossier = replace(dossier, settings=replace(dossier.settings, base_url=self.base_url))
        linked, found = links.link(dossier, self.graph)
        diagnostics += found
        failing = [d for d in diagnostics if d.level == "error" or (self.strict and d.level == "warning")]
        if failing:
            raise DossierError(failing)
        return linked, diagnostics

    def plan(self) -> tuple[Plan, LinkedDossier, list[Diagnostic]]:
        """Every page planned, none rendered yet."""
        linked, diagnostics = self.load()
        self.theme = load_theme(self.root, self.theme)
        return plan_site(linked, self.theme, self.with_search, self.memo), linked, diagnostics

    def save_cache(self, plan: Plan) -> None:
        """Keep the rendered Markdown the site still shows in .cache/ for the next process."""
        mdcache.save(self.root, self.cached_markdown, plan.markdown, plan.bodies)
        self.cached_markdown = {}
