"""The Report object: the HTML text plus the tables and findings behind it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


class Report:
    """A silo report: one self-contained HTML page and the numbers behind it (made by :func:`onakit.report`).

    Attributes
    ----------
    html : str
        The whole page: inline CSS and SVG, no external resource.
    summary : str
        One line, e.g. ``"500 people, 8 groups, 1 silo flagged (Marketing); 9 findings"``.
    findings : list of Finding
        Each with ``text``, ``evidence``, ``measure``, ``section``, ``caveat``.
    tables : dict of pandas.DataFrame
        ``"groups"`` (the silo table exactly as :func:`onakit.silo_report` gives it, ``min_group_size``
        applied), ``"brokers"``, ``"spanners"``, ``"mixing"``, ``"group_pairs"``, ``"sole_bridges"``,
        ``"communities"``, and with several periods ``"trend"``, ``"churn"``, ``"rank_change"``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=120, departments=4, weeks=4, seed=2)
    >>> rep = ona.report(log, people["department"], permutations=99, layout=False)
    >>> rep.findings[0].section in ("silo-table", "group-map")
    True
    >>> list(rep.tables["groups"].columns[:4])
    ['size', 'internal', 'external', 'ei']
    """

    def __init__(self, html: str, fragment: str, summary: str, findings: list, tables: dict, title: str):
        self.html = html
        self._fragment = fragment
        self.summary = summary
        self.findings = findings
        self.tables = tables
        self.title = title

    def save(self, path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path.

        Creates nothing but the file: the folder must exist.

        Raises
        ------
        FileNotFoundError
            When the folder of ``path`` does not exist (the message names it).
        IsADirectoryError
            When ``path`` is a folder.

        Examples
        --------
        >>> import onakit as ona, tempfile, pathlib
        >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2)
        >>> rep = ona.report(log, people["department"], permutations=99, layout=False)
        >>> out = rep.save(pathlib.Path(tempfile.mkdtemp()) / "silo-report.html")
        >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        True
        """
        p = Path(path).expanduser()
        if p.is_dir():
            raise IsADirectoryError(f"cannot save the report to {str(path)!r}: it is a folder; give a file name "
                                    "such as report.html")
        folder = p.parent
        if not folder.is_dir():
            raise FileNotFoundError(f"cannot save the report to {str(path)!r}: the folder {str(folder)!r} does not "
                                    "exist (create it first)")
        p.write_text(self.html, encoding="utf-8")
        return p

    def _repr_html_(self) -> str:
        """The report inside a notebook: the same content, its CSS scoped to the report's own container."""
        return self._fragment

    def __repr__(self) -> str:
        return f"Report({self.summary})"

    def __str__(self) -> str:
        return self.summary

    @property
    def groups(self) -> pd.DataFrame:
        """The silo table (``tables["groups"]``)."""
        return self.tables["groups"]
