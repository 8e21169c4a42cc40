"""Agreement charts: the timeline of signings and the milestone tracker."""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd

from lib.charts.figure import (MILESTONE_COLOURS, OTHER_COLOURS, Chart, clip, empty_figure, escape_plotly_text,
                               frame_figure, Plot, sources_of)


def signing_timeline(agreements: pd.DataFrame, context: str) -> Chart:
    title = "Critical-mineral agreements by date signed and type"
    data = agreements[["agreement_id", "name", "date_signed", "agreement_type", "parties", "status"]]
    sources = sources_of(agreements)
    if data.empty:
        return Chart("signing_timeline", title, empty_figure("No agreement matches the filters."), data, sources,
                     "No agreements to show.")
    plot = Plot()
    for index, kind in enumerate(sorted(data["agreement_type"].unique())):
        rows = data[data["agreement_type"] == kind]
        label = kind.replace("_", " ")
        plot.add("scatter", x=rows["date_signed"], y=[label] * len(rows), mode="markers", name=label,
                 marker={"size": 12, "color": OTHER_COLOURS[index % len(OTHER_COLOURS)],
                         "line": {"width": 1, "color": "#333333"}},
                 text=[escape_plotly_text(n) for n in rows["name"]], customdata=[escape_plotly_text(p) for p in rows["parties"]],
                 hovertemplate="%{x|%Y-%m-%d}<br>%{text}<br>Parties: %{customdata}<extra></extra>")
    plot.axis("yaxis", automargin=True)
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Date signed", height=420, showlegend=False)
    alt = f"Timeline of {len(data)} agreements, one row per agreement type, each dot at its signing date."
    return Chart("signing_timeline", title, figure, data.reset_index(drop=True), sources, alt)


def milestone_chart(tracker: pd.DataFrame, agreement_name: str, as_of: dt.date, context: str) -> Chart:
    title = f"Milestones of the {agreement_name}: due dates and status"
    # `due` says the deadline as precisely as its text does ('in 2026'); the point sits at the period's end.
    due_words = tracker["due"] if "due" in tracker.columns else tracker["due_date"].dt.strftime("%Y-%m-%d")
    data = tracker[["milestone_id", "commitment", "due_date", "status", "timing", "evidence"]].assign(due=due_words)
    sources = sources_of(tracker)
    dated = data[data["due_date"].notna()]
    if dated.empty:
        return Chart("milestones", title, empty_figure("This agreement has no dated milestone in the data."),
                     data, sources, "No dated milestones.")
    plot = Plot()
    for status, rows in dated.groupby("status"):
        plot.add("scatter", x=rows["due_date"], y=[escape_plotly_text(clip(c, 60)) for c in rows["commitment"]], mode="markers",
                 name=status, marker={"size": 14, "symbol": "diamond", "color": MILESTONE_COLOURS.get(status, "#999999")},
                 customdata=[["<br>".join(escape_plotly_text(line) for line in textwrap.wrap(c, 70)), escape_plotly_text(due)]
                             for c, due in zip(rows["commitment"], rows["due"])],
                 hovertemplate="%{customdata[0]}<br>due %{customdata[1]}<extra>" + escape_plotly_text(status) + "</extra>")
    plot.vline(pd.Timestamp(as_of), f"as of {as_of}")
    plot.axis("yaxis", automargin=True)
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Due date (end of the stated period)",
                          height=360)
    alt = f"Due dates of {len(dated)} milestones as diamonds coloured by status (met, missed, unknown), with the as-of date marked."
    return Chart("milestones", title, figure, data.reset_index(drop=True), sources, alt)
