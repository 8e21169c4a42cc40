"""The Overview's headline figures, on small hand-made tables whose answers are worked out below."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.data.labels import importer_parties, parties_in_words
from lib.data.load import Dataset, Manifest
from lib.scenario.model import ScenarioResult
from lib.topics.headlines import agreements_signed_involving, dependency_headlines, last_known_date
from lib.views.overview import cliff_line, measure_counts

NA = pd.NaT


def _result_with_paths(rows: list[tuple]) -> ScenarioResult:
    paths = pd.DataFrame(rows, columns=["state", "importer", "chain_id", "year", "dependency"])
    empty = pd.DataFrame()
    return ScenarioResult(paths, empty, empty, empty, empty, empty)


def test_dependency_headline_is_the_chosen_state_against_the_other():
    result = _result_with_paths([
        ("off", "USA", "magnets", 2024, 0.90), ("off", "USA", "magnets", 2030, 0.75),
        ("on", "USA", "magnets", 2024, 0.90), ("on", "USA", "magnets", 2030, 0.60),
        ("off", "JPN", "magnets", 2024, 0.50), ("off", "JPN", "magnets", 2030, 0.10),
        ("on", "JPN", "magnets", 2024, 0.50), ("on", "JPN", "magnets", 2030, 0.05),
    ])
    on, = dependency_headlines(result, "USA", ["magnets"], framework_on=True, base_year=2024)
    # 2030 with the framework on is 0.60; against off (0.75): (0.60 - 0.75) * 100 = -15.0 points.
    assert (on.base_share, on.share, on.change_pts, on.changed) == (0.90, 0.60, pytest.approx(-15.0), True)
    off, = dependency_headlines(result, "USA", ["magnets"], framework_on=False, base_year=2024)
    # Seen from "off" the same gap has the other sign: (0.75 - 0.60) * 100 = +15.0; Japan's rows are not read.
    assert (off.share, off.change_pts) == (0.75, pytest.approx(15.0))


def test_a_change_under_a_twentieth_of_a_point_counts_as_none():
    result = _result_with_paths([
        ("off", "USA", "a", 2024, 0.5), ("off", "USA", "a", 2030, 0.5000),
        ("on", "USA", "a", 2024, 0.5), ("on", "USA", "a", 2030, 0.4996),  # -0.04 points
        ("off", "USA", "b", 2024, 0.5), ("off", "USA", "b", 2030, 0.5000),
        ("on", "USA", "b", 2024, 0.5), ("on", "USA", "b", 2030, 0.4994),  # -0.06 points
    ])
    a, b = dependency_headlines(result, "USA", ["a", "b"], framework_on=True, base_year=2024)
    assert (a.chain_id, a.changed, b.chain_id, b.changed) == ("a", False, "b", True)


def _events(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ("date_announced", "date_effective", "date_ended"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


EVENTS = _events([
    # id, type, effective, ended, stored status, what it suspends
    dict(event_id="a", measure_type="licensing", date_announced=NA, date_effective="2024-01-01", date_ended=NA,
         status="in_force", suspends=None),
    dict(event_id="b", measure_type="licensing", date_announced=NA, date_effective="2024-02-01", date_ended=NA,
         status="in_force", suspends=None),
    dict(event_id="s", measure_type="suspension", date_announced=NA, date_effective="2024-03-01",
         date_ended="2025-03-01", status="in_force", suspends="b"),
    dict(event_id="c", measure_type="licensing", date_announced=NA, date_effective="2024-01-01", date_ended=NA,
         status="unknown", suspends=None),
    dict(event_id="d", measure_type="quota", date_announced=NA, date_effective="2020-01-01",
         date_ended="2023-12-31", status="ended", suspends=None),
    dict(event_id="w", measure_type="wto_ruling", date_announced=NA, date_effective="2024-01-01", date_ended=NA,
         status="in_force", suspends=None),
])


def _dataset(events: pd.DataFrame, horizon: dt.date) -> Dataset:
    return Dataset("synthetic", {"export_controls": events}, {}, Manifest(horizon=horizon))


def test_measure_counts_follow_suspensions_and_leave_out_non_measures():
    data = _dataset(EVENTS, dt.date(2025, 12, 31))
    # 2024-06-01: a in force; b suspended by s (active 2024-03-01 to 2025-03-01); c in force but reported
    # "unknown"; d ended; s (a suspension) and w (a ruling) are not restrictive measures.
    assert measure_counts(data, dt.date(2024, 6, 1)) == {"in_force": 1, "suspended": 1, "unknown": 1,
                                                     "scheduled_end_passed": 0}
    # 2025-06-01: s has ended, so b is in force again beside a.
    assert measure_counts(data, dt.date(2025, 6, 1)) == {"in_force": 2, "suspended": 0, "unknown": 1,
                                                     "scheduled_end_passed": 0}
    # 2023-06-01: only d was live.
    assert measure_counts(data, dt.date(2023, 6, 1)) == {"in_force": 1, "suspended": 0, "unknown": 0,
                                                     "scheduled_end_passed": 0}


def test_after_the_horizon_a_passed_suspension_end_is_counted_and_named():
    data = _dataset(EVENTS.assign(title=EVENTS["event_id"].str.upper()), dt.date(2024, 6, 1))
    # Horizon 2024-06-01: s suspends b until 2025-03-01. On 2025-06-01 that end has passed, so b is
    # "scheduled_end_passed"; a and c, live at the horizon, are unknown; s itself is no restrictive measure.
    assert measure_counts(data, dt.date(2025, 6, 1)) == {"in_force": 0, "suspended": 0, "unknown": 2,
                                                     "scheduled_end_passed": 1}
    assert cliff_line(data, dt.date(2025, 6, 1)) == ("Suspension scheduled to end 2025-03-01 (1 measure) — passed; "
                                                     "what followed is not in the data.")
    # Before the scheduled end nothing has passed yet: b is simply unknown.
    assert measure_counts(data, dt.date(2025, 1, 1))["scheduled_end_passed"] == 0
    assert cliff_line(data, dt.date(2025, 1, 1)) == ""


def test_counts_are_never_claimed_past_the_horizon():
    assert last_known_date(dt.date(2026, 11, 27), dt.date(2026, 6, 23)) == dt.date(2026, 6, 23)
    assert last_known_date(dt.date(2026, 1, 1), dt.date(2026, 6, 23)) == dt.date(2026, 1, 1)
    assert last_known_date(dt.date(2026, 1, 1), None) == dt.date(2026, 1, 1)


AGREEMENTS = pd.DataFrame({
    "parties": ["USA;JPN", "JPN;AUS", "AUS;GBR", "USA Rare Earth;EU", "EU;USA", "USA;KOR"],
    "date_signed": pd.to_datetime(["2025-10-28", "2023-01-01", "2024-01-01", "2024-01-01", "2022-01-01",
                                   "2026-01-01"]),
})


@pytest.mark.parametrize("importer, expected", [
    # Signed by 2025-12-31: the first five rows. USA as a whole party code: rows 1 and 5 (not the company
    # "USA Rare Earth" in row 4); JPN: rows 1 and 2; either: rows 1, 2 and 5.
    ("USA", (5, 2)), ("JPN", (5, 2)), ("USA+JPN", (5, 3)),
])
def test_agreements_involving_match_whole_party_codes(importer, expected):
    assert agreements_signed_involving(AGREEMENTS, dt.date(2025, 12, 31), importer) == expected


def test_combined_importer_stands_for_both_countries():
    assert importer_parties("USA+JPN") == ("USA", "JPN")
    assert importer_parties("JPN") == ("JPN",)
    assert parties_in_words("USA+JPN") == "the United States or Japan"
