"""synthetic_org: the built-in demo organisation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._log import MessageLog


def synthetic_org(people: int = 500, departments: int = 8, weeks: int = 12, seed: int = 0,
                  messages_per_person_week: float = 10.0) -> tuple[MessageLog, pd.DataFrame]:
    """A seeded synthetic organisation: a message log and its people table.

    The model has a manager hierarchy (CEO, department heads, team leads,
    staff), levels and sites; heavy-tailed activity; a weekly rhythm; most
    traffic inside teams; cross-department traffic carried by a few boundary
    spanners; one planted silo department and one planted broker. The same
    seed gives the same organisation on every platform.

    Returns
    -------
    (MessageLog, pandas.DataFrame)
        The people table is indexed by person (the log's labels) with
        columns ``department``, ``manager``, ``level``, ``site``, ``team``.
        ``people.attrs`` names the planted ``silo_department`` and ``broker``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=200, departments=5, weeks=4, seed=1)
    >>> people["department"].nunique()
    5
    """
    org = _core.make_synthetic_org(people=people, departments=departments, weeks=weeks, seed=seed,
                                   messages_per_person_week=messages_per_person_week)
    log = MessageLog(org.log)
    labels = log.people
    dept_names = np.asarray(org.department_names, dtype=object)
    site_names = np.asarray(org.site_names, dtype=object)
    manager = np.asarray(org.manager, dtype=np.int64)
    null = np.iinfo(np.uint32).max
    mgr_labels = np.asarray(labels, dtype=object)[np.where(manager == null, 0, manager)]
    mgr_labels[manager == null] = None
    table = pd.DataFrame({
        "department": pd.Categorical(dept_names[org.department], categories=list(dept_names)),
        "manager": mgr_labels,
        "level": org.level.astype(np.int64),
        "site": site_names[org.site],
        "team": org.team.astype(np.int64),
    }, index=labels)
    table.attrs["silo_department"] = str(dept_names[org.silo_department])
    table.attrs["broker"] = labels[org.broker]
    return log, table
