"""How to call every measure of ``onakit.__all__`` on a graph, a log and groups.

Shared by test_privacy_everywhere.py (every output of a pseudonymised run)
and test_metric_edge_cases.py (every measure on degenerate inputs).
``measures()`` finds the public functions that take a graph or a message log
by introspection; ``CALLS`` says how to call each one. A new measure that is
not in ``CALLS`` fails ``test_every_measure_has_a_call`` by name, so the two
tests cannot silently skip it.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import onakit as ona


@dataclasses.dataclass
class Inputs:
    """A graph, the log it was built from (None when there is none), and each person's group."""

    g: ona.Graph
    log: ona.MessageLog | None
    groups: Any
    min_group_size: int | None = 5
    freq: str = "D"  # periods of the measures over time


Call = Callable[[Inputs], Any]

# First parameters that mark a measure: a graph, a log, or the graphs / results of one.
_GRAPH_FIRST = {"g", "log", "g_before", "graphs", "a", "before"}
# Public callables that take a graph or log but are not measures (readers, I/O, builders, plots, reports).
NOT_MEASURES = {
    "build_graph", "build_graphs", "ego_network", "union", "save_graph", "load_graph", "report", "concat",
    "stream_ties",
}


def _needs_log(inp: Inputs) -> ona.MessageLog:
    if inp.log is None:
        raise LookupError("no log")  # the case has no log: the measure is not run on it
    return inp.log


def _graphs(inp: Inputs) -> pd.Series:
    return ona.build_graphs(_needs_log(inp), freq=inp.freq)


CALLS: dict[str, Call] = {
    # centrality: local
    "clustering": lambda i: ona.clustering(i.g),
    "core_number": lambda i: ona.core_number(i.g),
    "articulation_points": lambda i: ona.articulation_points(i.g),
    "bridges": lambda i: ona.bridges(i.g),
    "constraint": lambda i: ona.constraint(i.g),
    "effective_size": lambda i: ona.effective_size(i.g),
    "efficiency": lambda i: ona.efficiency(i.g),
    "hierarchy": lambda i: ona.hierarchy(i.g),
    "brokerage": lambda i: ona.brokerage(i.g, i.groups),
    "core_periphery": lambda i: ona.core_periphery(i.g),
    "layout": lambda i: ona.layout(i.g, iterations=20),
    # centrality: paths
    "betweenness": lambda i: ona.betweenness(i.g),
    "closeness": lambda i: ona.closeness(i.g),
    "harmonic": lambda i: ona.harmonic(i.g),
    "reach": lambda i: ona.reach(i.g),
    "edge_betweenness": lambda i: ona.edge_betweenness(i.g),
    # centrality: spectral
    "degree": lambda i: ona.degree(i.g),
    "pagerank": lambda i: ona.pagerank(i.g),
    "eigenvector": lambda i: ona.eigenvector(i.g, raise_on_failure=False),
    "katz": lambda i: ona.katz(i.g, raise_on_failure=False),
    "hits": lambda i: ona.hits(i.g, raise_on_failure=False),
    "person_metrics": lambda i: ona.person_metrics(i.g, i.groups, min_group_size=i.min_group_size),
    # structure and communities
    "density": lambda i: ona.density(i.g),
    "reciprocity": lambda i: ona.reciprocity(i.g),
    "components": lambda i: ona.components(i.g),
    "communities": lambda i: ona.communities(i.g),
    "compare_partitions": lambda i: ona.compare_partitions(pd.Series(i.groups, dtype=object),
                                                            ona.communities(i.g)),
    # silo
    "mixing_matrix": lambda i: ona.mixing_matrix(i.g, i.groups, min_group_size=i.min_group_size),
    "group_graph": lambda i: ona.group_graph(i.g, i.groups, min_group_size=i.min_group_size),
    "ei_index": lambda i: (ona.ei_index(i.g, i.groups, permutations=20),
                           ona.ei_index(i.g, i.groups, level="group", permutations=20,
                                        min_group_size=i.min_group_size),
                           ona.ei_index(i.g, i.groups, level="node", min_group_size=i.min_group_size)),
    "modularity": lambda i: ona.modularity(i.g, i.groups),
    "assortativity": lambda i: ona.assortativity(i.g, i.groups),
    "insularity": lambda i: ona.insularity(i.g, i.groups, min_group_size=i.min_group_size),
    "conductance": lambda i: ona.conductance(i.g, i.groups, min_group_size=i.min_group_size),
    "boundary_spanners": lambda i: ona.boundary_spanners(i.g, i.groups, min_group_size=i.min_group_size),
    "silo_report": lambda i: ona.silo_report(i.g, i.groups, permutations=20, min_group_size=i.min_group_size),
    "bridging_ties": lambda i: ona.bridging_ties(i.g, i.groups, min_group_size=i.min_group_size),
    # over time
    "silo_trend": lambda i: ona.silo_trend(_needs_log(i), i.groups, freq=i.freq, min_group_size=i.min_group_size),
    "tie_change": lambda i: ona.tie_change(i.g, i.g, i.groups, min_group_size=i.min_group_size),
    "rank_change": lambda i: ona.rank_change(ona.degree(i.g), ona.degree(i.g)),
    "per_period": lambda i: ona.per_period(_graphs(i), ona.pagerank),
    "network_trend": lambda i: ona.network_trend(_needs_log(i), i.groups, freq=i.freq),
    "newcomer_integration": lambda i: ona.newcomer_integration(_needs_log(i), groups=i.groups, weeks=1),
    # time and responsiveness
    "response_times": lambda i: ona.response_times(_needs_log(i), groups=i.groups, min_group_size=i.min_group_size),
    "work_patterns": lambda i: (ona.work_patterns(_needs_log(i)),
                                ona.work_patterns(_needs_log(i), groups=i.groups, min_group_size=i.min_group_size)),
    "burstiness": lambda i: (ona.burstiness(_needs_log(i)), ona.burstiness(_needs_log(i), by="tie")),
    "temporal_reach": lambda i: ona.temporal_reach(_needs_log(i), within="7D", groups=i.groups,
                                                   min_group_size=i.min_group_size),
    "group_latency": lambda i: ona.group_latency(_needs_log(i), i.groups, min_group_size=i.min_group_size),
}


def measures() -> dict[str, Callable]:
    """The public functions of onakit whose first parameter is a graph or a log (or results of one)."""
    out: dict[str, Callable] = {}
    for name in ona.__all__:
        obj = getattr(ona, name)
        if not inspect.isfunction(obj) or name in NOT_MEASURES or name.startswith("read_"):
            continue
        params = list(inspect.signature(obj).parameters)
        if params and params[0] in _GRAPH_FIRST:
            out[name] = obj
    return out


def render(obj: Any, depth: int = 0) -> str:
    """Every piece of text a result shows: repr, CSV of tables, attrs, fields of result objects."""
    if depth > 3:
        return ""
    if isinstance(obj, tuple | list) and not isinstance(obj, str):
        return "\n".join(render(x, depth + 1) for x in obj)
    if isinstance(obj, pd.DataFrame | pd.Series):
        return "\n".join([repr(obj), obj.to_csv(), repr(obj.attrs), repr(list(obj.index)),
                          obj.to_html() if isinstance(obj, pd.DataFrame) else ""])
    if isinstance(obj, ona.Graph):
        return "\n".join([repr(obj), obj._repr_html_(), obj.to_pandas().to_csv(), repr(list(obj.people)),
                          repr(obj.build_report)])
    if isinstance(obj, ona.MessageLog):
        return "\n".join([repr(obj), obj._repr_html_(), obj.to_pandas().to_csv(), repr(obj.report),
                          repr(list(obj.people))])
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return "\n".join([repr(obj)] + [render(getattr(obj, f.name), depth + 1) for f in dataclasses.fields(obj)])
    if isinstance(obj, dict):
        return repr(obj) + "\n".join(render(v, depth + 1) for v in obj.values())
    if isinstance(obj, np.ndarray):
        return repr(obj.tolist())
    return repr(obj) + " " + str(obj)
