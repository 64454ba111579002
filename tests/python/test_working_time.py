"""business_hours= and tz= parsing (onakit/_working_time.py), shared by response times and work patterns."""

import datetime

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit import _working_time as wt


def test_business_hours_forms():
    assert wt.parse_business_hours(None) is None
    assert wt.parse_business_hours(True) == (9 * 3600, 17 * 3600)
    assert wt.parse_business_hours(("08:30", "17:45")) == (8 * 3600 + 1800, 17 * 3600 + 2700)
    assert wt.parse_business_hours((datetime.time(7), 15.5)) == (7 * 3600, 15 * 3600 + 1800)
    assert wt.parse_business_hours(("09:00", "24:00")) == (9 * 3600, 86400)


@pytest.mark.parametrize("bad", ["09:00-17:00", ("17:00", "09:00"), ("9am", "5pm"), ("09:00",), ("25:00", "26:00")])
def test_bad_business_hours_name_the_keyword(bad):
    with pytest.raises(ona.OptionError, match="business_hours"):
        wt.parse_business_hours(bad)


def test_offsets_follow_daylight_saving():
    # 2024-03-31 01:00 UTC is when Berlin moves from +1 h to +2 h.
    t = pd.to_datetime(["2024-03-31 00:59:59", "2024-03-31 01:00:00"], utc=True)
    us = t.as_unit("us").asi8
    zones = wt.person_zones(pd.Index(["ann"]), "Europe/Berlin")
    assert wt.local_offsets(zones, np.zeros(2, dtype=np.int64), us).tolist() == [3600, 7200]


def test_per_person_zones_match_labels_and_warn_for_the_rest():
    people = pd.Index(["17", "18", "19"])
    zones = pd.Series({17: "America/New_York", 18: "Asia/Tokyo"})
    with pytest.warns(UserWarning, match="1 of 3 people have no time zone"):
        z = wt.person_zones(people, zones)
    t = np.full(3, pd.Timestamp("2024-01-15 12:00", tz="UTC").value // 1000, dtype=np.int64)
    assert wt.local_offsets(z, np.array([0, 1, 2]), t).tolist() == [-5 * 3600, 9 * 3600, 0]


def test_zones_matching_nobody_is_an_error():
    with pytest.raises(ValueError, match="no person of the log has a time zone"):
        wt.person_zones(pd.Index(["a", "b"]), pd.Series({"x": "UTC"}))
    with pytest.raises(ona.OptionError, match="tz: 'Mars/Olympus' is not a time zone"):
        wt.person_zones(pd.Index(["a"]), "Mars/Olympus")
