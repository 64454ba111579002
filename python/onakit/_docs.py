"""Docstring paragraphs shared by several functions, written once (``{name}`` placeholders)."""

from __future__ import annotations

_PARAMETERS = {
    "identities": """identities : onakit.Identities, optional
        Identity rules applied to every address (or person id) before
        anything is stored (see :class:`onakit.Identities`); or give the
        shortcuts ``internal_domains=``, ``aliases=``, ``exclude=``,
        ``pseudonymize_key=``, not both. Dropped senders skip the message
        and dropped recipients are counted, by reason, in ``log.report``. An
        address with a control character such as NUL is a bad record
        ``"bad address"``.
    internal_domains : list of str, optional
        Shortcut: the organisation's domains (subdomains included); people
        elsewhere are dropped and counted (``Identities(external="drop")``).
    aliases : mapping or DataFrame, optional
        Shortcut: address -> person id (many addresses -> one person); a
        DataFrame needs columns ``address`` and ``person``.
    exclude : list of str, optional
        Shortcut: glob patterns of addresses to drop (counted), e.g.
        ``["noreply@*"]``.
    pseudonymize_key : bytes or str, optional
        Shortcut: HMAC-SHA256 key; every label becomes its keyed pseudonym
        and values from the input quoted in errors are masked (see
        :func:`onakit.key_from_env`).""",
    "encoding": """encoding : str
        The file's character encoding: ``"utf-8"`` (default), ``"latin-1"``,
        ``"cp1252"``, ``"utf-16"`` (``"utf-16-le"``, ``"utf-16-be"``). A
        byte-order mark is recognised whatever this says. With UTF-8, a
        record that is not valid UTF-8 is a bad record ``"invalid UTF-8"``
        (``errors="skip"`` counts it; strict names file and line).""",
    "max_input_bytes": """max_input_bytes : int, optional
        Largest input read, in bytes after decompression (default 64 GiB);
        a larger file, gzip bomb or endless device raises
        :class:`onakit.ReadError` naming the file and the limit.""",
    "group_rows_by": """group_rows_by : {"message_id", "sender_time", "none"}, optional
        How rows form messages. Default (None): by ``message_id`` when that
        column is given, else every row is a message. ``"sender_time"``:
        rows with the same sender and time (anywhere in the input) are one
        message, for exports with one row per recipient and no message id
        (radoslaw_email: 82,927 rows, 58,463 messages); without it every
        row is its own message, so ``build_graph(weighting="split")``
        equals ``"count"``. Needs the time column and no ``message_id``.
        Rows without a time stay messages of their own. ``"none"``: every
        row is a message. ``log.report["messages_with_several_recipients"]``
        counts the messages a split can share.""",
    "progress": """progress : bool
        Show a tqdm progress bar on stderr while it runs (default False). It
        moves with the work done (sources searched, bytes parsed, files read,
        periods measured, or, for community detection, node visits counted
        without a known total); the result does not depend on it.""",
    "threads": """threads : int
        0 = all cores; the result does not depend on it.""",
    "raise_on_failure": """raise_on_failure : bool
        Raise :class:`ConvergenceError` (as networkx raises
        ``PowerIterationFailedConvergence``) if ``max_iter`` is reached;
        False returns the last iterate (``attrs["converged"]`` False).""",
}


def shared_doc(func):
    """Fills the ``{name}`` placeholders of ``func``'s docstring (names: ``_PARAMETERS``)."""
    if func.__doc__:  # None under python -OO
        for name, text in _PARAMETERS.items():
            func.__doc__ = func.__doc__.replace("{" + name + "}", text)
    return func
