"""The HTML silo report: :func:`onakit.report` and :class:`onakit.Report`.

``ona.report(log, groups)`` computes the report from onakit's public API and
renders it with the Jinja2 templates in ``templates/`` (shipped as package
data) into one self-contained HTML page; ``onakit report`` on the command line
calls the same function.
"""

from ._builder import report
from ._sections import EXACT_BETWEENNESS_LIMIT, PEOPLE_MAP_LIMIT
from ._findings import Finding
from ._report import Report

__all__ = ["EXACT_BETWEENNESS_LIMIT", "Finding", "PEOPLE_MAP_LIMIT", "Report", "report"]
