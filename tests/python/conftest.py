import os
import sys
from pathlib import Path

import pytest

DATA = Path(os.environ.get("ONAKIT_DATA_DIR", Path(__file__).resolve().parents[2] / ".." / "shared" / "data")).resolve()
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _missing(p: Path):
    """A data set is absent: an error in CI (a green run must not hide it), a skip elsewhere."""
    msg = f"real data set not found: {p} (set ONAKIT_DATA_DIR to the shared/data folder)"
    if IN_CI:
        pytest.fail(msg + "; CI requires the data sets", pytrace=False)
    pytest.skip(msg)


def data_file(relative: str) -> Path:
    """A real data set from ../shared/data; skips the test with a message if absent (fails in CI)."""
    p = DATA / relative
    if not p.exists():
        _missing(p)
    return p


# ---- oracle fallbacks -----------------------------------------------------------
# Tests that compare onakit with networkx on "some real graph" need not skip
# without ../shared/data: they run on graphs networkx itself ships, written in
# the same file layout as the data set they stand in for. Tests whose expected
# values are specific to a data set use data_file() instead.

def _karate_edges():
    import networkx as nx
    G = nx.karate_club_graph()
    return "from,to,weight\n" + "".join(f"{u + 1},{v + 1},{d.get('weight', 1)}\n" for u, v, d in G.edges(data=True))


def _les_miserables_arcs():
    """Les Misérables co-appearances as integer-labelled arcs: each pair oriented by
    name order, and reversed too where it is heavy, so there is some reciprocity."""
    import networkx as nx
    G = nx.les_miserables_graph()
    ids = {name: i + 1 for i, name in enumerate(sorted(G))}
    arcs = []
    for u, v, d in G.edges(data=True):
        a, b = sorted((ids[u], ids[v]))
        w = int(d.get("weight", 1))
        arcs.append((a, b, w))
        if w >= 3:
            arcs.append((b, a, w - 1))
    return arcs


def _les_miserables_groups():
    """Groups for the Les Misérables stand-ins: networkx's greedy modularity
    communities (deterministic, computed without onakit), numbered from 1 by
    size; Valjean, the most connected character, gets a group 0 of his own,
    as Krackhardt's CEO is alone in DEPT 0. Keyed by the integer ids of
    _les_miserables_arcs."""
    import networkx as nx
    G = nx.les_miserables_graph()
    ids = {name: i + 1 for i, name in enumerate(sorted(G))}
    parts = sorted(nx.community.greedy_modularity_communities(G, weight="weight"), key=lambda c: (-len(c), min(c)))
    group = {ids[name]: k + 1 for k, part in enumerate(parts) for name in part}
    group[ids["Valjean"]] = 0
    return dict(sorted(group.items()))


def _karate_nodes():
    """Zachary's factions as networkx ships them (the 'club' attribute): Mr. Hi's 1, the officer's 2."""
    import networkx as nx
    G = nx.karate_club_graph()
    return "id,name,label,faction\n" + "".join(
        f'{v + 1},"Actor {v + 1}","{v + 1}",{1 if d["club"] == "Mr. Hi" else 2}\n' for v, d in G.nodes(data=True))


def _advice_attributes():
    # Only DEPT is read by the oracle tests; AGE, TENURE and LEVEL keep the layout.
    return "id,AGE,TENURE,LEVEL,DEPT\n" + "".join(f"{v},40,10,3,{g}\n" for v, g in _les_miserables_groups().items())


def _ukfaculty_nodes():
    # ukfaculty's schools are numbered from 1: shift so Valjean's group is a school too.
    return "id,group\n" + "".join(f"{v},{g + 1}\n" for v, g in _les_miserables_groups().items())


def _email_departments():
    return "".join(f"{v - 1} {g}\n" for v, g in _les_miserables_groups().items())


def _advice():
    return "ego,alter,advice_tie\n" + "".join(f"{a},{b},1\n" for a, b, _ in _les_miserables_arcs())


def _ukfaculty_edges():
    return "from,to,weight\n" + "".join(f"{a},{b},{w}\n" for a, b, w in _les_miserables_arcs())


def _email_edges():
    return "".join(f"{a - 1} {b - 1}\n" for a, b, _ in _les_miserables_arcs())


_FALLBACKS = {
    "karate-zachary/edges.csv": _karate_edges,
    "krackhardt-hightech/advice.csv": _advice,
    "ukfaculty/edges.csv": _ukfaculty_edges,
    "email-Eu-core/email-Eu-core.txt": _email_edges,
    "karate-zachary/nodes.csv": _karate_nodes,
    "krackhardt-hightech/attributes.csv": _advice_attributes,
    "ukfaculty/nodes.csv": _ukfaculty_nodes,
    "email-Eu-core/email-Eu-core-department-labels.txt": _email_departments,
}


def oracle_file(relative: str, tmp_root: Path | None = None) -> Path:
    """A real data set for an oracle comparison; without ../shared/data (outside CI), a
    graph networkx ships, in the same layout (see _FALLBACKS)."""
    p = DATA / relative
    if p.exists() or IN_CI or relative not in _FALLBACKS:
        return data_file(relative)
    import hashlib
    import os
    import tempfile
    text = _FALLBACKS[relative]()
    # Keyed by content: a stale or concurrently written copy is never read.
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / "onakit-oracle-fallback" / digest / relative
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(f"{out.name}.{os.getpid()}.part")
        part.write_text(text)
        part.replace(out)
    return out


# ---- Spark (onakit.spark) -------------------------------------------------------
# Any SparkSession started in the test process (the fixture below, the doctests of onakit.spark) runs its
# Python workers with this interpreter and this sys.path (the dev build's package).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)


@pytest.fixture(scope="session")
def spark():
    """One local-mode SparkSession for the tests marked ``spark`` (local[2], 4 shuffle partitions,
    no UI, quiet logs). A missing pyspark or Java skips them, except under CI=true where it is an error."""
    import shutil

    def missing(msg: str):
        if IN_CI:
            pytest.fail(msg + "; CI requires it (scripts/install-deps installs Java, scripts/setup pyspark)",
                        pytrace=False)
        pytest.skip(msg)

    try:
        from pyspark.sql import SparkSession
    except ImportError:
        missing("pyspark is not installed (pip install onakit[spark])")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing("Java is not installed (apt-get install openjdk-17-jre-headless)")
    session = (SparkSession.builder.master("local[2]").appName("onakit-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.default.parallelism", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.memory", "1g")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.log.level", "ERROR")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
