#!/usr/bin/env python3
"""Checks that onakit's headers read one way (README.md, "Layout").

Every header under include/onakit belongs to a stage; a stage may include
headers of its own stage and of earlier ones, never of a later one:

    0 base        types, errors, interrupt, version, chrono, detail/ (true leaf helpers)
    1 model       message_log, ingest_report, people_index
    2 ingest      ingest/ (+ ingest/detail/)   synthetic/ (a generator)
    3 graph       graph/ (+ graph/detail/)
    4 centrality  centrality/ (+ centrality/detail/)
    5 silo        silo/ (+ silo/detail/); may use centrality's public headers
    6 temporal    temporal/ (+ temporal/detail/): measures over time-ordered
                  messages (working hours, response times, reach through time)

A stage's own `detail/` folder is its internals: only headers of that stage
include it. The umbrella header onakit.hpp includes public headers only.

Every header opens onakit's namespace the versioned way, in the inline
namespace named by ONAKIT_ABI in version.hpp (`namespace onakit::inline
v0_1 {`, or `namespace onakit::inline v0_1::detail {`), so that two onakit
versions in one program cannot silently mix (version.hpp).

    python3 scripts/check_layers.py [INCLUDE_DIR]   (default: include/onakit)

Prints nothing and exits 0 when the rule holds; otherwise prints one line
per offending include (file:line: include: rule broken) and exits 1.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# Stage of each top-level header and folder: (name, rank). Folders of the
# same rank are siblings: each may include the other's public headers but
# not its detail/ folder.
TOP_HEADERS = {
    "types.hpp": ("base", 0),
    "errors.hpp": ("base", 0),
    "interrupt.hpp": ("base", 0),
    "version.hpp": ("base", 0),
    "chrono.hpp": ("base", 0),
    "message_log.hpp": ("model", 1),
    "ingest_report.hpp": ("model", 1),
    "people_index.hpp": ("model", 1),
    "labels.hpp": ("model", 1),
}
FOLDERS = {
    "detail": ("base", 0),
    "ingest": ("ingest", 2),
    "synthetic": ("synthetic", 2),
    "graph": ("graph", 3),
    "centrality": ("centrality", 4),
    "silo": ("silo", 5),
    "temporal": ("temporal", 6),
}
UMBRELLA = "onakit.hpp"

INCLUDE = re.compile(r"^\s*#\s*include\s*<onakit/([^>]+)>")
# An opening of namespace onakit (not a comment, not `onakit::python`-style
# code outside include/): group 1 is what follows `onakit`.
NAMESPACE = re.compile(r"^\s*namespace\s+onakit\b(.*?)\s*\{")
VERSIONED = re.compile(r"^::inline (\w+)(::\w+)*$")
ABI = re.compile(r"^#define ONAKIT_ABI (\w+)", re.M)


def abi_name(root: Path) -> str | None:
    """The inline namespace version.hpp names, or None without version.hpp."""
    version = root / "version.hpp"
    if not version.is_file():
        return None
    m = ABI.search(version.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def stage_of(rel: str) -> tuple[str, int] | None:
    """(stage, rank) of a header path relative to include/onakit, or None."""
    parts = rel.split("/")
    if len(parts) == 1:
        return TOP_HEADERS.get(parts[0])
    return FOLDERS.get(parts[0])


def is_detail(rel: str) -> bool:
    return "detail" in rel.split("/")[:-1]


def check(root: Path) -> list[str]:
    """Every broken rule under `root` (include/onakit), one line each."""
    problems: list[str] = []
    abi = abi_name(root)
    for path in sorted(root.rglob("*.hpp")):
        rel = path.relative_to(root).as_posix()
        shown = f"include/onakit/{rel}"
        own = None if rel == UMBRELLA else stage_of(rel)
        if own is None and rel != UMBRELLA:
            problems.append(f"{shown}:1: not in any stage: add its folder to scripts/check_layers.py")
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            ns = NAMESPACE.match(line)
            if ns:
                v = VERSIONED.match(ns.group(1))
                want = f"namespace onakit::inline {abi or 'v<major>_<minor>'}"
                if v is None:
                    problems.append(f"{shown}:{lineno}: `{line.strip()}`: open the versioned namespace, "
                                    f"`{want} {{` (version.hpp)")
                elif abi is not None and v.group(1) != abi:
                    problems.append(f"{shown}:{lineno}: `{line.strip()}`: the inline namespace is {abi} "
                                    f"(ONAKIT_ABI in version.hpp), not {v.group(1)}")
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(1)
            where = f"{shown}:{lineno}: <onakit/{inc}>"
            if not (root / inc).is_file():
                problems.append(f"{where}: no such header")
                continue
            target = stage_of(inc)
            if target is None:
                problems.append(f"{where}: the included header is not in any stage")
                continue
            if rel == UMBRELLA:
                if is_detail(inc):
                    problems.append(f"{where}: the umbrella header includes internals (a detail/ header)")
                continue
            if target[1] > own[1]:
                problems.append(f"{where}: {own[0]} (stage {own[1]}) includes a later stage, {target[0]} (stage {target[1]})")
            elif is_detail(inc) and target[0] != own[0] and target[0] != "base":
                problems.append(f"{where}: {own[0]} includes the internals of another stage ({target[0]}/detail)")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "include" / "onakit"
    if not root.is_dir():
        print(f"check_layers: {root} is not a folder", file=sys.stderr)
        return 2
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} include(s) break the layer rule (see README.md, Layout)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
