"""The `dossier` command: import, build, serve, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import Iterable

from generator import __version__, report
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
        print(f"{exc.filename or 'dossier'}: error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in dossier: one line, and the traceback on request
        if args.debug:
            raise
        print(f"dossier: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description="Build curated, cross-linked news dossiers.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--root", type=Path, default=Path.cwd(), help="the dossier project folder (default: .)")
    common.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = commands.add_parser("build", parents=[common], help="build the site into site/")
    p.add_argument("-o", "--output", type=Path, help="output folder (default: ROOT/site)")
    p.add_argument("--base-url", help="URL or path the site is served under, e.g. https://owner.github.io/repo/")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=_build, command="build")

    p = commands.add_parser("import", parents=[common], help="import raw article texts into content/articles/")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="raw article text (.txt)")
    p.add_argument("--force", action="store_true",
                   help="replace an article the editor changed since its import; the changed file is kept in "
                        "content/backups/ first (date, topics, aliases and events stay)")
    p.add_argument("--dry-run", action="store_true",
                   help="show how every line is read and where each related title leads; write nothing")
    p.set_defaults(run=_import, command="import")

    p = commands.add_parser("serve", parents=[common], help="preview: build, serve, rebuild and reload on every edit")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("-p", "--port", type=int, default=8000, help="port (default: 8000, or the next free one)")
    p.add_argument("--base-url", help="serve under this URL's path, e.g. /repo/, as on GitHub Pages")
    p.add_argument("--no-search", action="store_true", help="do not refresh the Pagefind index")
    p.add_argument("--poll", action="store_true", help="poll for changes (for network or container mounts)")
    p.set_defaults(run=_serve, command="serve")

    p = commands.add_parser("check", parents=[common], help="report stubs, near-miss titles and undated articles")
    p.add_argument("--strict", action="store_true", help="exit non-zero on warnings too")
    p.add_argument("-o", "--output", type=Path, help="the built site whose URLs must stay (default: ROOT/site)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json for tools")
    p.set_defaults(run=_check, command="check")
    return parser


def _show(diagnostics: Iterable[Diagnostic], root: Path, stream=sys.stderr, quiet: bool = False) -> None:
    """Errors and warnings (`quiet`: errors only) grouped by file; in a GitHub workflow also as annotations
    on stdout, which the runner reads."""
    shown = [d for d in diagnostics if d.level == "error" or (d.level == "warning" and not quiet)]
    for line in report.lines(shown):
        print(line, file=stream)
    for line in report.annotations(shown, root.resolve()):
        print(line)


class _Progress:
    """A counter on the terminal, for long builds; Ctrl-C ends its line before saying so."""
    shown = False

    def __call__(self, done: int, total: int) -> None:
        _Progress.shown = done < total
        print(f"\rrendering {done:,}/{total:,} pages", end="" if done < total else "\n", file=sys.stderr, flush=True)


_progress = _Progress()


def _build(args: argparse.Namespace) -> int:
    from generator.build import build

    progress = _progress if not args.quiet and sys.stderr.isatty() else None
    result = build(args.root.resolve(), out=args.output.resolve() if args.output else None,
                   base_url=args.base_url, with_search=not args.no_search, strict=args.strict, progress=progress)
    _show(result.diagnostics, args.root, sys.stderr, args.quiet)
    if args.quiet:
        return 0
    warnings = report.counts(result.diagnostics)["warnings"]
    told = f"; {warnings:,} warning{'' if warnings == 1 else 's'} (above)" if warnings else ""
    if result.up_to_date:
        print(f"{result.output} is up to date: nothing changed since the last build{told} ({result.seconds:.2f} s)")
        return 0
    search = result.search or "search skipped"
    print(f"built {result.output}: {result.articles} articles, {result.stubs} stubs; {result.rendered} pages "
          f"rendered, {result.reused} unchanged; {search}{told}; {result.seconds:.2f} s")
    return 0


def _import(args: argparse.Namespace) -> int:
    from generator import importer

    if args.dry_run:
        for line in importer.describe(importer.plan_import(args.root.resolve(), args.files, force=args.force)):
            print(line)
        print("dry run: nothing written")
        return 0
    for line in importer.import_files(args.root.resolve(), args.files, force=args.force):
        print(line)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.preview import serve

    return serve(args.root.resolve(), host=args.host, port=args.port, base_url=args.base_url,
                 with_search=not args.no_search, poll=args.poll)


def _check(args: argparse.Namespace) -> int:
    from generator.check import check

    found: list[Diagnostic] = check(args.root.resolve(), args.output.resolve() if args.output else None)
    if args.format == "json":
        print(report.as_json(found))
    else:
        for line in report.lines(found):
            print(line)
        for line in report.annotations(found, args.root.resolve()):
            print(line)
        if found:
            print()
        print(report.summary(found, stubs=True))
    counts = report.counts(found)
    return 1 if counts["errors"] or (args.strict and counts["warnings"]) else 0
