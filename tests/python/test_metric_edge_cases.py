"""Issue #16: every measure on degenerate inputs gives a defined result or a clear typed error.

Every public measure (found by introspection, called as ``metric_calls.CALLS``
says) runs on: an empty graph (no people), one person, people and no ties, a
disconnected graph, all weights zero, self-ties only, a group of one and a
single group. Allowed outcomes: a result, or a ``ValueError`` subclass
(onakit's typed errors are ones) naming the problem. Never a crash (another
exception type), a numpy ``RuntimeWarning`` (a silent 0/0), a NaN the
function's docstring does not document, or a hang. Where networkx defines a
value, onakit gives the same one.

``python tests/python/test_metric_edge_cases.py`` prints the measure × case
table of outcomes.
"""

from __future__ import annotations

import inspect
import math
import signal
import warnings
from collections.abc import Callable

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona
from metric_calls import CALLS, Inputs, measures

T0 = pd.Timestamp("2024-03-04 09:00", tz="UTC")  # a Monday


def _log(messages: list[tuple[str, str]], people: list[str] | None = None) -> ona.MessageLog:
    """A log of sender -> recipient messages an hour apart (replies to each other are not linked)."""
    df = pd.DataFrame({"sender": [s for s, _ in messages], "recipients": [r for _, r in messages],
                       "timestamp": [T0 + pd.Timedelta(hours=k) for k in range(len(messages))]})
    return ona.MessageLog.from_pandas(df, sender="sender", recipients="recipients", timestamp="timestamp")


def _alternate(people) -> dict:
    return {p: "x" if k % 2 == 0 else "y" for k, p in enumerate(people)}


def _empty() -> Inputs:
    g = ona.Graph.from_pandas(pd.DataFrame({"source": [], "target": []}), people=[])
    return Inputs(g=g, log=None, groups={}, min_group_size=None)


def _one_person() -> Inputs:
    log = _log([("a", "a")])
    return Inputs(g=ona.build_graph(log), log=log, groups={"a": "x"}, min_group_size=None)


def _no_ties() -> Inputs:
    log = _log([("a", "a"), ("b", "b"), ("c", "c")])
    return Inputs(g=ona.build_graph(log), log=log, groups=_alternate("abc"), min_group_size=None)


def _disconnected() -> Inputs:
    log = _log([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"), ("a", "b")])
    return Inputs(g=ona.build_graph(log), log=log, groups={"a": "x", "b": "y", "c": "x", "d": "y"},
                  min_group_size=None)


def _zero_weights() -> Inputs:
    ties = pd.DataFrame({"source": ["a", "b", "c", "a"], "target": ["b", "c", "a", "c"], "weight": [0.0] * 4})
    return Inputs(g=ona.Graph.from_pandas(ties), log=None, groups=_alternate("abc"), min_group_size=None)


def _self_ties() -> Inputs:
    log = _log([("a", "a"), ("b", "b"), ("a", "a")])
    return Inputs(g=ona.build_graph(log, self_loops=True), log=log, groups=_alternate("ab"), min_group_size=None)


_RING = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "a"), ("b", "a"), ("c", "e")]


def _group_of_one() -> Inputs:
    log = _log(_RING)
    return Inputs(g=ona.build_graph(log), log=log, groups={"a": "solo", **{p: "rest" for p in "bcde"}},
                  min_group_size=None)


def _single_group() -> Inputs:
    log = _log(_RING)
    return Inputs(g=ona.build_graph(log), log=log, groups={p: "all" for p in "abcde"}, min_group_size=None)


CASES: dict[str, Callable[[], Inputs]] = {
    "empty graph": _empty, "one person": _one_person, "no ties": _no_ties, "disconnected": _disconnected,
    "all weights zero": _zero_weights, "self-ties only": _self_ties, "group of one": _group_of_one,
    "single group": _single_group,
}


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang("no result within 30 s")


def _numeric(s: pd.Series) -> bool:
    """A column of numbers (not of durations, whose missing value NaT is checked apart)."""
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_timedelta64_dtype(s) \
        and not pd.api.types.is_bool_dtype(s)


def _has_nan(obj) -> bool:
    if isinstance(obj, tuple | list):
        return any(_has_nan(x) for x in obj)
    if isinstance(obj, pd.DataFrame):
        return any(_numeric(obj.iloc[:, k]) and bool(obj.iloc[:, k].isna().any()) for k in range(obj.shape[1]))
    if isinstance(obj, pd.Series):
        return _numeric(obj) and bool(obj.isna().any())
    if isinstance(obj, float):
        return math.isnan(obj)
    for field in ("people", "ties", "answers", "group_pairs", "summary"):  # result objects
        if isinstance(getattr(obj, field, None), pd.DataFrame | pd.Series):
            if _has_nan(getattr(obj, field)):
                return True
    return False


def outcome(name: str, case: str) -> tuple[str, object]:
    """(outcome, result or exception): "ok", "ok (NaN)", "error: Type", "n/a" (the case has no log)."""
    inputs = CASES[case]()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = CALLS[name](inputs)
        bad = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        if bad:
            return f"crash: RuntimeWarning {bad[0].message}", None
        return ("ok (NaN)" if _has_nan(result) else "ok"), result
    except LookupError as e:
        if str(e) == "no log":
            return "n/a", None
        return f"error: {type(e).__name__}", e
    except (ValueError, ona.Error) as e:
        return f"error: {type(e).__name__}", e
    except Exception as e:  # noqa: BLE001 - anything else is a crash
        return f"crash: {type(e).__name__}: {e}", e
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_every_measure_has_a_call():
    missing = sorted(set(measures()) - set(CALLS))
    assert not missing, f"add these measures to tests/python/metric_calls.py CALLS: {missing}"
    stale = sorted(set(CALLS) - set(measures()) - {"layout"})
    assert not stale, f"CALLS names functions that are not public measures: {stale}"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_measure_on_edge_case(name, case):
    what, result = outcome(name, case)
    assert not what.startswith("crash"), f"{name} on {case}: {what}"
    if what.startswith("error"):
        assert str(result).strip(), f"{name} on {case}: an error without a message"
    if what == "ok (NaN)":
        doc = inspect.getdoc(getattr(ona, name)) or ""
        assert "NaN" in doc, f"{name} on {case}: NaN in the result, and the docstring does not say when"


# ---- networkx, where it defines a value ---------------------------------------------------------------------------

def _nx_graph(g: ona.Graph) -> nx.Graph:
    return g.to_networkx()


NX: dict[str, tuple[Callable, Callable]] = {
    # name: (onakit, networkx) on the same graph, as {person: value}
    "degree": (lambda g: ona.degree(g), nx.degree_centrality),
    "betweenness": (lambda g: ona.betweenness(g), nx.betweenness_centrality),
    "closeness": (lambda g: ona.closeness(g), nx.closeness_centrality),
    "harmonic": (lambda g: ona.harmonic(g), nx.harmonic_centrality),
    "clustering": (lambda g: ona.clustering(g), nx.clustering),
    "pagerank": (lambda g: ona.pagerank(g), lambda G: nx.pagerank(G, weight="weight")),
    "core_number": (lambda g: ona.core_number(g), nx.core_number),
    "density": (lambda g: ona.density(g), nx.density),
    "reciprocity": (lambda g: ona.reciprocity(g), nx.reciprocity),
}


def _as_dict(x):
    if isinstance(x, pd.Series | dict):
        return {k: float(v) for k, v in x.items()}
    return float(x)


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("group of one", "single group")])
@pytest.mark.parametrize("name", sorted(NX))
def test_equal_to_networkx_where_it_defines_a_value(name, case):
    inputs = CASES[case]()
    ours, theirs = NX[name]
    G = _nx_graph(inputs.g)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = _as_dict(theirs(G))
    except (nx.NetworkXError, ZeroDivisionError, nx.NetworkXNotImplemented) as e:
        pytest.skip(f"networkx defines no value here: {type(e).__name__}: {e}")
    try:
        got = _as_dict(ours(inputs.g))
    except (ValueError, ona.Error) as e:
        pytest.fail(f"networkx gives {expected} but onakit raises {type(e).__name__}: {e}")
    if isinstance(expected, dict):
        assert isinstance(got, dict) and set(got) == set(expected)
        for k in expected:
            assert got[k] == pytest.approx(expected[k], abs=1e-6, nan_ok=True), (k, got, expected)
    else:
        assert got == pytest.approx(expected, abs=1e-9, nan_ok=True)


if __name__ == "__main__":  # the table for the docs and the report
    names = sorted(CALLS)
    cases = list(CASES)
    print("| measure | " + " | ".join(cases) + " |")
    print("|---" * (len(cases) + 1) + "|")
    for n in names:
        cells = []
        for c in cases:
            what, res = outcome(n, c)
            cells.append(what if not what.startswith("error") else f"{what}: {str(res)[:60]}")
        print(f"| {n} | " + " | ".join(cells) + " |")
