"""Community detection (Leiden, Louvain) and partition comparison."""

from __future__ import annotations

__all__: list[str] = []
