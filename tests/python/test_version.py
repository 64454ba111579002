"""One version everywhere: include/onakit/version.hpp is the source; CMake
reads it (project(onakit VERSION ...)), pyproject.toml repeats it, and the
compiled module reports it as onakit.__version__."""

import re
from pathlib import Path

import onakit as ona

ROOT = Path(__file__).resolve().parents[2]


def header_version() -> str:
    text = (ROOT / "include" / "onakit" / "version.hpp").read_text(encoding="utf-8")
    macros = dict(re.findall(r"^#define (ONAKIT_VERSION_\w+) (\S+)", text, re.M))
    numbers = ".".join(macros[f"ONAKIT_VERSION_{p}"] for p in ("MAJOR", "MINOR", "PATCH"))
    assert macros["ONAKIT_VERSION_STRING"] == f'"{numbers}"', "version.hpp: the string and the numbers disagree"
    return numbers


def test_pyproject_matches_the_header():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text[text.index("[project]"):]
    version = re.search(r'^version = "([^"]+)"', project, re.M)
    assert version is not None
    assert version.group(1) == header_version()


def test_cmake_reads_the_header():
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    project = re.search(r"^project\(onakit VERSION (\S+)", cmake, re.M)
    assert project is not None
    # Not a literal copy that could drift: the variable read from version.hpp.
    assert project.group(1) == "${_onakit_version}"
    assert "include/onakit/version.hpp" in cmake


def test_module_reports_the_header_version():
    assert ona.__version__ == header_version()
