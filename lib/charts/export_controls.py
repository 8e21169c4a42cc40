"""Export-control charts: the lifecycle timeline (Gantt) and the measures live on the as-of date."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.charts.figure import LIFECYCLE_COLOURS, NEUTRAL, Chart, Plot, empty_figure, finish, plain, sources_of

SEGMENT_LABELS = {"announced": "Announced, not yet in force", "in_force": "In force", "suspended": "Suspended",
                  "unknown": "Unknown (after the data horizon or not reported)",
                  "suspension_active": "Suspension in effect", "point": "One-off event (ruling, removal, truce)"}
SEGMENT_COLOURS = {**LIFECYCLE_COLOURS, "suspension_active": "#009E73", "point": NEUTRAL}


def lifecycle_timeline(segments: pd.DataFrame, events: pd.DataFrame, as_of: dt.date, horizon: dt.date,
                       context: str, start: dt.date | None = None) -> Chart:
    title = "China's export controls on critical minerals: announced, in force, suspended, ended"
    sources = sources_of(events)
    if segments.empty:
        return Chart("lifecycle_timeline", title, empty_figure("No export-control event matches the filters."),
                     segments, sources, "No events to show.")
    order = events.assign(first=events["date_announced"].fillna(events["date_effective"])).sort_values("first")
    labels = {e: plain(t) for e, t in zip(order["event_id"], order["title"])}
    plot = Plot()
    for state, rows in segments[~segments["point"]].groupby("state", sort=False):
        label = SEGMENT_LABELS.get(state, state)
        plot.add("bar", y=rows["event_id"].map(labels), x=(rows["end"] - rows["start"]).dt.total_seconds() * 1000,
                 base=rows["start"], orientation="h", name=label, marker={"color": SEGMENT_COLOURS.get(state, "#999999")},
                 customdata=rows[["start", "end"]].astype(str).to_numpy(),
                 hovertemplate="%{y}<br>%{customdata[0]} to %{customdata[1]}<extra>" + label + "</extra>")
    points = segments[segments["point"]]
    if not points.empty:
        plot.add("scatter", y=points["event_id"].map(labels), x=points["start"], mode="markers",
                 name=SEGMENT_LABELS["point"], marker={"symbol": "diamond", "size": 11, "color": NEUTRAL},
                 hovertemplate="%{y}<br>%{x|%Y-%m-%d}<extra></extra>")
    end = segments["end"].max()
    plot.vrect(pd.Timestamp(horizon), end, "#CC79A7", "after the data horizon")
    plot.vline(pd.Timestamp(as_of), f"as of {as_of}")
    plot.axis("yaxis", categoryorder="array", categoryarray=[labels[e] for e in order["event_id"]][::-1],
              automargin=True)
    plot.axis("xaxis", type="date", range=[pd.Timestamp(start or segments["start"].min()).strftime("%Y-%m-%d"),
                                           end.strftime("%Y-%m-%d")])
    figure = finish(plot, title, context, sources, modelled=False, x_title="Date",
                    height=max(420, 26 * len(labels) + 180), barmode="overlay")
    alt = (f"Gantt chart of {len(labels)} Chinese export-control events, each bar coloured by its state over time "
           f"(announced, in force, suspended, unknown after the data horizon {horizon}); a dotted line marks {as_of}.")
    return Chart("lifecycle_timeline", title, figure, segments.reset_index(drop=True), sources, alt)


def live_measures_by_mineral(live: pd.DataFrame, as_of: dt.date, context: str) -> Chart:
    """`live`: one row per (measure, mineral) with its state on the as-of date."""
    title = f"Chinese export-control measures live on {as_of}, by mineral"
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
                 marker={"color": SEGMENT_COLOURS.get(state, "#999999")},
                 hovertemplate="%{y}: %{x} measure(s)<extra>" + label + "</extra>")
    # Horizontal bars: thirty mineral codes side by side would be turned on end and run into the source line.
    plot.axis("yaxis", categoryorder="array", categoryarray=order[::-1], automargin=True, dtick=1)
    if counts.groupby("mineral_id")["measures"].sum().max() <= 12:
        plot.axis("xaxis", dtick=1)  # whole measures, not 0.5 steps
    figure = finish(plot, title, context, sources, modelled=False, x_title="Number of measures",
                    height=max(300, 140 + 18 * len(order)), barmode="stack")
    alt = f"Bar chart counting the export-control measures in force, suspended or of unknown state on {as_of}, by mineral."
    return Chart("live_by_mineral", title, figure, counts, sources, alt)
