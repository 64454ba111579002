"""Every Examples section of the public package runs as a doctest (numpydoc examples that
stay true). Examples that need a file the reader does not ship are marked ``+SKIP``."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import onakit

MODULES = sorted(m.name for m in pkgutil.walk_packages(onakit.__path__, "onakit.")
                 if m.name not in ("onakit.__main__",))


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name):
        if test.examples:
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest lines of {name} failed (output above)"


def test_the_package_has_examples():
    # the public functions document themselves with runnable examples
    finder = doctest.DocTestFinder(exclude_empty=True)
    counted = sum(len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name), name))
    assert counted > 100
