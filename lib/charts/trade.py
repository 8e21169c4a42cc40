"""The Trade chart: China's monthly exports by destination, with the linked controls' lifecycles drawn below on
the same time axis (and their start dates as faint lines behind the flows)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.charts.export_controls import SEGMENT_COLOURS, SEGMENT_LABELS
from lib.charts.figure import (NEUTRAL, OTHER_COLOURS, Chart, clip, empty_figure, escape_plotly_text, frame_figure,
                               Plot, sources_of)

FLOW_DOMAIN, BAND_DOMAIN = [0.42, 1.0], [0.0, 0.30]
WORLD_DASH = "dot"
EARLIEST = pd.Timestamp("2023-01-01")  # the bands are drawn from here at the earliest (the flows start in 2023)
EVENT_LABEL_WIDTH = 34
BAND_LABELS = {**SEGMENT_LABELS, "scheduled_end_passed": "Suspension's scheduled end passed"}


def flows_with_lifecycle(exports: pd.DataFrame, imports: pd.DataFrame, segments: pd.DataFrame,
                         events: pd.DataFrame, chain_name: str, as_of: dt.date, horizon: dt.date | None,
                         context: str) -> Chart:
    """`exports`/`imports`: chain rows with `tonnes` and `series`; `segments`: lifecycle bars of the linked events."""
    title = f"China's monthly exports on the {chain_name} chain, with the export controls on these goods"
    plotted = pd.concat([exports, imports])
    sources = sources_of(plotted) + sources_of(events)
    if plotted.empty:
        return Chart("trade_flows", title, empty_figure(f"No monthly trade figures for {chain_name} in the data."),
                     plotted, sources, f"No monthly trade figures for {chain_name}.")
    plot = Plot()
    for number, (series, rows) in enumerate(exports.groupby("series", sort=True)):
        _line(plot, rows, series, OTHER_COLOURS[number % len(OTHER_COLOURS)], "solid")
    for series, rows in imports.groupby("series", sort=True):
        _line(plot, rows, f"{series} (importer's own customs)", NEUTRAL, "dash")
    _bands(plot, segments, events)
    first_band = segments["start"].min() if not segments.empty else plotted["month"].min()
    start = min(plotted["month"].min(), max(first_band, EARLIEST)) - pd.offsets.MonthBegin(2)
    end = max(plotted["month"].max(), pd.Timestamp(as_of)) + pd.offsets.MonthBegin(3)
    if horizon is not None and pd.Timestamp(horizon) < end:
        plot.vrect(pd.Timestamp(horizon), end, "#CC79A7", "after the data horizon")
    plot.vline(pd.Timestamp(as_of), f"as of {as_of}")
    plot.axis("xaxis", type="date", range=[start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")], anchor="y2")
    plot.axis("yaxis", domain=FLOW_DOMAIN, rangemode="tozero", title={"text": "tonnes a month (product weight)"})
    plot.axis("yaxis2", domain=BAND_DOMAIN, automargin=True, type="category", title={"text": ""})
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Month", height=620, barmode="overlay")
    alt = (f"Line chart of China's monthly customs exports of {chain_name} products by destination, in tonnes, with "
           f"the lifecycle of {events['event_id'].nunique()} linked export controls drawn as bars below; months no "
           f"source reports are gaps, not zeros; a dotted line marks {as_of}.")
    data = plotted[["month", "reporter", "partner", "hs_code", "product", "flow", "quantity", "unit", "tonnes",
                    "confidence", "source_name", "source_url"]].reset_index(drop=True)
    return Chart("trade_flows", title, figure, data, sources, alt)


def _line(plot: Plot, rows: pd.DataFrame, name: str, colour: str, dash: str) -> None:
    """One series; a month no source reports is a gap in the line (every month between the first and the last
    is on the axis with None where there is no figure, never 0)."""
    values = dict(zip(rows["month"], rows["tonnes"]))
    months = months_between(min(values), max(values))
    world = name.endswith("world")
    plot.add("scatter", x=[f"{m:%Y-%m-%d}" for m in months], y=[values.get(m) for m in months], mode="lines+markers",
             name=escape_plotly_text(name), connectgaps=False, yaxis="y", marker={"size": 6},
             line={"color": colour, "dash": WORLD_DASH if world else dash, "width": 2},
             hovertemplate="%{x|%Y-%m}: %{y:,.1f} t<extra>" + escape_plotly_text(name) + "</extra>")


def months_between(first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """First days of every month from `first` to `last` (both month starts), in order."""
    count = (last.year - first.year) * 12 + last.month - first.month
    return [pd.Timestamp(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)
            for k in range(count + 1)]


def _bands(plot: Plot, segments: pd.DataFrame, events: pd.DataFrame) -> None:
    if segments.empty:
        return
    titles = {e: escape_plotly_text(clip(t, EVENT_LABEL_WIDTH)) for e, t in zip(events["event_id"], events["title"])}
    spans = segments[~segments["point"]]
    for state, rows in spans.groupby("state", sort=False):
        label = BAND_LABELS.get(state, state)
        plot.add("bar", y=rows["event_id"].map(titles), x=(rows["end"] - rows["start"]).dt.total_seconds() * 1000,
                 base=rows["start"], orientation="h", name=escape_plotly_text(label), yaxis="y2",
                 marker={"color": SEGMENT_COLOURS.get(state, "#999999")}, legendgroup="lifecycle",
                 customdata=rows[["start", "end"]].astype(str).to_numpy(),
                 hovertemplate="%{y}<br>%{customdata[0]} to %{customdata[1]}<extra>" + escape_plotly_text(label) + "</extra>")
    for start in events["date_effective"].dropna().unique():
        plot.shapes.append({"type": "line", "x0": pd.Timestamp(start).strftime("%Y-%m-%d"),
                            "x1": pd.Timestamp(start).strftime("%Y-%m-%d"), "yref": "paper",
                            "y0": FLOW_DOMAIN[0], "y1": 1, "layer": "below",
                            "line": {"color": SEGMENT_COLOURS["in_force"], "width": 1, "dash": "dot"}})
