"""The state of every export-control measure on any date: announced, in force, suspended, ended.

Suspensions are events of their own that list what they suspend, so a measure's state on a date
follows from its own dates plus any suspension active that day. After the data horizon nothing is
known: a measure that was live at the horizon shows as "unknown", never as still in force.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.data.cells import has_any_item, split_list

STATE_LABELS = {
    "not_yet": "Not yet announced",
    "announced": "Announced, not yet in force",
    "in_force": "In force",
    "suspended": "Suspended",
    "ended": "Ended",
    "never_in_force": "Never in force",
    "unknown": "Unknown (after the data horizon or not reported)",
}
LIVE_STATES = ("announced", "in_force", "suspended")
POINT_EVENT_TYPES = ("wto_ruling", "quota_removal", "export_duty_removal", "trade_truce")


def _own_state(events: pd.DataFrame, day: pd.Timestamp) -> np.ndarray:
    announced, effective, ended = events["date_announced"], events["date_effective"], events["date_ended"]
    start = announced.fillna(effective)
    conditions = [
        start.isna() | (day < start),
        effective.isna() & ended.notna() & (day >= ended),
        effective.isna() | (day < effective),
        ended.notna() & (day >= ended),
    ]
    choices = ["not_yet", "never_in_force", "announced", "ended"]
    return np.select([c.to_numpy(dtype=bool) for c in conditions], choices, default="in_force")


def states_on(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """One row per event: its state on `as_of`, what suspends it, and its last known state."""
    day = pd.Timestamp(as_of)
    known_day = day if horizon is None or as_of <= horizon else pd.Timestamp(horizon)
    state = _with_suspensions(events, known_day)
    last_known = state.copy()
    reported_unknown = (events["status"] == "unknown").to_numpy() & (state == "in_force")
    state = np.where(reported_unknown, "unknown", state)
    if horizon is not None and as_of > horizon:
        state = np.where(np.isin(state, LIVE_STATES), "unknown", state)
    suspended_by = _suspended_by(events, known_day)
    return pd.DataFrame({"event_id": events["event_id"].to_numpy(), "state": state,
                         "last_known_state": last_known,
                         "suspended_by": [", ".join(suspended_by.get(e, [])) for e in events["event_id"]]})


def _with_suspensions(events: pd.DataFrame, day: pd.Timestamp) -> np.ndarray:
    state = _own_state(events, day)
    suspended = set(_suspended_by(events, day))
    hit = events["event_id"].isin(suspended).to_numpy() & np.isin(state, ("announced", "in_force"))
    return np.where(hit, "suspended", state)


def _suspended_by(events: pd.DataFrame, day: pd.Timestamp) -> dict[str, list[str]]:
    own = _own_state(events, day)
    active = events[(events["measure_type"] == "suspension").to_numpy() & (own == "in_force")]
    out: dict[str, list[str]] = {}
    for row in active.itertuples(index=False):
        for target in split_list(row.suspends):
            out.setdefault(target, []).append(row.event_id)
    return out


def measures_in_force(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """Restrictive measures live on `as_of` (in force or suspended), one row per event, with their state."""
    states = states_on(events, as_of, horizon)
    merged = events.merge(states, on="event_id")
    restrictive = ~merged["measure_type"].isin((*POINT_EVENT_TYPES, "suspension", "general_licence"))
    live = merged["state"].isin(("in_force", "suspended", "unknown"))
    return merged[restrictive & live].reset_index(drop=True)


GROUPS_OF = {"light_ree": ("REE", "LREE"), "heavy_ree": ("REE", "HREE"), "ree_group": ("REE",)}


def matching_minerals(selected, minerals: pd.DataFrame | None) -> set[str]:
    """The one rule for "does an event concern these minerals": the selected codes plus the groups that
    contain them (an event on 'REE' covers Dy too; one on 'HREE' does not cover Nd) and 'dual_use'
    (measures on every dual-use item). The Export controls filter and the scenario timeline both use it."""
    wanted = set(selected)
    if minerals is not None:
        groups = dict(zip(minerals["mineral_id"], minerals["group"]))
        for code in selected:
            wanted.update(GROUPS_OF.get(groups.get(code, ""), ()))
    return wanted | {"dual_use"} if selected else wanted


def event_targets(events: pd.DataFrame) -> pd.Series:
    """Each event's targets: its target type plus any named countries."""
    return events.apply(lambda r: (r["target_type"], *split_list(r["target_countries"])), axis=1)


def filter_events(events: pd.DataFrame, minerals: set[str], measures: tuple[str, ...],
                  targets: tuple[str, ...]) -> pd.DataFrame:
    """Events on any of `minerals` (see matching_minerals), of the measure types and aimed at the targets;
    an empty selection keeps everything."""
    keep = pd.Series(True, index=events.index)
    if minerals:
        keep &= has_any_item(events["mineral_ids"], minerals)
    if measures:
        keep &= events["measure_type"].isin(measures)
    if targets:
        wanted = set(targets)
        keep &= event_targets(events).map(lambda found: bool(set(found) & wanted))
    return events[keep].reset_index(drop=True)


def lifecycle_segments(events: pd.DataFrame, horizon: dt.date, until: dt.date) -> pd.DataFrame:
    """Time bars for the Gantt chart: one row per (event, stretch of one state), up to `until`.
    After the horizon every measure still live there is 'unknown'."""
    columns = ["event_id", "title", "state", "start", "end", "point"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    horizon_ts, until_ts = pd.Timestamp(horizon), pd.Timestamp(max(until, horizon))
    stamps = pd.concat([events["date_announced"], events["date_effective"], events["date_ended"]]).dropna()
    dates = sorted({d for d in stamps if d < horizon_ts} | {horizon_ts})
    matrix = np.vstack([_with_suspensions(events, d) for d in dates])
    rows = []
    for column, event in enumerate(events.itertuples(index=False)):
        rows += _event_segments(event, dates, matrix[:, column], until_ts)
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame[(frame["start"] < frame["end"]) | frame["point"]].reset_index(drop=True)


def _event_segments(event, dates: list[pd.Timestamp], states: np.ndarray, until: pd.Timestamp) -> list[tuple]:
    if event.measure_type in POINT_EVENT_TYPES:
        day = event.date_effective if not pd.isna(event.date_effective) else event.date_announced
        return [(event.event_id, event.title, "point", day, day, True)] if not pd.isna(day) else []
    rows, previous = [], None
    ends = dates[1:] + [until]
    for start, end, state in zip(dates, ends, states):
        if start == dates[-1]:
            state = "unknown" if state in LIVE_STATES else state
        if event.status == "unknown" and state == "in_force":
            state = "unknown"
        if event.measure_type == "suspension" and state == "in_force":
            state = "suspension_active"
        if state in ("not_yet", "ended", "never_in_force"):
            previous = None
            continue
        if previous is not None and previous[2] == state:
            rows[-1] = (*previous[:4], end, False)
            previous = rows[-1]
            continue
        previous = (event.event_id, event.title, state, start, end, False)
        rows.append(previous)
    return rows


def live_by_mineral(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """One row per (live measure, mineral) on the as-of date."""
    live = measures_in_force(events, as_of, horizon)
    if live.empty:
        return live.assign(mineral_id=pd.Series(dtype=object))
    live = live.assign(mineral_id=live["mineral_ids"].map(split_list)).explode("mineral_id")
    return live.reset_index(drop=True)
