"""Every Examples section of the public package runs as a doctest (numpydoc examples that
stay true), and every public function and class has one. Examples that need a file the
package does not ship read the real data sets as ``../shared/data/...`` (the doctests run
from the project folder); the few that need the user's own files are marked ``+SKIP``."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import re
from pathlib import Path

import pytest

import onakit
import onakit.plot

from conftest import DATA, _missing

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(m.name for m in pkgutil.walk_packages(onakit.__path__, "onakit.")
                 if m.name not in ("onakit.__main__",))


def _doctests(name):
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(importlib.import_module(name), name) if t.examples]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name, monkeypatch):
    tests = _doctests(name)
    # Examples name the real data sets as a reader would: ../shared/data, from the project folder.
    if any("../shared/data" in ex.source for t in tests for ex in t.examples):
        if not DATA.exists():
            _missing(DATA)
        if not (ROOT.parent / "shared" / "data").exists():
            pytest.skip(f"the examples of {name} read ../shared/data, which is not beside the project "
                        f"(ONAKIT_DATA_DIR={os.environ.get('ONAKIT_DATA_DIR')})")
    if os.environ.get("ONAKIT_TEST_NO_JVM") == "1":
        # scripts/test-sanitizers: with the ASan runtime preloaded into every child, Spark's launcher
        # (spark-class runs `ps`) hangs; the Spark examples run in the plain test run.
        tests = [t for t in tests if not any("SparkSession" in ex.source for ex in t.examples)]
    monkeypatch.chdir(ROOT)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest lines of {name} failed (output above)"


def test_the_package_has_examples():
    # the public functions document themselves with runnable examples
    counted = sum(len(t.examples) for name in MODULES for t in _doctests(name))
    assert counted > 100


def public_api():
    """(qualified name, object) of everything exported: onakit.__all__ and onakit.plot.__all__,
    and the public methods (functions, class and static methods) of the exported classes.
    Properties are attributes: their class's example shows them."""
    out = []
    for prefix, module in (("onakit", onakit), ("onakit.plot", onakit.plot)):
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj):
                continue
            out.append((f"{prefix}.{name}", obj))
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    f = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
                    if inspect.isfunction(f):
                        out.append((f"{prefix}.{name}.{attr}", f))
    return out


def has_examples(doc: str | None) -> bool:
    """A numpydoc ``Examples`` section (title, dashes) with at least one ``>>>`` line."""
    lines = inspect.cleandoc(doc or "").splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == "Examples" and re.fullmatch(r"-{3,}", lines[i + 1].strip()):
            rest = lines[i + 2:]
            end = next((j for j in range(len(rest) - 1)
                        if rest[j].strip() and re.fullmatch(r"-{3,}", rest[j + 1].strip())), len(rest))
            return any(x.lstrip().startswith(">>>") for x in rest[:end])
    return False


def test_has_examples_reads_numpydoc_sections():
    assert has_examples("Sum.\n\n    Examples\n    --------\n    >>> 1 + 1\n    2\n")
    assert not has_examples("Sum.\n\n    >>> 1 + 1\n    2\n")  # no section
    assert not has_examples("Sum.\n\n    Examples\n    --------\n    See the README.\n\n    Notes\n    -----\n    >>> 1\n")
    assert not has_examples(None)


def test_every_public_function_and_class_has_a_runnable_example():
    api = public_api()
    assert len(api) > 80
    missing = [name for name, obj in api if not has_examples(obj.__doc__)]
    assert not missing, (f"{len(missing)} public functions/classes have no Examples section with a >>> line "
                         f"(numpydoc): {', '.join(missing)}")
    # ... and the doctest run above collects each of them (an example the finder misses would never run).
    collected = {t.docstring for name in MODULES for t in _doctests(name)}
    unrun = [name for name, obj in api if obj.__doc__ not in collected]
    assert not unrun, f"the doctest run does not collect the examples of {', '.join(unrun)}"
