"""Deadlines as precisely as their text fixes them, and money by its kind, on hand-made tables."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.topics.agreements import due_in_words, milestone_tracker, money_in_words, timing_on

T = pd.Timestamp


def test_due_in_words_never_invents_a_day():
    assert due_in_words(T("2026-04-28"), "day") == "2026-04-28"
    assert due_in_words(T("2026-04-30"), "month") == "in April 2026"
    assert due_in_words(T("2026-06-30"), "quarter") == "in Q2 2026"
    assert due_in_words(T("2026-12-31"), "year") == "in 2026"
    assert due_in_words(pd.NaT, None) == "no due date"


def test_a_year_deadline_is_due_all_year_and_overdue_only_after_it():
    end_2026 = T("2026-12-31")
    assert timing_on(end_2026, "year", dt.date(2025, 12, 31)) == "not yet due"
    assert timing_on(end_2026, "year", dt.date(2026, 1, 1)) == "due in 2026"
    assert timing_on(end_2026, "year", dt.date(2026, 11, 29)) == "due in 2026"
    assert timing_on(end_2026, "year", dt.date(2026, 12, 31)) == "due in 2026"  # met on its last day
    assert timing_on(end_2026, "year", dt.date(2027, 1, 1)) == "due date passed"


def test_quarter_month_and_day_deadlines():
    assert timing_on(T("2026-06-30"), "quarter", dt.date(2026, 3, 31)) == "not yet due"
    assert timing_on(T("2026-06-30"), "quarter", dt.date(2026, 4, 1)) == "due in Q2 2026"
    assert timing_on(T("2026-04-30"), "month", dt.date(2026, 4, 15)) == "due in April 2026"
    assert timing_on(T("2026-04-28"), "day", dt.date(2026, 4, 28)) == "not yet due"
    assert timing_on(T("2026-04-28"), "day", dt.date(2026, 4, 29)) == "due date passed"
    assert timing_on(pd.NaT, None, dt.date(2026, 4, 29)) == "no due date"


def test_milestone_tracker_counts_days_only_for_deadlines_fixed_to_the_day():
    milestones = pd.DataFrame({"milestone_id": ["d", "y", "n"], "agreement_id": ["a", "a", "a"],
                               "due_date": [T("2026-04-28"), T("2026-12-31"), pd.NaT],
                               "due_precision": ["day", "year", None]})
    tracker = milestone_tracker(milestones, "a", dt.date(2026, 11, 29)).set_index("milestone_id")
    assert tracker.loc["d", "days_from_as_of"] == -215  # 2 (to 04-30) + 31*4 + 30*2 (May-Oct) + 29 = 215 days
    assert pd.isna(tracker.loc["y", "days_from_as_of"])
    assert tracker["due"].to_dict() == {"d": "2026-04-28", "y": "in 2026", "n": "no due date"}
    assert tracker["timing"].to_dict() == {"d": "due date passed", "y": "due in 2026", "n": "no due date"}


def test_only_committed_money_is_called_committed():
    assert money_in_words(550e9, "USD", "committed") == "550,000,000,000 USD — committed"
    assert "not committed" in money_in_words(8.5e9, "USD", "pipeline")
    assert "not committed" in money_in_words(5.5e9, "EUR", "project_value")
    assert money_in_words(float("nan"), None, None) == "none stated"
