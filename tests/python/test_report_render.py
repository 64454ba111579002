"""The silo report rendered in a real browser: headless Chromium (Debian's ``chromium``).

For each report (the demo, radoslaw_email with its managers' teams, the
houstondatavis Slack export, an Enron mbox) the page is loaded twice: once
with ``--dump-dom`` while Chromium logs every console message
(``--enable-logging=stderr``) and every network request (``--log-net-log``),
once with ``--screenshot``. The page must log nothing, request nothing from
the network, and have every section in its DOM. Screenshots are kept under
``build/test-artifacts/report/``.

A first test feeds the same harness a page that does log and does request,
so the checks are shown to catch what they look for. Without ``chromium``
the tests skip, except under CI (``CI`` set), where they fail.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import IN_CI, data_file

import onakit as ona

SECTIONS = ["overview", "findings", "group-map", "silo-table", "brokers", "people-map", "communities", "over-time",
            "method"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts" / "report"
# Chromium's own background traffic (updates, sign-in) is off with these flags; what remains is the page's.
QUIET = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         "--disable-extensions", "--disable-client-side-phishing-detection", "--mute-audio"]


@pytest.fixture(scope="module")
def chromium():
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if exe is None:
        msg = "chromium is not installed (apt-get install chromium); it renders the report in these tests"
        if IN_CI:
            pytest.fail(msg + "; CI requires it", pytrace=False)
        pytest.skip(msg)
    return exe


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for: requests whose network isolation key is the file:// page's."""
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip()
    if not text.endswith("}"):  # Chromium may stop before closing the JSON array
        text = text.rstrip(",") + "]}"
    data = json.loads(text)
    out = []
    for e in data.get("events", []):
        p = e.get("params") or {}
        url, nik = p.get("url"), p.get("network_isolation_key", "")
        if url and "file://" in nik and not url.startswith(("file:", "data:")):
            out.append(url)
    return sorted(set(out))


def render(exe: str, html: Path, work: Path, shot: Path | None = None, height: int = 4000):
    """Load ``html`` in Chromium: (DOM after load, console lines, page network requests)."""
    work.mkdir(parents=True, exist_ok=True)
    netlog = work / "netlog.json"
    profile = work / "profile"
    cmd = [exe, *QUIET, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
           f"--log-net-log={netlog}", "--dump-dom", html.resolve().as_uri()]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line]
    requests = page_requests(netlog)
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        r2 = subprocess.run([exe, *QUIET, f"--user-data-dir={profile}-shot", f"--screenshot={shot}",
                             f"--window-size=1280,{height}", html.resolve().as_uri()],
                            capture_output=True, text=True, timeout=120)
        assert r2.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, r2.stderr[-2000:]
    return r.stdout, console, requests


def check(exe, rep, name, tmp_path):
    html = rep.save(tmp_path / f"{name}.html")
    dom, console, requests = render(exe, html, tmp_path / "chromium", ARTIFACTS / f"{name}.png", height=12000)
    assert console == [], console
    assert requests == [], requests
    for s in SECTIONS:
        assert re.search(rf'<section id="{s}">\s*<h2>', dom), s
    # the charts are in the DOM as SVG, the tables sorted by the script without errors
    assert dom.count("<svg") >= 2
    shutil.copy(html, ARTIFACTS / f"{name}.html")
    return dom


def test_harness_catches_console_errors_and_requests(chromium, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><p>x</p>'
                   '<img src="http://example.invalid/pixel.png">'
                   '<script>console.error("report-test-error"); notDefined();</script></body></html>')
    _, console, requests = render(chromium, bad, tmp_path / "chromium")
    assert any("report-test-error" in c for c in console)
    assert any("notDefined" in c for c in console)
    assert requests == ["http://example.invalid/pixel.png"]
    # and the report's Content-Security-Policy would block that request outright
    log, people = ona.synthetic_org(people=60, departments=3, weeks=3)
    page = ona.report(log, people["department"], permutations=9, layout=False).html
    injected = page.replace("</body>", '<img src="http://example.invalid/pixel.png"></body>')
    blocked = tmp_path / "blocked.html"
    blocked.write_text(injected, encoding="utf-8")
    _, console, requests = render(chromium, blocked, tmp_path / "chromium2")
    assert requests == []
    assert any("Content Security Policy" in c for c in console)


def test_demo_renders(chromium, tmp_path):
    log, people = ona.synthetic_org()
    rep = ona.report(log, people["department"], command="onakit report --demo -o silo-report.html")
    dom = check(chromium, rep, "demo", tmp_path)
    assert people.attrs["silo_department"] + " (silo)" in dom


def test_radoslaw_renders(chromium, tmp_path):
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                             recipients="Recipient", timestamp="EventDate", sep=";")
    hierarchy = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    teams = pd.Series([f"team-{m:03d}" for m in hierarchy["ReportsToID"]], index=hierarchy["ID"].astype(str))
    rep = ona.report(log, teams, source="radoslaw_email/communication.csv + reportsto.csv")
    check(chromium, rep, "radoslaw", tmp_path)


def test_slack_renders(chromium, tmp_path):
    log = ona.read_slack_export(data_file("slack-export-houstondatavis"))
    rep = ona.report(log, source="slack-export-houstondatavis/")
    dom = check(chromium, rep, "slack", tmp_path)
    assert "No formal groups were given" in dom


def test_enron_mbox_renders(chromium, tmp_path):
    path = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    log = ona.read_mbox(path, errors="skip", pseudonymize_key=b"render-test-key-0123456789")
    rep = ona.report(log, source=path.name)
    dom = check(chromium, rep, "enron-mbox", tmp_path).replace("<wbr>", "")
    assert not re.search(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}", dom)


def test_tables_sort_on_click_and_print_one_section_per_page(chromium, tmp_path):
    log, people = ona.synthetic_org(people=150, departments=5, weeks=6, seed=4)
    rep = ona.report(log, people["department"], permutations=99, layout=False)
    sizes = rep.tables["groups"]["size"]
    assert not sizes.is_monotonic_increasing           # the table starts sorted by E-I, not by size
    probe = ('<script>var th = document.querySelectorAll("#silo-table th.sortable")[1]; th.click();'
             'var cells = document.querySelectorAll("#silo-table tbody tr td:nth-child(2)");'
             'console.log("sorted=" + Array.prototype.map.call(cells, function (c) { return c.textContent; })'
             '.join(","));</script></body>')
    page = tmp_path / "probe.html"
    page.write_text(rep.html.replace("</body>", probe), encoding="utf-8")
    _, console, requests = render(chromium, page, tmp_path / "chromium")
    assert requests == []
    logged = [c for c in console if "sorted=" in c]
    assert len(logged) == 1 and len(console) == 1, console
    order = re.search(r'sorted=([0-9,]+)"', logged[0]).group(1)
    assert order == ",".join(str(v) for v in sorted(sizes)), order
    # printing: the report's print stylesheet starts every section after the overview on a new page. The
    # sections are cut to their headings first, so that without the page breaks all would fit on one page.
    stubs = re.sub(r'(<section id="([a-z-]+)">\s*<h2>[^<]*</h2>).*?</section>', r"\1</section>", rep.html, flags=re.S)
    assert stubs.count("<section") == len(SECTIONS) and "<table" not in stubs
    for name, html, expected in (("print", stubs, len(SECTIONS)),
                                 ("print-no-breaks", stubs.replace("break-before: page; page-break-before: always;", ""), 1)):
        src, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
        src.write_text(html, encoding="utf-8")
        r = subprocess.run([chromium, *QUIET, f"--user-data-dir={tmp_path / (name + '-profile')}",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.resolve().as_uri()],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0 and pdf.exists(), r.stderr[-2000:]
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        assert pages == expected, (name, pages)
    pdf = tmp_path / "full.pdf"
    subprocess.run([chromium, *QUIET, f"--user-data-dir={tmp_path / 'full-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", rep.save(tmp_path / "r.html").resolve().as_uri()],
                   capture_output=True, text=True, timeout=120, check=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "print.pdf")
