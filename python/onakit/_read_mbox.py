"""Readers: mbox, Maildir and .eml readers."""

from __future__ import annotations

__all__: list[str] = []
