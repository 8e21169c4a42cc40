"""Export-control charts: the lifecycle timeline (Gantt) and the measures live on the as-of date."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.charts.figure import (LIFECYCLE_COLOURS, NEUTRAL, Chart, empty_figure, escape_plotly_text, frame_figure,
                               Plot, sources_of)
from lib.topics.export_controls import STATE_LABELS, state_label

SEGMENT_LABELS = {"announced": "Announced, not yet in force", "in_force": "In force", "suspended": "Suspended",
                  "unknown": "Unknown (after the data horizon or not reported)",
                  "scheduled_end_passed": "Suspension's scheduled end passed; what followed is not in the data",
                  "suspension_active": "Suspension in effect", "point": "One-off event (ruling, removal, truce)",
                  "reported": STATE_LABELS["reported"] + " (moves no date)"}
SEGMENT_COLOURS = {**LIFECYCLE_COLOURS, "suspension_active": "#009E73", "point": NEUTRAL,
                   "scheduled_end_passed": LIFECYCLE_COLOURS["unknown"], "reported": NEUTRAL}
# Past a suspension's scheduled end the state is as unknown as after the horizon, but it is not the same
# unknown: the suspension itself has lapsed. The same colour, hatched, says both.
SEGMENT_PATTERNS = {"scheduled_end_passed": {"shape": "/", "fgcolor": "#7A3B65", "solidity": 0.3}}
SCHEDULED_END = "Scheduled end of a suspension"


def _bar_marker(state: str) -> dict:
    marker = {"color": SEGMENT_COLOURS.get(state, "#999999")}
    if state in SEGMENT_PATTERNS:
        marker["pattern"] = SEGMENT_PATTERNS[state]
    return marker


def lifecycle_timeline(segments: pd.DataFrame, events: pd.DataFrame, as_of: dt.date, horizon: dt.date,
                       context: str, start: dt.date | None = None, today: dt.date | None = None) -> Chart:
    """`today` decides whether a suspension's scheduled end is called passed (default: the as-of date)."""
    title = "China's export controls on critical minerals: announced, in force, suspended, ended"
    sources = sources_of(events)
    if segments.empty:
        return Chart("lifecycle_timeline", title, empty_figure("No export-control event matches the filters."),
                     segments, sources, "No events to show.")
    order = events.assign(first=events["date_announced"].fillna(events["date_effective"])).sort_values("first")
    labels = {e: escape_plotly_text(t) for e, t in zip(order["event_id"], order["title"])}
    plot = Plot()
    for state, rows in segments[~segments["point"]].groupby("state", sort=False):
        label = SEGMENT_LABELS.get(state, state)
        plot.add("bar", y=rows["event_id"].map(labels), x=(rows["end"] - rows["start"]).dt.total_seconds() * 1000,
                 base=rows["start"], orientation="h", name=label, marker=_bar_marker(state),
                 customdata=rows[["start", "end"]].astype(str).to_numpy(),
                 hovertemplate="%{y}<br>%{customdata[0]} to %{customdata[1]}<extra>" + label + "</extra>")
    _add_points(plot, segments, labels)
    _add_scheduled_ends(plot, segments, labels, today or as_of)
    end = segments["end"].max()
    plot.vrect(pd.Timestamp(horizon), end, "#CC79A7", "after the data horizon")
    plot.vline(pd.Timestamp(as_of), f"as of {as_of}")
    plot.axis("yaxis", categoryorder="array", categoryarray=[labels[e] for e in order["event_id"]][::-1],
              automargin=True)
    plot.axis("xaxis", type="date", range=[pd.Timestamp(start or segments["start"].min()).strftime("%Y-%m-%d"),
                                           end.strftime("%Y-%m-%d")])
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Date",
                          height=max(420, 26 * len(labels) + 180), barmode="overlay")
    alt = (f"Gantt chart of {len(labels)} Chinese export-control events, each bar coloured by its state over time "
           f"(announced, in force, suspended, unknown after the data horizon {horizon}, hatched once a suspension's "
           f"scheduled end has passed, with a cross at that date); a dotted line marks {as_of}.")
    return Chart("lifecycle_timeline", title, figure, segments.reset_index(drop=True), sources, alt)


def _add_points(plot: Plot, segments: pd.DataFrame, labels: dict) -> None:
    """One-off events as diamonds; reported claims as open diamonds in their own legend entry."""
    for state, symbol in (("point", "diamond"), ("reported", "diamond-open")):
        points = segments[segments["point"] & (segments["state"] == state)]
        if not points.empty:
            plot.add("scatter", y=points["event_id"].map(labels), x=points["start"], mode="markers",
                     name=SEGMENT_LABELS[state], marker={"symbol": symbol, "size": 11, "color": NEUTRAL},
                     hovertemplate="%{y}<br>%{x|%Y-%m-%d}<extra>" + escape_plotly_text(SEGMENT_LABELS[state]) + "</extra>")


def _add_scheduled_ends(plot: Plot, segments: pd.DataFrame, labels: dict, today: dt.date) -> None:
    """A cross at each suspension's scheduled end (the dates are in the context line too, so a PNG keeps them:
    text beside the crosses would run over the hatched bars)."""
    ends = segments.dropna(subset=["scheduled_end"]).drop_duplicates("event_id")
    if ends.empty:
        return
    passed = ends["scheduled_end"] <= pd.Timestamp(today)
    hover = [escape_plotly_text(state_label("scheduled_end_passed", e)) if p else
             f"Suspension scheduled to end {e:%Y-%m-%d} (not yet reached on {today})"
             for e, p in zip(ends["scheduled_end"], passed)]
    plot.add("scatter", y=ends["event_id"].map(labels), x=ends["scheduled_end"], mode="markers",
             name=SCHEDULED_END,
             marker={"symbol": "x-thin", "size": 12, "line": {"width": 2, "color": "#7A3B65"}, "color": "#7A3B65"},
             customdata=hover, hovertemplate="%{y}<br>%{customdata}<extra></extra>")


def live_title(as_of: dt.date, horizon: dt.date | None) -> str:
    """What the live chart shows: measures live on the date, or, after the horizon, those live at the horizon
    whose state on the date is not in the data."""
    if horizon is not None and as_of > horizon:
        return (f"Chinese export-control measures live at the data horizon ({horizon}), by mineral: "
                f"their state on {as_of} is not in the data")
    return f"Chinese export-control measures live on {as_of} (in force or suspended), by mineral"


def live_measures_by_mineral(live: pd.DataFrame, as_of: dt.date, context: str,
                             horizon: dt.date | None = None) -> Chart:
    """`live`: one row per (measure, mineral) with its state on the as-of date. Always with a legend: a single
    colour with no key is what made an all-unknown chart read as 'in force'."""
    title = live_title(as_of, horizon)
    sources = sources_of(live)
    if live.empty:
        return Chart("live_by_mineral", title, empty_figure(f"No measure matching the filters was live on {as_of}."),
                     live, sources, "No live measures.")
    counts = live.groupby(["mineral_id", "state"], as_index=False).size().rename(columns={"size": "measures"})
    order = counts.groupby("mineral_id")["measures"].sum().sort_values(ascending=False).index.tolist()
    plot = Plot()
    for state, rows in counts.groupby("state", sort=False):
        label = SEGMENT_LABELS.get(state, state)
        plot.add("bar", y=rows["mineral_id"], x=rows["measures"], orientation="h", name=label,
                 marker=_bar_marker(state), showlegend=True,
                 hovertemplate="%{y}: %{x} measure(s)<extra>" + label + "</extra>")
    # Horizontal bars: thirty mineral codes side by side would be turned on end and run into the source line.
    plot.axis("yaxis", categoryorder="array", categoryarray=order[::-1], automargin=True, dtick=1)
    if counts.groupby("mineral_id")["measures"].sum().max() <= 12:
        plot.axis("xaxis", dtick=1)  # whole measures, not 0.5 steps
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Number of measures",
                          height=max(300, 140 + 18 * len(order)), barmode="stack", showlegend=True)
    alt = (f"Bar chart counting, by mineral, the export-control measures live on {as_of}, coloured by their state "
           "there (in force, suspended, unknown after the data horizon, or past a suspension's scheduled end).")
    return Chart("live_by_mineral", title, figure, counts, sources, alt)
