"""Agreement of a peer's result with onakit's: numbers, a verdict and a short text for the table.

Pure functions of numpy arrays (no peer library needed), so tests/python/test_compare_harness.py
checks them on known inputs, a deliberately wrong result included.

Rules (``rule`` dict of a workload or a peer):

* ``{"kind": "close", "rtol": r, "atol": a}`` -- every |x - y| <= a + r |y|
  (numpy.isclose); the text gives the max abs and max rel difference.
* ``{"kind": "l1", "bound": b}`` -- sum |x - y| <= b (PageRank's stopping rule
  leaves each result within a known L1 distance of the fixed point).
* ``{"kind": "error", "bound": e}`` -- an approximation against exact values:
  max |x - y| <= e, with the Spearman rank correlation beside it.
* ``{"kind": "rank", "min": rho}`` -- Spearman rank correlation >= rho.
* ``{"kind": "equal"}`` -- the same array (ties tables, counts, answers).
* ``{"kind": "modularity", "slack": s}`` -- two partitions of the same graph,
  scored by the same modularity: the peer's Q must be within s of onakit's
  (a gap larger than s means the graphs or the scoring differ, not the
  heuristics). Not a goal: the goals section compares Q separately.

NaN entries of the reference (``y``) are left out; with ``"partial": True`` also
those of ``x``: an oracle that checked only a sample of the people leaves the
others NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Agreement:
    ok: bool
    text: str
    max_abs: float | None = None
    max_rel: float | None = None
    rank: float | None = None
    checked: int = 0

    def as_dict(self) -> dict:
        return {"ok": self.ok, "text": self.text, "max_abs": self.max_abs, "max_rel": self.max_rel,
                "rank": self.rank, "checked": self.checked}


def spearman(x, y) -> float:
    """Spearman's rank correlation (average ranks for ties); 1.0 when both are constant and equal."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2:
        return 1.0
    rx, ry = _ranks(x), _ranks(y)
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return 1.0 if np.array_equal(x, y) else 0.0
    return float(((rx - rx.mean()) * (ry - ry.mean())).mean() / (sx * sy))


def _ranks(a: np.ndarray) -> np.ndarray:
    order = np.argsort(a, kind="stable")
    ranks = np.empty(len(a), dtype=float)
    ranks[order] = np.arange(len(a), dtype=float)
    # average the ranks of equal values
    sorted_a = a[order]
    starts = np.flatnonzero(np.r_[True, sorted_a[1:] != sorted_a[:-1]])
    ends = np.r_[starts[1:], len(a)]
    for s, e in zip(starts, ends):
        if e - s > 1:
            ranks[order[s:e]] = (s + e - 1) / 2.0
    return ranks


def _fmt(x: float) -> str:
    return f"{x:.1e}" if x else "0"


def compare(x, y, rule: dict) -> Agreement:
    """Agreement of `x` (the peer's result) with `y` (onakit's, or the exact reference) under `rule`."""
    kind = rule["kind"]
    if kind == "modularity":
        qx, qy = float(x), float(y)
        d = qx - qy
        ok = abs(d) <= rule.get("slack", 0.05)
        return Agreement(ok, f"Q {qx:.4f} ({d:+.4f})", max_abs=abs(d), checked=1)
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape:
        return Agreement(False, f"shape {x.shape} vs {y.shape}")
    if kind == "equal":
        same = np.array_equal(x, y) if x.dtype.kind not in "fc" else bool(
            np.array_equal(x, y, equal_nan=True))
        if same:
            return Agreement(True, "identical", 0.0, 0.0, checked=int(x.size))
        k = int(np.flatnonzero(np.ravel(x != y))[0])
        return Agreement(False, f"differs at {k}: {np.ravel(x)[k]} vs {np.ravel(y)[k]}", checked=int(x.size))
    x, y = x.astype(float), y.astype(float)
    keep = ~np.isnan(y)
    if rule.get("partial"):  # an oracle that checked a sample: NaN where it did not look
        keep &= ~np.isnan(x)
    x, y = x[keep], y[keep]
    if len(x) == 0:
        return Agreement(False, "nothing to compare")
    diff = np.abs(x - y)
    diff[np.isnan(diff)] = np.inf  # a NaN from the peer where the reference has a number disagrees
    max_abs = float(diff.max())
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(y != 0, diff / np.abs(y), np.where(diff == 0, 0.0, np.inf))
    max_rel = float(rel.max())
    n = int(len(x))
    if kind == "close":
        ok = bool(np.all(diff <= rule.get("atol", 0.0) + rule.get("rtol", 1e-9) * np.abs(y)))
        sample = f" ({n:,} of {len(keep):,} checked)" if rule.get("partial") else ""
        return Agreement(ok, f"max abs {_fmt(max_abs)}, rel {_fmt(max_rel)}{sample}", max_abs, max_rel, checked=n)
    if kind == "l1":
        l1 = float(diff.sum())
        ok = l1 <= rule["bound"]
        return Agreement(ok, f"L1 {_fmt(l1)} (bound {_fmt(rule['bound'])})", max_abs, max_rel, checked=n)
    if kind == "error":
        rho = spearman(x, y)
        ok = max_abs <= rule["bound"]
        return Agreement(ok, f"max err {_fmt(max_abs)} (eps {rule['bound']:g}), rho {rho:.3f}", max_abs, max_rel,
                         rank=rho, checked=n)
    if kind == "rank":
        rho = spearman(x, y)
        ok = rho >= rule["min"]
        return Agreement(ok, f"rho {rho:.4f}", max_abs, max_rel, rank=rho, checked=n)
    raise ValueError(f"unknown agreement rule {kind!r}")
