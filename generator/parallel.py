"""Rendering pages into a folder, on every core for large builds.

Forked workers inherit the plan (no pickling of contexts); each renders every n-th page and writes it
straight into the staging folder, so no page travels between processes and memory stays flat. The
output is the same whichever process renders a page: a page depends on its context only.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Callable

from generator.diagnostics import Diagnostic, DossierError
from generator.render import PagePlan, Plan

PARALLEL_MIN = 300  # fewer pages than this render in-process: forking would cost more than it saves
_JOB: tuple[Plan, list[PagePlan], Path] | None = None  # set before fork, read by the children


def jobs() -> int:
    """Worker count: DOSSIER_JOBS, else the cores this process may use."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_into(plan: Plan, pages: list[PagePlan], folder: Path, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Render `pages` and write them below `folder`. Raises DossierError for template errors.
    `progress(done, total)` is called now and then from this process (it renders its share and counts
    the others' as done at the same pace)."""
    workers = workers or jobs()
    for parent in sorted({(folder / p.path).parent for p in pages}):
        parent.mkdir(parents=True, exist_ok=True)
    if workers <= 1 or len(pages) < PARALLEL_MIN or sys.platform == "win32":
        _render_share(plan, pages, folder, 0, 1, progress)
        return
    global _JOB
    _JOB = (plan, pages, folder)
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for index in range(1, workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(index, workers, send, os.getpid()), daemon=True)
            process.start()
            send.close()
            children.append((process, receive))
        _render_share(plan, pages, folder, 0, workers, progress)
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
        if problems:
            raise DossierError(problems)
    finally:
        _JOB = None
        for process, _ in children:
            if process.is_alive():
                process.kill()
                process.join()


def _die_with_parent(parent: int) -> None:
    """Linux: a worker dies with the build (a killed build must not leave workers writing on)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _child(index: int, workers: int, send, parent: int) -> None:
    _die_with_parent(parent)
    plan, pages, folder = _JOB
    try:
        _render_share(plan, pages, folder, index, workers)
        send.send(None)
    except DossierError as exc:
        send.send(exc)
    except BaseException as exc:  # a bug: report it to the parent with its traceback text
        send.send(RuntimeError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        send.close()


def _render_share(plan: Plan, pages: list[PagePlan], folder: Path, index: int, workers: int,
                  progress: Callable[[int, int], None] | None = None) -> None:
    share = pages[index::workers]
    for done, page in enumerate(share, start=1):
        (folder / page.path).write_bytes(plan.render(page))
        if progress and (done % 200 == 0 or done == len(share)):
            progress(min(done * workers, len(pages)) if done < len(share) else len(pages), len(pages))
