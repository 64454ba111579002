"""scripts/api-docs: the Doxygen API reference of the public headers, without
the internal ones, failing on a malformed header comment."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("doxygen") is None, reason="doxygen is not installed (scripts/install-deps)")


def _run(out: Path, include: Path | None = None):
    env = None
    if include is not None:
        import os
        env = {**os.environ, "ONAKIT_API_DOCS_INCLUDE": str(include)}
    return subprocess.run(["bash", str(ROOT / "scripts" / "api-docs"), str(out)], capture_output=True, text=True,
                           env=env, timeout=300)


def test_reference_documents_every_public_header_and_no_internal_one(tmp_path):
    done = _run(tmp_path / "docs")
    assert done.returncode == 0, done.stderr
    html = tmp_path / "docs" / "html"
    pages = {p.name for p in html.iterdir()}
    umbrella = (ROOT / "include" / "onakit" / "onakit.hpp").read_text()
    public = re.findall(r"#include <onakit/(?:[a-z_]+/)?([a-z_0-9]+)\.hpp>", umbrella)
    assert len(public) > 50
    # Doxygen names a file's page [dir_2]<name>_8hpp.html (underscores doubled).
    def documented(name):
        return any(p == f"{name.replace('_', '__')}_8hpp.html" or p.endswith(f"_2{name.replace('_', '__')}_8hpp.html")
                   for p in pages)

    for name in public:
        assert documented(name), name
    internal = [p.stem for p in (ROOT / "include").rglob("detail/*.hpp")]
    assert internal and not set(internal) & set(public)
    for name in internal:
        assert not documented(name), name
    assert not [p for p in pages if "1_1detail" in p]  # no onakit::detail namespace or class pages
    assert "radoslaw_teams_8cpp-example.html" in pages
    functions = (html / "namespaceonakit.html").read_text()
    for fn in ("betweenness", "pagerank", "ei_index", "silo_report", "read_email_csv", "build_graph"):
        assert f">{fn}</a>" in functions, fn


def test_a_malformed_header_comment_fails_the_build(tmp_path):
    include = tmp_path / "include"
    shutil.copytree(ROOT / "include", include)
    header = include / "onakit" / "centrality" / "degree.hpp"
    header.write_text(header.read_text().replace("/// \\file degree.hpp", "/// \\file degree.hpp\n/// \\bogus_command x"))
    done = _run(tmp_path / "docs", include)
    assert done.returncode == 1
    assert "degree.hpp" in done.stderr and "bogus_command" in done.stderr
