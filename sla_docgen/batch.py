"""Rendering many questionnaires in one run: worker processes that load the renderers once, each input on its own.

Every input goes through `api.render_files`, exactly as `sla-docgen render FILE` does, so its
outputs are written all together or not at all; a failing input is reported and the others
go on. With one job the inputs are rendered in this process; with more, in a pool of worker
processes, each of which imports WeasyPrint and loads its fonts once for all its inputs.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sla_docgen.errors import UsageError, UserError
from sla_docgen.i18n import N_, translate
from sla_docgen.memory import keep_freed_memory

INTERNAL_EXIT = 3
MSG_SAME_OUTPUT = N_("{first} and {second} would both be written to {path}; render them into different folders")
MSG_INTERNAL = N_("{file}: internal error: {reason}")
MSG_WORKER_DIED = N_("the worker process ended unexpectedly")
MSG_SUMMARY = N_("{rendered} of {total} questionnaires rendered, {failed} failed, {files} files written in {seconds} s")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every input of a batch is rendered with (the `render` command's options)."""

    formats: tuple[str, ...] = ("md",)
    langs: tuple[str, ...] | None = None
    output_dir: Path = Path(".")
    template_dir: Path | None = None
    reference_docx: Path | None = None
    allow_fallback: bool = False
    message_lang: str = "en"
    """Language of the error messages."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: the files written, or the error (already in the message language)."""

    file: Path
    written: tuple[Path, ...] = ()
    error: str | None = None
    exit_code: int = 0


def unique_inputs(files: Iterable[Path]) -> list[Path]:
    """The inputs in the order given, each file once (a shell glob and an explicit name may repeat one)."""
    seen: set[Path] = set()
    out = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            out.append(file)
    return out


def check_output_names(files: list[Path], options: BatchOptions) -> None:
    """Refuse a batch in which two inputs would write the same output (`a/x.yaml` and `b/x.yaml`)."""
    from sla_docgen.api import output_name
    from sla_docgen.render import get_format

    suffixes = [get_format(name).suffix for name in options.formats]
    owners: dict[Path, Path] = {}
    for file in files:
        for suffix in suffixes:
            path = options.output_dir / output_name(file, suffix, options.langs)
            if path in owners:
                raise UsageError(MSG_SAME_OUTPUT, first=str(owners[path]), second=str(file), path=str(path))
            owners[path] = file


def render_one(file: Path, options: BatchOptions) -> Outcome:
    """Render one input as `sla-docgen render FILE` would; any error becomes the Outcome, never an exception."""
    from sla_docgen.api import render_files

    try:
        written = render_files(
            file,
            formats=options.formats,
            langs=options.langs,
            output_dir=options.output_dir,
            template_dir=options.template_dir,
            reference_docx=options.reference_docx,
            allow_fallback=options.allow_fallback,
        )
    except UserError as error:
        return Outcome(file, error=error.message(options.message_lang), exit_code=error.exit_code)
    except Exception as error:  # one input's bug must not stop the others; its exit code says what it was
        return internal_error(file, "".join(traceback.format_exception_only(error)).strip(), options)
    return Outcome(file, written=tuple(written))


def internal_error(file: Path, reason: str, options: BatchOptions) -> Outcome:
    message = " / ".join(
        translate(MSG_INTERNAL, one).format(file=file, reason=reason) for one in options.message_lang.split("+")
    )
    return Outcome(file, error=message, exit_code=INTERNAL_EXIT)


def start_worker(formats: tuple[str, ...]) -> None:
    """Set up a worker process: renderers and fonts loaded once; Ctrl+C is left to the parent process.

    Ctrl+C reaches the whole process group; the parent decides, and the renders under way finish whole.
    """
    from sla_docgen.render import warm_up

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up(formats, fonts=True)
    keep_freed_memory()


def _pool(jobs: int, formats: tuple[str, ...]) -> ProcessPoolExecutor:
    # fork: the workers start with the renderers this process has already imported (see render_many).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=start_worker, initargs=(formats,))


def render_many(
    files: list[Path],
    options: BatchOptions,
    *,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Render every input; `on_outcome` hears of each as it finishes. Returns the outcomes in input order."""
    from sla_docgen.render import warm_up

    check_output_names(files, options)
    warm_up(options.formats)  # before the workers are forked, so that they start with it
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        keep_freed_memory()
        outcomes = []
        for file in files:
            outcome = render_one(file, options)
            on_outcome(outcome)
            outcomes.append(outcome)
        return outcomes
    done: dict[Path, Outcome] = {}
    pool = _pool(jobs, options.formats)
    try:
        futures: dict[Future[Outcome], Path] = {pool.submit(render_one, file, options): file for file in files}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:  # a worker was killed (out of memory, a signal): its inputs failed
                reason = translate(MSG_WORKER_DIED, options.message_lang.split("+")[0])
                outcome = internal_error(futures[future], reason, options)
            done[futures[future]] = outcome
            on_outcome(outcome)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # let the renders under way finish: no half-written input
        raise
    pool.shutdown(wait=True)
    return [done[file] for file in files]


def run(files: list[Path], options: BatchOptions, *, jobs: int = 1) -> int:
    """The `render` command for several inputs: a progress bar on a terminal, errors as they come, then a summary.

    Written paths go to stdout in input order; the bar, the errors and the one-line summary go to
    stderr. Returns the exit status: 0 when every input was rendered, else the highest exit code
    of the failures (1 invalid input, 3 internal error).
    """
    import time

    from tqdm import tqdm

    files = unique_inputs(files)
    start = time.perf_counter()
    # disable=None: tqdm draws the bar only when stderr is a terminal.
    with tqdm(total=len(files), file=sys.stderr, disable=None, unit="file", leave=False, dynamic_ncols=True) as bar:

        def report(outcome: Outcome) -> None:
            if outcome.error is not None:
                bar.write(outcome.error, file=sys.stderr)
            bar.update(1)

        outcomes = render_many(files, options, jobs=jobs, on_outcome=report)
    for outcome in outcomes:
        for path in outcome.written:
            print(path)
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    summary = " / ".join(
        translate(MSG_SUMMARY, one).format(
            rendered=len(outcomes) - len(failed),
            total=len(outcomes),
            failed=len(failed),
            files=sum(len(outcome.written) for outcome in outcomes),
            seconds=f"{time.perf_counter() - start:.1f}",
        )
        for one in options.message_lang.split("+")
    )
    print(summary, file=sys.stderr)
    return max((outcome.exit_code for outcome in failed), default=0)
