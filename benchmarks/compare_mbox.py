"""Side by side: mbox header ingest, onakit vs Python's mailbox + email, in one run.

For every mbox in ``<data>/enron-mbox`` (5 real Enron folders, 8.4 MB,
3,979 messages), best of ``--repeat`` runs, in one process:

* onakit: ``ona.read_mbox(path, errors="skip", dedupe_message_ids=False)``
  (headers only; bodies are scanned past; no dedup, so that every copy in the
  concatenated file is read, as Python does);
* Python: ``mailbox.mbox(path)``, and for each message
  ``email.utils.getaddresses`` on From/To/Cc/Bcc, ``parsedate_to_datetime`` on
  Date and the Message-ID: the standard library's way to get the same
  metadata (it parses whole messages, as ``mailbox`` always does).

Both wall clock (``time.perf_counter``) and CPU time (``time.process_time``)
are reported, because the machine may be shared; MB/s = file bytes / time.
It also checks that both saw the same number of messages.

    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_mbox.py [--repeat 3] [--scale 1]

Goals (issue): >= 200 MB/s and >= 50x Python.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import onakit as ona
from compare_lib.oracles import python_reference


def onakit_read(path: str) -> int:
    return ona.read_mbox(path, errors="skip", dedupe_message_ids=False).report["records_read"]


def best(fn, path: str, repeat: int) -> tuple[float, float, int]:
    wall = cpu = float("inf")
    n = 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        n = fn(path)
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, n


def main() -> None:
    here = Path(__file__).resolve().parent
    default_data = os.environ.get("ONAKIT_DATA_DIR", str(here.parents[1] / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=int, default=1, help="also time all files concatenated this many times")
    a = ap.parse_args()
    files = sorted(Path(a.data, "enron-mbox").glob("*.mbox"))
    if not files:
        raise SystemExit(f"no mbox files in {a.data}/enron-mbox")
    paths = [str(f) for f in files]
    tmp = None
    if a.scale > 1:
        tmp = tempfile.NamedTemporaryFile(suffix=".mbox", delete=False)
        for _ in range(a.scale):
            for f in files:
                tmp.write(f.read_bytes())
        tmp.close()
        paths.append(tmp.name)
    print(f"load average: {os.getloadavg()}")
    print(f"{'file':44s} {'MB':>6s} {'msgs':>6s} | {'onakit MB/s wall (cpu)':>24s} | "
          f"{'python MB/s wall (cpu)':>24s} | {'ratio wall (cpu)':>16s}")
    tot = {"mb": 0.0, "ow": 0.0, "oc": 0.0, "pw": 0.0, "pc": 0.0}
    try:
        for p in paths:
            mb = os.path.getsize(p) / 1e6
            ow, oc, on = best(onakit_read, p, a.repeat)
            pw, pc, pn = best(python_reference, p, max(1, a.repeat if mb < 20 else 1))
            assert on == pn, (p, on, pn)
            name = Path(p).name if p != (tmp.name if tmp else None) else f"all x{a.scale}"
            print(f"{name:44s} {mb:6.2f} {on:6d} | {mb / ow:10.0f} ({mb / oc:10.0f}) | "
                  f"{mb / pw:10.1f} ({mb / pc:10.1f}) | {pw / ow:6.0f}x ({pc / oc:6.0f}x)")
            if name.endswith(".mbox"):
                for k, v in zip(tot, (mb, ow, oc, pw, pc)):
                    tot[k] += v
        print(f"{'all 5 files':44s} {tot['mb']:6.2f} {'':6s} | {tot['mb'] / tot['ow']:10.0f} "
              f"({tot['mb'] / tot['oc']:10.0f}) | {tot['mb'] / tot['pw']:10.1f} ({tot['mb'] / tot['pc']:10.1f}) | "
              f"{tot['pw'] / tot['ow']:6.0f}x ({tot['pc'] / tot['oc']:6.0f}x)")
    finally:
        if tmp is not None:
            os.unlink(tmp.name)


if __name__ == "__main__":
    main()
