"""``python -m onakit``: the ``onakit`` command (see :mod:`onakit.cli`)."""

import sys

from .cli import main

sys.exit(main())
