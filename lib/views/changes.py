"""The What changed page's models: each kept release's row changes as a table, and the watch of milestones
and scheduled suspension ends that fall due soon or have passed without evidence of what followed."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from lib.data.labels import names
from lib.data.load import Dataset
from lib.data.releases import Release, RowChange, read_changes, read_index
from lib.topics.agreements import milestone_tracker
from lib.topics.export_controls import REPORTED, states_on
from lib.views import page_model

WATCH_DAYS = 60  # "due soon" = within this many days after the as-of date
WATCH_COLUMNS = ["due", "watch", "item", "state", "source_name", "source_url"]


def table_in_words(name: str) -> str:
    return name.replace("_", " ")


def changes_frame(changes: list[RowChange]) -> pd.DataFrame:
    """One line per changed row: table, row, what happened, every field before → after, source."""
    return pd.DataFrame([{
        "table": table_in_words(c.table), "row": f"{c.label} ({c.row_id})" if c.label != c.row_id else c.row_id,
        "change": c.kind,
        "fields (before → after)": "; ".join(f"{f.field.replace('_', ' ')}: {f.before or '(empty)'} → "
                                             f"{f.after or '(empty)'}" for f in c.fields),
        "source_name": c.source_name, "source_url": c.source_url} for c in changes],
        columns=["table", "row", "change", "fields (before → after)", "source_name", "source_url"])


def release_history(data_dir: Path) -> list[tuple[Release, pd.DataFrame]]:
    """Every kept release, newest first, with its row changes."""
    return [(release, changes_frame(read_changes(data_dir, release.version)))
            for release in reversed(read_index(data_dir))]


def milestone_watch(milestones: pd.DataFrame, as_of: dt.date, agreement_names: dict | None = None,
                    days: int = WATCH_DAYS) -> pd.DataFrame:
    """Milestones due within `days` after the as-of date, and those whose due date passed without being met."""
    rows = []
    for agreement_id in milestones["agreement_id"].drop_duplicates():
        tracker = milestone_tracker(milestones, agreement_id, as_of)
        for row in tracker.itertuples(index=False):
            if pd.isna(row.due_date):
                continue
            ahead = (row.due_date - pd.Timestamp(as_of)).days  # due_date is the end of the stated period
            if 0 < ahead <= days:
                watch = f"due soon (in {ahead} days)"
            elif ahead <= 0 and row.status != "met":
                watch = f"overdue ({-ahead} days ago), {'missed' if row.status == 'missed' else 'no evidence it was met'}"
            else:
                continue
            agreement = (agreement_names or {}).get(agreement_id, agreement_id)
            rows.append({"due": row.due_date.date(), "watch": watch, "item": f"{agreement}: {row.commitment}",
                         "state": f"status {row.status}", "source_name": row.source_name,
                         "source_url": row.source_url})
    return pd.DataFrame(rows, columns=WATCH_COLUMNS)


def suspension_watch(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None,
                     days: int = WATCH_DAYS) -> pd.DataFrame:
    """Suspensions scheduled to end within `days` after the as-of date, or whose scheduled end has passed."""
    suspensions = events[(events["measure_type"] == "suspension") & events["date_ended"].notna()
                         & (events["confidence"] != REPORTED)]
    states = states_on(events, as_of, horizon).set_index("event_id")
    day, rows = pd.Timestamp(as_of), []
    for row in suspensions.itertuples(index=False):
        ahead = (row.date_ended - day).days
        state = states.loc[row.event_id]
        if 0 < ahead <= days:
            watch = f"due soon (ends in {ahead} days)"
        elif ahead <= 0 and state["state"] in ("scheduled_end_passed", "unknown"):
            watch = f"scheduled end passed ({-ahead} days ago); what followed is not in the data"
        else:
            continue
        rows.append({"due": row.date_ended.date(), "watch": watch, "item": f"Suspension: {row.title}",
                     "state": state["label"], "source_name": row.source_name, "source_url": row.source_url})
    return pd.DataFrame(rows, columns=WATCH_COLUMNS)


@page_model(maxsize=16)
def watch_view(data: Dataset, as_of: dt.date) -> pd.DataFrame:
    """The watch list, soonest first; empty parts when their table could not be used."""
    parts = []
    if data.table("agreement_milestones") is not None:
        agreements = data.table("agreements")
        agreement_names = names(agreements, "agreement_id") if agreements is not None else {}
        parts.append(milestone_watch(data.table("agreement_milestones"), as_of, agreement_names))
    if data.table("export_controls") is not None:
        parts.append(suspension_watch(data.table("export_controls"), as_of, data.manifest.horizon))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=WATCH_COLUMNS)
    return pd.concat(parts, ignore_index=True).sort_values("due").reset_index(drop=True)
