"""benchmarks/compare: onakit against its peers, one measurement per process, values checked beside the times.

Run through ``benchmarks/compare`` (it prepares the peers' virtual
environment); ``--help`` lists the options. For each (workload, graph,
library, threads) a child process loads the input, converts it for the
library, and times the library call (best of ``--repeat``); the parent
checks each peer's values against onakit's (``agree``), prints the table and
the goals of issue #17, and writes ``benchmarks/results/compare.json`` and
``compare.md``. A peer that takes longer than ``--timeout`` is shown as
``> T s``; a disagreement beyond tolerance is flagged in the table and makes
the exit status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import agree, report
from .workloads import WORKLOADS, plan, rule_for

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
THREAD_VARS = ("OMP_NUM_THREADS", "POLARS_MAX_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "RAYON_NUM_THREADS")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="benchmarks/compare", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="small graphs (2k org, email-Eu-core), best of 1, no networkx on big graphs: a few minutes")
    ap.add_argument("--workloads", default="", help="comma-separated subset of: " + ", ".join(WORKLOADS))
    ap.add_argument("--graphs", default="", help="comma-separated subset, e.g. org2k,org20k,eu-core,w3c,enron")
    ap.add_argument("--threads", default="1,2", help="thread counts of the threaded libraries (default 1,2)")
    ap.add_argument("--repeat", type=int, default=None, help="best of N wall times (default 3; --quick 1)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per measurement before it is reported as '> T s' (default 900; --quick 120)")
    ap.add_argument("--sample", type=int, default=4, help="people the temporal-reach oracle searches from")
    ap.add_argument("--mbox-scale", type=int, default=None,
                    help="the Enron mbox files concatenated this many times (default 10; --quick 1)")
    ap.add_argument("--onakit-path", default="", help="measure this onakit (PYTHONPATH), e.g. build/dev/python; "
                    "default: the one installed in .venv by scripts/setup")
    ap.add_argument("--out", default=str(BENCH / "results"), help="where compare.json and compare.md go")
    ap.add_argument("--work-dir", default=str(ROOT / "build" / "compare-work"),
                    help="generated inputs (CSV, mbox), kept between runs")
    ap.add_argument("--update-readme", action="store_true",
                    help="replace the compare block of README.md's Performance section with compare.md")
    ap.add_argument("--merge", action="store_true",
                    help="keep the measurements of the compare.json already in --out that this run does not repeat "
                         "(same workload, graph, library, threads); the table then names each run's command, date "
                         "and commit")
    ap.add_argument("--render", action="store_true",
                    help="measure nothing: recompute the goals of the compare.json in --out and rewrite compare.md "
                         "(and README.md with --update-readme)")
    ap.add_argument("--list", action="store_true", help="print the planned measurements and exit")
    a = ap.parse_args(argv)
    a.workload_list = [w for w in a.workloads.split(",") if w] or list(WORKLOADS)
    unknown = [w for w in a.workload_list if w not in WORKLOADS]
    if unknown:
        ap.error(f"--workloads: unknown {', '.join(unknown)} (known: {', '.join(WORKLOADS)})")
    a.graph_list = [g for g in a.graphs.split(",") if g]
    try:
        a.thread_list = sorted({int(t) for t in a.threads.split(",") if t})
    except ValueError:
        ap.error(f"--threads: comma-separated integers, got {a.threads!r}")
    if not a.thread_list or min(a.thread_list) < 1:
        ap.error(f"--threads: counts must be >= 1, got {a.threads!r}")
    if a.repeat is None:
        a.repeat = 1 if a.quick else 3
    if a.timeout is None:
        a.timeout = 120.0 if a.quick else 900.0
    if a.mbox_scale is None:
        a.mbox_scale = 1 if a.quick else 10
    if a.repeat < 1 or a.timeout <= 0 or a.sample < 1 or a.mbox_scale < 1:
        ap.error("--repeat, --timeout, --sample and --mbox-scale must be positive")
    return a


# ---- inputs made once per run (cached in --work-dir)

CSV_PAIRS = {2_000: 1e6, 20_000: 1e7, 100_000: 2e7}  # message-recipient pairs of the CSV of each org (~1.1 GB max)


def csv_input(work, graph: str, onakit_path: str = "", in_child: bool = False) -> str:
    from . import common, tables

    work = Path(work)
    people = common.org_people(graph)
    if people is None:
        raise ValueError(f"csv_ties: graph {graph!r} is not a synthetic org")
    pairs = CSV_PAIRS.get(people, people * 500)
    path = work / f"email_{people}p_{int(pairs)}pairs_seed42.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        if in_child:
            tables.write_csv(str(tmp), people, pairs, seed=42)
            tmp.rename(path)
        else:  # its own process: generating a large log takes GBs this process would keep
            print(f"writing {path} ({pairs:.0e} message-recipient pairs)", flush=True)
            code = f"from compare_lib.harness import csv_input; csv_input({str(work)!r}, {graph!r}, in_child=True)"
            subprocess.run([sys.executable, "-c", code], check=True, env=child_env(1, onakit_path), cwd=str(BENCH))
    return str(path)


def mbox_input(work: Path, scale: int) -> str:
    from . import common

    files = sorted((common.DATA / "enron-mbox").glob("*.mbox"))
    if not files:
        raise FileNotFoundError(f"no mbox files in {common.DATA / 'enron-mbox'}")
    path = work / f"enron_x{scale}.mbox"
    if not path.exists():
        with open(path.with_suffix(".tmp"), "wb") as out:
            for _ in range(scale):
                for f in files:
                    out.write(f.read_bytes())
        path.with_suffix(".tmp").rename(path)
    return str(path)


# ---- one measurement in a child process

def child_env(threads: int, onakit_path: str) -> dict:
    env = dict(os.environ)
    for v in THREAD_VARS:
        env[v] = str(threads)
    parts = [str(BENCH)] + ([onakit_path] if onakit_path else [])
    env["PYTHONPATH"] = os.pathsep.join(parts + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def measure(m: dict, args, tmp: Path, inputs: dict) -> dict:
    key = f"{m['workload']}__{m['graph']}__{m['lib']}__t{m['threads']}"
    spec = dict(m, repeat=args.repeat, out=str(tmp / key), sample=args.sample, input=inputs.get(m["graph"]))
    spec_path = tmp / (key + ".spec.json")
    spec_path.write_text(json.dumps(spec))
    rec = dict(m)
    rec.pop("max_people", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "compare_lib.child", str(spec_path)],
                            env=child_env(m["threads"], args.onakit_path), cwd=str(BENCH),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: nothing else is touched
        proc.communicate()
        rec["timeout"] = args.timeout
        rec["wall"] = time.perf_counter() - t0
        return rec
    rec["wall"] = time.perf_counter() - t0
    res_path = Path(spec["out"] + ".json")
    if not res_path.exists():
        rec["error"] = f"child exited {proc.returncode}: " + out.decode(errors="replace").strip()[-300:]
        return rec
    rec.update(json.loads(res_path.read_text()))
    npz = Path(spec["out"] + ".npz")
    if npz.exists():
        rec["_npz"] = str(npz)
    return rec


# ---- agreement

def _load(rec: dict) -> dict | None:
    p = rec.get("_npz")
    if not p:
        return None
    with np.load(p) as z:
        return {k: z[k] for k in z.files}


def _reference(records: list[dict], rec: dict, base: str) -> dict | None:
    """onakit's result to check `rec` against: the same threads if measured, else another thread count
    (onakit's own rows are checked against its other thread counts)."""
    cands = [r for r in records if (r["workload"], r["graph"], r["lib"]) == (rec["workload"], rec["graph"], base)
             and r.get("_npz") and r is not rec]
    cands.sort(key=lambda r: (r["threads"] != rec["threads"], -r["threads"]))
    return cands[0] if cands else None


def check(records: list[dict]) -> None:
    """Sets rec["agreement"] (and rec["q"] for communities) on every measured record."""
    for rec in records:
        try:
            _check_one(records, rec)
        except Exception as e:  # a broken comparison is a failed check, not a lost run
            rec["agreement"] = {"ok": False, "text": f"check failed: {type(e).__name__}: {e}"}


def _check_one(records: list[dict], rec: dict) -> None:
    vals = _load(rec)
    if vals is None:
        return
    w = WORKLOADS[rec["workload"]]
    n = int(rec.get("facts", {}).get("people", 0) or len(next(iter(vals.values()))))
    rule = rule_for(w, rec["lib"], n)
    if w.name == "communities":
        rec["q"] = float(vals["values"][0])
    if w.name == "approx_betweenness":
        exact = [r for r in records if (r["workload"], r["graph"], r.get("exact_ref")) ==
                 (w.name, rec["graph"], True) and r.get("_npz")]
        if not exact:
            rec["agreement"] = {"ok": False, "text": "no exact betweenness to compare with"}
            return
        rec["agreement"] = agree.compare(vals["values"], _load(exact[0])["ref:exact"], rule).as_dict()
        if rec.get("facts", {}).get("attrs", {}).get("exact"):
            rec["agreement"]["text"] += " (onakit computed exactly: cheaper than the sample here)"
        return
    ref = _reference(records, rec, w.base)
    if ref is None:
        return
    rv = _load(ref)
    target = rv.get("values")
    which = rec.get("facts", {}).get("reference", "")
    if which:
        target = rv.get("ref:" + which)
        if target is None:
            rec["agreement"] = {"ok": False, "text": f"onakit's {which} values are missing"}
            return
    if w.name == "communities":
        rec["agreement"] = agree.compare(vals["values"][0], target[0], rule).as_dict()
    elif w.name == "csv_ties":
        ok, text = _same_ties(vals, rv)
        rec["agreement"] = {"ok": ok, "text": text}
    else:
        rec["agreement"] = agree.compare(vals["values"], target, rule).as_dict()
    if which:
        rec["agreement"]["text"] += f" (vs onakit {which})"
    if rec["lib"] == w.base:  # onakit against itself at another thread count
        rec["agreement"]["text"] += f" (vs t={ref['threads']})"


def _same_ties(a: dict, b: dict) -> tuple[bool, str]:
    from .tables import same_ties

    return same_ties(a, b)


def failures(records: list[dict]) -> list[dict]:
    """The records that make the exit status 1: a result that disagrees beyond tolerance, or a crash."""
    return [r for r in records if "error" in r or (r.get("agreement") and not r["agreement"]["ok"])]


# ---- what was measured, on what

def machine(load_before, load_after, compiler) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024 / 2**30
    except OSError:
        pass
    osname = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip('"') + f" (Linux {platform.release()})"
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram, "os": osname, "compiler": compiler,
            "python": platform.python_version(), "load_before": load_before, "load_after": load_after}


def _git(*a, where: Path = ROOT) -> str:
    try:
        return subprocess.run(["git", "-C", str(where), *a], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def onakit_info(onakit_path: str) -> dict:
    """Which onakit the children import: path, version, the commit of this tree, build type and compiler."""
    env = child_env(1, onakit_path)
    code = "import onakit, json; print(json.dumps({'version': onakit.__version__, 'file': onakit.__file__}))"
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        where = onakit_path or "the bench environment (.venv's install, scripts/setup)"
        raise SystemExit(f"benchmarks/compare: cannot import onakit from {where}:\n{p.stderr.strip()[-500:]}\n"
                         "Run `bash scripts/setup` (installs onakit into .venv) or pass --onakit-path build/dev/python.")
    info = json.loads(p.stdout)
    path = Path(info["file"]).resolve().parent
    info["path"] = str(path)
    # The commit of the tree the measured build sits in (a dev build's python folder), else of this tree
    # (scripts/setup installs .venv's onakit from it).
    tree = path if _git("rev-parse", "HEAD", where=path) != "?" else ROOT
    commit = _git("rev-parse", "--short", "HEAD", where=tree)
    dirty = _git("status", "--porcelain", "--untracked-files=no", where=tree)
    info["commit"] = commit + ("+dirty" if dirty and dirty != "?" else "")
    info["tree"] = _git("rev-parse", "--show-toplevel", where=tree)
    cache = None
    setup_root = Path(os.environ.get("ONAKIT_SETUP_ROOT", ROOT))  # scripts/setup's wheel build: build/python-*
    for c in [path.parent.parent / "CMakeCache.txt"] + sorted((setup_root / "build").glob("python-*/CMakeCache.txt")):
        if c.exists():
            cache = c
            break
    info["build_type"], info["compiler"] = "?", "?"
    if cache is not None:
        vals = {}
        for line in cache.read_text(errors="replace").splitlines():
            if ":" in line and "=" in line and not line.startswith(("//", "#")):
                k, v = line.split("=", 1)
                vals[k.split(":")[0]] = v
        info["build_type"] = vals.get("CMAKE_BUILD_TYPE") or "?"
        cxx = vals.get("CMAKE_CXX_COMPILER", "")
        if cxx:
            try:
                first = subprocess.run([cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
                info["compiler"] = first
            except (OSError, IndexError):
                info["compiler"] = cxx
        info["cmake_cache"] = str(cache)
    return info


# Rough sizes (people, directed ties) to scale a quick run's times to the full run's graphs.
SIZES = {"org2k": (2_000, 43_410), "org20k": (20_000, 575_485), "org100k": (100_000, 3_023_807),
         "eu-core": (1_005, 24_929), "eu-temporal": (986, 24_929), "w3c": (20_082, 33_354), "w3c-u": (20_082, 63_748),
         "enron": (36_692, 367_662)}
PATH_MEASURES = {"betweenness", "edge_betweenness", "closeness", "harmonic"}  # O(n m); the others ~O(m)
PROCESS_S = 2.0  # a child's start: imports, input load and conversion (measured ~1-3 s on the quick graphs)


def render(out_dir: Path, update_readme: bool) -> int:
    """--render: the goals and compare.md again from compare.json (after a change to the report, not the data)."""
    path = out_dir / "compare.json"
    try:
        result = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise SystemExit(f"benchmarks/compare --render: cannot read {path}: {e}")
    result["goals"] = report.goals(result["records"])
    path.write_text(json.dumps(result, indent=1, default=str))
    md = report.markdown(result)
    (out_dir / "compare.md").write_text(md)
    print(f"rewrote {path} (goals) and {out_dir / 'compare.md'}")
    if update_readme:
        readme = ROOT / "README.md"
        readme.write_text(report.replace_block(readme.read_text(), md))
        print(f"updated the compare block of {readme}")
    return 0


def merge_runs(prev_path: Path, records: list[dict], this_run: dict) -> tuple[list[dict], list[dict]]:
    """--merge: this run's records, plus the earlier compare.json's records of measurements it did not repeat,
    each labelled with the index of the run that made it (records["run"]; runs[0] is this run)."""
    key = lambda r: (r["workload"], r["graph"], r["lib"], r["threads"])  # noqa: E731
    try:
        prev = json.loads(prev_path.read_text())
    except (OSError, ValueError) as e:
        raise SystemExit(f"benchmarks/compare --merge: cannot read the earlier results {prev_path}: {e}")
    old_runs = prev.get("runs") or [{k: prev.get(k) for k in ("date", "command", "length_s")} |
                                    {"commit": (prev.get("onakit") or {}).get("commit"), "load": prev.get("load_before")}]
    mine = {key(r) for r in records}
    for r in records:
        r["run"] = 0
    kept = [dict(r, run=int(r.get("run", 0)) + 1) for r in prev.get("records", []) if key(r) not in mine]
    used = sorted({r["run"] for r in kept})
    renumber = {old: new for new, old in enumerate(used, 1)}
    runs = [this_run] + [old_runs[u - 1] for u in used]
    for r in kept:
        r["run"] = renumber[r["run"]]
    return records + kept, runs


def estimate(items: list[dict], quick_records: list[dict], timeout: float) -> float:
    """Seconds a run of `items` should take: each measurement's time on the 2k organisation in the last
    quick run (same workload, library, threads), scaled by m (or n m for path measures), times the repeats,
    capped at the timeout, plus the process start. Rough: it ignores cache effects and the load."""
    base = {(r["workload"], r["lib"], r["threads"]): r for r in quick_records
            if r["graph"] == "org2k" and "seconds" in r}
    n0, m0 = SIZES["org2k"]
    total = 0.0
    for m in items:
        if "skipped" in m:
            continue
        r = base.get((m["workload"], m["lib"], m["threads"]))
        n, e = SIZES.get(m["graph"], (n0, m0))
        scale = (n * e) / (n0 * m0) if m["workload"] in PATH_MEASURES else e / m0
        one = r["seconds"] * scale if r else 1.0
        t = one * int(m.get("repeat", 3)) if one * int(m.get("repeat", 3)) <= 60 else max(one, 60.0)
        total += min(t, timeout) + PROCESS_S
    return total


def expected_length(out_dir: Path, quick: bool, items: list[dict], timeout: float, repeat: int) -> str:
    prev = out_dir / "compare.json"
    j: dict = {}
    if prev.exists():
        try:
            j = json.loads(prev.read_text())
        except ValueError:
            j = {}
    if j.get("quick") == quick and j.get("length_s") and len(j.get("records", [])) == len(items):
        return (f"expected length ~{j['length_s'] / 60:.0f} min (the last {'quick' if quick else 'full'} run of the "
                f"same {len(items)} measurements, {j['date']}, load {j.get('load_before')})")
    upper = f"at most {len(items) * (timeout + PROCESS_S) / 3600:.1f} h if every measurement hit the timeout"
    if j.get("quick") and j.get("records"):
        est = estimate([dict(m, repeat=repeat) for m in items], j["records"], timeout)
        return (f"expected length ~{est / 3600:.1f} h (rough: the last quick run's times on the 2k organisation "
                f"scaled to each graph's size, {j['date']}); {upper}")
    return f"expected length unknown (no earlier quick run in {prev} to scale from); {upper}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    items = plan(args.workload_list, args.graph_list, args.quick, args.thread_list)
    if args.render:
        return render(Path(args.out), args.update_readme)
    if args.list:
        for m in items:
            print(f"{m['workload']:20} {m['graph']:12} {m['lib']:26} t={m['threads']}")
        return 0
    if not items:
        raise SystemExit("benchmarks/compare: nothing to measure (check --workloads / --graphs)")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    if args.onakit_path:
        args.onakit_path = str(Path(args.onakit_path).resolve())
    info = onakit_info(args.onakit_path)
    load_before = os.getloadavg()
    print(f"onakit {info['version']} from {info['path']} (commit {info['commit']}, {info['build_type']} build, "
          f"{info['compiler']})")
    print(f"{len(items)} measurements, best of {args.repeat}, timeout {args.timeout:g} s each, threads "
          f"{','.join(map(str, args.thread_list))}; load average {load_before[0]:.2f} {load_before[1]:.2f} "
          f"{load_before[2]:.2f}")
    print(expected_length(out_dir, args.quick, items, args.timeout, args.repeat), flush=True)
    t_start = time.perf_counter()
    inputs: dict = {}
    records: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="onakit_compare_") as tmpname:
        tmp = Path(tmpname)
        for i, m in enumerate(items, 1):
            w = WORKLOADS[m["workload"]]
            if "skipped" in m:
                records.append({k: v for k, v in m.items() if k != "max_people"})
                print(f"[{i}/{len(items)}] {m['workload']} {m['graph']} {m['lib']} t={m['threads']}: skipped",
                      flush=True)
                continue
            try:
                if w.kind == "csv" and m["graph"] not in inputs:
                    inputs[m["graph"]] = csv_input(work, m["graph"], args.onakit_path)
                if w.kind == "mbox" and m["graph"] not in inputs:
                    inputs[m["graph"]] = mbox_input(work, args.mbox_scale)
            except (FileNotFoundError, ValueError, subprocess.CalledProcessError) as e:
                records.append(dict(m, missing=str(e)))
                continue
            rec = measure(m, args, tmp, inputs)
            records.append(rec)
            print(f"[{i}/{len(items)}] {m['workload']} {m['graph']} {m['lib']} t={m['threads']}: "
                  f"{report.status_text(rec)} (load {os.getloadavg()[0]:.2f})", flush=True)
        check(records)
        for r in records:
            r.pop("_npz", None)
    length = time.perf_counter() - t_start
    load_after = os.getloadavg()
    mach = machine(" ".join(f"{x:.2f}" for x in load_before), " ".join(f"{x:.2f}" for x in load_after),
                   info.get("compiler", "?"))
    this_run = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "command": "benchmarks/compare " + " ".join(sys.argv[1:] if argv is None else argv),
                "commit": info.get("commit"), "length_s": length, "cpu": mach.get("cpu"),
                "load": f"{load_before[0]:.2f} -> {load_after[0]:.2f}"}
    runs = [this_run]
    if args.merge:
        records, runs = merge_runs(out_dir / "compare.json", records, this_run)
    versions = {}  # of every library in the table, merged rows included
    for r in records:
        for k, v in (r.get("versions") or {}).items():
            if k not in ("onakit_file",):
                versions[k] = v
    gs = report.goals(records)
    result = {
        "runs": runs,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "benchmarks/compare " + " ".join(sys.argv[1:] if argv is None else argv),
        "quick": args.quick, "repeat": args.repeat, "timeout": args.timeout, "threads": args.thread_list,
        "length_s": length, "load_before": " ".join(f"{x:.2f}" for x in load_before),
        "machine": mach,
        "onakit": info, "versions": versions,
        "bases": {k: w.base for k, w in WORKLOADS.items()}, "titles": {k: w.title for k, w in WORKLOADS.items()},
        "records": records, "goals": gs,
    }
    rows = report.table_rows(records, result["bases"], result["titles"])
    print()
    print(report.text_table(report.HEADER, rows))
    print()
    gh, gr = report.goals_table(gs)
    print("goals (issue #17; onakit at 2 threads unless said):")
    print(report.text_table(gh, gr))
    (out_dir / "compare.json").write_text(json.dumps(result, indent=1, default=str))
    md = report.markdown(result)
    (out_dir / "compare.md").write_text(md)
    print(f"\nmeasured length {length / 60:.1f} min; load average {load_after[0]:.2f} {load_after[1]:.2f} "
          f"{load_after[2]:.2f} at the end")
    print(f"wrote {out_dir / 'compare.json'} and {out_dir / 'compare.md'}")
    if args.update_readme:
        readme = ROOT / "README.md"
        readme.write_text(report.replace_block(readme.read_text(), md))
        print(f"updated the compare block of {readme}")
    bad = [r for r in failures(records) if "error" not in r]
    errors = [r for r in records if "error" in r]
    if bad:
        print(f"\n{len(bad)} result(s) DISAGREE with onakit beyond tolerance:", file=sys.stderr)
        for r in bad:
            print(f"  {r['workload']} {r['graph']} {r['lib']} t={r['threads']}: {r['agreement']['text']}",
                  file=sys.stderr)
    for r in errors:
        print(f"  ERROR {r['workload']} {r['graph']} {r['lib']} t={r['threads']}: {r['error']}", file=sys.stderr)
    return 1 if bad or errors else 0


if __name__ == "__main__":
    sys.exit(main())
