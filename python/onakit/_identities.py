"""Identities: canonical addresses, aliases, internal domains, exclusions, pseudonyms."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from . import _core

__all__ = ["Identities", "key_from_env", "key_from_file"]


def key_from_env(variable: str) -> bytes:
    """The pseudonymisation key held in an environment variable (never written anywhere)."""
    return _core.key_from_env(variable)


def key_from_file(path) -> bytes:
    """The pseudonymisation key held in a file (its bytes, trailing newline removed)."""
    return _core.key_from_file(os.fspath(path))


class Identities:
    """The identity rules applied by a reader before anything is stored.

    Parameters
    ----------
    aliases : mapping or DataFrame, optional
        Address -> person id (many addresses -> one person), e.g. from the HR
        file. A DataFrame needs columns ``address`` and ``person``.
    internal_domains : list of str, optional
        The organisation's domains (subdomains included). Addresses elsewhere
        are external; without this list everyone is internal.
    external : {"drop", "fold", "keep"}
        Drop external people (counted), fold them into one node per domain
        (``external:<domain>``), or keep them.
    exclude : list of str, optional
        Glob patterns of addresses to drop (counted), e.g. ``["noreply@*", "*-bounces@*"]``.
    pseudonymize_key : bytes or str, optional
        HMAC-SHA256 key: labels become ``base32(HMAC(key, address))[:16]``,
        the same across runs and between C++ and Python. Use
        :func:`key_from_env` or :func:`key_from_file` to keep it out of code.
    keep_domain : bool
        Append ``@domain`` to pseudonyms.
    strip_plus_tag : bool
        ``ann+news@x`` -> ``ann@x``.

    Examples
    --------
    >>> ids = ona.Identities(internal_domains=["corp.example"], exclude=["noreply@*"],
    ...                      pseudonymize_key=b"secret")
    >>> len(ids.resolve("Ann <ann@corp.example>"))
    16
    """

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        internal_domains: Iterable[str] | None = None,
        external: str = "drop",
        exclude: Iterable[str] | None = None,
        pseudonymize_key: bytes | str | None = None,
        keep_domain: bool = False,
        strip_plus_tag: bool = False,
    ):
        if aliases is not None and hasattr(aliases, "columns"):
            aliases = dict(zip(aliases["address"].astype(str), aliases["person"].astype(str)))
        key = pseudonymize_key or b""
        if isinstance(key, str):
            key = key.encode()
        self._core = _core.Identities(
            strip_plus_tag, {str(k): str(v) for k, v in (aliases or {}).items()},
            [str(d) for d in (internal_domains or [])], external, [str(p) for p in (exclude or [])],
            key, keep_domain,
        )
        self._summary = (f"aliases={len(aliases or {})}, internal_domains={list(internal_domains or [])}, "
                         f"external={external!r}, exclude={list(exclude or [])}, "
                         f"pseudonymize={'yes' if key else 'no'}")

    def canonical(self, raw: str) -> str:
        """The canonical form of an address as written."""
        return self._core.canonical(raw)

    def resolve(self, raw: str) -> str | None:
        """The label stored for ``raw``, or None if the rules drop it."""
        return self._core.resolve(raw)

    def __repr__(self) -> str:
        return f"Identities({self._summary})"  # the key itself is never shown


def identities_arg(identities=None, *, internal_domains=None, aliases=None, exclude=None,
                   pseudonymize_key=None, external="drop"):
    """The C++ rules for a reader call: an ``Identities`` object, or one built from
    the keyword shortcuts, or None when no rule is given."""
    if identities is not None:
        if any(x is not None for x in (internal_domains, aliases, exclude, pseudonymize_key)):
            raise _core.OptionError("pass either identities= or the keyword shortcuts, not both")
        if not isinstance(identities, Identities):
            raise TypeError("identities must be an onakit.Identities")
        return identities._core
    if all(x is None for x in (internal_domains, aliases, exclude, pseudonymize_key)):
        return None
    return Identities(aliases=aliases, internal_domains=internal_domains, exclude=exclude,
                      pseudonymize_key=pseudonymize_key, external=external)._core
