"""Side-by-side calendar reading: ona.read_calendar (libical) vs icalendar + recurring-ical-events.

Both read the 50 real test calendars in icalendar-attendees-test-calendars
and expand every recurring event within [1990-01-01, 2030-01-01); the Python
side parses each file with icalendar and expands it with recurring-ical-events
``of(calendar).between(start, end)`` (the oracle of
tests/python/test_read_calendar.py, which checks that both give the same
meetings). Files icalendar refuses (a malformed value) are left out of both
timings. Times are wall clock, best of --repeat.

    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_calendar.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

import icalendar
import recurring_ical_events

import onakit as ona

DATA = Path(os.environ.get("ONAKIT_DATA_DIR", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
START, END = dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)


def python_side(files):
    n = 0
    for f in files:
        for cal in icalendar.Calendar.from_ical(f.read_bytes(), multiple=True):
            n += sum(1 for _ in recurring_ical_events.of(cal).between(START, END))
    return n


def onakit_side(files):
    return sum(ona.read_calendar(f, start=START, end=END, errors="skip").num_messages for f in files)


def best(fn, files, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(files)
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = DATA / "icalendar-attendees-test-calendars"
    files = []
    for f in sorted(folder.glob("*.ics")):
        try:
            python_side([f])
            files.append(f)
        except (ValueError, KeyError):
            pass
    t_py, n_py = best(python_side, files, args.repeat)
    t_on, n_on = best(onakit_side, files, args.repeat)
    print(f"{len(files)} calendars, window {START:%Y-%m-%d} .. {END:%Y-%m-%d}")
    print(f"icalendar + recurring-ical-events: {t_py:8.3f} s  ({n_py} occurrences, all events)")
    print(f"ona.read_calendar (libical):       {t_on:8.3f} s  ({n_on} meetings kept)")
    print(f"ratio (python / onakit): {t_py / t_on:.1f}x")


if __name__ == "__main__":
    main()
