import os
from pathlib import Path

import pytest

DATA = Path(os.environ.get("ONAKIT_DATA_DIR", Path(__file__).resolve().parents[2] / ".." / "shared" / "data")).resolve()


def data_file(relative: str) -> Path:
    """A real data set from ../shared/data; skips the test with a message if absent."""
    p = DATA / relative
    if not p.exists():
        pytest.skip(f"real data set not found: {p} (set ONAKIT_DATA_DIR to the shared/data folder)")
    return p
