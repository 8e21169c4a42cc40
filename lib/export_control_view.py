"""Cached selections for the Export controls page (the Gantt segments cost ~0.1 s to compute)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from lib.data_loading import Dataset
from lib.export_control_lifecycle import lifecycle_segments, measures_in_force
from lib.validation import split_list


@lru_cache(maxsize=16)
def cached_segments(data: Dataset, until: dt.date) -> pd.DataFrame:
    return lifecycle_segments(data.table("export_controls"), data.manifest.horizon, until)


def live_by_mineral(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """One row per (live measure, mineral) on the as-of date."""
    live = measures_in_force(events, as_of, horizon)
    if live.empty:
        return live.assign(mineral_id=pd.Series(dtype=object))
    live = live.assign(mineral_id=live["mineral_ids"].map(split_list)).explode("mineral_id")
    return live.reset_index(drop=True)
