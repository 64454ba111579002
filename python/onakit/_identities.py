"""Identities: canonical addresses, aliases, internal domains, exclusions, pseudonyms."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core

if TYPE_CHECKING:  # pandas is imported lazily: `import onakit` stays fast
    import pandas as pd

__all__ = ["Identities", "key_from_env", "key_from_file"]


def key_from_env(variable: str) -> bytes:
    """The pseudonymisation key held in an environment variable (never written anywhere).

    Raises :class:`onakit.OptionError` if the variable is unset or empty.

    Examples
    --------
    >>> import os, onakit as ona
    >>> os.environ["ONAKIT_EXAMPLE_KEY"] = "s3cret"
    >>> key = ona.key_from_env("ONAKIT_EXAMPLE_KEY")
    >>> key
    b's3cret'
    >>> log = ona.read_email_csv("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                          recipients="Recipient", timestamp="EventDate", pseudonymize_key=key)
    >>> "1" in log.people
    False
    """
    if not isinstance(variable, str):
        raise TypeError(f"key_from_env: variable must be a str, not {type(variable).__name__}")
    return _core.key_from_env(variable)


def key_from_file(path) -> bytes:
    """The pseudonymisation key held in a file (its bytes, trailing newline removed).

    Raises :class:`onakit.OptionError` if the file holds no key.

    Examples
    --------
    >>> import onakit as ona, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "onakit.key"
    >>> _ = path.write_text("s3cret\\n")
    >>> ona.key_from_file(path)
    b's3cret'
    """
    return _core.key_from_file(os.fspath(path))


def key_bytes(key, keyword: str = "pseudonymize_key") -> bytes | None:
    """A pseudonymisation key as bytes (None for none), checked before it goes near ``_core``.

    Accepts bytes, bytearray, memoryview and str (UTF-8). Errors name the
    keyword and the type only, never the key: a wrong type is a TypeError, an
    empty key an :class:`onakit.OptionError` (an empty key would silently
    turn pseudonymisation off)."""
    if key is None:
        return None
    if isinstance(key, str):
        try:
            key = key.encode("utf-8")
        except UnicodeEncodeError:  # its message would quote the key's characters
            raise _core.OptionError(f"{keyword} is not valid text (lone surrogates); pass bytes") from None
    elif isinstance(key, (bytes, bytearray, memoryview)):
        key = memoryview(key).tobytes()
    else:
        raise TypeError(f"{keyword} must be bytes or str, not {type(key).__name__}")
    if not key:
        raise _core.OptionError(f"{keyword} is empty: an empty key would turn pseudonymisation off; "
                                "pass a non-empty key, or None for no pseudonymisation")
    return key


def _strings(value, keyword: str) -> list[str]:
    """An iterable of strings (not one bare string) as a list; TypeError naming the keyword."""
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{keyword} must be a list of str, not {type(value).__name__}")
    out = list(value)
    for v in out:
        if not isinstance(v, str):
            raise TypeError(f"{keyword} must be a list of str; found a {type(v).__name__}")
    return out


def _flag(value, keyword: str) -> bool:
    if isinstance(value, (bool, int, np.bool_)):
        return bool(value)
    raise TypeError(f"{keyword} must be True or False, not {type(value).__name__}")


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
        (``external:<domain>``; with a key ``external:<pseudonym of the
        domain>``, unless ``keep_external_domains``), or keep them.
    exclude : list of str, optional
        Glob patterns of addresses to drop (counted), e.g. ``["noreply@*", "*-bounces@*"]``.
    pseudonymize_key : bytes, bytearray, memoryview or str, optional
        HMAC-SHA256 key: labels become ``base32(HMAC(key, address))[:16]``,
        the same across runs and between C++ and Python. Message ids (and
        mail reply ids) are pseudonymised with the same key, so replies stay
        linked, and error messages show values from the input masked
        (``'***@****.*******'``). An empty key raises
        :class:`onakit.OptionError`. Use :func:`key_from_env` or
        :func:`key_from_file` to keep it out of code.
    keep_domain : bool
        Append ``@domain`` to pseudonyms (and keep folded external domains in clear).
    keep_external_domains : bool
        With a key and ``external="fold"``: label the folded nodes
        ``external:<domain>`` in clear. By default their domain is
        pseudonymised too (``base32(HMAC(key, "domain:" + domain))[:16]``),
        since a correspondent's domain can name them (a small firm, a
        personal domain).
    strip_plus_tag : bool
        ``ann+news@x`` -> ``ann@x``.

    Examples
    --------
    >>> import onakit as ona
    >>> ids = ona.Identities(internal_domains=["corp.example"], exclude=["noreply@*"],
    ...                      pseudonymize_key=b"secret")
    >>> len(ids.resolve("Ann <ann@corp.example>"))
    16
    """

    def __init__(
        self,
        aliases: Mapping[str, str] | pd.DataFrame | None = None,
        internal_domains: Iterable[str] | None = None,
        external: str = "drop",
        exclude: Iterable[str] | None = None,
        pseudonymize_key: bytes | str | None = None,
        keep_domain: bool = False,
        strip_plus_tag: bool = False,
        keep_external_domains: bool = False,
    ):
        # Every argument is checked and converted here, so no pybind11
        # "incompatible function arguments" error (which prints every
        # argument, the key included) can come out of _core.Identities.
        key = key_bytes(pseudonymize_key)
        if aliases is not None and not isinstance(aliases, Mapping):  # a DataFrame is not a Mapping
            if not hasattr(aliases, "columns"):
                raise TypeError(f"aliases must be a mapping or a DataFrame, not {type(aliases).__name__}")
            if not {"address", "person"} <= set(aliases.columns):
                raise _core.OptionError("aliases: a DataFrame needs columns 'address' and 'person'")
            aliases = dict(zip(aliases["address"].astype(str), aliases["person"].astype(str)))
        domains = _strings(internal_domains, "internal_domains")
        patterns = _strings(exclude, "exclude")
        if not isinstance(external, str):
            raise TypeError(f"external must be a str, not {type(external).__name__}")
        # The checked arguments of _core.Identities: onakit.spark ships them to
        # Spark executors (inside an object whose repr hides the key) to rebuild
        # the same rules there.
        self._spec: dict[str, Any] = dict(
            strip_plus_tag=_flag(strip_plus_tag, "strip_plus_tag"),
            aliases={str(k): str(v) for k, v in (aliases or {}).items()},
            internal_domains=domains, external=external, exclude=patterns,
            key=key or b"", keep_domain=_flag(keep_domain, "keep_domain"),
            keep_external_domains=_flag(keep_external_domains, "keep_external_domains"),
        )
        self._core = _core.Identities(**self._spec)
        self._summary = (f"aliases={len(aliases or {})}, internal_domains={domains}, "
                         f"external={external!r}, exclude={patterns}, "
                         f"pseudonymize={'yes' if key else 'no'}")

    def canonical(self, raw: str) -> str:
        """The canonical form of an address as written.

        Examples
        --------
        >>> import onakit as ona
        >>> ona.Identities().canonical("  Ann.Lee@Corp.Example ")
        'ann.lee@corp.example'
        """
        return self._core.canonical(_text(raw))

    def resolve(self, raw: str) -> str | None:
        """The label stored for ``raw``, or None if the rules drop it.

        Examples
        --------
        >>> import onakit as ona
        >>> ids = ona.Identities(internal_domains=["corp.example"], exclude=["noreply@*"])
        >>> ids.resolve("Ann.Lee@Corp.Example"), ids.resolve("noreply@corp.example"), ids.resolve("bob@elsewhere.org")
        ('ann.lee@corp.example', None, None)
        """
        return self._core.resolve(_text(raw))

    def pseudonymize_id(self, message_id: str) -> str:
        """A message id as the readers store it: its keyed pseudonym (the id unchanged without a key).

        Examples
        --------
        >>> import onakit as ona
        >>> ona.Identities().pseudonymize_id("<m1@corp.example>")
        '<m1@corp.example>'
        >>> ona.Identities(pseudonymize_key="k").pseudonymize_id("<m1@corp.example>")
        '56sqcovg3zvhaaim'
        """
        return self._core.pseudonymize_id(_text(message_id, "message_id"))

    @property
    def pseudonymizing(self) -> bool:
        """Whether a pseudonymisation key is set."""
        return self._core.pseudonymizing

    def __repr__(self) -> str:
        return f"Identities({self._summary})"  # the key itself is never shown

    def __reduce__(self):
        # Pickling would write the key into the pickle: refuse, naming what to do instead.
        raise TypeError("onakit.Identities cannot be pickled: it holds the pseudonymisation key, which is never "
                        "written anywhere; build it again where it is needed (ona.key_from_env / key_from_file)")


def _text(value, keyword: str = "raw") -> str:
    if not isinstance(value, str):
        raise TypeError(f"{keyword} must be a str, not {type(value).__name__}")
    return value


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
