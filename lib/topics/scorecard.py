"""The framework one year on: its dated commitments due, met, missed or unknown on the as-of date, the projects
with evidence of financing under it, the money committed under it, and when each item was last checked.

Evidence (met / missed / unknown) is what the sources read show up to the data horizon; the as-of date only
decides which commitments have fallen due. Nothing here is modelled."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.data.cells import has_any_item
from lib.topics.agreements import milestone_tracker

STATUSES = ("met", "missed", "unknown")


@dataclass(frozen=True)
class Scorecard:
    as_of: dt.date
    signed: dt.date | None  # the framework's signing date (None: not in the table)
    commitments: pd.DataFrame  # commitment, due, timing, status, evidence, last_checked, source_name, source_url
    due: dict[str, int]  # among commitments due by the as-of date: met, missed, unknown
    not_yet_due: int
    undated: int
    financed_projects: pd.DataFrame  # name, company, government_backing, last_checked, source_name, source_url
    candidate_projects: int  # projects linked to the framework only by analyst assumption
    committed: pd.DataFrame  # money_amount, money_currency, money_refers_to, last_checked, source_name, source_url

    @property
    def due_total(self) -> int:
        return sum(self.due.values())


def framework_scorecard(milestones: pd.DataFrame, agreements: pd.DataFrame, projects: pd.DataFrame,
                        framework_id: str, as_of: dt.date, horizon: dt.date | None) -> Scorecard:
    """The scorecard of one framework on one date (see the module docstring)."""
    framework = agreements[agreements["agreement_id"] == framework_id]
    checked = _day(framework["status_date"].iloc[0]) if not framework.empty else None
    signed = _day(framework["date_signed"].iloc[0]) if not framework.empty else None
    tracker = milestone_tracker(milestones, framework_id, as_of)
    # Milestone rows carry no date of their own: the latest dated source on the framework's status is when
    # they were last checked.
    commitments = tracker.assign(last_checked=checked)[
        ["commitment", "due", "timing", "status", "evidence", "last_checked", "source_name", "source_url"]]
    due = tracker[tracker["timing"] == "due date passed"]["status"].value_counts()
    return Scorecard(
        as_of=as_of, signed=signed, commitments=commitments,
        due={status: int(due.get(status, 0)) for status in STATUSES},
        not_yet_due=int((~tracker["timing"].isin(["due date passed", "no due date"])).sum()),
        undated=int((tracker["timing"] == "no due date").sum()),
        financed_projects=_financed_projects(projects, framework_id, horizon),
        candidate_projects=int((projects["framework_link"] == "assumption").sum()),
        committed=_committed_money(framework, checked))


def _financed_projects(projects: pd.DataFrame, framework_id: str, horizon: dt.date | None) -> pd.DataFrame:
    """Projects a source links to the framework ('stated') that list it among their agreements. Project rows
    describe the status at the data horizon, so that is when they were last checked."""
    stated = projects[(projects["framework_link"] == "stated")
                      & has_any_item(projects["linked_agreement_ids"], [framework_id])]
    return stated.assign(last_checked=horizon)[
        ["name", "company", "government_backing", "last_checked", "source_name", "source_url"]].reset_index(drop=True)


def _committed_money(framework: pd.DataFrame, checked: dt.date | None) -> pd.DataFrame:
    """Money committed under the framework itself; pipeline figures and project values never count."""
    committed = framework[(framework["money_kind"] == "committed") & framework["money_amount"].notna()]
    return committed.assign(last_checked=checked)[
        ["money_amount", "money_currency", "money_refers_to", "last_checked", "source_name", "source_url"]
    ].reset_index(drop=True)


def _day(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def scorecard_sentence(card: Scorecard) -> str:
    """The scorecard in one plain sentence, e.g. 'On 2026-11-29, 2 of the framework's 4 commitments had fallen
    due: 0 met, 0 missed, 2 unknown; no project has evidence of financing under it and no money is stated as
    committed.'"""
    total = card.due_total + card.not_yet_due + card.undated
    if card.signed is not None and card.as_of < card.signed:
        return f"On {card.as_of} the framework was not yet signed (signed {card.signed})."
    due = (f"{card.due_total} of the framework's {total} commitments had fallen due: "
           f"{card.due['met']} met, {card.due['missed']} missed, {card.due['unknown']} unknown")
    projects = (f"{len(card.financed_projects)} project(s) have evidence of financing under it"
                if len(card.financed_projects) else "no project has evidence of financing under it")
    amounts = [f"{row.money_amount:,.0f} {row.money_currency}" for row in card.committed.itertuples(index=False)]
    money = (" and ".join(amounts) + " is stated as committed") if amounts else "no money is stated as committed"
    return f"On {card.as_of}, {due}; {projects} and {money}."
