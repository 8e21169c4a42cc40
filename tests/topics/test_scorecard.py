"""The framework's one-year-on scorecard on a hand-made table, with the answers worked out in comments."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.topics.scorecard import framework_scorecard, scorecard_sentence

T = pd.Timestamp
HORIZON = dt.date(2026, 7, 24)
AGREEMENTS = pd.DataFrame({
    "agreement_id": ["fw", "other"], "date_signed": [T("2025-10-28"), T("2025-01-01")],
    "status_date": [T("2026-02-04"), T("2025-06-01")],
    "money_amount": [None, 9e9], "money_currency": [None, "USD"], "money_kind": [None, "committed"],
    "money_refers_to": [None, "x"], "source_name": ["fw text", "o"], "source_url": ["https://a.gov", "https://o"]})
MILESTONES = pd.DataFrame({
    "milestone_id": ["m-met", "m-unknown", "m-year", "m-undated", "m-other"],
    "agreement_id": ["fw", "fw", "fw", "fw", "other"],
    "commitment": ["met one", "unknown one", "in 2026", "no date", "other agreement"],
    "due_date": [T("2026-03-01"), T("2026-04-28"), T("2026-12-31"), pd.NaT, T("2026-01-01")],
    "due_precision": ["day", "day", "year", None, "day"],
    "status": ["met", "unknown", "unknown", "unknown", "missed"],
    "evidence": ["e"] * 5, "source_name": ["s"] * 5, "source_url": ["https://s"] * 5})
PROJECTS = pd.DataFrame({
    "name": ["P1", "P2", "P3"], "company": ["c1", "c2", "c3"], "government_backing": ["JBIC loan", None, None],
    "framework_link": ["stated", "assumption", "stated"], "linked_agreement_ids": ["fw;x", None, "other"],
    "source_name": ["p1", "p2", "p3"], "source_url": ["https://p1", "https://p2", "https://p3"]})


def _card(as_of, projects=PROJECTS, agreements=AGREEMENTS):
    return framework_scorecard(MILESTONES, agreements, projects, "fw", as_of, HORIZON)


def test_commitments_due_met_missed_unknown_on_the_as_of_date():
    card = _card(dt.date(2026, 11, 29))
    # Due by 2026-11-29: m-met (2026-03-01, met) and m-unknown (2026-04-28, unknown). m-year is due in 2026, not
    # yet overdue; m-undated has no date; m-other belongs to another agreement.
    assert card.due == {"met": 1, "missed": 0, "unknown": 1}
    assert (card.due_total, card.not_yet_due, card.undated) == (2, 1, 1)
    assert len(card.commitments) == 4
    # Milestones carry no date of their own: last checked = the framework's status_date.
    assert set(card.commitments["last_checked"]) == {dt.date(2026, 2, 4)}


def test_projects_count_only_with_a_stated_link_to_this_framework():
    card = _card(dt.date(2026, 11, 29))
    # P1 is stated and lists fw; P2 is an analyst candidate; P3 is stated but for another agreement.
    assert list(card.financed_projects["name"]) == ["P1"]
    assert card.financed_projects["last_checked"].iloc[0] == HORIZON
    assert card.candidate_projects == 1


def test_money_committed_under_the_framework_and_the_sentence_saying_none():
    card = _card(dt.date(2026, 11, 29), projects=PROJECTS.assign(framework_link="assumption"))
    assert card.committed.empty  # the other agreement's 9 bn is not the framework's
    assert scorecard_sentence(card) == (
        "On 2026-11-29, 2 of the framework's 4 commitments had fallen due: 1 met, 0 missed, 1 unknown; no project "
        "has evidence of financing under it and no money is stated as committed.")
    with_money = AGREEMENTS.assign(money_amount=[2e9, 9e9], money_currency=["USD", "USD"],
                                   money_kind=["committed", "committed"])
    assert "2,000,000,000 USD is stated as committed" in scorecard_sentence(_card(dt.date(2026, 11, 29),
                                                                                  agreements=with_money))
    pipeline = with_money.assign(money_kind=["pipeline", "committed"])
    assert _card(dt.date(2026, 11, 29), agreements=pipeline).committed.empty


def test_before_signing_the_scorecard_says_so():
    assert scorecard_sentence(_card(dt.date(2025, 6, 1))) == (
        "On 2025-06-01 the framework was not yet signed (signed 2025-10-28).")
