"""Data folder, best-of-N timing and the benchmark graphs (seeded synthetic organisations, real sets)."""

from __future__ import annotations

import os
import time
from pathlib import Path



def _data_dir() -> Path:
    """$ONAKIT_DATA_DIR, else the first shared/data beside the project or a folder above it (a git worktree
    may sit one level deeper than the main checkout)."""
    if os.environ.get("ONAKIT_DATA_DIR"):
        return Path(os.environ["ONAKIT_DATA_DIR"]).resolve()
    root = Path(__file__).resolve().parents[2]
    for up in root.parents:
        if (up / "shared" / "data").is_dir():
            return up / "shared" / "data"
    return (root.parent / "shared" / "data").resolve()


DATA = _data_dir()

# The seeded synthetic organisations of the benchmarks: `orgNk` = N thousand people.
ORG_DEPARTMENTS = 40
ORG_WEEKS = 4
ORG_SEED = 0


def best_time(fn, repeat):
    """(best wall seconds of `repeat` calls, the last result)."""
    best, out = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def org_people(spec: str) -> int | None:
    """`org2k` -> 2000, `org20000` -> 20000, anything else -> None."""
    if not spec.startswith("org"):
        return None
    s = spec[3:].lower()
    mult = 1000 if s.endswith("k") else 1
    s = s.rstrip("k")
    return int(s) * mult if s.isdigit() else None


def synthetic_org(people: int):
    """The benchmark organisation of `people` people: (MessageLog, people table)."""
    import onakit as ona

    return ona.synthetic_org(people=people, departments=ORG_DEPARTMENTS, weeks=ORG_WEEKS, seed=ORG_SEED)


REAL_GRAPHS = {
    # name: (path under DATA, reader keywords for ona.read_edgelist / read_email_csv)
    "eu-core": "email-Eu-core/email-Eu-core.txt",
    "w3c": "email-W3C-benson/email-W3C.txt",  # the largest real set by people (20,082), 124k messages
    "radoslaw": "radoslaw_email/communication.csv",
    "eu-temporal": "email-Eu-core-temporal/email-Eu-core-temporal.txt.gz",  # the most messages: 332,334
    # SNAP email-Enron (36,692 people) is not in ../shared/data (its README: "Not found").
    "enron": "email-Enron/email-Enron.txt",
}


def load_log(spec: str):
    """The message log of a graph spec (`org2k`, `eu-core`, `eu-temporal`, `w3c`, `radoslaw`, `enron`)."""
    import onakit as ona

    people = org_people(spec)
    if people is not None:
        return synthetic_org(people)[0]
    if spec not in REAL_GRAPHS:
        raise ValueError(f"unknown graph {spec!r}: orgNk, {', '.join(REAL_GRAPHS)}")
    path = DATA / REAL_GRAPHS[spec]
    if spec == "radoslaw":
        return ona.read_email_csv(path, sender="Sender", recipients="Recipient", timestamp="EventDate",
                                  recipient_sep=None)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing")
    if spec == "eu-temporal":
        return ona.read_edgelist(path, third="time")
    if spec == "w3c":
        # `sender recipient t`, t in a float notation (6.32e10) read_edgelist does not take as a time: the
        # messages without their times (no measure here uses them)
        import pandas as pd

        df = pd.read_csv(path, sep=" ", header=None, names=["sender", "recipient", "t"], usecols=[0, 1])
        return ona.MessageLog.from_pandas(df, sender="sender", recipients="recipient", timestamp=None,
                                          recipient_sep=None)
    return ona.read_edgelist(path)


def load_graph(spec: str, directed: bool = True):
    """The onakit graph of a graph spec (message counts as weights)."""
    import onakit as ona

    return ona.build_graph(load_log(spec), directed=directed)


def groups_of(spec: str, g):
    """A group per person of `g` (numpy int array in g.people order): departments, or None."""
    import numpy as np
    import pandas as pd

    people = org_people(spec)
    if people is not None:
        table = synthetic_org(people)[1]
        return pd.factorize(table["department"].reindex(g.people))[0].astype(np.int64)
    if spec == "eu-core":
        d = pd.read_csv(DATA / "email-Eu-core" / "email-Eu-core-department-labels.txt", sep=" ",
                        names=["node", "department"]).set_index("node")["department"]
        return d.reindex(g.people).fillna(-1).to_numpy(np.int64)
    return None
