"""Saving and loading graphs: ``Graph.save`` / ``ona.load_graph`` (format below).

The file is a compressed NumPy ``.npz`` archive (``numpy.savez_compressed``,
readable with ``numpy.load(path, allow_pickle=False)``: it never holds
pickled objects) with these members:

``offsets`` (uint64, n + 1), ``targets`` (uint32), ``weights`` (float64)
    The graph's compressed sparse rows, exactly as :meth:`Graph.csr` shows
    them: the ties of person ``i`` are ``targets[offsets[i]:offsets[i+1]]``,
    sorted by target; an undirected tie is stored in both rows (a self-tie
    once).
``people``
    The labels, in order. Numeric, boolean and datetime labels are stored
    in their own dtype; strings as a unicode array; an object index whose
    labels are all strings is stored as strings, one mixing strings and
    numbers as JSON (``people_json`` in ``meta``).
``meta``
    A JSON string: ``format`` (``"onakit.graph"``), ``version`` (1),
    ``directed``, ``num_people``, ``people_dtype`` (the pandas dtype to
    restore: ``"int64"``, ``"object"``, ``"string"``, ...), ``people_name``,
    ``time_span`` (``[lo, hi]`` in Unix microseconds, or null) and
    ``build_report`` (a dict, or null).

Loading rebuilds the graph with the core's own tie-table constructor and
checks that the result has exactly the stored rows, so a damaged or
hand-edited file raises :class:`onakit.ReadError` instead of giving a
different graph.
"""

from __future__ import annotations

import json
import os
import zipfile

import numpy as np
import pandas as pd

from . import _core
from ._graph import Graph
from ._time import NO_TIME

FORMAT = "onakit.graph"
VERSION = 1


def _read_error(path, reason: str) -> Exception:
    err = _core.ReadError(f"{os.fspath(path)}: {reason}")
    vars(err).update(file=os.fspath(path), line=0)  # per instance, as _core does (stub: class defaults)
    return err


def _plain_scalar(x):
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, (str, int, float, bool)):
        return x
    raise TypeError(type(x).__name__)


def _encode_people(people: pd.Index) -> tuple[np.ndarray, dict]:
    """The labels as an array npz stores without pickling, plus how to restore the dtype."""
    dtype = people.dtype
    meta = {"people_dtype": str(dtype), "people_json": None}
    if isinstance(dtype, np.dtype) and dtype.kind in "iufbmM":
        return people.to_numpy(), meta
    if isinstance(dtype, pd.StringDtype):
        if people.isna().any():
            raise _core.OptionError("Graph.save: a person label is missing (NA)")
        return np.asarray(people.to_numpy(dtype=object).astype(str)), meta
    if dtype == object:
        values = people.to_numpy()
        if all(type(x) is str for x in values):
            return values.astype(str) if len(values) else np.zeros(0, dtype="U1"), meta
        try:
            meta["people_json"] = json.dumps([_plain_scalar(x) for x in values])
        except TypeError as e:
            raise _core.OptionError(
                f"Graph.save: people labels of type {e} cannot be saved; labels must be strings, numbers, "
                "booleans or datetimes (e.g. relabel with g.people.map(str))") from None
        return np.zeros(0, dtype=np.int64), meta
    raise _core.OptionError(f"Graph.save: people of dtype {dtype} cannot be saved; use strings or numbers "
                            "(e.g. g.people.astype(str))")


def _decode_people(arr: np.ndarray, meta: dict) -> pd.Index:
    dtype = meta["people_dtype"]
    name = meta.get("people_name")
    if meta.get("people_json") is not None:
        return pd.Index(json.loads(meta["people_json"]), dtype=object, name=name)
    if dtype == "object":
        return pd.Index(arr.tolist(), dtype=object, name=name)
    return pd.Index(arr, name=name).astype(dtype)


def save_graph(g: Graph, path) -> None:
    """Writes ``g`` to ``path`` (exactly that name: no ``.npz`` is appended)."""
    people, meta = _encode_people(g.people)
    name = g.people.name
    if name is not None and not isinstance(name, (str, int, float, bool)):
        name = str(name)
    lo, hi = g._core.time_span
    meta.update({
        "format": FORMAT, "version": VERSION, "directed": g.directed, "num_people": g.number_of_people,
        "people_name": name, "time_span": None if lo == NO_TIME else [int(lo), int(hi)],
        "build_report": g.build_report, "ingest_report": g.ingest_report,
    })
    c = g.csr()
    with open(path, "wb") as f:
        np.savez_compressed(f, offsets=c.offsets, targets=c.targets, weights=c.weights, people=people,
                            meta=np.array(json.dumps(meta, default=int)))


def load_graph(path) -> Graph:
    """Load a graph saved with :meth:`Graph.save`.

    The file format is documented in ``onakit/_graph_io.py`` (a compressed
    ``.npz`` with the CSR arrays, the people labels with their dtype and a
    JSON ``meta`` member with directedness, time span and build report).
    The loaded graph equals the saved one (:meth:`Graph.equals`) and has the
    same ``people`` dtype and name, ``time_span`` and ``build_report``.

    Raises
    ------
    onakit.ReadError
        When the file cannot be read or is not an onakit graph file (named
        in the message with the reason).

    Examples
    --------
    >>> import os, tempfile, pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [2.0, 1.0]}))
    >>> path = os.path.join(tempfile.mkdtemp(), "ties.npz")
    >>> g.save(path)
    >>> h = ona.load_graph(path)
    >>> h.equals(g), list(h.people)
    (True, ['a', 'b', 'c'])
    """
    try:
        with np.load(path, allow_pickle=False) as z:
            members = {k: z[k] for k in z.files}
    except FileNotFoundError:
        raise _read_error(path, "no such file") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise _read_error(path, f"not an onakit graph file (.npz written by Graph.save): {e}") from None
    missing = {"offsets", "targets", "weights", "people", "meta"} - members.keys()
    if missing:
        raise _read_error(path, f"not an onakit graph file: missing {sorted(missing)}")
    try:
        meta = json.loads(str(members["meta"]))
    except ValueError:
        raise _read_error(path, "not an onakit graph file: meta is not JSON") from None
    if meta.get("format") != FORMAT:
        raise _read_error(path, f"not an onakit graph file (format {meta.get('format')!r})")
    if meta.get("version") != VERSION:
        raise _read_error(path, f"graph file version {meta.get('version')!r}; this onakit reads version {VERSION}")
    offsets = members["offsets"].astype(np.uint64)
    targets = members["targets"].astype(np.int64)
    weights = members["weights"].astype(float)
    try:
        n, directed = int(meta["num_people"]), bool(meta["directed"])
    except (KeyError, TypeError, ValueError):
        raise _read_error(path, "damaged graph file: meta lacks num_people or directed") from None
    consistent = (len(offsets) == n + 1 and offsets[0] == 0 and offsets[-1] == len(targets)
                  and len(weights) == len(targets) and not (np.diff(offsets.astype(np.int64)) < 0).any()
                  and not (len(targets) and (targets.min() < 0 or targets.max() >= n)))
    if not consistent:
        raise _read_error(path, "damaged graph file: CSR arrays of inconsistent sizes")
    people = _decode_people(members["people"], meta)
    if len(people) != n:
        raise _read_error(path, f"damaged graph file: {len(people)} people for {n} rows")
    sources = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets.astype(np.int64)))
    keep = slice(None) if directed else sources <= targets
    span = meta.get("time_span")
    try:
        core = _core.make_graph(n=n, sources=sources[keep].astype(np.uint32), targets=targets[keep].astype(np.uint32),
                                weights=weights[keep], directed=directed,
                                time_span=None if span is None else (int(span[0]), int(span[1])))
    except ValueError as e:
        raise _read_error(path, f"damaged graph file: {e}") from None
    g = Graph(core, people, meta.get("build_report"), meta.get("ingest_report"))
    c = g.csr()
    if not (np.array_equal(c.offsets, offsets) and np.array_equal(c.targets, targets)
            and np.array_equal(c.weights, weights)):
        raise _read_error(path, "damaged graph file: the rows are not sorted, repeat a tie, or (undirected) "
                          "are not symmetric")
    return g
