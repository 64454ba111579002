"""Types: the generated stub of onakit._core is clean and current, and mypy
passes on the package and its tests (pyproject's [tool.mypy]).

The stub is the one the build wrote next to the imported module (the dev
build's <build>/python/onakit or an installed package): mypy checks the
sources in python/onakit against it. mypy's cache lives in build/mypy-cache,
so a run after a small change takes seconds.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import onakit._core as core

ROOT = Path(__file__).resolve().parents[2]
STUB = Path(core.__file__).with_name("_core.pyi")


@pytest.fixture(scope="module")
def stub_text() -> str:
    if not STUB.is_file():
        pytest.fail(f"no {STUB.name} next to {core.__file__}: the build generates it after _core links "
                    "(src/python/CMakeLists.txt, target onakit_stubs)")
    return STUB.read_text(encoding="utf-8")


def test_stub_is_valid_python_without_placeholders(stub_text):
    tree = ast.parse(stub_text)  # a SyntaxError is a failure
    # pybind11-stubgen writes `...` in place of an annotation or default it cannot render
    # (a C++ type name, a default without a repr); --exit-code makes that a build error,
    # and this checks the shipped file.
    for node in ast.walk(tree):
        if isinstance(node, ast.arguments):
            for a in node.posonlyargs + node.args + node.kwonlyargs:
                assert not (isinstance(a.annotation, ast.Constant) and a.annotation.value is Ellipsis), a.arg
            for d in node.defaults + [d for d in node.kw_defaults if d is not None]:
                assert not (isinstance(d, ast.Constant) and d.value is Ellipsis), ast.unparse(node)
    assert "::" not in stub_text  # no C++ name leaked into a signature
    assert "type: ignore" not in stub_text


def test_stub_matches_the_built_module(stub_text):
    """Every public name of the compiled module is in the stub and vice versa (a stale stub fails)."""
    tree = ast.parse(stub_text)
    in_stub = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            in_stub.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            in_stub.add(node.target.id)
    public = {n for n in dir(core) if not n.startswith("_")}
    assert public - in_stub == set()
    assert {n for n in in_stub if not n.startswith("_")} - public == set()
    # Signatures too: the stub's parameters of each function are the module's own.
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.decorator_list:
            doc = getattr(core, node.name).__doc__ or ""
            for a in node.args.args + node.args.kwonlyargs:
                assert f"{a.arg}:" in doc.split("\n", 1)[0], (node.name, a.arg)


def test_identities_keyword_is_optional_in_the_stub(stub_text):
    # Was `identities: onakit::identities = None` (invalid) and `identities: Identities = None`.
    tree = ast.parse(stub_text)
    readers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("read_")}
    with_ids = [n for n in readers.values() if any(a.arg == "identities" for a in n.args.args)]
    assert len(with_ids) >= 8
    for fn in with_ids:
        arg = next(a for a in fn.args.args if a.arg == "identities")
        assert ast.unparse(arg.annotation) == "Identities | None", fn.name


# Keywords a binding takes as any object (so a wrong value gets onakit's OptionError naming the
# keyword, not pybind11's TypeError) must still be typed in the stub (bindings.hpp: keyword_arg).
TYPED_KEYWORDS = {
    "threads": "int", "seed": "int", "max_iter": "int", "k": "int", "iterations": "int", "permutations": "int",
    "bridges": "int", "people": "int", "departments": "int", "weeks": "int",
    "min_group_size": "int | None", "max_recipients": "int | None",
    "scaling": "float", "gravity": "float", "theta": "float", "tol": "float", "beta": "float",
    "progress": "collections.abc.Callable[[int, int], typing.Any] | None",  # stubgen writes object as Any
}


# Column data of any shape (a list, a numpy array of times or numbers, or None): Any on purpose.
COLUMN_DATA = {("read_message_columns", "timestamp"), ("read_message_columns", "weight")}
# The checks the façade calls on options it uses itself (onakit/_options.py): any object, on purpose.
OPTION_CHECKS = {(name, "value") for name in ("int_option", "real_option", "threads_option", "min_group_size_option")}


def test_keywords_taken_as_objects_are_typed_in_the_stub(stub_text):
    tree = ast.parse(stub_text)
    seen: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for a in node.args.args + node.args.kwonlyargs:
                annotation = ast.unparse(a.annotation) if a.annotation is not None else ""
                if (node.name, a.arg) not in COLUMN_DATA | OPTION_CHECKS:
                    assert annotation not in ("typing.Any", "Any", "object"), (node.name, a.arg)
                if a.arg in TYPED_KEYWORDS and node.name != "__init__":
                    seen.setdefault(a.arg, set()).add(annotation)
    # e.g. make_synthetic_org(people=...) is an int; join_people(people=...) a list: check only the int ones seen
    assert seen["threads"] == {"int"} and seen["seed"] == {"int"} and seen["min_group_size"] == {"int | None"}
    assert seen["progress"] == {TYPED_KEYWORDS["progress"]}
    assert {"float"} == seen["scaling"] == seen["gravity"] == seen["theta"] == seen["tol"] == seen["beta"]
    assert sum(1 for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
               for a in n.args.args if a.arg in ("threads", "seed", "progress")) >= 30


def test_typed_keywords_still_refuse_wrong_values_by_name():
    from onakit._results import core_of
    import onakit as ona

    g = core_of(ona.build_graph(ona.synthetic_org(people=30, departments=3, weeks=2, seed=0)[0]))
    with pytest.raises(core.OptionError, match=r"threads=None \(a NoneType\) is not an integer"):
        core.pagerank(g, threads=None)
    with pytest.raises(core.OptionError, match=r"threads=True \(a bool\) is not an integer"):
        core.pagerank(g, threads=True)
    with pytest.raises(core.OptionError, match=r"max_iter=.*is not an integer"):
        core.pagerank(g, max_iter="10")
    with pytest.raises(core.OptionError, match=r"scaling=.* must be a number"):
        core.force_layout(g, scaling="big")
    with pytest.raises(core.OptionError, match=r"min_group_size must be >= 1"):
        core.suppress_small_groups([0, 1], 2, min_group_size=0)
    import numpy as np

    assert core.pagerank(g, threads=np.int64(1)).scores.shape == (30,)  # numpy integers are integers


def test_error_location_attributes_are_declared():
    # The translator sets them on every raised error; the class defaults declare them (and type them in the stub).
    e = core.ParseError
    assert (e.file, e.line, e.field, e.reason) == ("", 0, "", "")
    assert (core.ReadError.file, core.ReadError.line) == ("", 0)
    with pytest.raises(core.ParseError) as raised:
        core.raise_parse_error("f.csv", 3, "timestamp", "not a time")
    err = raised.value
    assert (err.file, err.line, err.field, err.reason) == ("f.csv", 3, "timestamp", "not a time")


def test_py_typed_marker_ships_with_the_package():
    assert Path(core.__file__).with_name("py.typed").is_file()


def test_mypy_passes_on_the_package_and_its_tests(tmp_path, stub_text):
    pytest.importorskip("mypy")
    # The stub alone, in a package of its own on MYPYPATH: mypy takes onakit itself
    # from the sources named in [tool.mypy] files, and onakit._core from here.
    stubs = tmp_path / "stubs" / "onakit"
    stubs.mkdir(parents=True)
    (stubs / "__init__.pyi").write_text("")
    shutil.copy(STUB, stubs / "_core.pyi")
    env = dict(os.environ, MYPYPATH=str(tmp_path / "stubs"))
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, f"mypy found errors:\n{r.stdout}{r.stderr}"
    # Not a vacuous pass: every source of the package and of the tests was checked.
    sources = len(list((ROOT / "python" / "onakit").rglob("*.py")))
    sources += len(list((ROOT / "tests" / "python").glob("*.py")))
    assert f"Success: no issues found in {sources} source files" in r.stdout, r.stdout


USER_CODE = """\
import onakit as ona

log, people = ona.synthetic_org(people=50, departments=3, weeks=2)
g: ona.Graph = ona.build_graph(log, weighting="count")
scores = ona.betweenness(g)
table = ona.silo_report(g, people["department"])
ids = ona.Identities(internal_domains=["corp.example"], external="drop")
try:
    ona.read_email_csv("mail.csv", identities=ids)
except ona.ParseError as e:
    where: str = f"{e.file}:{e.line}"
"""


def test_user_code_type_checks_under_mypy_strict(tmp_path):
    """A user's notebook code, checked with `mypy --strict` against the importable package: py.typed is
    honoured (else: "missing library stubs or py.typed marker") and the main API is explicitly exported."""
    pytest.importorskip("mypy")
    (tmp_path / "use.py").write_text(USER_CODE)
    # Run outside the source tree (no [tool.mypy], no python/onakit): mypy finds onakit where Python does,
    # so a relative PYTHONPATH (the dev build's) is made absolute first.
    path = [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "use.py"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and "Success" in r.stdout, r.stdout + r.stderr
