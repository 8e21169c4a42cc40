"""Export-control charts: the lifecycle timeline (Gantt) and the measures live on the as-of date."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from lib.charts.common import LIFECYCLE_COLOURS, Chart, empty_figure, finish, plain, sources_of

SEGMENT_LABELS = {"announced": "Announced, not yet in force", "in_force": "In force", "suspended": "Suspended",
                  "unknown": "Unknown (after the data horizon or not reported)",
                  "suspension_active": "Suspension in effect", "point": "One-off event (ruling, removal, truce)"}
SEGMENT_COLOURS = {**LIFECYCLE_COLOURS, "suspension_active": "#009E73", "point": "#000000"}


def lifecycle_timeline(segments: pd.DataFrame, events: pd.DataFrame, as_of: dt.date, horizon: dt.date,
                       context: str, start: dt.date | None = None) -> Chart:
    title = "China's export controls on critical minerals: announced, in force, suspended, ended"
    sources = sources_of(events)
    if segments.empty:
        return Chart("lifecycle_timeline", title, empty_figure("No export-control event matches the filters."),
                     segments, sources, "No events to show.")
    order = events.assign(first=events["date_announced"].fillna(events["date_effective"])).sort_values("first")
    labels = {e: plain(t) for e, t in zip(order["event_id"], order["title"])}
    figure = go.Figure()
    bars = segments[~segments["point"]]
    for state, rows in bars.groupby("state", sort=False):
        duration_ms = (rows["end"] - rows["start"]).dt.total_seconds() * 1000
        figure.add_bar(y=rows["event_id"].map(labels), x=duration_ms, base=rows["start"], orientation="h",
                       name=SEGMENT_LABELS.get(state, state), marker_color=SEGMENT_COLOURS.get(state, "#999999"),
                       customdata=rows[["start", "end"]].astype(str).to_numpy(),
                       hovertemplate="%{y}<br>%{customdata[0]} to %{customdata[1]}<extra>"
                                     + SEGMENT_LABELS.get(state, state) + "</extra>")
    points = segments[segments["point"]]
    if not points.empty:
        figure.add_scatter(y=points["event_id"].map(labels), x=points["start"], mode="markers",
                           name=SEGMENT_LABELS["point"], marker={"symbol": "diamond", "size": 11, "color": "#000000"},
                           hovertemplate="%{y}<br>%{x|%Y-%m-%d}<extra></extra>")
    figure.add_vrect(x0=pd.Timestamp(horizon), x1=segments["end"].max(), fillcolor="#CC79A7", opacity=0.08,
                     line_width=0, annotation_text="after the data horizon", annotation_position="top left")
    figure.add_vline(x=pd.Timestamp(as_of).value / 1e6, line_dash="dot", line_color="#000000")
    figure.add_annotation(x=pd.Timestamp(as_of), y=1.0, yref="paper", text=f"as of {as_of}", showarrow=False,
                          yanchor="bottom")
    figure.update_yaxes(categoryorder="array", categoryarray=[labels[e] for e in order["event_id"]][::-1],
                        automargin=True)
    figure.update_xaxes(type="date", range=[pd.Timestamp(start) if start else segments["start"].min(),
                                            segments["end"].max()])
    height = max(420, 26 * len(labels) + 180)
    finish(figure, title, context, sources, modelled=False, x_title="Date", height=height)
    figure.update_layout(barmode="overlay", margin={"l": 20})
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
    figure = go.Figure()
    for state, rows in counts.groupby("state", sort=False):
        figure.add_bar(x=rows["mineral_id"], y=rows["measures"], name=SEGMENT_LABELS.get(state, state),
                       marker_color=SEGMENT_COLOURS.get(state, "#999999"),
                       hovertemplate="%{x}: %{y} measure(s)<extra>" + SEGMENT_LABELS.get(state, state) + "</extra>")
    figure.update_layout(barmode="stack")
    figure.update_xaxes(categoryorder="array", categoryarray=order)
    finish(figure, title, context, sources, modelled=False, x_title="Mineral or item group",
           y_title="Number of measures", height=400)
    alt = f"Bar chart counting the export-control measures in force, suspended or of unknown state on {as_of}, by mineral."
    return Chart("live_by_mineral", title, figure, counts, sources, alt)
