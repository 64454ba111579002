"""Shared code of the side-by-side benchmarks: one place for each peer convention.

``common`` (data folder, timing, the benchmark graphs), ``peers`` (the graph as
igraph / NetworKit / networkx objects and each peer's call with the
conversions that make its numbers comparable with onakit's), ``tables``
(the e-mail CSV and the tie tables of pandas / polars / DuckDB), ``oracles``
(the standard-library and brute-force references of mbox, temporal reach and
response times), ``agree`` (agreement of two results), ``workloads`` (what
``benchmarks/compare`` measures), ``child`` (one measurement in its own
process), ``report`` (table, goals, markdown, README block) and ``harness``
(the command). The per-issue scripts ``benchmarks/compare_*.py`` import
from here.
"""
