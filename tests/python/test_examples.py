"""The example notebooks in examples/ run top to bottom, with warnings as errors, and print what the data say.

Each notebook is executed with nbclient in a fresh kernel (working folder: a temporary
directory, data from ONAKIT_DATA_DIR), then its printed output is checked against values
computed here independently: with pandas, networkx or Python's mailbox module, not onakit.
"""

import base64
import email.utils
import hashlib
import hmac
import json
import mailbox
import os
import re
from pathlib import Path

import pytest

from conftest import DATA, data_file

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = ["01_silo_analysis.ipynb", "02_radoslaw_manufacturing.ipynb", "03_your_own_mail.ipynb"]
KEY = "onakit-test-key-for-the-example-notebook"

# Warnings are errors inside the kernel too. Figures go through Jupyter's own inline backend, as a
# user sees them, and come back as PNG outputs.
SETUP = """
import warnings
warnings.simplefilter("error")
"""


def _run(name: str, tmp_path: Path, monkeypatch, figures: int, **env) -> list[str]:
    """Execute examples/<name> in tmp_path; returns each code cell's text output (stdout and text/plain results).

    Checks that no cell failed or wrote to stderr, and that the notebook drew ``figures`` figures."""
    monkeypatch.setenv("ONAKIT_DATA_DIR", str(DATA))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # no "migrating to platformdirs" warning from jupyter_core
    monkeypatch.delenv("MPLBACKEND", raising=False)
    # The kernel imports the same onakit as this test (the working folder differs, so a relative path would not do).
    import onakit

    here = str(Path(onakit.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])]))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP))
    # Back to the default filters once the notebook has run: the kernel's own shutdown warns.
    nb.cells.append(nbformat.v4.new_code_cell("warnings.resetwarnings()"))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs, images = [], 0
    for cell in nb.cells[1:-1]:
        if cell.cell_type != "code":
            continue
        text = []
        for out in cell.outputs:
            assert out.output_type != "error", out
            if out.output_type == "stream":
                assert out.name == "stdout", out.text  # nothing on stderr: no warning, no progress noise
                text.append(out.text)
            elif "image/png" in out.get("data", {}):
                images += 1
            elif "text/plain" in out.get("data", {}):
                text.append(out["data"]["text/plain"])
        outputs.append("".join(text))
    assert images == figures
    return outputs


def _value(outputs, label: str) -> str:
    found = [m.group(1) for out in outputs for m in re.finditer(rf"^{re.escape(label)}: (.+)$", out, re.M)]
    assert len(found) == 1, (label, found)
    return found[0]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_committed_without_outputs(name):
    nb = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    nbformat.validate(nbformat.from_dict(nb))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:60]


def test_01_silo_analysis_finds_the_planted_silo_and_broker(tmp_path, monkeypatch):
    import onakit as ona

    outputs = _run("01_silo_analysis.ipynb", tmp_path, monkeypatch, figures=4)
    # The organisation the notebook builds, made here again: its planted silo and broker are the truth.
    _, people = ona.synthetic_org(people=500, departments=8, weeks=12, seed=0)
    assert _value(outputs, "silo departments") == people.attrs["silo_department"]
    assert _value(outputs, "top broker") == people.attrs["broker"]
    assert _value(outputs, "rule").strip()
    summary = _value(outputs, "report saved as")
    html = (tmp_path / "silo-report.html").read_text(encoding="utf-8")
    assert summary.endswith("silo-report.html") and html.startswith("<!DOCTYPE html>")
    assert people.attrs["silo_department"] in html
    line = re.search(r"^500 people, 8 \w+, 1 silo flagged \((\w+)\)", "\n".join(outputs), re.M)
    assert line and line.group(1) == people.attrs["silo_department"]


def test_02_radoslaw_prints_what_pandas_and_networkx_find(tmp_path, monkeypatch):
    import networkx as nx
    import pandas as pd

    mail = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";")
    hierarchy = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    outputs = _run("02_radoslaw_manufacturing.ipynb", tmp_path, monkeypatch, figures=6)

    people = set(mail.Sender) | set(mail.Recipient)
    assert _value(outputs, "people") == f"{len(people)}, messages: {len(mail):,}"
    pairs = mail[mail.Sender != mail.Recipient].groupby(["Sender", "Recipient"]).size()
    assert _value(outputs, "ties") == f"{len(pairs):,}, self-addressed messages left out: " \
                                      f"{int((mail.Sender == mail.Recipient).sum())}"
    teams = hierarchy.set_index("ID").ReportsToID
    sizes = teams.value_counts()
    assert _value(outputs, "teams") == (f"{len(sizes)}, people without a team: {len(people - set(teams.index))}, "
                                        f"teams of at least 5 people: {int((sizes >= 5).sum())}")

    G = nx.DiGraph()
    G.add_nodes_from(people)
    G.add_weighted_edges_from((s, r, float(w)) for (s, r), w in zip(pairs.index, pairs.to_numpy()))
    pr = nx.pagerank(G, weight="weight")
    bt = nx.betweenness_centrality(G, weight=None)
    assert _value(outputs, "highest pagerank") == str(max(pr, key=pr.get))
    assert _value(outputs, "highest betweenness") == str(max(bt, key=bt.get))

    when = pd.to_datetime(mail.EventDate)
    months = when.dt.to_period("M")
    assert _value(outputs, "months") == f"{months.nunique()}, from {months.min()} to {months.max()}"
    # Ties formed and lost between the first and the last month, from the pairs of each month.
    loops = mail.Sender != mail.Recipient
    first = set(map(tuple, mail.loc[loops & (months == months.min()), ["Sender", "Recipient"]].to_numpy()))
    last = set(map(tuple, mail.loc[loops & (months == months.max()), ["Sender", "Recipient"]].to_numpy()))
    assert _value(outputs, "ties formed") == f"{len(last - first)}, ties lost: {len(first - last)}"
    # The most inward-looking team of at least five people, by the E-I index over the tie weight inside
    # the team (I) and with one end outside it (E), ties to people without a team left out.
    team = pairs.reset_index().assign(a=lambda d: d.Sender.map(teams), b=lambda d: d.Recipient.map(teams))
    team = team.dropna(subset=["a", "b"])
    ei = {}
    for t in sizes[sizes >= 5].index:
        inside = team.loc[(team.a == t) & (team.b == t), 0].sum()
        across = team.loc[(team.a == t) ^ (team.b == t), 0].sum()
        ei[t] = (across - inside) / (across + inside)
    least = min(ei, key=ei.get)
    assert _value(outputs, "most inward-looking team").startswith(f"{least} (E-I {ei[least]:.2f},")
    # No team under five people is named on its own.
    text = "".join(outputs)
    assert "(suppressed: " in text
    assert _value(outputs, "silo teams").startswith(("none", "["))


def _pseudonym(key: str, address: str) -> str:
    return base64.b32encode(hmac.new(key.encode(), address.encode(), hashlib.sha256).digest())[:16].decode().lower()


def test_03_your_own_mail_shows_pseudonyms_only(tmp_path, monkeypatch):
    folder = data_file("enron-mbox")
    outputs = _run("03_your_own_mail.ipynb", tmp_path, monkeypatch, figures=1, ONA_KEY=KEY)
    # Every address in the headers, read with Python's own mailbox module.
    addresses = set()
    for path in sorted(folder.glob("*.mbox")):
        box = mailbox.mbox(path, create=False)
        try:
            for msg in box:
                for field in ("From", "To", "Cc", "Bcc"):
                    for _, addr in email.utils.getaddresses([str(v) for v in msg.get_all(field, [])]):
                        if "@" in addr:
                            addresses.add(addr.strip().lower())
        finally:
            box.close()
    internal = {a for a in addresses if a.endswith("@enron.com")}
    text = "".join(outputs)
    html = (tmp_path / "my-mail-report.html").read_text(encoding="utf-8")
    assert "ONA_KEY is not set" not in text  # the key came from the environment
    for page in (text, html):
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", page), re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", page)
    # The five people named are pseudonyms of internal addresses under the key.
    named = _value(outputs, "most connected").split(", ")
    assert len(named) == 5
    pseudonyms = {_pseudonym(KEY, a) for a in internal}
    assert set(named) <= pseudonyms
    people = int(re.match(r"([\d,]+), ties", _value(outputs, "people")).group(1).replace(",", ""))
    assert len(named) <= people <= len(internal)
    assert _value(outputs, "report saved as").endswith("my-mail-report.html")
