"""The docstrings of the error classes the C++ core raises (bound in src/python/module.cpp).

The classes are created by pybind11, which gives them no documentation; the
façade owns what users read, so their numpydoc text lives here, set once at
import.
"""

from __future__ import annotations

from . import _core

_DOCS = {
    _core.Error: """Base of every error onakit raises; a ``ValueError``.

    Catch it to handle any onakit failure at once. The subclasses say what
    went wrong: :class:`ParseError` (bad input data), :class:`OptionError`
    (an argument that cannot work), :class:`ReadError` (a file that cannot
    be read), :class:`CapacityError` (a size limit) and
    :class:`ConvergenceError` (an iteration that did not converge).
    ``KeyboardInterrupt`` (Ctrl-C during a long run) is not one of them.

    Examples
    --------
    >>> import onakit as ona
    >>> issubclass(ona.ParseError, ona.Error) and issubclass(ona.Error, ValueError)
    True
    >>> try:
    ...     ona.read_email_csv("../shared/data/radoslaw_email/communication.csv")
    ... except ona.Error as e:
    ...     print(type(e).__name__)
    ParseError
    """,
    _core.ParseError: """Bad input data, named like a compiler diagnostic: ``file:line: field 'x': reason``.

    Raised by the readers in strict mode (``errors="strict"``, the default)
    for the first bad record, and for whole-file problems (an empty file, a
    missing column: line 0). ``errors="skip"`` skips bad records instead and
    counts them by reason in ``log.report["skipped"]``.

    Attributes
    ----------
    file : str
        The input's name.
    line : int
        1-based line (or record) number; 0 when the error is about the whole file.
    field : str
        The column or field at fault, or empty.
    reason : str
        Why, in a few words (the key under which ``errors="skip"`` counts it).

    Examples
    --------
    >>> import onakit as ona
    >>> try:
    ...     ona.read_email_csv("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                        recipients="To", timestamp="EventDate")
    ... except ona.ParseError as e:
    ...     print(e.line, e.field, e.reason)
    0 To missing column
    """,
    _core.OptionError: """An argument that cannot work; the message names the keyword as you typed it.

    Raised before any work is done, for example for a value out of range, an
    unknown choice, or two options that exclude each other.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=50, departments=2, weeks=2)
    >>> try:
    ...     ona.betweenness(ona.build_graph(log), approximate=True, epsilon=2)
    ... except ona.OptionError as e:
    ...     print(e)
    betweenness: epsilon must be in (0, 1)
    """,
    _core.ReadError: """A file that cannot be read (permissions, a device error, or more than ``max_input_bytes``).

    A path that does not exist raises ``FileNotFoundError`` instead, before
    reading starts.

    Attributes
    ----------
    file : str
        The file.
    line : int
        Always 0 (the file as a whole).

    Examples
    --------
    >>> import onakit as ona
    >>> try:
    ...     ona.read_email_csv("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                        recipients="Recipient", timestamp="EventDate", max_input_bytes=1000)
    ... except ona.ReadError as e:
    ...     print(e.file)
    ../shared/data/radoslaw_email/communication.csv
    """,
    _core.CapacityError: """A size limit of onakit's compact types was exceeded.

    People and ties are counted in 32 bits: a log of more than 4,294,967,294
    people or a graph of more than 4,294,967,294 ties raises it. Split the
    input (by period, with ``build_graph(start=, end=)``) or filter it
    (``min_weight=``, ``internal_domains=``).

    Examples
    --------
    >>> import onakit as ona
    >>> issubclass(ona.CapacityError, ona.Error)
    True
    """,
}

for _cls, _doc in _DOCS.items():
    _cls.__doc__ = _doc
