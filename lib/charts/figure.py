"""Chart builders: tidy frame in, finished figure out, with the exact data plotted kept alongside.

Every figure carries its own title, context line (scenario state, as-of date) and source line, so a
PNG saved from the chart's toolbar is briefing-ready. Colours are colour-blind safe (Okabe–Ito) and
fixed: framework off is always grey, on always blue, China always vermillion.
"""
from __future__ import annotations

import html
import textwrap
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import plotly.graph_objects as go

OFF, ON, CHINA = "#7F7F7F", "#0072B2", "#D55E00"
STATE_COLOURS = {"off": OFF, "on": ON}
OTHER_COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#F0E442", "#0072B2", "#999999")  # no vermillion
NEUTRAL = "#8C8C8C"  # reads on both the light and the dark theme (black vanishes on dark)
ACCENT = "#56B4E9"
LIFECYCLE_COLOURS = {"announced": "#56B4E9", "in_force": CHINA, "suspended": "#E69F00", "ended": "#BBBBBB",
                     "unknown": "#CC79A7", "never_in_force": "#F0E442"}
MILESTONE_COLOURS = {"met": "#009E73", "missed": CHINA, "unknown": "#CC79A7"}
FONT = "Source Sans Pro, Arial, sans-serif"
SOURCE_WIDTH = 72  # characters per line of the source line and the stamp: 11 px type fits a half-width chart
MAX_SOURCE_LINES = 6  # more than this and the figure names how many sources and where the full list is
SOURCE_LINE_NAME = "source_line"  # the annotation holding the source line, found again by stamped()
STAMP_LINE_HEIGHT = 14
TITLE_WIDTH = 62
CONTEXT_WIDTH = 80  # the context line is smaller type; wider and it is cut in a half-width chart
MAX_SOURCE_NAME = 60


@dataclass(frozen=True)
class Chart:
    key: str  # stable name: file names, tests and the briefing export use it
    title: str
    spec: dict  # the plotly figure as plain dicts, as frame_figure builds it: what the page draws
    data: pd.DataFrame  # exactly what is plotted
    sources: tuple[tuple[str, str], ...]  # (name, http(s) url) of the upstream sources
    alt: str  # plain-language description for screen readers and the briefing
    modelled: bool = False

    def __post_init__(self) -> None:
        self.spec["layout"]["meta"] = {"chart_key": self.key}  # how tests and the page find a chart's figure

    @cached_property
    def figure(self) -> go.Figure:
        """The chart as a plotly Figure (exports, tests), built on first use: a Figure deep-copies every array,
        which the page, drawing `spec`, never needs."""
        return go.Figure(self.spec, _validate=False)


def escape_plotly_text(text: object) -> str:
    """Data text placed in a plotly label, with markup neutralised and invisible controls removed."""
    return html.escape(visible(text), quote=False)


_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")


def visible(text: object) -> str:
    """Text without control and format characters (bidi overrides, zero-width marks), so what a reader sees
    is what is there; line breaks and tabs become spaces."""
    return "".join(" " if ch in _BREAKS else ch for ch in str(text)
                   if ch in _BREAKS or unicodedata.category(ch) not in ("Cc", "Cf"))


# Plotly renders a subset of HTML in every string it draws (<a href>, <b>, <span style>, <br>). Data reaches
# traces as category arrays, text and legend names: those lose every tag; text and customdata keep only the
# line break the chart modules add on purpose. Idempotent: text already passed through escape_plotly_text()
# is unchanged.
_CATEGORY_KEYS = frozenset({"x", "y", "locations", "labels", "ids", "categoryarray", "ticktext"})
_TEXT_KEYS = frozenset({"text", "customdata", "hovertext", "name", "legendgroup"})


def inert(value: object, keep_breaks: bool = False):
    """Strings (also inside lists) with every '<' and '>' made an entity, so plotly shows them as text."""
    if isinstance(value, str):
        text = visible(value)
        if keep_breaks:
            return text.replace("<br>", "\0").replace("<", "&lt;").replace(">", "&gt;").replace("\0", "<br>")
        return text.replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, (list, tuple)):
        return [inert(v, keep_breaks) for v in value]
    if isinstance(value, np.ndarray) and value.dtype == object:
        return [inert(v, keep_breaks) for v in value.tolist()]
    return value


def _inert_props(props: dict) -> dict:
    return {k: inert(v) if k in _CATEGORY_KEYS else inert(v, True) if k in _TEXT_KEYS else v
            for k, v in props.items()}


def sources_of(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    if frame.empty or "source_url" not in frame.columns:
        return ()
    pairs = frame[["source_name", "source_url"]].dropna().drop_duplicates()
    return tuple(pairs.itertuples(index=False, name=None))


def source_line(sources: tuple[tuple[str, str], ...], modelled: bool) -> str:
    """Every upstream source by name, wrapped over lines (annotations do not wrap by themselves), never cut;
    when they would take more than MAX_SOURCE_LINES lines, how many there are and where the full list is."""
    names = list(dict.fromkeys(name for name, _ in sources))
    if not names:
        return "Source: see the Sources page"
    prefix = "Modelled from" if modelled else "Source" + ("s" if len(names) > 1 else "")
    lines = textwrap.wrap(f"{prefix}: " + "; ".join(map(str, names)), SOURCE_WIDTH, break_long_words=False,
                          break_on_hyphens=False)
    if len(lines) > MAX_SOURCE_LINES:
        lines = textwrap.wrap(f"{prefix}: {len(names)} sources, listed with their links in the chart's About download "
                              "and under the chart", SOURCE_WIDTH)
    return "<br>".join(escape_plotly_text(line) for line in lines)


def stamp_lines(*parts: str) -> list[str]:
    """Text for stamped(): each part wrapped at the source line's width, escaped."""
    return [escape_plotly_text(line) for part in parts if part
            for line in textwrap.wrap(part, SOURCE_WIDTH, break_long_words=True, break_on_hyphens=False)]


class StampedFigure(go.Figure):
    """A finished figure's dict with a stamp added, handed to Streamlit and plotly.io as is: building a Figure
    from it would validate and copy every array again on every rerun. Only to_dict is ever called on it, and
    nothing keeps it past the rerun that draws it."""

    def __init__(self, prepared: dict) -> None:  # the Figure machinery is not needed: only to_dict is called
        object.__setattr__(self, "_stamped_dict", prepared)

    def to_dict(self) -> dict:
        return self._stamped_dict

    def to_plotly_json(self) -> dict:
        return self._stamped_dict


def stamped(figure: go.Figure | dict, lines: list[str]) -> go.Figure:
    """The figure (a Figure or a chart's spec) with `lines` (as-of date, horizon, data version, link) under its
    source line, the bottom margin grown to hold them. The figure is not changed: the stamp goes into new
    top-level dicts that share the figure's own traces and layout parts, read as they are now (plotly's
    `to_dict` would deep-copy and re-encode every array on every rerun, ~1.5 ms a chart)."""
    if isinstance(figure, go.Figure):  # the figure's live state: a later update_layout is never left out
        data, layout = figure._data, figure._layout
    else:
        data, layout = figure["data"], figure["layout"]
    annotations = layout.get("annotations", [])
    at = next((i for i, a in enumerate(annotations) if a.get("name") == SOURCE_LINE_NAME), None)
    if at is None or not lines:
        return StampedFigure({"data": data, "layout": layout})
    extra = STAMP_LINE_HEIGHT * len(lines)
    bottom = layout["margin"]["b"] + extra
    height = layout["height"] + extra
    source = {**annotations[at], "text": annotations[at]["text"] + "<br>" + "<br>".join(lines),
              "yshift": -(bottom - 12)}
    new_layout = {**layout, "annotations": [*annotations[:at], source, *annotations[at + 1:]],
                  "margin": {**layout["margin"], "b": bottom}, "height": height}
    legend = layout.get("legend", {})
    if legend.get("yref") == "container":  # placed in pixels from the bottom edge: keep it there
        new_layout["legend"] = {**legend, "y": (legend["y"] * layout["height"] + extra) / height}
    return StampedFigure({"data": data, "layout": new_layout})


class Plot:
    """A figure assembled from plain dicts. Plotly's object validators cost ~8x the build time, so they are
    skipped here; tests/test_charts.py validates every chart the app draws instead."""

    def __init__(self) -> None:
        self.traces: list[dict] = []
        self.layout: dict = {}
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []

    def add(self, kind: str, **props) -> "Plot":
        self.traces.append({"type": kind, **_inert_props({k: _jsonable(v) for k, v in props.items()})})
        return self

    def axis(self, name: str, **props) -> "Plot":
        self.layout.setdefault(name, {}).update(_inert_props({k: _jsonable(v) for k, v in props.items()}))
        return self

    def vline(self, x, text: str = "") -> "Plot":
        self.shapes.append({"type": "line", "x0": _jsonable(x), "x1": _jsonable(x), "yref": "paper", "y0": 0,
                            "y1": 1, "line": {"dash": "dot", "color": NEUTRAL, "width": 1}})
        if text:
            self.annotations.append({"x": _jsonable(x), "y": 1.0, "yref": "paper", "text": escape_plotly_text(text),
                                     "showarrow": False, "yanchor": "bottom"})
        return self

    def vrect(self, x0, x1, colour: str, text: str = "") -> "Plot":
        self.shapes.append({"type": "rect", "x0": _jsonable(x0), "x1": _jsonable(x1), "yref": "paper", "y0": 0,
                            "y1": 1, "fillcolor": colour, "opacity": 0.08, "line": {"width": 0}, "layer": "below"})
        if text:
            self.annotations.append({"x": _jsonable(x0), "y": 1.0, "yref": "paper", "text": escape_plotly_text(text),
                                     "showarrow": False, "xanchor": "left", "yanchor": "top",
                                     "font": {"size": 11, "color": "#666666"}})
        return self


def _jsonable(value):
    """Frames and series become plain arrays or lists; dates become ISO strings."""
    if isinstance(value, pd.Series):
        if pd.api.types.is_datetime64_any_dtype(value):
            return value.dt.strftime("%Y-%m-%d").tolist()
        if pd.api.types.is_numeric_dtype(value) and not pd.api.types.is_bool_dtype(value):
            return value.to_numpy(dtype=float)
        return value.astype(object).tolist()
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, pd.DataFrame):
        return value.to_numpy().tolist()
    return value


def clip(text: object, width: int = MAX_SOURCE_NAME) -> str:
    """Text cut to `width` characters with an ellipsis that says so (cut before escaping, never inside an entity)."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def frame_figure(plot: Plot, title: str, context: str, sources, modelled: bool, x_title: str = "",
                 y_title: str = "", height: int = 460, legend: str = "bottom", **layout) -> dict:
    """Title, context line and source line inside the figure itself, so an exported image keeps them."""
    wrapped = "<br>".join(textwrap.wrap(escape_plotly_text(title), TITLE_WIDTH)) or escape_plotly_text(title)
    context_lines = textwrap.wrap(escape_plotly_text(context), CONTEXT_WIDTH) or [escape_plotly_text(context)]
    top = 52 + 20 * (wrapped.count("<br>") + 1) + 14 * (len(context_lines) - 1)
    entries = sum(1 for trace in plot.traces if trace.get("showlegend", True) is not False)
    # A horizontal legend wraps to one entry per line in a narrow chart: leave room for that.
    source = source_line(sources, modelled)
    bottom = (min(110 + 20 * entries, 290) if legend == "bottom" and entries > 1 else 90) + 14 * source.count("<br>")
    total_height = height + top + bottom - 170
    # Placed in pixels from the figure's bottom edge, below the x-axis title, whatever the plot's height.
    legend_layout = ({"orientation": "h", "yanchor": "top", "yref": "container", "y": (bottom - 48) / total_height,
                      "x": 0, "xanchor": "left"}
                     if legend == "bottom" else {"orientation": "v", "yanchor": "top", "y": 1.0, "x": 1.02})
    annotations = plot.annotations + [{
        "name": SOURCE_LINE_NAME, "text": source, "align": "left", "xref": "paper", "yref": "paper", "x": 0, "y": 0,
        "yshift": -(bottom - 12), "xanchor": "left", "yanchor": "bottom", "showarrow": False,
        "font": {"size": 11, "color": "#666666"}}]
    base = {
        # Placed in pixels from the top: a fraction of the height put the top line partly outside short charts.
        "title": {"text": wrapped + "".join(f"<br><sup>{line}</sup>" for line in context_lines),
                  "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "top", "yref": "container", "pad": {"t": 16}},
        "font": {"family": FONT, "size": 13}, "height": total_height, "legend": legend_layout,
        "showlegend": entries > 1, "margin": {"l": 60, "r": 20, "t": top, "b": bottom},
        "xaxis": {"title": {"text": inert(x_title)}}, "yaxis": {"title": {"text": inert(y_title)}},
        "shapes": plot.shapes, "annotations": annotations,
    }
    for name, props in plot.layout.items():
        base[name] = {**base.get(name, {}), **props}
    base.update(layout)
    return {"data": plot.traces, "layout": base}


def empty_figure(message: str) -> dict:
    return {"data": [], "layout": {
        "annotations": [{"text": escape_plotly_text(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5,
                         "y": 0.5}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 200}}


