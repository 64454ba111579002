"""Checks of the options the façade uses itself, before any C++ sees them.

Options a binding takes directly are checked there (src/python/bindings.hpp:
int_option, real_option, threads_option); these call the same checks, so
``seed="x"`` gives the same OptionError naming ``seed`` wherever it is used,
never Python's ``invalid literal for int()``.
"""

from __future__ import annotations

import numpy as np

from . import _core


def whole(value, keyword: str, minimum: int | None = None) -> int:
    """``value`` as an int: an int or numpy integer (not a bool, not a float), else an OptionError naming ``keyword``."""
    try:
        v = int(_core.int_option(value, keyword))
    except _core.OptionError:
        # Above the signed 64-bit range: still an unsigned 64-bit seed, which the binding that takes it checks.
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 2**63 <= value < 2**64:
            raise
        v = int(value)
    if minimum is not None and v < minimum:
        raise _core.OptionError(f"{keyword}={v} is out of range: use an integer >= {minimum}")
    return v


def real(value, keyword: str) -> float:
    """``value`` as a float: an int, float or numpy number (not a bool), else an OptionError naming ``keyword``."""
    return float(_core.real_option(value, keyword))


def threads(value) -> int:
    """``threads=`` checked by the one rule (0 = all cores, up to ``_core.max_threads``), for a function that
    does Python work before its first parallel kernel."""
    return int(_core.threads_option(value))
