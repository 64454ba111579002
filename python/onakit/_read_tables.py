"""Readers: Viva person-to-person, Exchange message trace and HR people tables."""

from __future__ import annotations

__all__: list[str] = []
