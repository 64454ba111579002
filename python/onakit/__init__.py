"""onakit: organisational network analysis of email and chat metadata.

Turns who-wrote-to-whom metadata (never content) into communication graphs
and measures them. The heavy lifting is C++ (``onakit._core``); this package
is the notebook-friendly façade: pandas in, pandas out, your own labels.

>>> import onakit as ona
>>> log, people = ona.synthetic_org(people=200, departments=5, weeks=4)
>>> g = ona.build_graph(log)
>>> g.number_of_people
200
"""

try:
    from . import _core
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "onakit's compiled extension (onakit._core) is missing. Install the package with "
        "`pip install .` from the source tree (it needs cmake, g++, libboost-graph-dev and "
        "libeigen3-dev; see README.md) rather than importing it from the source folder."
    ) from exc

from . import _errors  # noqa: F401  (the error classes' docstrings)
from ._build import build_graph
from ._centrality_local import *  # noqa: F401,F403
from ._centrality_local import __all__ as _local_all
from ._centrality_paths import *  # noqa: F401,F403
from ._centrality_paths import __all__ as _paths_all
from ._centrality_spectral import *  # noqa: F401,F403
from ._centrality_spectral import __all__ as _spectral_all
from ._graph import Graph, from_igraph, from_networkx
from ._graph_io import load_graph
from ._graph_ops import ego_network, union
from ._identities import Identities, key_from_env, key_from_file
from ._io import read_edgelist, read_email_csv
from ._log import MessageLog
from ._metrics import *  # noqa: F401,F403
from ._metrics import __all__ as _metrics_all
from ._read_chat import *  # noqa: F401,F403
from ._read_chat import __all__ as _chat_all
from ._read_calendar import *  # noqa: F401,F403
from ._read_calendar import __all__ as _calendar_all
from ._read_mbox import *  # noqa: F401,F403
from ._read_mbox import __all__ as _mbox_all
from ._read_tables import *  # noqa: F401,F403
from ._read_tables import __all__ as _tables_all
from ._read_teams import *  # noqa: F401,F403
from ._read_teams import __all__ as _teams_all
from ._response_times import *  # noqa: F401,F403
from ._response_times import __all__ as _response_all
from ._silo import *  # noqa: F401,F403
from ._structure import *  # noqa: F401,F403
from ._structure import __all__ as _structure_all
from ._silo import __all__ as _silo_all
from ._time_trends import *  # noqa: F401,F403
from ._time_trends import __all__ as _time_all
from ._temporal_reach import *  # noqa: F401,F403
from ._temporal_reach import __all__ as _temporal_reach_all
from ._work_patterns import *  # noqa: F401,F403
from ._work_patterns import __all__ as _patterns_all
from ._communities import *  # noqa: F401,F403
from ._communities import __all__ as _communities_all
from ._layout import layout
from ._stream import stream_ties
from ._trend import *  # noqa: F401,F403
from ._trend import __all__ as _trend_all
from . import plot  # noqa: E402  (matplotlib is imported only when a plot is drawn)
from ._synthetic import synthetic_org
from .report import Report, report  # noqa: E402  (the name ona.report is the function; the package stays importable)

Error = _core.Error
ParseError = _core.ParseError
OptionError = _core.OptionError
ReadError = _core.ReadError
CapacityError = _core.CapacityError

__version__ = _core.__version__

__all__ = [
    "CapacityError", "Error", "Graph", "Identities", "MessageLog", "key_from_env", "key_from_file", "OptionError", "ParseError", "ReadError",
    "Report", "build_graph", "ego_network", "from_igraph", "from_networkx", "layout", "load_graph", "read_edgelist", "read_email_csv", "report", "stream_ties", "synthetic_org", "union",
]
# A separate +=: type checkers read the list literal above as the explicit exports
# (`mypy --strict` users see ona.build_graph); the star-imported names export themselves.
__all__ += _local_all + _paths_all + _spectral_all + _chat_all + _mbox_all + _tables_all + _silo_all + _communities_all + _time_all + _structure_all
__all__ += _metrics_all
__all__ += _temporal_reach_all
__all__ += _patterns_all
__all__ += _teams_all
__all__ += _calendar_all
__all__ += _response_all
__all__ += _trend_all
