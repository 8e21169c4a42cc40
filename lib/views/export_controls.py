"""Cached selections and charts for the Export controls page, keyed on small values (the Gantt segments
alone cost ~0.1 s to compute)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from lib.charts.figure import Chart
from lib.charts.export_controls import lifecycle_timeline, live_measures_by_mineral
from lib.data.load import Dataset
from lib.topics.export_controls import (filter_events, lifecycle_segments, matching_minerals, measures_in_force,
                                          states_on)
from lib.data.rules import split_list

RECENT_START = dt.date(2023, 1, 1)


@lru_cache(maxsize=16)
def cached_segments(data: Dataset, until: dt.date) -> pd.DataFrame:
    return lifecycle_segments(data.table("export_controls"), data.manifest.horizon, until)


@lru_cache(maxsize=64)
def selected_events(data: Dataset, minerals: tuple[str, ...], measures: tuple[str, ...],
                    targets: tuple[str, ...]) -> pd.DataFrame:
    return filter_events(data.table("export_controls"), matching_minerals(minerals, data.table("minerals")),
                         measures, targets)


@lru_cache(maxsize=64)
def timeline_chart(data: Dataset, minerals: tuple, measures: tuple, targets: tuple, as_of: dt.date,
                   period: str) -> Chart:
    events, horizon = data.table("export_controls"), data.manifest.horizon
    selected = selected_events(data, minerals, measures, targets)
    until = max(as_of, horizon or as_of) + dt.timedelta(days=180)
    segments = cached_segments(data, until)
    segments = segments[segments["event_id"].isin(selected["event_id"])]
    context = f"As of {as_of} · sources current to {horizon} · {len(selected)} of {len(events)} events"
    return lifecycle_timeline(segments, selected, as_of, horizon, context,
                              RECENT_START if period == "since_2023" else None)


def live_by_mineral(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """One row per (live measure, mineral) on the as-of date."""
    live = measures_in_force(events, as_of, horizon)
    if live.empty:
        return live.assign(mineral_id=pd.Series(dtype=object))
    live = live.assign(mineral_id=live["mineral_ids"].map(split_list)).explode("mineral_id")
    return live.reset_index(drop=True)


@lru_cache(maxsize=64)
def live_view(data: Dataset, minerals: tuple, measures: tuple, targets: tuple, as_of: dt.date
              ) -> tuple[Chart, pd.DataFrame]:
    selected = selected_events(data, minerals, measures, targets)
    live = live_by_mineral(selected, as_of, data.manifest.horizon)
    context = f"As of {as_of} · sources current to {data.manifest.horizon}"
    listing = live.drop_duplicates("event_id") if not live.empty else live
    return live_measures_by_mineral(live, as_of, context), listing


@lru_cache(maxsize=32)
def event_states(data: Dataset, as_of: dt.date) -> pd.DataFrame:
    return states_on(data.table("export_controls"), as_of, data.manifest.horizon).set_index("event_id")
