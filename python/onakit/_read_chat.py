"""Readers: Slack export and JSON Lines readers (Microsoft Graph messages, generic)."""

from __future__ import annotations

__all__: list[str] = []
