"""Timing shared by the benchmark scripts (imported by them; not a benchmark itself)."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls of `fn`, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def warm_pdf_render(sample: Path) -> Callable[[], float]:
    """A timed in-process PDF render of the sample's built Document (milliseconds), on a collected heap and
    with the cyclic collector off, as the preview's worker renders (collecting between saves). Called
    once here, so that the first timed call is warm."""
    from sla_docgen.api import build, load
    from sla_docgen.render import RenderOptions, render

    document = build(load(sample))

    def step() -> float:
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        try:
            render(document, "pdf", RenderOptions(source=sample.read_bytes(), source_name=sample.name))
        finally:
            gc.enable()
        return (time.perf_counter() - start) * 1000

    step()
    return step
