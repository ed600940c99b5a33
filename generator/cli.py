"""The `dossier` command: import, build, serve, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import Iterable

from generator import __version__, oserror, report
from generator.diagnostics import Diagnostic, DossierError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except DossierError as exc:
        _show(exc.diagnostics, args.root, sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndossier: interrupted" if _progress.shown else "dossier: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # disk full, permissions: the user's to fix, not a bug
        if args.debug:
            raise
        where, what = oserror.describe(exc)
        print(f"{where}: error: {what}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in dossier: one line, and the traceback on request
        if args.debug:
            raise
        print(f"dossier: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier", description="Build curated, cross-linked news dossiers: import article texts, check "
                                    "them, preview them while editing, publish them as a static site.",
        epilog="Run 'dossier COMMAND --help' for a command's description and examples.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--root", type=Path, default=Path.cwd(), help="the dossier project folder (default: .)")
    common.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, summary: str, description: str, examples: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=summary, description=description,
                                   epilog="examples:\n" + examples, formatter_class=_Help)

    p = command("build", "build the site into site/", """\
Build the site into site/ (or --output): every article, stub, topic, entity and index page, the feed, the
sitemap and the Pagefind search index. Only pages whose inputs changed are rendered again; the new site
replaces the old one at once, so a failed build leaves the old site as it was. Articles with draft: true
are left out (no page, feed, sitemap or search entry; references to them are stubs) unless --drafts.
Warnings are shown and counted; --strict fails on them, as `dossier check --strict` does.""", """\
  dossier build
  dossier build --strict --base-url https://owner.github.io/repo/ \\
      --published https://owner.github.io/repo/sitemap.xml           # as the Pages workflow does
  dossier build --no-search -q                                      # fast, errors only""")
    p.add_argument("-o", "--output", type=Path, help="output folder (default: ROOT/site)")
    p.add_argument("--base-url", help="URL or path the site is served under, e.g. https://owner.github.io/repo/")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--drafts", action="store_true", help="publish the drafts too (draft: true), marked \"Entwurf\"")
    p.add_argument("--published", metavar="SITEMAP",
                   help="the live site's sitemap.xml (a file or an http(s) URL): warn for every article URL it "
                        "lists that this build drops without a redirect_from (nothing live yet: a note)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=_build, command="build")

    p = command("init", "start a new dossier project in DIR", """\
Write a new dossier project into DIR (made if missing): content/dossier.yaml with the title and
description, empty content/articles/, content/entities/ and content/pages/, a .gitignore, the GitHub
Pages workflow with the requirement it installs (requirements.txt), and a short README. The theme comes
from the installed package; no copy is written. A folder that holds a dossier is refused, and no
existing file is ever overwritten.""", """\
  dossier init nordkorea --title "Russland und Nordkorea"
  dossier init . --title "Wahl 2026" --description "Berichte zur Bundestagswahl"
""")
    p.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="DIR",
                   help="the folder for the new dossier (default: .)")
    p.add_argument("--title", help="the dossier's title (default: from the folder's name)")
    p.add_argument("--description", default="", help="one sentence on what the dossier is about")
    p.set_defaults(run=_init, command="init")

    p = command("import", "import raw article texts into content/articles/", """\
Turn raw article texts (title line, optional "(Bild: …)" credit, lede, paragraphs, subheadings and
"Lesen Sie auch" blocks, as pasted from a news site) into Markdown articles under content/articles/,
losing no word. Related titles are linked to the articles they name; an article that was a stub takes the
stub's URL. An article the editor has changed since its import is only replaced with --force, and then
kept in content/backups/ first. The raw text is kept in content/sources/. A saved web page (told apart
by its content) or an http(s):// address gives the article in the page, with its outlet, author, date and
address; a page that is no single article (a section front, a live ticker) is refused.""", """\
  dossier import inbox/*.txt
  dossier import --dry-run artikel.txt   # how each line is read, and where each related title leads
  dossier import seite.html https://www.example.de/artikel-100.html   # web pages: the article in them""")
    p.add_argument("files", nargs="+", type=_file_or_url, metavar="FILE",
                   help="raw article text, saved web page (.html) or an article's http(s):// address")
    p.add_argument("--force", action="store_true",
                   help="replace an article the editor changed since its import; the changed file is kept in "
                        "content/backups/ first (date, topics, aliases, events, redirect_from, image, alt and "
                        "draft stay)")
    p.add_argument("--dry-run", action="store_true",
                   help="show how every line is read and where each related title leads; write nothing")
    p.set_defaults(run=_import, command="import")

    p = command("new", "start a new article: content/articles/<slug>.md", """\
Write content/articles/<slug>.md with the front matter to fill in (title, today's date, draft: true, lede,
topics, related) and print its path. As a draft it stays out of `dossier build` (`dossier serve` shows
it) until its draft: true line is removed. When a "Lesen Sie auch" title already names the article, the
new file takes that stub's URL. A title the dossier already has, or an existing file, is never
overwritten.""", """\
  dossier new "Kim empfängt Lawrow in Wonsan"
  $EDITOR "$(dossier new 'Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un')"
""")
    p.add_argument("title", help="the article's title")
    p.set_defaults(run=_new, command="new")

    p = command("serve", "preview: build, serve, rebuild and reload on every edit", """\
Build the site into a temporary folder and serve it on this machine. Every saved change under content/
or layouts/ rebuilds what it affects and reloads the browser; the terminal shows each new warning or
error, and a line when it is fixed. A broken file shows its error in the browser too. Drafts (draft:
true) are shown, marked "Entwurf", unless --no-drafts. Nothing in site/ is changed.""", """\
  dossier serve
  dossier serve --base-url /repo/ -p 8080   # as under a GitHub Pages project site""")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("-p", "--port", type=_port, default=8000, help="port (default: 8000, or the next free one)")
    p.add_argument("--base-url", help="serve under this URL's path, e.g. /repo/, as on GitHub Pages")
    p.add_argument("--no-search", action="store_true", help="do not refresh the Pagefind index")
    p.add_argument("--poll", action="store_true", help="poll for changes (for network or container mounts)")
    p.add_argument("--no-drafts", action="store_true", help="leave the drafts out, as `dossier build` does")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only, no warnings")
    p.set_defaults(run=_serve, command="serve")

    p = command("check", "report problems, near-miss titles and stubs", """\
Report what an editor should look at, grouped by file, one line per problem, each ending with what to
do: errors, warnings (near-miss "Lesen Sie auch" titles, references by an old title, undated articles,
articles without text, missing images, links to pages the site does not have, unknown fields, entity
aliases that are common words, article URLs the last build or the live site (--published) has and this
one drops), the stubs (articles named but not yet in the dossier) and the drafts. Builds nothing. The
exit code is 1 on errors, and with --strict on warnings too: exactly when `dossier build --strict` fails.""", """\
  dossier check
  dossier check --strict                           # in CI, before publishing
  dossier check --format json | jq '.stubs'        # for tools
  dossier check --open                             # the open references as a to-do list, most cited first""")
    p.add_argument("--strict", action="store_true", help="exit non-zero on warnings too")
    p.add_argument("-o", "--output", type=Path, help="the built site whose URLs must stay (default: ROOT/site)")
    p.add_argument("--published", metavar="SITEMAP",
                   help="the live site's sitemap.xml (a file or an http(s) URL) whose article URLs must stay")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json for tools")
    p.add_argument("--open", action="store_true",
                   help="list the open references instead, as /offen/ ranks them: most citing articles first, then "
                        "the one cited longest ago; one line each: count, title, citing files")
    p.set_defaults(run=_check, command="check")
    return parser


def _port(text: str) -> int:
    """A TCP port for argparse: 0 to 65535 (0 lets the system choose), or an error saying so."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give a number from 1 to 65535 (0: any free "
                                         f"one), e.g. -p 8080")
    return port


class _Help(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples as written: their line breaks are meant."""


def _show(diagnostics: Iterable[Diagnostic], root: Path, stream=sys.stderr, quiet: bool = False,
          notes: bool = False) -> None:
    """Errors and warnings (`quiet`: errors only; `notes`: the stubs and drafts too; the note that the live
    site had nothing to compare with, unless quiet) grouped by file; in a GitHub
    workflow also as annotations on stdout, which the runner reads."""
    shown = [d for d in diagnostics if d.level == "error" or (d.level == "warning" and not quiet)
             or (d.level == "info" and (notes or (d.code == "published" and not quiet)))]
    for line in report.lines(shown):
        print(line, file=stream)
    for line in report.annotations(shown, root.resolve()):
        print(line)


class _Progress:
    """A counter on the terminal, for long builds; Ctrl-C ends its line before saying so."""
    shown = False  # a line is open

    def __call__(self, done: int, total: int) -> None:
        self.shown = done < total
        print(f"\rrendering {done:,}/{total:,} pages", end="" if done < total else "\n", file=sys.stderr, flush=True)


_progress = _Progress()


def _build(args: argparse.Namespace) -> int:
    from generator.build import build

    progress = _progress if not args.quiet and sys.stderr.isatty() else None
    result = build(args.root.resolve(), out=args.output.resolve() if args.output else None,
                   base_url=args.base_url, with_search=not args.no_search, strict=args.strict, progress=progress,
                   drafts=args.drafts, published=args.published)
    _show(result.diagnostics, args.root, sys.stderr, args.quiet)
    if args.quiet:
        return 0
    warnings = report.counts(result.diagnostics)["warnings"]
    told = f"; {report.count(warnings, 'warning')} (above)" if warnings else ""
    if result.up_to_date:
        print(f"{result.output} is up to date: nothing changed since the last build{told} ({result.seconds:.2f} s)")
        return 0
    search = result.search or "search skipped"
    print(f"built {result.output}: {report.count(result.articles, 'article')}, {report.count(result.stubs, 'stub')}; "
          f"{report.count(result.rendered, 'page')} rendered, {result.reused:,} unchanged; {search}{told}; "
          f"{result.seconds:.2f} s")
    return 0


def _init(args: argparse.Namespace) -> int:
    from generator.init import init

    written, kept = init(args.folder, args.title, args.description)
    for rel in kept:
        print(f"{args.folder / rel}: kept as it was (dossier init writes no file over another)", file=sys.stderr)
    where = "" if args.folder.resolve() == Path.cwd().resolve() else f"cd {args.folder}\n  "
    print(f"""created a dossier in {args.folder}: {', '.join(r for r in written if not r.endswith('.gitkeep'))}
next:
  {where}dossier import ~/Downloads/artikel.txt   # a raw article text (or: dossier new "Titel")
  dossier serve                            # preview at http://127.0.0.1:8000/, updated on every save
  git init -b main && git add . && git commit -m "Ein neues Dossier"
  git remote add origin https://github.com/OWNER/REPO.git && git push -u origin main
  # then on GitHub: Settings > Pages > Source: GitHub Actions""")
    return 0


def _file_or_url(arg: str) -> Path | str:
    """A URL stays text (a Path would fold its "//"), a file is a Path."""
    return arg if arg.startswith(("http://", "https://")) else Path(arg)


def _import(args: argparse.Namespace) -> int:
    from generator import importer

    if args.dry_run:
        for line in importer.describe(importer.plan_import(args.root.resolve(), args.files, force=args.force)):
            print(line)
        print("dry run: nothing written")
        return 0
    lines, refused = importer.run(args.root.resolve(), args.files, force=args.force)
    for line in lines:
        print(line)
    _show(refused, args.root, sys.stderr)
    return 1 if refused else 0


def _new(args: argparse.Namespace) -> int:
    from generator.new import new_article

    path, note = new_article(args.root.resolve(), args.title)
    print(path)  # alone on stdout: `$EDITOR "$(dossier new …)"` opens it
    if note:
        print(f"{path}: {note}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.preview import serve

    return serve(args.root.resolve(), host=args.host, port=args.port, base_url=args.base_url,
                 with_search=not args.no_search, poll=args.poll, quiet=args.quiet, drafts=not args.no_drafts)


def _check(args: argparse.Namespace) -> int:
    from generator.check import check, open_refs

    if args.open:
        for line in open_refs(args.root.resolve()):
            print(line)
        return 0

    found: list[Diagnostic] = check(args.root.resolve(), args.output.resolve() if args.output else None,
                                    args.published)
    if args.format == "json":
        print(report.as_json(found))
    else:
        _show(found, args.root, sys.stdout, notes=True)
        if found:
            print()
        print(report.summary(found, stubs=True))
    counts = report.counts(found)
    return 1 if counts["errors"] or (args.strict and counts["warnings"]) else 0
