"""The state of every export-control measure on any date: announced, in force, suspended, ended.

Suspensions are events of their own that list what they suspend, so a measure's state on a date
follows from its own dates plus any suspension active that day. After the data horizon nothing is
known: a measure that was live at the horizon shows as "unknown", never as still in force, except
that a suspension whose scheduled end has passed says so ("scheduled_end_passed", with the date).
One-off events (a ruling, a quota or duty removal, a truce) simply took place and are never
"unknown". Rows labelled `reported` (weak or one-sided claims) never suspend or move anything.
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
    "scheduled_end_passed": "Suspension's scheduled end passed; what followed is not in the data",
    "occurred": "One-off event (took place)",
    "reported": "Reported, unconfirmed",
}
LIVE_STATES = ("announced", "in_force", "suspended")
POINT_EVENT_TYPES = ("wto_ruling", "quota_removal", "export_duty_removal", "trade_truce")
REPORTED = "reported"


def state_label(state: str, scheduled_end: object = None) -> str:
    """Display text for a state; a passed suspension end names its date."""
    if state == "scheduled_end_passed" and scheduled_end is not None and not pd.isna(scheduled_end):
        return (f"Suspension scheduled to end {pd.Timestamp(scheduled_end):%Y-%m-%d} — passed; "
                "what followed is not in the data")
    return STATE_LABELS[state]


def _reported(events: pd.DataFrame) -> np.ndarray:
    if "confidence" not in events.columns:
        return np.zeros(len(events), dtype=bool)
    return (events["confidence"] == REPORTED).to_numpy()


def _is_point(events: pd.DataFrame) -> np.ndarray:
    return events["measure_type"].isin(POINT_EVENT_TYPES).to_numpy()


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
    """One row per event: its state on `as_of`, what suspends it, its last known state and, for a measure
    suspended at the horizon (or a suspension active there), the suspension's scheduled end."""
    day = pd.Timestamp(as_of)
    after_horizon = horizon is not None and as_of > horizon
    known_day = pd.Timestamp(horizon) if after_horizon else day
    own = _own_state(events, known_day)
    active = _active_suspensions(events, own)
    suspended_by = _suspended_by(events, active)
    state = _with_suspensions(events, own, suspended_by)
    last_known = state.copy()
    reported_unknown = (events["status"] == "unknown").to_numpy() & (state == "in_force")
    state = np.where(reported_unknown, "unknown", state)
    scheduled = _scheduled_ends(events, active) if after_horizon else {}
    scheduled_end = events["event_id"].map(scheduled).astype("datetime64[ms]")
    if after_horizon:
        state = np.where(np.isin(state, LIVE_STATES), "unknown", state)
        passed = (scheduled_end <= day).to_numpy() & (state == "unknown")
        state = np.where(passed, "scheduled_end_passed", state)
    state = np.where(_is_point(events), _point_state(events, day), state)
    frame = pd.DataFrame({"event_id": events["event_id"].to_numpy(), "state": state,
                          "last_known_state": last_known,
                          "suspended_by": [", ".join(suspended_by.get(e, [])) for e in events["event_id"]],
                          "scheduled_end": scheduled_end.to_numpy()})
    frame["label"] = [state_label(st, end) for st, end in zip(frame["state"], frame["scheduled_end"])]
    return frame


def _point_state(events: pd.DataFrame, day: pd.Timestamp) -> np.ndarray:
    """A one-off event took place on its date (a reported claim was made on it); the horizon does not make
    a 2014 ruling 'unknown'."""
    when = events["date_effective"].fillna(events["date_announced"])
    announced = events["date_announced"].notna() & (events["date_announced"] <= day)
    happened = np.where(_reported(events), REPORTED, "occurred")
    before = np.where(announced.to_numpy(dtype=bool), "announced", "not_yet")
    return np.where((when.notna() & (when <= day)).to_numpy(dtype=bool), happened, before)


def _active_suspensions(events: pd.DataFrame, own: np.ndarray) -> np.ndarray:
    """Suspensions in force by their own dates; a reported claim (e.g. an extension announced by one side
    only) never suspends anything."""
    return (events["measure_type"] == "suspension").to_numpy() & (own == "in_force") & ~_reported(events)


def _scheduled_ends(events: pd.DataFrame, active: np.ndarray) -> dict[str, pd.Timestamp]:
    """Scheduled end of every active suspension, for itself and for each measure it suspends (the latest end
    where several suspend one measure)."""
    ends: dict[str, pd.Timestamp] = {}
    for event_id, suspends, ended in zip(events["event_id"].to_numpy()[active], events["suspends"].to_numpy()[active],
                                         events["date_ended"].to_numpy()[active]):
        if pd.isna(ended):
            continue
        ended = pd.Timestamp(ended)
        for target in [event_id, *split_list(suspends)]:
            ends[target] = max(ends.get(target, ended), ended)
    return ends


def _with_suspensions(events: pd.DataFrame, own: np.ndarray, suspended_by: dict[str, list[str]]) -> np.ndarray:
    hit = events["event_id"].isin(set(suspended_by)).to_numpy() & np.isin(own, ("announced", "in_force"))
    return np.where(hit, "suspended", own)


def _suspended_by(events: pd.DataFrame, active: np.ndarray) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for event_id, suspends in zip(events["event_id"].to_numpy()[active], events["suspends"].to_numpy()[active]):
        for target in split_list(suspends):
            out.setdefault(target, []).append(event_id)
    return out


def measures_in_force(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """Restrictive measures live on `as_of` (in force or suspended), one row per event, with their state."""
    states = states_on(events, as_of, horizon)
    merged = events.merge(states, on="event_id")
    restrictive = ~merged["measure_type"].isin((*POINT_EVENT_TYPES, "suspension", "general_licence"))
    live = merged["state"].isin(("in_force", "suspended", "unknown", "scheduled_end_passed"))
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


def lifecycle_segments(events: pd.DataFrame, horizon: dt.date | None, until: dt.date) -> pd.DataFrame:
    """Time bars for the Gantt chart: one row per (event, stretch of one state), up to `until`.
    After the horizon every measure still live there is 'unknown', until the scheduled end of a suspension
    active at the horizon, from which it is 'scheduled_end_passed' (the date is in `scheduled_end`). Without a
    horizon (no manifest) the states run to `until` as the events give them.

    Linear in the events: a measure's state changes only on its own dates and on those of the suspensions that
    name it, so each event is evaluated on those dates alone."""
    columns = ["event_id", "title", "state", "start", "end", "point", "scheduled_end"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    until_ts = pd.Timestamp(max(until, horizon) if horizon else until)
    horizon_ts = pd.Timestamp(horizon) if horizon else until_ts
    first = pd.concat([events["date_announced"], events["date_effective"], events["date_ended"]]).min()
    suspenders = _suspenders_of(events)
    scheduled = _scheduled_ends(events, _active_suspensions(events, _own_state(events, horizon_ts)))
    reported = _reported(events)
    rows = []
    for position, event in enumerate(events.itertuples(index=False)):
        own = suspenders.get(event.event_id, [])
        dates = _change_dates(event, own, first, horizon_ts)
        states = np.array([_state_on(event, own, day) for day in dates])
        found = _event_segments(event, dates, states, until_ts, bool(reported[position]))
        rows += [(*r, pd.NaT) for r in _split_at_scheduled_end(found, scheduled.get(event.event_id), until_ts)]
    frame = pd.DataFrame(rows, columns=columns)
    frame["scheduled_end"] = frame["event_id"].map(scheduled).astype("datetime64[ms]")
    if frame.empty:
        return frame
    return frame[(frame["start"] < frame["end"]) | frame["point"]].reset_index(drop=True)


def _suspenders_of(events: pd.DataFrame) -> dict[str, list]:
    """For each measure, the suspension events that name it (reported claims suspend nothing)."""
    out: dict[str, list] = {}
    reported = _reported(events)
    for position, row in enumerate(events.itertuples(index=False)):
        if row.measure_type == "suspension" and not reported[position]:
            for target in split_list(row.suspends):
                out.setdefault(target, []).append(row)
    return out


def _stamps(event) -> list[pd.Timestamp]:
    return [d for d in (event.date_announced, event.date_effective, event.date_ended) if not pd.isna(d)]


def _change_dates(event, suspenders: list, first: pd.Timestamp, horizon: pd.Timestamp) -> list[pd.Timestamp]:
    """The dates before the horizon on which this event's state can change, the first date of all events
    (where every bar may start) and the horizon."""
    stamps = [d for row in [event, *suspenders] for d in _stamps(row) if d < horizon]
    return sorted({first, *stamps, horizon} if first < horizon else {*stamps, horizon})


def _state_on(event, suspenders: list, day: pd.Timestamp) -> str:
    """The event's state on one day from its own dates and its suspenders' (the scalar form of
    _with_suspensions)."""
    state = _own_state_of(event, day)
    if state in ("announced", "in_force") and any(_own_state_of(s, day) == "in_force" for s in suspenders):
        return "suspended"
    return state


def _own_state_of(event, day: pd.Timestamp) -> str:
    announced, effective, ended = event.date_announced, event.date_effective, event.date_ended
    start = effective if pd.isna(announced) else announced
    if pd.isna(start) or day < start:
        return "not_yet"
    if pd.isna(effective) and not pd.isna(ended) and day >= ended:
        return "never_in_force"
    if pd.isna(effective) or day < effective:
        return "announced"
    if not pd.isna(ended) and day >= ended:
        return "ended"
    return "in_force"


def _split_at_scheduled_end(rows: list[tuple], end: pd.Timestamp | None, until: pd.Timestamp) -> list[tuple]:
    """Cut the final 'unknown' bar at a suspension's scheduled end so the passed end shows on the chart."""
    if end is None or pd.isna(end) or not rows:
        return rows
    event_id, title, state, start, stop, point = rows[-1]
    if state != "unknown" or stop != until or not start < end < until:
        return rows
    return rows[:-1] + [(event_id, title, "unknown", start, end, False),
                        (event_id, title, "scheduled_end_passed", end, until, False)]


def _event_segments(event, dates: list[pd.Timestamp], states: np.ndarray, until: pd.Timestamp,
                    reported: bool = False) -> list[tuple]:
    if event.measure_type in POINT_EVENT_TYPES:
        day = event.date_effective if not pd.isna(event.date_effective) else event.date_announced
        state = REPORTED if reported else "point"
        return [(event.event_id, event.title, state, day, day, True)] if not pd.isna(day) else []
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


CLIFF_COLUMNS = ["scheduled_end", "measures", "measure_titles", "suspensions"]


def passed_cliffs(events: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> pd.DataFrame:
    """Scheduled suspension ends that fell between the horizon and `as_of`, one row per date: how many measures
    (and which) were suspended until then, and by which suspensions. Empty on or before the horizon."""
    if horizon is None or as_of <= horizon or events.empty:
        return pd.DataFrame(columns=CLIFF_COLUMNS)
    states = states_on(events, as_of, horizon)
    passed = (states["state"] == "scheduled_end_passed").to_numpy()
    ends, titles = states["scheduled_end"].to_numpy()[passed], events["title"].to_numpy()[passed]
    is_suspension = (events["measure_type"] == "suspension").to_numpy()[passed]
    rows = []
    for end in np.unique(ends):
        measures, suspensions = (ends == end) & ~is_suspension, (ends == end) & is_suspension
        rows.append((pd.Timestamp(end), int(measures.sum()), list(titles[measures]), list(titles[suspensions])))
    return pd.DataFrame(rows, columns=CLIFF_COLUMNS)


def cliff_sentence(cliffs: pd.DataFrame) -> str:
    """One plain line naming every passed suspension end, e.g. "Suspensions scheduled to end 2026-11-10
    (7 measures) and 2026-11-27 (1 measure) — passed; what followed is not in the data." Empty when none."""
    if cliffs.empty:
        return ""
    parts = [f"{pd.Timestamp(row.scheduled_end):%Y-%m-%d} ({row.measures} measure{'' if row.measures == 1 else 's'})"
             for row in cliffs.itertuples(index=False)]
    dates = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    noun = "Suspension" if len(parts) == 1 else "Suspensions"
    return f"{noun} scheduled to end {dates} — passed; what followed is not in the data."


def live_summary(listing: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> str:
    """The Export controls page's answer in one sentence: how many restrictive measures were live on the date,
    by state (the briefing leads with it). `listing` is one row per live measure with its state."""
    counts = listing["state"].value_counts() if not listing.empty else pd.Series(dtype=int)
    parts = [f"{int(counts[state])} {STATE_LABELS[state].lower()}" for state in
             ("in_force", "suspended", "unknown", "scheduled_end_passed") if counts.get(state, 0)]
    when = f"on {as_of}" + (f" (after the data horizon, {horizon})" if horizon and as_of > horizon else "")
    if not parts:
        return f"No restrictive measure in the selection was live {when}."
    return f"{len(listing)} restrictive measures in the selection were live {when}: " + "; ".join(parts) + "."
