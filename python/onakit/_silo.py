"""Silo measures: mixing, E-I index, modularity, assortativity, insularity, conductance, boundary spanners, group graph, silo report."""

from __future__ import annotations

__all__: list[str] = []
