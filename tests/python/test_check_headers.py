"""scripts/check_headers.py (ctest headers_gpp / headers_clangpp) fails on
what it is meant to catch: a public header that warns when compiled alone,
one that does not compile alone, and an options struct whose designated
initialization warns (-Wmissing-field-initializers). Small include trees in
tmp_path; the real tree is checked by ctest."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_headers.py"
COMPILERS = [c for c in ("g++", "clang++") if shutil.which(c)]

pytestmark = pytest.mark.skipif(not COMPILERS, reason="no C++ compiler")


def run(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    inc = tmp_path / "include"
    for rel, text in files.items():
        (inc / "onakit" / rel).parent.mkdir(parents=True, exist_ok=True)
        (inc / "onakit" / rel).write_text("#pragma once\n" + text)
    args = [sys.executable, str(SCRIPT), "--include-dir", str(inc), "--openmp-flag=", "--jobs", "2"]
    for c in COMPILERS:
        args += ["--cxx", c]
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


GOOD_OPTIONS = "namespace onakit {\nstruct a_options {\n  int threads = 0;\n  double tol{};\n};\n}\n"


def test_a_clean_tree_passes(tmp_path):
    r = run(tmp_path, {"a.hpp": GOOD_OPTIONS, "detail/x.hpp": "inline int x(long v) { return v; }\n"})
    assert r.returncode == 0, r.stdout
    # detail/ headers are internal: not compiled alone, so x()'s warning is not seen.
    assert f"{len(COMPILERS) * 2}/{len(COMPILERS) * 2} TUs clean" in r.stdout
    assert "1 options structs" in r.stdout


@pytest.mark.parametrize("text, expected", [
    ("inline int narrow(long v) { return v; }\n", "conversion"),                 # -Wconversion
    ("#include <string>\ninline std::size_t n(int v) { return v; }\n", "sign"),  # -Wsign-conversion
    ("inline std::string s() { return {}; }\n", "string"),                       # not self-sufficient
    ("namespace onakit {\nstruct b_options {\n  int threads = 0;\n  double tol;\n};\n}\n",
     "missing initializer for member 'onakit::b_options::tol'"),
])
def test_a_broken_header_fails(tmp_path, text, expected):
    r = run(tmp_path, {"a.hpp": GOOD_OPTIONS, "graph/b.hpp": text})
    assert r.returncode == 1
    assert "onakit/graph/b.hpp" in r.stdout or "b_options" in r.stdout
    assert expected in r.stdout.replace("‘", "'").replace("’", "'"), r.stdout
