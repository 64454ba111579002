"""Scale benchmark (issue #15): a large e-mail log -> tie table, onakit vs DuckDB.

Generates (once, cached under ``--workdir``) a log of N message-recipient rows
among P people, written in chunks with numpy + pyarrow (bounded memory):

* ``log.csv``: ``sender,recipients,timestamp``, recipients ``;``-joined, ISO
  8601 UTC times (readable by ``ona.read_email_csv``);
* ``log.parquet``: the same three columns (``recipients`` the same ``;``-joined
  string, ``timestamp`` a ``timestamp[us, UTC]``), one row group per chunk;
* ``ties.npz``: the exact tie table (sender, recipient, count), accumulated by
  the generator with ``numpy.bincount``: the oracle every run is checked against.

The organisation: P people (default 2,000) in departments of 100; each person
has 40 fixed contacts (30 in the department, 10 outside), so the log has
P * 40 distinct ties (80,000 by default) once it is large enough. Senders are
skewed (log-normal activity: a few heavy senders); each message goes to 1-5
distinct contacts (mean 2.37), favouring the first contacts of the list;
times span 2024 (UTC), mostly 08:00-18:00.

Each run is a child process; the parent measures its wall time, CPU time
(user + system) and peak RSS (``os.wait4`` rusage). Runs, all at ``--threads``
(default 2):

* ``onakit-stream-csv`` / ``onakit-stream-parquet``: ``ona.stream_ties(path,
  format=..., sender=, recipients=, timestamp=, chunk_messages=, threads=)``
  (skipped when the installed onakit has no ``stream_ties``);
* ``onakit-memory-csv``: the "before" figure, ``ona.read_email_csv`` +
  ``ona.build_graph`` with the whole log in memory (skipped when the file is
  too large for the machine's memory);
* ``duckdb-csv`` / ``duckdb-parquet``: ``SELECT sender, recipient, count(*)``
  after ``unnest(string_split(recipients, ';'))``, ``SET threads=T``.

Every run's tie table must equal the generator's (same ties, same weights).
Prints a markdown table (messages/s, rows/s, CPU s, peak RSS, onakit/DuckDB
time ratio, the RSS bound ``2 x (graph + labels) + 1 GB``) and writes JSON.

    .venv/bin/python benchmarks/compare_stream.py --quick          # 10^6 rows, < 1 min
    .venv/bin/python benchmarks/compare_stream.py                  # 10^9 rows (~17 GB CSV)
    .venv/bin/python benchmarks/compare_stream.py --rows 1e8 --runs onakit-memory-csv,duckdb-csv

Needs ``pip install duckdb pyarrow`` in the environment (not in scripts/setup).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

import numpy as np

from compare_lib.child import label_bytes, vm_hwm

K_PROBS = np.array([0.35, 0.25, 0.18, 0.12, 0.10])  # P(k recipients), k = 1..5
CONTACTS = 40  # per person: 30 in the department, 10 outside
IN_DEPT = 30
DEPT_SIZE = 100
STEPS = np.array([1, 3, 7, 9, 11, 13, 17, 19, 21, 23, 27, 29, 31, 33, 37, 39])  # coprime with 40
YEAR_START = 1704067200  # 2024-01-01T00:00:00Z
ALL_RUNS = ["onakit-stream-csv", "onakit-stream-parquet", "onakit-memory-csv", "duckdb-csv", "duckdb-parquet"]


# --------------------------------------------------------------------------- generator

def label_width(people: int) -> int:
    return max(4, len(str(people - 1)))


def make_org(people: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per-person sender probability and a P x 40 contact table (no self, no repeats)."""
    if people < 2 * DEPT_SIZE:
        raise SystemExit(f"--people must be >= {2 * DEPT_SIZE}")
    dept = np.arange(people) * (people // DEPT_SIZE) // people
    contacts = np.empty((people, CONTACTS), dtype=np.int64)
    for p in range(people):
        mates = np.flatnonzero(dept == dept[p])
        mates = mates[mates != p]
        others = np.flatnonzero(dept != dept[p])
        contacts[p, :IN_DEPT] = rng.choice(mates, IN_DEPT, replace=False)
        contacts[p, IN_DEPT:] = rng.choice(others, CONTACTS - IN_DEPT, replace=False)
    activity = rng.lognormal(0.0, 1.2, people)
    return activity / activity.sum(), contacts


def gen_chunk(rng, messages: int, p_sender, contacts):
    """One chunk: senders, recipient counts k, offsets, flat recipients, sender of each recipient, times (Unix s)."""
    people = len(p_sender)
    s = np.searchsorted(np.cumsum(p_sender), rng.random(messages) * p_sender.sum()).clip(0, people - 1)
    k = np.searchsorted(np.cumsum(K_PROBS), rng.random(messages)).clip(0, 4) + 1
    j0 = (CONTACTS * rng.random(messages) ** 2).astype(np.int64)  # favour the first contacts
    step = STEPS[rng.integers(0, len(STEPS), messages)]
    # up to 5 distinct contacts per message (step is coprime with 40), keep the first k, in message order
    pos = (j0[:, None] + np.arange(5) * step[:, None]) % CONTACTS
    keep = np.arange(5) < k[:, None]
    r = contacts[s[:, None], pos][keep]
    sender_of = np.broadcast_to(s[:, None], pos.shape)[keep]
    offsets = np.zeros(messages + 1, dtype=np.int64)
    np.cumsum(k, out=offsets[1:])
    day = rng.integers(0, 366, messages)
    office = rng.random(messages) < 0.85
    sec = np.where(office, 8 * 3600 + rng.integers(0, 10 * 3600, messages), rng.integers(0, 86400, messages))
    t = YEAR_START + day * 86400 + sec
    return s, k, offsets, r, sender_of, t


def iso_bytes(t: np.ndarray) -> np.ndarray:
    """M x 20 uint8: YYYY-MM-DDTHH:MM:SSZ for Unix seconds in 2024."""
    days = (t - YEAR_START) // 86400
    sec = (t - YEAR_START) % 86400
    table = np.array([np.datetime_as_string(np.datetime64("2024-01-01") + d, unit="D") + "T" for d in range(366)],
                     dtype="S11").view(np.uint8).reshape(366, 11)
    out = np.empty((len(t), 20), dtype=np.uint8)
    out[:, :11] = table[days]
    h, m, s = sec // 3600, sec // 60 % 60, sec % 60
    zero = ord("0")
    out[:, 11] = zero + h // 10
    out[:, 12] = zero + h % 10
    out[:, 13] = ord(":")
    out[:, 14] = zero + m // 10
    out[:, 15] = zero + m % 10
    out[:, 16] = ord(":")
    out[:, 17] = zero + s // 10
    out[:, 18] = zero + s % 10
    out[:, 19] = ord("Z")
    return out


def generate(workdir: str, rows: int, people: int, seed: int, chunk_rows: int) -> dict:
    """Writes log.csv, log.parquet, ties.npz and meta.json under a folder named by the inputs; reuses it."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    csv_options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    folder = os.path.join(workdir, f"stream_rows{rows}_people{people}_seed{seed}")
    meta_path = os.path.join(folder, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        meta["reused"] = True
        return meta
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    p_sender, contacts = make_org(people, rng)
    w = label_width(people) + 1
    labels = pa.array([f"p{i:0{w - 1}d}" for i in range(people)])
    mean_k = float((K_PROBS * np.arange(1, 6)).sum())
    chunk_msgs = max(1, int(chunk_rows / mean_k))
    counts = np.zeros(people * people, dtype=np.int64)
    csv_path, pq_path = os.path.join(folder, "log.csv"), os.path.join(folder, "log.parquet")
    schema = pa.schema([("sender", pa.string()), ("recipients", pa.string()),
                        ("timestamp", pa.timestamp("us", tz="UTC"))])
    t0 = time.perf_counter()
    messages = pairs = 0
    with open(csv_path + ".part", "wb") as fc, pq.ParquetWriter(pq_path + ".part", schema) as wp:
        fc.write(b"sender,recipients,timestamp\n")
        while pairs < rows:
            s, k, offsets, r, sender_of, t = gen_chunk(rng, chunk_msgs, p_sender, contacts)
            if pairs + len(r) > rows:  # cut the last chunk at a message boundary to hit `rows` closely
                m = max(int(np.searchsorted(offsets, rows - pairs, side="right")) - 1, 1)
                s, k, t, offsets = s[:m], k[:m], t[:m], offsets[:m + 1]
                r, sender_of = r[:offsets[-1]], sender_of[:offsets[-1]]
            counts += np.bincount(sender_of * people + r, minlength=people * people)
            sender_col = labels.take(pa.array(s.astype(np.int32)))
            rec_col = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)),
                                                              labels.take(pa.array(r.astype(np.int32)))), ";")
            iso = pa.StringArray.from_buffers(len(s), pa.py_buffer((np.arange(len(s) + 1, dtype=np.int32) * 20).tobytes()),
                                              pa.py_buffer(iso_bytes(t).tobytes()))
            time_col = pa.array(t * 1_000_000, type=pa.timestamp("us", tz="UTC"))
            pa_csv.write_csv(pa.Table.from_arrays([sender_col, rec_col, iso], names=["sender", "recipients", "timestamp"]),
                             fc, write_options=csv_options)
            wp.write_table(pa.Table.from_arrays([sender_col, rec_col, time_col], schema=schema),
                           row_group_size=len(s))
            messages += len(s)
            pairs += len(r)
            print(f"\r  generated {pairs:,} rows ({messages:,} messages), {time.perf_counter() - t0:.0f} s",
                  end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    nz = np.flatnonzero(counts)
    np.savez(os.path.join(folder, "ties.npz"), source=(nz // people).astype(np.int32),
             target=(nz % people).astype(np.int32), weight=counts[nz])
    os.replace(csv_path + ".part", csv_path)
    os.replace(pq_path + ".part", pq_path)
    meta = {"folder": folder, "csv": csv_path, "parquet": pq_path, "rows": pairs, "messages": messages,
            "people": people, "seed": seed, "ties": int(len(nz)), "label_chars": w,
            "csv_bytes": os.path.getsize(csv_path), "parquet_bytes": os.path.getsize(pq_path),
            "parquet_row_groups": pq.ParquetFile(pq_path).num_row_groups,
            "generate_seconds": round(time.perf_counter() - t0, 1)}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    meta["reused"] = False
    return meta


# --------------------------------------------------------------------------- child runs

def label_ids(labels) -> np.ndarray:
    """"p0017" -> 17 (the generator's labels)."""
    a = np.asarray(labels, dtype=str)
    return np.char.lstrip(a, "p").astype(np.int64)


def child(kind: str, path: str, out: str, threads: int, chunk_messages: int) -> None:
    info: dict = {}
    t0 = time.perf_counter()
    if kind.startswith("onakit"):
        import onakit as ona

        info["onakit"] = ona.__version__
        info["onakit_file"] = ona.__file__  # which build was timed
        if kind == "onakit-memory-csv":
            log = ona.read_email_csv(path, threads=threads)
            t1 = time.perf_counter()
            g = ona.build_graph(log, threads=threads)
            info["phases"] = {"read_email_csv": t1 - t0, "build_graph": time.perf_counter() - t1}
            info["messages"] = log.num_messages
        else:
            fmt = "csv" if kind.endswith("csv") else "parquet"
            cols = dict(sender="sender", recipients="recipients", timestamp="timestamp")
            try:
                g = ona.stream_ties(path, format=fmt, chunk_messages=chunk_messages, threads=threads, **cols)
                info["via"] = "ona.stream_ties"
            except ImportError as e:
                # A build from a branch whose stream_ties wants another branch's reader (e.g. the CSV
                # streaming branch before the Parquet one is merged): the same path stream_ties takes,
                # by hand: the format's streaming reader into a StreamBuilder.
                from onakit import _core
                from onakit._build import builder_keywords
                from onakit._stream_readers import STREAM_READERS

                info["via"] = f"STREAM_READERS[{fmt!r}] + _core.StreamBuilder ({e})"
                sink = _core.StreamBuilder(**builder_keywords(threads=threads))
                log = STREAM_READERS[fmt](path, sink, chunk_messages, threads=threads, **cols)
                built = sink.finish(log._core)
                g = ona.Graph(built.graph, log.people, built.report)
        ties = g.to_pandas()
        src, dst, wt = label_ids(ties["source"]), label_ids(ties["target"]), ties["weight"].to_numpy()
        info["graph_bytes"] = int(g._core.memory_bytes)
        info["graph_ties"] = int(g.number_of_ties)
        info["graph_people"] = int(g.number_of_people)
        info["label_bytes"] = label_bytes(g.people)
        if g.build_report is not None:
            info["build_report"] = {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                                    for k, v in dict(g.build_report).items()}
    else:
        import duckdb

        info["duckdb"] = duckdb.__version__
        con = duckdb.connect()
        con.execute(f"SET threads={threads}")
        con.execute("SET preserve_insertion_order=false")
        con.execute(f"SET temp_directory='{os.path.dirname(path)}/duckdb_tmp'")
        source = (f"read_csv('{path}', header=true, columns={{'sender': 'VARCHAR', 'recipients': 'VARCHAR', "
                  f"'timestamp': 'TIMESTAMPTZ'}})" if kind == "duckdb-csv" else f"read_parquet('{path}')")
        q = (f"SELECT sender, recipient, count(*) AS weight FROM (SELECT sender, "
             f"unnest(string_split(recipients, ';')) AS recipient FROM {source}) "
             f"WHERE sender <> recipient GROUP BY sender, recipient")
        info["query"] = q
        df = con.execute(q).df()
        src, dst, wt = label_ids(df["sender"]), label_ids(df["recipient"]), df["weight"].to_numpy()
    info["seconds_inside"] = time.perf_counter() - t0
    info["vm_hwm_bytes"] = vm_hwm()
    np.savez(out + ".npz", source=src, target=dst, weight=wt)
    with open(out, "w") as f:
        json.dump(info, f)


def same_ties(npz: str, oracle: dict) -> tuple[bool, str]:
    d = np.load(npz)
    people = oracle["people"]
    key = d["source"] * people + d["target"]
    order = np.argsort(key)
    key, w = key[order], d["weight"][order].astype(float)
    okey = oracle["source"].astype(np.int64) * people + oracle["target"]
    ow = oracle["weight"].astype(float)
    if len(key) != len(okey):
        return False, f"{len(key):,} ties vs {len(okey):,} generated"
    if not np.array_equal(key, okey):
        return False, "different (sender, recipient) pairs"
    if not np.array_equal(w, ow):
        k = int(np.flatnonzero(w != ow)[0])
        return False, f"weight differs at tie {k}: {w[k]} vs {ow[k]}"
    return True, f"{len(key):,} ties, identical pairs and weights"


def measure(kind: str, path: str, args, tmp: str) -> dict:
    out = os.path.join(tmp, kind + ".json")
    cmd = [sys.executable, os.path.abspath(__file__), "--child", kind, "--input", path, "--result", out,
           "--threads", str(args.threads), "--chunk-messages", str(args.chunk_messages)]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    res = {"run": kind, "wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "exit": p.returncode,
           "peak_rss_bytes": ru.ru_maxrss * 1024}  # an upper bound (includes the parent's RSS at fork) ...
    if p.returncode == 0:
        with open(out) as f:
            res.update(json.load(f))
        res["peak_rss_bytes"] = res["vm_hwm_bytes"]  # ... replaced by the child's own VmHWM
    return res


# --------------------------------------------------------------------------- main

def mem_available() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10^6 rows (under a minute)")
    ap.add_argument("--rows", type=float, default=1e9, help="message-recipient rows (default 10^9)")
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk-messages", type=int, default=1_000_000, help="stream_ties' chunk_messages=")
    ap.add_argument("--chunk-rows", type=float, default=5e6, help="generator chunk (rows)")
    ap.add_argument("--workdir", default="/work/bench-data", help="cache of generated logs (not in the repo)")
    ap.add_argument("--runs", default=",".join(ALL_RUNS), help="comma-separated subset of " + ",".join(ALL_RUNS))
    ap.add_argument("--json", default=None, help="write results here (default <workdir>/<log folder>/results.json)")
    ap.add_argument("--merge", action="store_true",
                    help="keep the results of earlier runs (from the JSON) that this invocation does not re-run")
    ap.add_argument("--also", action="append", default=[],
                    help="with --merge: also take runs from this results JSON (e.g. one written with --json by "
                         "another build); may repeat")
    ap.add_argument("--keep-free-gb", type=float, default=25.0, help="refuse to generate below this much free disk")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.input, args.result, args.threads, args.chunk_messages)
        return
    rows = int(1e6 if args.quick else args.rows)
    runs = [r for r in args.runs.split(",") if r]
    for r in runs:
        if r not in ALL_RUNS:
            raise SystemExit(f"--runs: unknown run {r!r} (runs: {', '.join(ALL_RUNS)})")

    os.makedirs(args.workdir, exist_ok=True)
    # ~42 bytes of CSV + ~10 of Parquet per message of 2.37 rows at 5-character labels
    need = rows / 2.37 * 55
    free = shutil.disk_usage(args.workdir).free
    folder = os.path.join(args.workdir, f"stream_rows{rows}_people{args.people}_seed{args.seed}")
    if not os.path.exists(os.path.join(folder, "meta.json")) and free - need < args.keep_free_gb * 1e9:
        raise SystemExit(f"{args.workdir}: {free / 1e9:.0f} GB free, the log needs ~{need / 1e9:.0f} GB and "
                         f"--keep-free-gb={args.keep_free_gb:g}: use a smaller --rows")
    print(f"disk {args.workdir}: {free / 1e9:.0f} GB free before generation", file=sys.stderr)
    meta = generate(args.workdir, rows, args.people, args.seed, int(args.chunk_rows))
    oracle_npz = np.load(os.path.join(meta["folder"], "ties.npz"))
    oracle = {"people": meta["people"], "source": oracle_npz["source"], "target": oracle_npz["target"],
              "weight": oracle_npz["weight"]}

    import onakit as ona

    def streams(fmt: str) -> bool:
        """stream_ties reads formats without a streaming reader in memory: only time real streaming."""
        if not hasattr(ona, "stream_ties"):
            return False
        try:
            from onakit._stream_readers import STREAM_READERS
        except ImportError:
            return False
        return fmt in STREAM_READERS

    tmp = os.path.join(meta["folder"], "runs")
    os.makedirs(tmp, exist_ok=True)
    results = []
    print(f"log: {meta['rows']:,} rows, {meta['messages']:,} messages, {meta['people']:,} people, "
          f"{meta['ties']:,} ties; CSV {meta['csv_bytes'] / 1e9:.2f} GB, Parquet {meta['parquet_bytes'] / 1e9:.2f} GB "
          f"({meta['parquet_row_groups']} row groups); {'reused' if meta['reused'] else 'generated in ' + str(meta['generate_seconds']) + ' s'}")
    for kind in runs:
        path = meta["parquet"] if kind.endswith("parquet") else meta["csv"]
        if kind.startswith("onakit-stream") and not streams(kind.split("-")[-1]):
            results.append({"run": kind, "skipped": "this onakit has no streaming reader for the format"})
            continue
        if kind == "onakit-memory-csv":
            # the file is read whole, then the log holds ~20 B/message + 5 B/row
            est = meta["csv_bytes"] + meta["messages"] * 20 + meta["rows"] * 5
            if est > 0.8 * mem_available():
                results.append({"run": kind, "skipped": f"needs ~{est / 2**30:.1f} GiB, "
                                                        f"{mem_available() / 2**30:.1f} GiB available"})
                continue
        load = os.getloadavg()[0]
        print(f"running {kind} (load {load:.2f}) ...", file=sys.stderr, flush=True)
        r = measure(kind, path, args, tmp)
        r["load_before"] = load
        r["load_after"] = os.getloadavg()[0]
        if r["exit"] == 0:
            r["ties_equal"], r["ties_detail"] = same_ties(os.path.join(tmp, kind + ".json.npz"), oracle)
        results.append(r)

    out = args.json or os.path.join(meta["folder"], "results.json")
    if args.merge and os.path.exists(out):
        with open(out) as f:
            earlier = [r for r in json.load(f)["results"] if r["run"] not in runs]
        for extra in args.also:
            with open(extra) as f:
                taken = {r["run"] for r in earlier + results}
                earlier += [r for r in json.load(f)["results"] if r["run"] not in taken and "skipped" not in r]
        results = sorted(earlier + results, key=lambda r: ALL_RUNS.index(r["run"]))
    graph_bytes = next((r["graph_bytes"] + r["label_bytes"] for r in results if "graph_bytes" in r), None)
    duck = {r["run"].split("-")[-1]: r for r in results if r["run"].startswith("duckdb") and r.get("exit") == 0}
    print(f"\n{meta['rows']:,} rows, {meta['messages']:,} messages, {meta['ties']:,} ties, threads={args.threads}, "
          f"chunk_messages={args.chunk_messages:,}; onakit {ona.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs\n")
    print("| run | wall s | CPU s | messages/s | rows/s | peak RSS MiB | wall / DuckDB (CPU / DuckDB), same file | RSS <= 2x graph + 1 GB | ties = oracle | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        if "skipped" in r:
            print(f"| {r['run']} | skipped: {r['skipped']} | | | | | | | | |")
            continue
        if r["exit"] != 0:
            print(f"| {r['run']} | FAILED (exit {r['exit']}) after {r['wall_s']:.1f} s | | | | {r['peak_rss_bytes'] / 2**20:,.0f} | | | | |")
            continue
        fmt = r["run"].split("-")[-1]
        ratio = (f"{r['wall_s'] / duck[fmt]['wall_s']:.2f} ({r['cpu_s'] / duck[fmt]['cpu_s']:.2f})"
                 if fmt in duck and not r["run"].startswith("duckdb") else "")
        bound = ""
        if graph_bytes is not None:
            limit = 2 * graph_bytes + 2**30
            r["rss_bound_bytes"] = limit
            bound = f"{'yes' if r['peak_rss_bytes'] <= limit else 'NO'} ({limit / 2**20:,.0f} MiB)"
        print(f"| {r['run']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {meta['messages'] / r['wall_s'] / 1e6:.2f}M | "
              f"{meta['rows'] / r['wall_s'] / 1e6:.2f}M | {r['peak_rss_bytes'] / 2**20:,.0f} | {ratio} | {bound} | "
              f"{'yes' if r['ties_equal'] else 'NO: ' + r['ties_detail']} | {r['load_before']:.1f} → {r['load_after']:.1f} |")
    if graph_bytes is not None:
        print(f"\ngraph + labels: {graph_bytes:,} bytes (graph.memory_bytes() + label strings)")
    with open(out, "w") as f:
        json.dump({"meta": meta, "threads": args.threads, "chunk_messages": args.chunk_messages,
                   "onakit": ona.__version__, "results": results,
                   "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, f, indent=1, default=str)
    print(f"JSON: {out}")
    if any(r.get("ties_equal") is False or r.get("exit", 0) != 0 for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
