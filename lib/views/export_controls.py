"""The Export controls page's models: selections, the lifecycle timeline and what was live on a date
(the Gantt segments alone cost ~0.1 s to compute)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.charts.export_controls import lifecycle_timeline, live_measures_by_mineral
from lib.charts.figure import Chart
from lib.data.load import Dataset
from lib.topics.export_controls import (filter_events, lifecycle_segments, live_by_mineral, matching_minerals,
                                       passed_cliffs, states_on)
from lib.views import page_model

RECENT_START = dt.date(2023, 1, 1)


@page_model(maxsize=16)
def cached_segments(data: Dataset, until: dt.date) -> pd.DataFrame:
    return lifecycle_segments(data.table("export_controls"), data.manifest.horizon, until)


@page_model(maxsize=64)
def selected_events(data: Dataset, minerals: tuple[str, ...], measures: tuple[str, ...],
                    targets: tuple[str, ...]) -> pd.DataFrame:
    return filter_events(data.table("export_controls"), matching_minerals(minerals, data.table("minerals")),
                         measures, targets)


@page_model(maxsize=64)
def timeline_chart(data: Dataset, minerals: tuple, measures: tuple, targets: tuple, as_of: dt.date,
                   period: str, today: dt.date | None = None) -> Chart:
    """`today` (part of the cache key) decides whether a suspension's scheduled end is called passed."""
    events, horizon = data.table("export_controls"), data.manifest.horizon
    selected = selected_events(data, minerals, measures, targets)
    until = max(as_of, horizon or as_of) + dt.timedelta(days=180)
    segments = cached_segments(data, until)
    segments = segments[segments["event_id"].isin(selected["event_id"])]
    context = f"As of {as_of} · sources current to {horizon} · {len(selected)} of {len(events)} events"
    passed = cliffs(data, today or as_of)
    if not passed.empty:
        dates = " and ".join(f"{end:%Y-%m-%d}" for end in passed["scheduled_end"])
        context += f" · × suspensions scheduled to end {dates} — passed; what followed is not in the data"
    return lifecycle_timeline(segments, selected, as_of, horizon, context,
                              RECENT_START if period == "since_2023" else None, today)


@page_model(maxsize=64)
def live_view(data: Dataset, minerals: tuple, measures: tuple, targets: tuple, as_of: dt.date
              ) -> tuple[Chart, pd.DataFrame]:
    selected = selected_events(data, minerals, measures, targets)
    horizon = data.manifest.horizon
    live = live_by_mineral(selected, as_of, horizon)
    context = f"As of {as_of} · sources current to {horizon}"
    listing = live.drop_duplicates("event_id") if not live.empty else live
    return live_measures_by_mineral(live, as_of, context, horizon), listing


@page_model(maxsize=32)
def event_states(data: Dataset, as_of: dt.date) -> pd.DataFrame:
    return states_on(data.table("export_controls"), as_of, data.manifest.horizon).set_index("event_id")


@page_model(maxsize=32)
def cliffs(data: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Suspension ends scheduled between the horizon and the date (see passed_cliffs)."""
    return passed_cliffs(data.table("export_controls"), as_of, data.manifest.horizon)
