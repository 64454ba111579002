"""Progress bars: the one place tqdm is set up (``progress=True`` of readers, measures and the report).

A bar is shown on stderr only when asked for (``progress=True``), so that
results and stdout stay clean; tqdm writes to the stream it is given even when
it is not a terminal. Ticks are real work: files or periods for Python loops,
and for one long C++ call the position the kernel reports when it polls for
Ctrl-C (sources done by betweenness/closeness, bytes parsed by the CSV reader,
node visits by Leiden/Louvain, whose total is not known in advance).
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

from . import _core


def check_progress(progress, where: str) -> bool:
    """``progress`` as a bool; OptionError naming ``where`` for anything else (``progress="yes"``)."""
    if not isinstance(progress, bool):
        raise _core.OptionError(f"{where}: progress must be True or False, not {progress!r}")
    return progress


class _NoBar:
    """Stands in for a bar when progress is off (costs nothing per tick)."""

    n = 0
    total = None

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass


@contextmanager
def progress_bar(progress: bool, desc: str, *, total: int | None = None, unit: str = "it", unit_scale: bool = False,
                 where: str | None = None):
    """A tqdm bar on stderr while the block runs, or a no-op stand-in when ``progress`` is False.

    ``total=None`` shows a counter with a rate (work of unknown size). The bar
    is removed when the block ends (``leave=False``), as in the report.
    """
    if not check_progress(progress, where or desc):
        yield _NoBar()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, file=sys.stderr, leave=False,
               dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.refresh()  # the final count, even when the run was shorter than tqdm's redraw interval
        bar.close()


@contextmanager
def core_progress(progress: bool, desc: str, *, unit: str = "it", unit_scale: bool = False, where: str | None = None):
    """The ``progress=`` callback for one ``_core`` call, or None when ``progress`` is False.

    The kernel calls it as ``report(done, total)`` from its interrupt poll
    (include/onakit/interrupt.hpp); total 0 means not known. ``unit="B"``
    with ``unit_scale=True`` shows bytes as kB/MB. A bar of known size is filled
    when the call returns normally, since the last poll comes a little
    before the end.
    """
    if not check_progress(progress, where or desc):
        yield None
        return
    with progress_bar(True, desc, unit=unit, unit_scale=unit_scale) as bar:
        state = {"ok": False}

        def report(done: int, total: int) -> None:
            if total and total != bar.total:  # the size is known, or a new phase began (sampled betweenness
                bar.reset(total=total)        # first bounds the diameter over all people, then samples pairs)
            if done > bar.n:
                bar.update(done - bar.n)

        try:
            yield report
            state["ok"] = True
        finally:
            if state["ok"] and bar.total is not None and bar.n < bar.total:
                bar.update(bar.total - bar.n)


@contextmanager
def elapsed_bar(desc: str):
    """A ``desc: 00:07`` line on stderr while the block runs: the command line's step timer.

    For steps whose size is not known; a thread redraws it every half second,
    since the C++ work releases the GIL.
    """
    from tqdm import tqdm

    bar = tqdm(total=None, desc=desc, file=sys.stderr, bar_format="{desc}: {elapsed}", leave=False)
    stop = threading.Event()

    def tick():
        while not stop.wait(0.5):
            bar.refresh()

    t = threading.Thread(target=tick, daemon=True)
    t.start()
    try:
        yield bar
    finally:
        stop.set()
        t.join()
        bar.close()
