"""ona.work_patterns and ona.burstiness against independent oracles on real mail.

Work patterns on radoslaw_email (Michalski et al.) against a pandas groupby
on local times (zones converted by pandas, per person), with business hours,
weekends, monthly periods and the reports-to teams; burstiness by its
formula in numpy (Goh & Barabási, EPL 2008) on radoslaw_email and
email-Eu-core-temporal (SNAP).
"""

import gzip

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

RADOSLAW = "radoslaw_email/communication.csv"
HR = "radoslaw_email/reportsto.csv"
ZONES = ["Europe/Warsaw", "America/New_York", "Asia/Tokyo", "UTC", "America/Los_Angeles", "Asia/Kolkata"]


@pytest.fixture(scope="module")
def radoslaw():
    log = ona.read_email_csv(data_file(RADOSLAW), sep=";", sender="Sender", recipients="Recipient",
                             timestamp="EventDate", recipient_sep=None)
    raw = pd.read_csv(data_file(RADOSLAW), sep=";", dtype={"Sender": str, "Recipient": str})
    raw["utc"] = pd.to_datetime(raw["EventDate"]).dt.tz_localize("UTC")
    return log, raw


def zone_series(people):
    """A synthetic HR column: each person's zone by their id (int keys, so matching '17' to 17 is exercised)."""
    return pd.Series({int(p): ZONES[int(p) % len(ZONES)] for p in people})


def oracle(raw, zones=None, hours=(9, 17), freq=None, key="Sender"):
    """Per (period, key): counts, shares, active days, spans, by pandas on local wall-clock times."""
    df = raw.copy()
    if zones is None:
        df["local"] = df["utc"].dt.tz_localize(None)
    else:
        zone = df["Sender"].astype(int).map(zones)
        df["local"] = pd.NaT
        for z, part in df.groupby(zone):
            df.loc[part.index, "local"] = part["utc"].dt.tz_convert(z).dt.tz_localize(None)
        df["local"] = pd.to_datetime(df["local"])
    clock = df["local"].dt.hour * 3600 + df["local"].dt.minute * 60 + df["local"].dt.second
    df["weekend"] = df["local"].dt.day_of_week >= 5
    df["after"] = df["weekend"] | (clock < hours[0] * 3600) | (clock >= hours[1] * 3600)
    df["day"] = df["local"].dt.floor("D")
    df["period"] = df["utc"].dt.tz_localize(None).dt.to_period(freq) if freq else 0
    keys = ["period", key]
    # a group's days are its members' days (person-days)
    day_keys = keys + ([] if key == "Sender" else ["Sender"]) + ["day"]
    days = df.groupby(day_keys)["local"].agg(lambda s: s.max() - s.min()).rename("span").reset_index()
    per = df.groupby(keys).agg(messages=("after", "size"), after_hours=("after", "sum"), weekend=("weekend", "sum"))
    per["after_hours_share"] = per["after_hours"] / per["messages"]
    per["weekend_share"] = per["weekend"] / per["messages"]
    sp = days.groupby(keys)["span"]
    per["active_days"] = sp.size()
    per["span_mean"] = sp.mean()
    per["span_median"] = sp.median()
    return per


def compare(got, want, index_cols):
    got = got.reset_index()
    got[index_cols[-1]] = got[index_cols[-1]].astype(str)
    got = got.set_index(index_cols).sort_index()
    want = want.sort_index()
    assert len(got) == len(want)
    for c in ("messages", "after_hours", "weekend", "active_days"):
        np.testing.assert_array_equal(got[c].to_numpy(), want[c].to_numpy(), err_msg=c)
    for c in ("after_hours_share", "weekend_share"):
        np.testing.assert_allclose(got[c].to_numpy(), want[c].to_numpy(), rtol=1e-12, err_msg=c)
    for c in ("span_mean", "span_median"):  # microsecond rounding of the mean
        diff = (got[c] - want[c].to_numpy()).abs().max()
        assert diff <= pd.Timedelta(microseconds=1), (c, diff)


def test_radoslaw_utc_default_hours_match_pandas(radoslaw):
    log, raw = radoslaw
    got = ona.work_patterns(log)
    assert got.attrs["business_hours"] == ("09:00", "17:00")
    want = oracle(raw).droplevel("period")
    want.index = want.index.rename("person")
    compare(got, want, ["person"])
    assert got["messages"].sum() == len(raw) == got.attrs["messages_used"]
    assert got.attrs["senders"] + got.attrs["silent_people"] == len(log.people)


def test_radoslaw_per_person_zones_hours_and_months_match_pandas(radoslaw):
    log, raw = radoslaw
    zones = zone_series(log.people)
    got = ona.work_patterns(log, tz=zones, business_hours=("08:00", "16:30"), freq="M")
    assert got.index.names == ["period", "person"]
    want = oracle(raw, zones, hours=(8, 16.5), freq="M")
    want.index = want.index.rename(["period", "person"])
    compare(got, want, ["period", "person"])
    # The zones matter: on UTC the figures differ.
    utc = ona.work_patterns(log, business_hours=("08:00", "16:30"), freq="M")
    assert not np.array_equal(utc["after_hours"].to_numpy(), got["after_hours"].to_numpy())


def test_radoslaw_one_zone_name(radoslaw):
    log, raw = radoslaw
    got = ona.work_patterns(log, tz="Europe/Warsaw", freq="W")
    zones = {int(p): "Europe/Warsaw" for p in log.people}
    want = oracle(raw, zones, freq="W")
    want.index = want.index.rename(["period", "person"])
    compare(got, want, ["period", "person"])


def test_radoslaw_teams_match_pandas_and_small_teams_merge(radoslaw):
    log, raw = radoslaw
    hr = pd.read_csv(data_file(HR), dtype=str)
    team = dict(zip(hr["ID"], hr["ReportsToID"]))
    groups = pd.Series(team)
    got = ona.work_patterns(log, groups=groups, min_group_size=1, freq="M")
    assert got.index.names == ["period", "group"]
    with_team = raw[raw["Sender"].isin(team)].assign(team=lambda d: d["Sender"].map(team))
    want = oracle(with_team, key="team", freq="M")
    want.index = want.index.rename(["period", "group"])
    compare(got, want, ["period", "group"])
    senders = with_team.assign(period=with_team["utc"].dt.tz_localize(None).dt.to_period("M")) \
        .groupby(["period", "team"])["Sender"].nunique()
    np.testing.assert_array_equal(got.sort_index()["people"].to_numpy(), senders.sort_index().to_numpy())
    assert got.attrs["messages_ungrouped"] == int((~raw["Sender"].isin(team)).sum())
    # min_group_size=5: teams under 5 members (among the log's people) become one row.
    sizes = pd.Series({p: team.get(str(p)) for p in log.people}).dropna().value_counts()
    small = set(sizes[sizes < 5].index)
    five = ona.work_patterns(log, groups=groups, min_group_size=5)
    assert five.attrs["suppressed_groups"] == len(small)
    shown = [g for g in five.index if not isinstance(g, ona.SummaryLabel)]
    assert not small & set(map(str, shown))
    merged = [g for g in five.index if isinstance(g, ona.SummaryLabel)]
    if merged:
        in_small = with_team["team"].isin(small)
        assert five.loc[merged[0], "messages"] == int(in_small.sum())
        assert five.loc[merged[0], "size"] == int(sizes[sizes < 5].sum())


def test_errors_name_the_keyword_as_typed(radoslaw):
    log, _ = radoslaw
    with pytest.raises(ona.OptionError, match="business_hours"):
        ona.work_patterns(log, business_hours=("17:00", "09:00"))
    with pytest.raises(ona.OptionError, match="business_hours"):
        ona.work_patterns(log, business_hours="9-5")
    with pytest.raises(ona.OptionError, match="business_hours"):
        ona.work_patterns(log, business_hours=False)
    with pytest.raises(ona.OptionError, match="tz"):
        ona.work_patterns(log, tz="Mars/Olympus")
    with pytest.raises(ValueError, match="tz"):
        ona.work_patterns(log, tz=pd.Series({"nobody": "UTC"}))
    with pytest.raises(ValueError, match="freq"):
        ona.work_patterns(log, freq="fortnightly")
    with pytest.raises(ValueError, match="groups"):
        ona.work_patterns(log, groups=pd.Series({"nobody": 1}))
    with pytest.raises(ona.OptionError, match="by="):
        ona.burstiness(log, by="people")
    with pytest.raises(ona.OptionError, match="min_events"):
        ona.burstiness(log, min_events=-1)
    with pytest.raises(TypeError, match="MessageLog"):
        ona.work_patterns(ona.build_graph(log))


def test_tz_with_missing_people_warns(radoslaw):
    log, _ = radoslaw
    zones = zone_series(log.people).iloc[:100]
    with pytest.warns(UserWarning, match="tz: .* have no time zone"):
        ona.work_patterns(log, tz=zones)


# ---- burstiness -----------------------------------------------------------------
def numpy_burstiness(times_by_key, min_events):
    """B and M by the formula, per key: (events, B, M)."""
    out = {}
    for k, t in times_by_key.items():
        t = np.sort(np.asarray(t, dtype=np.int64))
        tau = np.diff(t).astype(float) / 1e6
        b = m = np.nan
        if len(t) >= max(min_events, 3):
            mu, sd = tau.mean(), tau.std()
            if sd + mu > 0:
                b = (sd - mu) / (sd + mu)
        if len(t) >= max(min_events, 4):
            x, y = tau[:-1], tau[1:]
            if x.std() > 0 and y.std() > 0:
                m = np.corrcoef(x, y)[0, 1]
        out[k] = (len(t), b, m)
    return out


def check_burstiness(got, want):
    assert len(got) == len(want)
    for k, (n, b, m) in want.items():
        row = got.loc[k]
        assert row["events"] == n, k
        np.testing.assert_allclose(row["burstiness"], b, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=str(k))
        np.testing.assert_allclose(row["memory"], m, rtol=1e-8, atol=1e-10, equal_nan=True, err_msg=str(k))


def test_burstiness_radoslaw_people_and_ties_match_numpy(radoslaw):
    log, raw = radoslaw
    us = raw["utc"].dt.tz_localize(None).to_numpy(dtype="datetime64[us]").astype(np.int64)
    by_person = {p: us[idx] for p, idx in raw.groupby("Sender").indices.items()}
    got = ona.burstiness(log, by="person", min_events=5)
    got.index = got.index.astype(str)
    want = numpy_burstiness(by_person, 5)
    check_burstiness(got, want)
    assert got.attrs["too_few_events"] == sum(1 for n, b, m in want.values() if n < 5)
    keep = (raw["Sender"] != raw["Recipient"]).to_numpy()
    pairs, pair_us = raw[keep], us[keep]
    by_tie = {k: pair_us[idx] for k, idx in pairs.groupby(["Sender", "Recipient"]).indices.items()}
    ties = ona.burstiness(log, by="tie")
    ties.index = pd.MultiIndex.from_arrays([ties.index.get_level_values(0).astype(str),
                                           ties.index.get_level_values(1).astype(str)])
    check_burstiness(ties, numpy_burstiness(by_tie, 3))
    assert ties.attrs["self_pairs"] == len(raw) - len(pairs)


def test_burstiness_email_eu_core_temporal_matches_numpy():
    path = data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz")
    log = ona.read_edgelist(path, third="time")
    with gzip.open(path, "rt") as f:
        raw = pd.read_csv(f, sep=" ", header=None, names=["src", "dst", "t"], dtype={"src": str, "dst": str})
    us = raw["t"].to_numpy(dtype=np.int64) * 1_000_000
    got = ona.burstiness(log, by="person", min_events=20)
    got.index = got.index.astype(str)
    want = numpy_burstiness({p: us[idx] for p, idx in raw.groupby("src").indices.items()}, 20)
    check_burstiness(got, want)
    assert got["burstiness"].notna().sum() > 500


def test_burstiness_all_nan_warns():
    log, _ = ona.synthetic_org(people=30, departments=2, weeks=2, seed=1)
    with pytest.warns(UserWarning, match="every one of the"):
        ona.burstiness(log, min_events=10**6)
