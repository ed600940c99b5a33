"""Planning and rendering pages on every core for large builds.

Forked workers inherit the planning (no pickling of the dossier); each takes the next chunk of jobs
from a shared counter, plans and writes those pages itself and sends back only small records (the page's
fingerprint and inputs), the Markdown it rendered and the input digests it made. So planning runs on every core too, and no
process holds more than one page's views at a time. The output is the same whichever process renders a
page: a page depends on its inputs only.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from typing import Any, Callable

from generator.diagnostics import Diagnostic, DossierError
from generator.plan import Job, Planning
from generator.system import child_of

PARALLEL_MIN = 300  # fewer pages than this are done in-process: forking would cost more than it saves
CHUNK = 8  # jobs a worker takes at a time from the shared counter
_JOB: tuple | None = None  # (planning, jobs, do, counter): set before fork, read by the children


def jobs() -> int:
    """Worker count: DOSSIER_JOBS, else the cores this process may use."""
    wanted = os.environ.get("DOSSIER_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(planning: Planning, todo: list[Job], do: Callable[[Job], Any], gathering: set[int],
        workers: int | None = None, progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """do(job) for every job, on all cores; returns the results. Raises DossierError for template errors.
    Jobs of a kind in `gathering` (pages that show every body) run last, in this process, once the workers
    have handed back the bodies they rendered: no body is rendered twice. `progress(done, total)` is
    called now and then from this process."""
    workers = workers or jobs()
    late = [job for job in todo if job.kind in gathering]
    todo = [job for job in todo if job.kind not in gathering]
    if workers <= 1 or len(todo) < PARALLEL_MIN or sys.platform == "win32":
        return _share(todo + late, do, None, progress)
    global _JOB
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    _JOB = (planning, todo, do, counter)
    children = []
    try:
        for _ in range(1, workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, os.getpid()), daemon=True)
            process.start()
            send.close()
            children.append((process, receive))
        results = _share(todo, do, counter, progress)
        problems: list[Diagnostic] = []
        for process, receive in children:
            try:
                answer = receive.recv()
            except EOFError:
                answer = RuntimeError(f"worker exited with code {process.exitcode}")
            process.join()
            if isinstance(answer, DossierError):
                problems += answer.diagnostics
            elif isinstance(answer, BaseException):
                raise answer
            else:
                found, made = answer
                results += found
                planning.take_back(made)  # the bodies it rendered and the digests it made
        if problems:
            raise DossierError(problems)
        return results + _share(late, do)
    finally:
        _JOB = None
        for process, _ in children:
            if process.is_alive():
                process.kill()
                process.join()


def _child(send, parent: int) -> None:
    child_of(parent)()  # a worker dies with the build: a killed build must not leave workers writing on
    planning, todo, do, counter = _JOB
    try:
        send.send((_share(todo, do, counter), planning.hand_back()))
    except (DossierError, OSError) as exc:  # the editor's to fix (an OSError: a full disk, a limit)
        send.send(exc)
    except BaseException as exc:  # a bug: report it to the parent with its traceback text
        send.send(RuntimeError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        send.close()


def _share(todo: list[Job], do: Callable[[Job], Any], counter=None,
           progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """Do jobs until none are left: all of them (counter None) or chunks taken from the counter."""
    total, start, reported, results = len(todo), 0, 0, []
    while start < total:
        if counter is None:
            chunk = todo
        else:
            with counter.get_lock():
                start = counter.value
                counter.value = start + CHUNK
            chunk = todo[start:start + CHUNK]
        results += map(do, chunk)
        start = start + CHUNK if counter is not None else total
        if progress and (start - reported >= 200 or start >= total):
            reported = min(start, total)
            progress(reported, total)
    return results
