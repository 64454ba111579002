#!/usr/bin/env python3
"""Compiles every public onakit header alone, warnings as errors.

A consumer includes one onakit header with `-I` (not `-isystem`, so our
warnings are theirs) and builds with strict warnings on. This script proves
that works: each public header is compiled alone in a translation unit that
includes nothing else, plus one translation unit that sets a member of every
`*_options` struct with a C++20 designated initializer, as in
`betweenness(g, {.threads = 1})` (which warns under -Wextra,
missing-field-initializers, when another member has no default).

Public headers: everything under include/onakit except `detail/` folders
(include/onakit/detail/ and <stage>/detail/), which are internals included
only by onakit's own headers (README.md, Layout); they are still compiled
here, through the public headers that include them.

    python3 scripts/check_headers.py --cxx g++ [--cxx clang++] \
        [--include-dir include] [--isystem DIR ...] [--openmp-flag=-fopenmp] \
        [--jobs N] [--only SUBSTRING]

Run by ctest as headers_gpp / headers_clangpp (tests/CMakeLists.txt).
Flags: -std=c++20 -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion
-Wshadow -Werror -fsyntax-only (the warnings all come from the front end;
nothing is code-generated), plus the OpenMP flag (`--openmp-flag=` with
an empty value checks the headers as a consumer without OpenMP would build
them). Dependencies' folders are given with -isystem, as CMake's imported
targets give them to a consumer.

Prints one block per failing TU (the compiler's diagnostics) and a summary;
exits 1 if any TU failed, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARNINGS = ["-Wall", "-Wextra", "-Wpedantic", "-Wconversion", "-Wsign-conversion", "-Wshadow", "-Werror"]
IMPLICIT = {"/usr/include", "/usr/local/include"}
OPTIONS_TU = "<options designated initializers>"
# `struct name_options {` at the start of a line, then its first data member.
OPTIONS_STRUCT = re.compile(r"^struct (\w+_options) \{\n(.*?)^\};", re.M | re.S)
MEMBER = re.compile(r"^\s+[\w:<>, ]+?[\s&*>](\w+)\s*(?:=|\{|;)", re.M)


def public_headers(include_dir: Path) -> list[str]:
    """Public headers as `onakit/...` include names, sorted."""
    root = include_dir / "onakit"
    out = []
    for p in sorted(root.rglob("*.hpp")):
        rel = p.relative_to(include_dir).as_posix()
        if "detail" in rel.split("/")[1:-1]:
            continue
        out.append(rel)
    return out


def options_tu(include_dir: Path, headers: list[str]) -> tuple[str, int]:
    """A TU that builds every `*_options` struct with a designated initializer
    of its first member (set to its own default), as a user would write
    `betweenness(g, {.threads = 1})`: under -Wextra that warns if any other
    member has no default initializer. Found by parsing the headers, so a new
    options struct is covered without editing this script. Returns the source
    and the number of structs."""
    lines = [f"#include <{h}>" for h in headers]
    lines.append("void onakit_designated_options() {")
    count = 0
    for h in headers:
        text = (include_dir / h).read_text(encoding="utf-8")
        for m in OPTIONS_STRUCT.finditer(text):
            body = "\n".join(l for l in m.group(2).splitlines() if not l.strip().startswith("//"))
            first = MEMBER.search(body)
            if first is None:
                continue
            name, member = m.group(1), first.group(1)
            lines.append(f"  [[maybe_unused]] onakit::{name} o{count}{{.{member} = onakit::{name}{{}}.{member}}};")
            count += 1
    lines.append("}")
    return "\n".join(lines) + "\n", count


def compile_one(cxx: str, flags: list[str], source: Path) -> tuple[bool, str]:
    r = subprocess.run([cxx, *flags, "-fsyntax-only", "-x", "c++", str(source)],
                       capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cxx", action="append", required=True, help="compiler (repeatable)")
    ap.add_argument("--include-dir", default=str(ROOT / "include"), help="onakit's include folder (given with -I)")
    ap.add_argument("--isystem", action="append", default=[], help="a dependency's include folder(s), separated by os.pathsep (repeatable)")
    ap.add_argument("--openmp-flag", default="-fopenmp", help="OpenMP flag; empty for the no-OpenMP variant")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", default="", help="check only headers whose name contains this")
    args = ap.parse_args(argv[1:])

    include_dir = Path(args.include_dir).resolve()
    if not (include_dir / "onakit").is_dir():
        print(f"check_headers: --include-dir {include_dir} has no onakit/ folder", file=sys.stderr)
        return 2
    for cxx in args.cxx:
        if shutil.which(cxx) is None:
            print(f"check_headers: --cxx {cxx}: compiler not found", file=sys.stderr)
            return 2

    headers = [h for h in public_headers(include_dir) if args.only in h]
    flags = ["-std=c++20", *WARNINGS, f"-I{include_dir}"]
    seen: set[str] = set()
    for d in (d for arg in args.isystem for d in arg.split(os.pathsep)):
        # onakit's own folder stays -I: -isystem would hide its warnings. The
        # compiler's own folders are left out, as CMake does: `-isystem
        # /usr/include` reorders them and breaks libstdc++'s #include_next.
        if d and d not in seen and d not in IMPLICIT and Path(d).resolve() != include_dir:
            seen.add(d)
            flags += ["-isystem", d]
    if args.openmp_flag:
        flags.append(args.openmp_flag)

    start = time.monotonic()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="onakit_headers_") as tmp:
        n_options = 0
        jobs = []
        for h in headers:
            src = Path(tmp) / (h.replace("/", "__") + ".cpp")
            src.write_text(f"#include <{h}>\n", encoding="utf-8")
            jobs.append((h, src))
        if not args.only:
            text, n_options = options_tu(include_dir, headers)
            src = Path(tmp) / "options_designated.cpp"
            src.write_text(text, encoding="utf-8")
            jobs.append((f"{OPTIONS_TU} ({n_options} structs)", src))
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [(cxx, name, pool.submit(compile_one, cxx, flags, src))
                       for cxx in args.cxx for name, src in jobs]
            for cxx, name, fut in futures:
                ok, out = fut.result()
                if not ok:
                    failures += 1
                    print(f"--- {cxx}: {name}\n{out}\n")
    took = time.monotonic() - start
    total = len(jobs) * len(args.cxx)
    print(f"check_headers: {total - failures}/{total} TUs clean ({len(headers)} public headers + "
          f"{n_options} options structs designated in one TU, "
          f"compilers: {' '.join(args.cxx)}; flags: {' '.join(WARNINGS)} {args.openmp_flag}; {took:.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
