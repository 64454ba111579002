"""E-mail CSV -> labelled tie table: the input file, and onakit / pandas / polars / DuckDB's way to the table.

The CSV is the synthetic organisation's mail log (``ona.synthetic_org``),
``sender,recipients,timestamp``, one row per message, recipients ``;``-joined,
ISO 8601 UTC times in whole seconds. The tie table is (sender, recipient,
number of messages), self-ties dropped:

* onakit: ``read_email_csv(path, threads=T)`` + ``build_graph(log, threads=T)``
  + ``g.to_pandas()`` (the tie table with the people's labels);
* pandas: ``read_csv`` + ``str.split(";")`` + ``explode`` + drop self-ties +
  ``groupby([sender, recipient]).size()`` (single-threaded, as pandas is);
* polars (``POLARS_MAX_THREADS=T``, set before import): ``read_csv`` +
  ``str.split(";")`` + ``explode`` + filter + ``group_by().len()``;
* DuckDB (``SET threads=T``): ``SELECT sender, recipient, count(*)`` after
  ``unnest(string_split(recipients, ';'))``.

pandas, polars and DuckDB do not parse the timestamps (onakit does), which
favours them; the synthetic log has no repeated recipient in a message, so
their lack of de-duplication does not change the table.
"""

from __future__ import annotations

import time

import numpy as np

PAIRS_PER_MESSAGE = 1.65  # the synthetic model's mean, measured; only used to size the log


def write_csv(path: str, people: int, pairs: float, seed: int, departments: int = 12) -> tuple[int, int, float]:
    """Write the synthetic log as CSV; returns (messages, pairs, seconds to generate+write)."""
    import onakit as ona

    t0 = time.perf_counter()
    weeks = 52
    rate = pairs / PAIRS_PER_MESSAGE / people / weeks
    log, _ = ona.synthetic_org(people=people, departments=departments, weeks=weeks, seed=seed,
                               messages_per_person_week=rate)
    c = log._core  # zero-copy columns of the C++ log
    offsets = np.asarray(c.offsets, dtype=np.int64)
    senders = np.asarray(c.senders)
    recipients = np.asarray(c.recipients)
    times = np.asarray(c.times)
    nm, npairs = len(senders), len(recipients)
    labels = np.asarray(log.people, dtype=object)

    # One flat list of tokens, joined once: per message the sender + ",", each
    # recipient + ";" (the last + ","), then the time + "\n".
    last = np.zeros(npairs, dtype=bool)
    last[offsets[1:] - 1] = True
    pair_tok = labels[recipients] + np.where(last, ",", ";").astype(object)
    head_tok = labels[senders] + ","
    iso = np.datetime_as_string(times.astype("datetime64[us]"), unit="s").astype(object)
    tail_tok = iso + "Z\n"
    tokens = np.empty(2 * nm + npairs, dtype=object)
    m = np.arange(nm, dtype=np.int64)
    tokens[offsets[:-1] + 2 * m] = head_tok
    msg_of_pair = np.repeat(m, np.diff(offsets))
    tokens[np.arange(npairs, dtype=np.int64) + 2 * msg_of_pair + 1] = pair_tok
    tokens[offsets[1:] + 2 * m + 1] = tail_tok
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("sender,recipients,timestamp\n")
        f.write("".join(tokens.tolist()))
    return nm, npairs, time.perf_counter() - t0


def onakit_ties(path: str, threads: int):
    import onakit as ona

    log = ona.read_email_csv(path, threads=threads)
    g = ona.build_graph(log, threads=threads)
    return g.to_pandas().rename(columns={"source": "sender", "target": "recipient"}), g


def pandas_ties(path: str):
    import pandas as pd

    df = pd.read_csv(path)
    df["recipient"] = df["recipients"].str.split(";")
    pairs = df[["sender", "recipient"]].explode("recipient")
    pairs = pairs[pairs["sender"] != pairs["recipient"]]
    return pairs.groupby(["sender", "recipient"], sort=False).size().rename("weight").reset_index()


def polars_ties(path: str):
    import polars as pl

    return (pl.read_csv(path, columns=["sender", "recipients"])
            .with_columns(pl.col("recipients").str.split(";").alias("recipient"))
            .explode("recipient")
            .filter(pl.col("sender") != pl.col("recipient"))
            .group_by(["sender", "recipient"]).len(name="weight"))


def duckdb_query(path: str) -> str:
    source = (f"read_csv('{path}', header=true, columns={{'sender': 'VARCHAR', 'recipients': 'VARCHAR', "
              f"'timestamp': 'VARCHAR'}})")
    return (f"SELECT sender, recipient, count(*) AS weight FROM (SELECT sender, "
            f"unnest(string_split(recipients, ';')) AS recipient FROM {source}) "
            f"WHERE sender <> recipient GROUP BY sender, recipient")


def duckdb_ties(con, path: str):
    return con.execute(duckdb_query(path)).df()


def canonical(table) -> dict:
    """A tie table (sender, recipient, weight columns; pandas or polars) as sorted numeric arrays.

    The synthetic organisation's labels are ``p<number>@...``: the number is the key, so that tables
    of millions of ties compare as integer arrays."""
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        table = table.to_pandas()
    s = _label_numbers(table["sender"])
    t = _label_numbers(table["recipient"])
    w = table["weight"].to_numpy(dtype=np.float64)
    order = np.lexsort((t, s))
    return {"sender": s[order], "recipient": t[order], "weight": w[order]}


def _label_numbers(col) -> np.ndarray:
    import pandas as pd

    return pd.Series(col, dtype=str).str.extract(r"^p(\d+)", expand=False).astype(np.int64).to_numpy()


def same_ties(a: dict, b: dict) -> tuple[bool, str]:
    """Whether two canonical tie tables are identical (pairs and weights), and how they differ."""
    if len(a["sender"]) != len(b["sender"]):
        return False, f"{len(a['sender']):,} ties vs {len(b['sender']):,}"
    if not (np.array_equal(a["sender"], b["sender"]) and np.array_equal(a["recipient"], b["recipient"])):
        return False, "different (sender, recipient) pairs"
    if not np.array_equal(a["weight"], b["weight"]):  # counts are small integers: exact in float64
        k = int(np.flatnonzero(a["weight"] != b["weight"])[0])
        return False, f"weight differs at tie {k}: {a['weight'][k]} vs {b['weight'][k]}"
    return True, f"{len(a['sender']):,} ties, identical"
