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


def milestone_tracker(milestones: pd.DataFrame, agreement_id: str, as_of: dt.date) -> pd.DataFrame:
    """The agreement's milestones with their timing against the as-of date."""
    rows = milestones[milestones["agreement_id"] == agreement_id].copy()
    due = rows["due_date"]
    as_of_ts = pd.Timestamp(as_of)
    rows["timing"] = "no due date"
    rows.loc[due.notna() & (due > as_of_ts), "timing"] = "not yet due"
    rows.loc[due.notna() & (due <= as_of_ts), "timing"] = "due date passed"
    rows["days_from_as_of"] = (due - as_of_ts).dt.days.astype("Int64")
    return rows.sort_values("due_date", na_position="last").reset_index(drop=True)


def signed_by(table: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    return table[table["date_signed"] <= pd.Timestamp(as_of)]
