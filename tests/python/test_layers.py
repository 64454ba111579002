"""The layer rule of README.md's Layout section: headers include only their
own stage and earlier ones, never another stage's detail/ folder, and the
umbrella header includes no internals. scripts/check_layers.py checks it;
these tests run it on the real tree and on small trees that break each rule,
so a checker that stopped checking would fail here too."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_layers.py"


def run(include_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(include_dir)], capture_output=True, text=True,
                          timeout=60)


def test_the_headers_read_one_way():
    r = run(ROOT / "include" / "onakit")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""


def make_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A minimal include/onakit tree: one header per stage, plus `files`."""
    root = tmp_path / "include" / "onakit"
    base = {
        "types.hpp": "",
        "errors.hpp": "",
        "message_log.hpp": "#include <onakit/types.hpp>\n",
        "detail/parallel.hpp": "#include <onakit/errors.hpp>\n",
        "ingest/csv.hpp": "#include <onakit/detail/parallel.hpp>\n",
        "ingest/detail/label_cache.hpp": "#include <onakit/message_log.hpp>\n",
        "graph/graph.hpp": "#include <onakit/types.hpp>\n",
        "centrality/degree.hpp": "#include <onakit/graph/graph.hpp>\n",
        "centrality/detail/paths.hpp": "#include <onakit/graph/graph.hpp>\n",
        "silo/mixing.hpp": "#include <onakit/centrality/degree.hpp>\n",
        "onakit.hpp": "#include <onakit/silo/mixing.hpp>\n",
    }
    for rel, text in {**base, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("#pragma once\n" + text)
    return root


def test_a_clean_tree_passes(tmp_path):
    r = run(make_tree(tmp_path, {}))
    assert r.returncode == 0, r.stdout


@pytest.mark.parametrize("rel, text, expected", [
    # detail/ is a leaf: it may not reach up into a stage
    ("detail/json.hpp", "// doc\n#include <onakit/ingest/csv.hpp>\n",
     "include/onakit/detail/json.hpp:3: <onakit/ingest/csv.hpp>: base (stage 0) includes a later stage, ingest"),
    ("detail/paths.hpp", "#include <onakit/message_log.hpp>\n",
     "include/onakit/detail/paths.hpp:2: <onakit/message_log.hpp>: base (stage 0) includes a later stage, model"),
    # a stage may not include a later one
    ("graph/builder.hpp", "#include <onakit/silo/mixing.hpp>\n",
     "include/onakit/graph/builder.hpp:2: <onakit/silo/mixing.hpp>: graph (stage 3) includes a later stage, silo"),
    ("centrality/spectral.hpp", "#include <onakit/silo/mixing.hpp>\n",
     "centrality (stage 4) includes a later stage, silo (stage 5)"),
    # nor another stage's internals
    ("silo/cohesion.hpp", "#include <onakit/centrality/detail/paths.hpp>\n",
     "include/onakit/silo/cohesion.hpp:2: <onakit/centrality/detail/paths.hpp>: silo includes the internals of "
     "another stage (centrality/detail)"),
    ("synthetic/org.hpp", "#include <onakit/ingest/detail/label_cache.hpp>\n",
     "synthetic includes the internals of another stage (ingest/detail)"),
    # the umbrella header includes public headers only
    ("onakit.hpp", "#include <onakit/silo/mixing.hpp>\n#include <onakit/ingest/detail/label_cache.hpp>\n",
     "include/onakit/onakit.hpp:3: <onakit/ingest/detail/label_cache.hpp>: the umbrella header includes internals"),
    # a header outside every stage, or an include that names no header
    ("report/table.hpp", "", "include/onakit/report/table.hpp:1: not in any stage"),
    ("graph/bgl.hpp", "#include <onakit/graph/grpah.hpp>\n",
     "include/onakit/graph/bgl.hpp:2: <onakit/graph/grpah.hpp>: no such header"),
])
def test_each_broken_rule_is_reported_with_file_and_line(tmp_path, rel, text, expected):
    r = run(make_tree(tmp_path, {rel: text}))
    assert r.returncode == 1
    assert expected in r.stdout, r.stdout
    assert "break the layer rule" in r.stdout


def test_includes_inside_comments_are_not_read(tmp_path):
    r = run(make_tree(tmp_path, {"graph/bgl.hpp": "/// Example:\n///   #include <onakit/silo/mixing.hpp>\n"}))
    assert r.returncode == 0, r.stdout


VERSION_HPP = "#define ONAKIT_ABI v0_1\nnamespace onakit::inline v0_1 {\n}  // namespace onakit\n"


@pytest.mark.parametrize("text", [
    "namespace onakit::inline v0_1 {\n}  // namespace onakit\n",
    "namespace onakit::inline v0_1::detail {\n}  // namespace onakit::detail\n",
    "/// namespace onakit { in a comment is not an opening\n",
])
def test_versioned_namespaces_pass(tmp_path, text):
    r = run(make_tree(tmp_path, {"version.hpp": VERSION_HPP, "graph/bgl.hpp": text}))
    assert r.returncode == 0, r.stdout


@pytest.mark.parametrize("text, expected", [
    ("namespace onakit {\n", "include/onakit/graph/bgl.hpp:2: `namespace onakit {`: open the versioned namespace, "
                             "`namespace onakit::inline v0_1 {`"),
    ("namespace onakit::detail {\n", "include/onakit/graph/bgl.hpp:2: `namespace onakit::detail {`: open the "
                                     "versioned namespace"),
    ("namespace onakit::inline v0_2 {\n", "the inline namespace is v0_1 (ONAKIT_ABI in version.hpp), not v0_2"),
])
def test_an_unversioned_namespace_is_reported(tmp_path, text, expected):
    r = run(make_tree(tmp_path, {"version.hpp": VERSION_HPP, "graph/bgl.hpp": text}))
    assert r.returncode == 1
    assert expected in r.stdout, r.stdout
