"""Chart builders: tidy frame in, finished figure out, with the exact data plotted kept alongside.

Every figure carries its own title, context line (scenario state, as-of date) and source line, so a
PNG saved from the chart's toolbar is briefing-ready. Colours are colour-blind safe (Okabe–Ito) and
fixed: framework off is always grey, on always blue, China always vermillion.
"""
from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

OFF, ON, CHINA = "#7F7F7F", "#0072B2", "#D55E00"
STATE_COLOURS = {"off": OFF, "on": ON}
OTHER_COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#F0E442", "#000000", "#999999")
LIFECYCLE_COLOURS = {"announced": "#56B4E9", "in_force": CHINA, "suspended": "#E69F00", "ended": "#BBBBBB",
                     "unknown": "#CC79A7", "never_in_force": "#F0E442"}
MILESTONE_COLOURS = {"met": "#009E73", "missed": CHINA, "unknown": "#CC79A7"}
IMPORTER_NAMES = {"USA": "United States", "JPN": "Japan", "USA+JPN": "US and Japan together"}
IMPORTER_POSSESSIVE = {"USA": "the United States'", "JPN": "Japan's", "USA+JPN": "the US and Japan's combined"}
FONT = "Source Sans Pro, Arial, sans-serif"
MAX_SOURCES_IN_FIGURE = 2
TITLE_WIDTH = 62
MAX_SOURCE_NAME = 55


@dataclass(frozen=True)
class Chart:
    key: str  # stable name: file names, tests and the briefing export use it
    title: str
    figure: go.Figure
    data: pd.DataFrame  # exactly what is plotted
    sources: tuple[tuple[str, str], ...]  # (name, http(s) url) of the upstream sources
    alt: str  # plain-language description for screen readers and the briefing
    modelled: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self.figure.update_layout(meta={"chart_key": self.key})


def plain(text: object) -> str:
    """Data text placed in a plotly label, with markup neutralised."""
    return html.escape(str(text), quote=False)


def sources_of(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    if frame.empty or "source_url" not in frame.columns:
        return ()
    pairs = frame[["source_name", "source_url"]].dropna().drop_duplicates()
    return tuple(pairs.itertuples(index=False, name=None))


def source_line(sources: tuple[tuple[str, str], ...], modelled: bool) -> str:
    names = list(dict.fromkeys(name for name, _ in sources))
    shown = "; ".join(plain(_clip(n)) for n in names[:MAX_SOURCES_IN_FIGURE])
    more = f"; +{len(names) - MAX_SOURCES_IN_FIGURE} more" if len(names) > MAX_SOURCES_IN_FIGURE else ""
    kind = "Modelled from" if modelled else "Source"
    return f"{kind}: {shown}{more}" if names else "Source: see the Sources page"


def _clip(name: str) -> str:
    return name if len(name) <= MAX_SOURCE_NAME else name[: MAX_SOURCE_NAME - 1] + "…"


def finish(figure: go.Figure, title: str, context: str, sources, modelled: bool, x_title: str = "",
           y_title: str = "", height: int = 460, legend: str = "bottom") -> go.Figure:
    """Title, context line and source line inside the figure itself, so an exported image keeps them."""
    wrapped = "<br>".join(textwrap.wrap(plain(title), TITLE_WIDTH)) or plain(title)
    lines = wrapped.count("<br>") + 1
    top = 52 + 20 * lines
    entries = sum(1 for trace in figure.data if trace.showlegend is not False)
    # A horizontal legend wraps to one entry per line in a narrow chart: leave room for that.
    bottom = min(110 + 20 * entries, 290) if legend == "bottom" and entries > 1 else 90
    legend_layout = ({"orientation": "h", "yanchor": "top", "y": -0.12, "yref": "paper", "x": 0,
                      "xanchor": "left"}
                     if legend == "bottom" else {"orientation": "v", "yanchor": "top", "y": 1.0, "x": 1.02})
    figure.update_layout(
        title={"text": f"{wrapped}<br><sup>{plain(context)}</sup>", "x": 0.0, "xanchor": "left", "y": 0.98,
               "yanchor": "top", "yref": "container"},
        font={"family": FONT, "size": 13}, height=height + top + bottom - 170, legend=legend_layout,
        showlegend=entries > 1,
        margin={"l": 60, "r": 20, "t": top, "b": bottom}, xaxis_title=x_title, yaxis_title=y_title,
    )
    figure.add_annotation(text=source_line(sources, modelled), xref="paper", yref="paper", x=0, y=0,
                          yshift=-(bottom - 12), xanchor="left", yanchor="bottom", showarrow=False,
                          font={"size": 11, "color": "#666666"})
    return figure


def empty_figure(message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=plain(message), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_layout(xaxis_visible=False, yaxis_visible=False, height=200, template="plotly_white")
    return figure


def percent_axis(figure: go.Figure, rows: int = 1) -> go.Figure:
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    return figure


def country_colour(country: str, order: list[str]) -> str:
    if country == "CHN":
        return CHINA
    others = [c for c in order if c != "CHN"]
    return OTHER_COLOURS[others.index(country) % len(OTHER_COLOURS)] if country in others else "#999999"
