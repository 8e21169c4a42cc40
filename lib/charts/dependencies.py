"""Dependency charts: world concentration by stage, national dependence, the importer x mineral heatmap
and the world map of production shares (drawn from the locally served outline, no CDN)."""
from __future__ import annotations

import pandas as pd

from lib.charts.figure import (CHINA, OTHER_COLOURS, Chart, empty_figure, escape_plotly_text, frame_figure, Plot,
                               sources_of)
from lib.topics.dependencies import METRIC_LABELS, REST, share_in_words

def _shares(rows: pd.DataFrame, decimals: int = 0) -> list[str]:
    """Each share as its source states it ('≥90%' for a lower bound)."""
    bounds = rows["bound"] if "bound" in rows.columns else ["="] * len(rows)
    return [share_in_words(v, b, decimals) for v, b in zip(rows["value"], bounds)]


def _bound_text(rows: pd.DataFrame) -> list[str]:
    """On-chart labels only where the source gives a bound, so '≥90%' never reads as a point figure."""
    bounds = rows["bound"] if "bound" in rows.columns else ["="] * len(rows)
    return [label if b in (">=", "<=") else "" for label, b in zip(_shares(rows), bounds)]


IMPORTER_COLOURS = {"USA": "#0072B2", "JPN": "#009E73", "EU": "#E69F00", "KOR": "#CC79A7", "IND": "#56B4E9",
                    "DEU": "#F0E442"}


def _country_colour(country: str, order: list[str]) -> str:
    if country == "CHN":
        return CHINA
    if country == REST:
        return "#DDDDDD"
    others = [c for c in order if c not in ("CHN", REST)]
    return OTHER_COLOURS[others.index(country) % len(OTHER_COLOURS)]


def concentration_by_stage(world: pd.DataFrame, mineral_name: str, basis: str, context: str) -> Chart:
    title = f"Who produces {mineral_name}: share of world output by stage (latest reported year, {basis} basis)"
    sources = sources_of(world)
    if world.empty:
        return Chart("concentration_by_stage", title, empty_figure(f"No world-share figures for {mineral_name} "
                                                                   f"on a {basis} basis."), world, sources, "No data.")
    countries = list(dict.fromkeys(world.sort_values("value", ascending=False)["country"]))
    plot = Plot()
    for country in countries:
        rows = world[world["country"] == country]
        plot.add("bar", y=rows["stage"] + " (" + rows["year"].astype(str) + ")", x=rows["value"], orientation="h",
                 name=escape_plotly_text(country), marker={"color": _country_colour(country, countries)},
                 customdata=[[escape_plotly_text(d), share] for d, share in zip(rows["basis_detail"], _shares(rows, 1))],
                 text=_bound_text(rows), textposition="inside",
                 hovertemplate="%{y}: %{customdata[1]}<br>%{customdata[0]}<extra>" + escape_plotly_text(country) + "</extra>")
    plot.axis("xaxis", tickformat=".0%", range=[0, 1]).axis("yaxis", automargin=True)
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Share of world output", height=380,
                          barmode="stack")
    alt = (f"Stacked horizontal bars of world {mineral_name} output shares by country for each stage; China in "
           f"vermillion; the grey remainder is output not itemised in the sources.")
    return Chart("concentration_by_stage", title, figure, world.reset_index(drop=True), sources, alt)


def dependence_bars(dependence: pd.DataFrame, metric: str, basis: str, context: str) -> Chart:
    label = METRIC_LABELS.get(metric, metric)
    title = f"{label}, by importer, mineral and stage (latest reported year, {basis} basis)"
    sources = sources_of(dependence)
    if dependence.empty:
        return Chart("national_dependence", title, empty_figure(f"No figures for this measure on a {basis} basis."),
                     dependence, sources, "No data.")
    plot = Plot()
    category = dependence["mineral_id"] + " · " + dependence["stage"]
    for country, rows in dependence.assign(category=category).groupby("country", sort=True):
        plot.add("bar", x=rows["category"], y=rows["value"], name=escape_plotly_text(country),
                 marker={"color": IMPORTER_COLOURS.get(country, "#999999")},
                 customdata=[[str(y), escape_plotly_text(d), share]
                             for y, d, share in zip(rows["year"], rows["basis_detail"], _shares(rows))],
                 text=_bound_text(rows), textposition="outside",
                 hovertemplate="%{x}: %{customdata[2]} (%{customdata[0]})<br>%{customdata[1]}<extra>"
                               + escape_plotly_text(country) + "</extra>")
    plot.axis("yaxis", tickformat=".0%", range=[0, 1.05])
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Mineral · stage", y_title=label,
                          height=460, barmode="group")
    alt = f"Grouped bars of {label.lower()} for each importer across minerals and stages, {basis} basis."
    return Chart("national_dependence", title, figure, dependence.reset_index(drop=True), sources, alt)


def dependence_heatmap(matrix: pd.DataFrame, metric: str, basis: str, context: str) -> Chart:
    label = METRIC_LABELS.get(metric, metric)
    title = f"{label}: importer × mineral (latest reported year, {basis} basis)"
    sources = sources_of(matrix)
    if matrix.empty:
        return Chart("dependence_heatmap", title, empty_figure("No figures for this measure and basis."), matrix,
                     sources, "No data.")
    grid = matrix.pivot(index="country", columns="mineral_id", values="value")
    years = matrix.pivot(index="country", columns="mineral_id", values="year")
    labels = matrix.assign(label=_shares(matrix)).pivot(index="country", columns="mineral_id", values="label")
    text = [[("" if pd.isna(v) else f"{label}<br>{int(y)}") for v, y, label in zip(values, year_row, label_row)]
            for values, year_row, label_row in zip(grid.to_numpy(), years.to_numpy(), labels.to_numpy())]
    z = [[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()]
    plot = Plot().add("heatmap", z=z, x=list(grid.columns), y=list(grid.index), text=text, texttemplate="%{text}",
                      zmin=0, zmax=1, colorscale="Oranges", colorbar={"title": {"text": "share"}, "tickformat": ".0%"},
                      customdata=[["" if pd.isna(label) else label for label in row] for row in labels.to_numpy()],
                      hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>")
    figure = frame_figure(plot, title, context, sources, modelled=False, x_title="Mineral", y_title="Importer", height=420)
    alt = f"Heatmap of {label.lower()} with importers as rows and minerals as columns; blank cells have no figure."
    return Chart("dependence_heatmap", title, figure, matrix.reset_index(drop=True), sources, alt)


def production_map(world: pd.DataFrame, mineral_name: str, stage: str, context: str) -> Chart:
    title = f"Share of world {mineral_name} output by country ({stage}, latest reported year)"
    rows = world[world["country"] != REST]
    sources = sources_of(rows)
    if rows.empty:
        return Chart("production_map", title, empty_figure(f"No country figures for {mineral_name} at this stage."),
                     rows, sources, "No data.")
    plot = Plot().add("choropleth", locations=rows["country"], z=rows["value"], locationmode="ISO-3", zmin=0, zmax=1,
                      colorscale="Oranges", marker={"line": {"color": "#666666"}},
                      colorbar={"title": {"text": "share"}, "tickformat": ".0%"}, customdata=_shares(rows, 1),
                      hovertemplate="%{location}: %{customdata}<extra></extra>")
    plot.axis("geo", showframe=False, showcoastlines=False, projection={"type": "natural earth"},
              showcountries=True, countrycolor="#CCCCCC", resolution=110)
    figure = frame_figure(plot, title, context, sources, modelled=False, height=460)
    alt = f"World map shading each itemised country by its share of {mineral_name} output at the {stage} stage."
    return Chart("production_map", title, figure, rows.reset_index(drop=True), sources, alt)
