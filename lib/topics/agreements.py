"""Selections on the agreements and milestones tables for the Agreements and Overview pages."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.data.cells import has_any_item

SEARCHED_COLUMNS = ("name", "summary", "parties", "agreement_id", "mineral_ids", "instruments")


@dataclass(frozen=True)
class AgreementFilters:
    text: str = ""
    parties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    minerals: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None


def filter_agreements(table: pd.DataFrame, filters: AgreementFilters) -> pd.DataFrame:
    keep = pd.Series(True, index=table.index)
    if filters.text.strip():
        needle = filters.text.strip().lower()
        haystack = table[list(SEARCHED_COLUMNS)].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        keep &= haystack.str.contains(needle, regex=False)
    if filters.parties:
        keep &= has_any_item(table["parties"], filters.parties)
    if filters.types:
        keep &= table["agreement_type"].isin(filters.types)
    if filters.minerals:
        keep &= has_any_item(table["mineral_ids"], filters.minerals)
    if filters.statuses:
        keep &= table["status"].isin(filters.statuses)
    year = table["date_signed"].dt.year
    if filters.year_from is not None:
        keep &= year >= filters.year_from
    if filters.year_to is not None:
        keep &= year <= filters.year_to
    return table[keep].sort_values("date_signed", ascending=False).reset_index(drop=True)


QUARTER_NAMES = {1: "Q1", 2: "Q2", 3: "Q3", 4: "Q4"}
MONEY_KIND_WORDS = {"committed": "committed",
                    "pipeline": "pipeline (deals or projects announced or expected; not committed)",
                    "project_value": "project value (capital cost of the projects; not committed)"}
MONEY_KIND_SHORT = {"committed": "committed", "pipeline": "pipeline, not committed",
                    "project_value": "project value, not committed"}


def due_in_words(due: pd.Timestamp, precision: str | None) -> str:
    """A deadline as precisely as its text fixes it: '2026-04-28', 'in April 2026', 'in Q2 2026', 'in 2026'.
    `due` is the end of the stated period (the schema's rule), so no day is invented for a coarser deadline."""
    if pd.isna(due):
        return "no due date"
    if precision == "year":
        return f"in {due.year}"
    if precision == "quarter":
        return f"in {QUARTER_NAMES[(due.month - 1) // 3 + 1]} {due.year}"
    if precision == "month":
        return f"in {due:%B %Y}"
    return f"{due:%Y-%m-%d}"


def _period_start(due: pd.Timestamp, precision: str | None) -> pd.Timestamp:
    if precision == "year":
        return pd.Timestamp(due.year, 1, 1)
    if precision == "quarter":
        return pd.Timestamp(due.year, 3 * ((due.month - 1) // 3) + 1, 1)
    if precision == "month":
        return pd.Timestamp(due.year, due.month, 1)
    return due


def timing_on(due: pd.Timestamp, precision: str | None, as_of: dt.date) -> str:
    """Where the as-of date stands against a deadline. A deadline is met on its last day, so it has passed
    only after the end of its period: an 'in 2026' commitment is 'due in 2026' all year, never overdue
    before 2027."""
    day = pd.Timestamp(as_of)
    if pd.isna(due):
        return "no due date"
    if day > due:
        return "due date passed"
    if precision in ("month", "quarter", "year") and day >= _period_start(due, precision):
        return f"due {due_in_words(due, precision)}"
    return "not yet due"


def milestone_tracker(milestones: pd.DataFrame, agreement_id: str, as_of: dt.date) -> pd.DataFrame:
    """The agreement's milestones with their deadline in words (`due`) and their timing against the as-of
    date; `days_from_as_of` only for deadlines fixed to the day."""
    rows = milestones[milestones["agreement_id"] == agreement_id].copy()
    precision = rows["due_precision"] if "due_precision" in rows.columns else pd.Series("day", index=rows.index)
    rows["due"] = [due_in_words(d, p) for d, p in zip(rows["due_date"], precision)]
    rows["timing"] = [timing_on(d, p, as_of) for d, p in zip(rows["due_date"], precision)]
    days = (rows["due_date"] - pd.Timestamp(as_of)).dt.days.astype("Int64")
    rows["days_from_as_of"] = days.where(precision.fillna("day").eq("day"))
    return rows.sort_values("due_date", na_position="last").reset_index(drop=True)


def money_in_words(amount: float, currency: str | None, kind: str | None) -> str:
    """A money figure with what kind of money it is; only `committed` money is called committed."""
    if amount is None or pd.isna(amount):
        return "none stated"
    return f"{amount:,.0f} {currency or ''} — {MONEY_KIND_WORDS.get(kind, 'kind not stated')}".replace("  ", " ")


def signed_by(table: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return table[table["date_signed"] <= pd.Timestamp(as_of)]
