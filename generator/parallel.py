"""Rendering pages into a folder, on every core for large builds.

Forked workers inherit the plan (no pickling of contexts); each renders every n-th page and writes it
straight into the staging folder, so no page travels between processes and memory stays flat. The
output is the same whichever process renders a page: a page depends on its context only.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

from generator.diagnostics import Diagnostic, DossierError
from generator.system import die_with_parent
from generator.plan import PagePlan, Plan

PARALLEL_MIN = 300  # fewer pages than this render in-process: forking would cost more than it saves
_JOB: tuple | None = None  # (plan, pages, folder, counter): set before fork, read by the children


def jobs() -> int:
    """Worker count: DOSSIER_JOBS, else the cores this process may use."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_into(plan: Plan, pages: list[PagePlan], folder: Path, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Render `pages` and write them below `folder`. Raises DossierError for template errors.
    `progress(done, total)` is called now and then from this process. Workers take the next chunk of
    pages from a shared counter, so a few heavy pages (the whole dossier, the network) do not leave one
    core idle while another works through them."""
    workers = workers or jobs()
    for parent in sorted({(folder / p.path).parent for p in pages}):
        parent.mkdir(parents=True, exist_ok=True)
    if workers <= 1 or len(pages) < PARALLEL_MIN or sys.platform == "win32":
        _render_share(plan, pages, folder, None, progress)
        return
    # Pages that show every body come last, in this process, once the workers have handed back the
    # bodies they rendered: no body is rendered twice.
    late = [page for page in pages if page.gathers]
    pages = [page for page in pages if not page.gathers]
    global _JOB
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    _JOB = (plan, pages, folder, counter)
    children = []
    try:
        for index in range(1, workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, os.getpid()), daemon=True)
            process.start()
            send.close()
            children.append((process, receive))
        _render_share(plan, pages, folder, counter, progress)
        problems: list[Diagnostic] = []
        for process, receive in children:
            try:
                result = receive.recv()
            except EOFError:
                result = RuntimeError(f"render worker exited with code {process.exitcode}")
            process.join()
            if isinstance(result, DossierError):
                problems += result.diagnostics
            elif isinstance(result, BaseException):
                raise result
            else:
                plan.markdown.update(result)  # the bodies that worker rendered
        if problems:
            raise DossierError(problems)
        _render_share(plan, late, folder)
    finally:
        _JOB = None
        for process, _ in children:
            if process.is_alive():
                process.kill()
                process.join()


def _die_with_parent(parent: int) -> None:
    """Linux: a worker dies with the build (a killed build must not leave workers writing on)."""
    if not die_with_parent():
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _child(send, parent: int) -> None:
    _die_with_parent(parent)
    plan, pages, folder, counter = _JOB
    try:
        _render_share(plan, pages, folder, counter)
        send.send(plan.markdown)
    except DossierError as exc:
        send.send(exc)
    except BaseException as exc:  # a bug: report it to the parent with its traceback text
        send.send(RuntimeError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        send.close()


CHUNK = 8  # pages a worker takes at a time from the shared counter


def _render_share(plan: Plan, pages: list[PagePlan], folder: Path, counter=None,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Render pages until none are left: all of them (counter None) or chunks taken from the counter."""
    total, start, reported = len(pages), 0, 0
    while start < total:
        if counter is None:
            chunk = pages
        else:
            with counter.get_lock():
                start = counter.value
                counter.value = start + CHUNK
            chunk = pages[start:start + CHUNK]
        for page in chunk:
            (folder / page.path).write_bytes(plan.render(page))
        start = start + CHUNK if counter is not None else total
        if progress and (start - reported >= 200 or start >= total):
            reported = min(start, total)
            progress(reported, total)
