"""The state of every export-control measure on four dates, checked against the events as the official
texts describe them (MOFCOM/GAC announcements and spokesperson statements, the WTO and White House pages
cited in data/sources/export_controls.csv). Each expected state carries its reason.

Dates: 2025-05-20 (after the Geneva truce), 2025-12-01 (after the Busan/Kuala Lumpur suspensions),
2026-06-01 (before the horizon) and 2026-11-29 (today, after the horizon 2026-07-24 and after both
scheduled suspension ends, 2026-11-10 and 2026-11-27)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.topics.export_controls import (cliff_sentence, lifecycle_segments, measures_in_force, passed_cliffs,
                                       states_on)

DATES = ("2025-05-20", "2025-12-01", "2026-06-01", "2026-11-29")
NY, IF, SU, EN, AN = "not_yet", "in_force", "suspended", "ended", "announced"
UN, PASSED, OCC, REP = "unknown", "scheduled_end_passed", "occurred", "reported"

EXPECTED = {
    # Quotas of 2010 were abolished from 2015-01-01; the 2010 Japan halt was reported lifted by 2010-11-20.
    "re-export-quota-cut-2010": (EN, EN, EN, EN),
    "re-japan-halt-2010": (EN, EN, EN, EN),
    # One-off events took place long before; the horizon never makes them unknown.
    "wto-ds431-433": (OCC, OCC, OCC, OCC),
    "quota-removal-2015": (OCC, OCC, OCC, OCC),
    "export-duty-removal-2015": (OCC, OCC, OCC, OCC),
    # Nos. 23 [2023], 39 [2023] and 33 [2024] were folded into the dual-use list from 2024-12-01.
    "ga-ge-2023": (EN, EN, EN, EN),
    "graphite-2023": (EN, EN, EN, EN),
    "sb-superhard-2024": (EN, EN, EN, EN),
    # Open-ended measures: in force on every date up to the horizon, unknown after it.
    "re-tech-catalogue-2023": (IF, IF, IF, UN),
    "re-mgmt-regulations-2024": (IF, IF, IF, UN),
    "dual-use-list-2024": (IF, IF, IF, UN),
    # No. 46 clause 2: No. 72 [2025] suspends it from 2025-11-09 until 2026-11-27, which has passed today.
    "us-dualuse-ann46-2024": (IF, SU, SU, PASSED),
    # No. 46 clause 1 (US military end users) was never suspended (MOFCOM via Economic Daily, 2025-11-10).
    "us-military-ann46-cl1-2024": (IF, IF, IF, UN),
    # No. 1 [2025]: 28 US entities, no suspension or end found.
    "us-entities-ann1-2025": (IF, IF, IF, UN),
    "w-te-bi-mo-in-2025": (IF, IF, IF, UN),
    # No. 13 [2025]: in force from 2025-03-04; MOFCOM stopped it from 2025-11-10.
    "us-entities-ann13-2025": (IF, EN, EN, EN),
    # No. 18 [2025] was never suspended.
    "medheavy-re-ann18-2025": (IF, IF, IF, UN),
    # No. 21 [2025]: suspended from 2025-05-14, extended 2025-08-12 and 2025-11-10, to 2026-11-10 (passed).
    "us-entities-ann21-2025": (SU, SU, SU, PASSED),
    # No. 22 [2025]: suspended from 2025-05-14; MOFCOM stopped it from 2025-08-12.
    "us-entities-ann22-2025": (SU, EN, EN, EN),
    "strategic-minerals-fullchain-2025": (IF, IF, IF, UN),
    # The 90-day suspension of 2025-05-14 ran until 2025-08-12, the August one until 2025-11-10.
    "suspension-us-entities-2025-05": (IF, EN, EN, EN),
    "tech-catalogue-battery-li-2025": (NY, IF, IF, UN),
    "suspension-us-entities-2025-08": (NY, EN, EN, EN),
    "us-entities-sep2025": (NY, IF, IF, UN),
    # The October 2025 package (Nos. 55-58, 61, 62): No. 70 [2025] suspends it from 2025-11-07 to 2026-11-10.
    "superhard-ann55-2025": (NY, SU, SU, PASSED),
    "re-equipment-ann56-2025": (NY, SU, SU, PASSED),
    "re-5elements-ann57-2025": (NY, SU, SU, PASSED),
    "li-battery-anode-ann58-2025": (NY, SU, SU, PASSED),
    "re-extraterritorial-ann61-2025": (NY, SU, SU, PASSED),
    "re-technology-ann62-2025": (NY, SU, SU, PASSED),
    # No. 68 [2025]: announced 2025-10-26, applies 2026-2027; its end (2027-12-31) is still ahead today.
    "w-sb-ag-state-trading-ann68-2025": (NY, AN, IF, UN),
    "busan-truce-2025": (NY, OCC, OCC, OCC),
    # The suspensions themselves: active until their scheduled ends, which have passed today.
    "suspension-us-entities-2025-11": (NY, IF, IF, PASSED),
    "suspension-ann70-2025": (NY, IF, IF, PASSED),
    "suspension-ann72-2025": (NY, IF, IF, PASSED),
    # First general licences reported 2025-12-02, the day after the second date.
    "general-licences-2025": (NY, NY, IF, UN),
    # The 2026 catalogue applies from 2026-01-01.
    "dual-use-catalogue-2026": (NY, NY, IF, UN),
    "japan-military-ann1-2026": (NY, NY, IF, UN),
    # The reported licensing halt to Japan was never confirmed: unknown whenever it is live.
    "japan-re-licensing-slowdown-2026": (NY, NY, UN, UN),
    # Nos. 11 and 12 [2026] (2026-02-24) and No. 20 [2026] (2026-04-24).
    "japan-entities-ann11-2026": (NY, NY, IF, UN),
    "japan-watchlist-ann12-2026": (NY, NY, IF, UN),
    "eu-entities-ann20-2026": (NY, NY, IF, UN),
    # Nos. 23, 27, 28 and 30 [2026] came after 2026-06-01 and before the horizon.
    "us-entities-re-2026": (NY, NY, NY, UN),
    "japan-entities-ann27-2026": (NY, NY, NY, UN),
    "japan-watchlist-ann28-2026": (NY, NY, NY, UN),
    "eu-entities-ann30-2026": (NY, NY, NY, UN),
    # The US-side claim of 2026-09-24 exists only as a report.
    "reported-truce-extension-2026-09": (NY, NY, NY, REP),
}


@pytest.fixture(scope="module")
def events(dataset):
    return dataset.table("export_controls")


def test_every_event_has_an_expected_row(events):
    assert set(EXPECTED) == set(events["event_id"])


@pytest.mark.parametrize("position, as_of", list(enumerate(DATES)))
def test_state_of_every_measure(events, dataset, position, as_of):
    states = states_on(events, dt.date.fromisoformat(as_of), dataset.manifest.horizon).set_index("event_id")
    wrong = {e: (states.loc[e, "state"], expected[position]) for e, expected in EXPECTED.items()
             if states.loc[e, "state"] != expected[position]}
    assert not wrong, f"{as_of}: (computed, expected) {wrong}"


def test_passed_suspension_ends_are_named_with_their_date(events, dataset):
    states = states_on(events, dt.date(2026, 11, 29), dataset.manifest.horizon).set_index("event_id")
    assert states.loc["superhard-ann55-2025", "scheduled_end"] == pd.Timestamp("2026-11-10")
    assert states.loc["us-dualuse-ann46-2024", "scheduled_end"] == pd.Timestamp("2026-11-27")
    assert states.loc["us-entities-ann21-2025", "label"] == (
        "Suspension scheduled to end 2026-11-10 — passed; what followed is not in the data")
    assert pd.isna(states.loc["us-military-ann46-cl1-2024", "scheduled_end"])


def test_between_horizon_and_scheduled_end_the_end_is_known_but_not_passed(events, dataset):
    states = states_on(events, dt.date(2026, 11, 15), dataset.manifest.horizon).set_index("event_id")
    assert states.loc["superhard-ann55-2025", "state"] == PASSED
    assert states.loc["us-dualuse-ann46-2024", "state"] == UN
    assert states.loc["us-dualuse-ann46-2024", "scheduled_end"] == pd.Timestamp("2026-11-27")


def test_reported_rows_suspend_nothing(events, dataset):
    claim = events["event_id"] == "reported-truce-extension-2026-09"
    as_suspension = events.copy()
    as_suspension.loc[claim, ["measure_type", "suspends"]] = ["suspension", "superhard-ann55-2025"]
    as_suspension.loc[claim, "date_effective"] = pd.Timestamp("2026-06-01")
    as_suspension.loc[claim, "date_announced"] = pd.Timestamp("2026-06-01")
    as_suspension.loc[claim, "date_ended"] = pd.Timestamp("2027-01-10")
    states = states_on(as_suspension, dt.date(2026, 11, 29), dataset.manifest.horizon).set_index("event_id")
    assert states.loc["superhard-ann55-2025", "scheduled_end"] == pd.Timestamp("2026-11-10")
    assert "reported" not in states.loc["superhard-ann55-2025", "suspended_by"]


def test_live_measures_today_include_the_passed_suspensions(events, dataset):
    live = measures_in_force(events, dt.date(2026, 11, 29), dataset.manifest.horizon)
    assert {"superhard-ann55-2025", "us-dualuse-ann46-2024"} <= set(live["event_id"])
    assert not live["event_id"].isin(["wto-ds431-433", "reported-truce-extension-2026-09"]).any()


def test_gantt_marks_the_passed_end(events, dataset):
    segments = lifecycle_segments(events, dataset.manifest.horizon, dt.date(2027, 5, 28))
    bars = segments[segments["event_id"] == "re-technology-ann62-2025"]
    passed = bars[bars["state"] == PASSED].iloc[0]
    assert passed["start"] == pd.Timestamp("2026-11-10")
    unknown = bars[bars["state"] == UN].iloc[0]
    assert (unknown["start"], unknown["end"]) == (pd.Timestamp(dataset.manifest.horizon), pd.Timestamp("2026-11-10"))
    claim = segments[segments["event_id"] == "reported-truce-extension-2026-09"].iloc[0]
    assert claim["point"] and claim["state"] == REP
    ruling = segments[segments["event_id"] == "wto-ds431-433"].iloc[0]
    assert ruling["point"] and ruling["state"] == "point"


def test_passed_cliffs_today_group_the_measures_by_their_scheduled_end(events, dataset):
    cliffs = passed_cliffs(events, dt.date(2026, 11, 29), dataset.manifest.horizon).set_index("scheduled_end")
    # 2026-11-10: No. 21 [2025] (suspended by the one-year suspension) plus the six measures of No. 70 [2025]
    # (Nos. 55, 56, 57, 58, 61, 62) = 7 measures; 2026-11-27: No. 46 clause 2 (No. 72 [2025]) = 1 measure.
    assert cliffs["measures"].to_dict() == {pd.Timestamp("2026-11-10"): 7, pd.Timestamp("2026-11-27"): 1}
    assert len(cliffs.loc[pd.Timestamp("2026-11-10"), "suspensions"]) == 2
    assert cliff_sentence(cliffs.reset_index()) == (
        "Suspensions scheduled to end 2026-11-10 (7 measures) and 2026-11-27 (1 measure) — passed; "
        "what followed is not in the data.")


def test_no_cliff_before_the_scheduled_end_or_before_the_horizon(events, dataset):
    horizon = dataset.manifest.horizon
    between = passed_cliffs(events, dt.date(2026, 11, 15), horizon)
    assert list(between["scheduled_end"]) == [pd.Timestamp("2026-11-10")]  # 2026-11-27 is still ahead
    assert cliff_sentence(between).startswith("Suspension scheduled to end 2026-11-10 (7 measures) — passed")
    assert passed_cliffs(events, dt.date(2026, 6, 1), horizon).empty
    assert passed_cliffs(events, dt.date(2026, 11, 29), None).empty
    assert cliff_sentence(passed_cliffs(events, dt.date(2026, 6, 1), horizon)) == ""


def test_live_summary_counts_the_listing_by_state():
    import datetime as dt
    import pandas as pd
    from lib.topics.export_controls import live_summary
    listing = pd.DataFrame({"state": ["in_force", "in_force", "scheduled_end_passed"]})
    # 2 in force + 1 past a scheduled end = 3 live; the date is after the horizon, so the sentence says so.
    assert live_summary(listing, dt.date(2026, 11, 29), dt.date(2026, 7, 24)) == (
        "3 restrictive measures in the selection were live on 2026-11-29 (after the data horizon, 2026-07-24): "
        "2 in force; 1 suspension's scheduled end passed; what followed is not in the data.")
    assert live_summary(listing.iloc[0:0], dt.date(2020, 1, 1), None) == (
        "No restrictive measure in the selection was live on 2020-01-01.")
