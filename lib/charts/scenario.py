"""Scenario charts: dependency paths off vs on, lever contributions, project supply, world concentration,
shock shortfall. All take the model's tidy frames."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.charts.figure import (ACCENT, CHINA, NEUTRAL, OTHER_COLOURS, STATE_COLOURS, Chart, empty_figure,
                               escape_plotly_text, frame_figure, Plot)
from lib.data.labels import IMPORTER_NAMES, IMPORTER_POSSESSIVE

LEVER_COLOURS = {"finance": "#009E73", "stockpile": "#E69F00", "pooling": "#CC79A7"}
STATE_NAMES = {"off": "Framework off", "on": "Framework on"}
MARKER_ROWS = {"export_control": 1.04, "milestone": 0.98}
MAX_PROJECTS_SHOWN = 12
MARKERS = (("export_control", "triangle-down", "China export-control event", CHINA),
           ("milestone", "diamond", "Framework milestone", "#CC79A7"))


def _state_line(state: str, headline: str = "on") -> dict:
    """The headlined state is drawn bold; the other one thin, as the comparison it is."""
    return {"color": STATE_COLOURS[state], "dash": "dash" if state == "off" else "solid",
            "width": 3 if state == headline else 1.5}


def series_name(state: str, headline: str) -> str:
    """'Framework on' for the state the page shows; the other state is named as the comparison."""
    return STATE_NAMES[state] + ("" if state == headline else " (for comparison)")


def states_in_title(headline: str) -> str:
    return "framework on vs off" if headline == "on" else "framework off (on shown for comparison)"


def _band(plot: Plot, part: pd.DataFrame, state: str, name: str, percent: str = ".1%", **axes) -> None:
    """The 10–90% range of the draws as one shaded area in the state's colour, and the median as a thin dotted
    line; `part`: year, p10, p50, p90 of one state."""
    years = part["year"].tolist()
    plot.add("scatter", x=years + years[::-1], y=part["p90"].tolist() + part["p10"].tolist()[::-1], mode="lines",
             fill="toself", fillcolor=_translucent(STATE_COLOURS[state]), line={"width": 0},
             name=f"{name}: 10–90% of draws", legendgroup=f"{state}-range", hoverinfo="skip", **axes)
    plot.add("scatter", x=part["year"], y=part["p50"], mode="lines", name=f"{name}: median of draws",
             legendgroup=f"{state}-range", line={"color": STATE_COLOURS[state], "dash": "dot", "width": 1},
             customdata=part[["p10", "p90"]].to_numpy(),
             hovertemplate=f"%{{x}}: median %{{y:{percent}}}, 10–90% %{{customdata[0]:{percent}}} to "
                           f"%{{customdata[1]:{percent}}}<extra>{name}</extra>", **axes)


def _with_ranges(data: pd.DataFrame, bands: pd.DataFrame | None, draws: int, seed: int) -> pd.DataFrame:
    """The chart's series rows with the draws' 10th, 50th and 90th percentiles beside the point values."""
    if bands is None or bands.empty:
        return data
    by_point = {(s, int(y)): (p10, p50, p90) for s, y, p10, p50, p90 in
                bands[["state", "year", "p10", "p50", "p90"]].itertuples(index=False, name=None)}
    nan = (float("nan"),) * 3
    found = [by_point.get((s, int(y)), nan) for s, y in zip(data["state"], data["year"])]
    whole = {name: pd.array([value] * len(data), dtype="Int64") for name, value in (("draws", draws), ("seed", seed))}
    return data.assign(**{q: [f[k] for f in found] for k, q in enumerate(("p10", "p50", "p90"))}, **whole)


def ranges_in_title(bands: pd.DataFrame | None, draws: int, seed: int) -> str:
    return f", with 10–90% of {draws:,} draws (seed {seed})" if bands is not None and not bands.empty else ""


def dependency_paths(paths: pd.DataFrame, markers: pd.DataFrame, importer: str, chain_name: str, context: str,
                     sources, headline: str = "on", bands: pd.DataFrame | None = None, draws: int = 0,
                     seed: int = 0) -> Chart:
    """`markers`: kind (export_control / milestone), year (fractional), label, date. `headline`: the framework
    state the page shows; the other state is drawn thin as its comparison. `bands` (state, year, p10, p50,
    p90 of this importer's dependency, lib/scenario/uncertainty.py): the range of the Monte Carlo's draws,
    shaded around each path."""
    data = paths[paths["importer"] == importer][["state", "year", "dependency"]].reset_index(drop=True)
    title = (f"{IMPORTER_NAMES[importer]}: share of {chain_name} demand supplied by China, {states_in_title(headline)}"
             + ranges_in_title(bands, draws, seed))
    plot = Plot()
    for state in ("off", "on"):
        rows, name = data[data["state"] == state], series_name(state, headline)
        if bands is not None and not bands.empty:
            _band(plot, bands[bands["state"] == state], state, name)
        plot.add("scatter", x=rows["year"], y=rows["dependency"], name=name, mode="lines+markers",
                 line=_state_line(state, headline), hovertemplate="%{x}: %{y:.1%}<extra>" + name + "</extra>")
    for kind, symbol, name, colour in MARKERS:
        rows = markers[markers["kind"] == kind] if not markers.empty else markers
        if not rows.empty:
            plot.add("scatter", x=rows["year"], y=[MARKER_ROWS[kind]] * len(rows), mode="markers", name=name,
                     marker={"symbol": symbol, "size": 11, "color": colour},
                     text=[escape_plotly_text(t) for t in rows["label"]], customdata=rows["date"].astype(str),
                     hovertemplate="%{customdata}: %{text}<extra></extra>")
    plot.axis("yaxis", tickformat=".0%", range=[0, 1.08])
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year",
                          y_title="Dependency on China")
    ranges = (f", each with the range holding the middle 80% of {draws:,} Monte Carlo draws shaded and their "
              "median dotted" if bands is not None and not bands.empty else "")
    alt = (f"Line chart of {IMPORTER_POSSESSIVE[importer]} dependency on China for {chain_name} by year, framework "
           f"off (grey, dashed) and on (blue){ranges}, with export-control events and framework milestones marked.")
    series = _with_ranges(data, bands, draws, seed)
    plotted = pd.concat([series.assign(series=[series_name(state, headline) for state in series["state"]]),
                         markers.rename(columns={"label": "series_label"})], ignore_index=True)
    return Chart("dependency_paths", title, figure, plotted, sources, alt, modelled=True)


def lever_contributions(contributions: pd.DataFrame, importer: str, chain_name: str, context: str,
                        sources, headline: str = "on") -> Chart:
    data = contributions[(contributions["metric"] == "dependency") & (contributions["importer"] == importer)]
    data = data[["year", "lever", "contribution"]].reset_index(drop=True)
    title = (f"Change in {IMPORTER_POSSESSIVE[importer]} dependency on China ({chain_name}), framework on minus off, "
             "by lever" + ("" if headline == "on" else " (the framework is switched off: what it would change)"))
    if data.empty:
        figure = empty_figure("All framework levers are switched off: on equals off.")
        return Chart("lever_contributions", title, figure, data, sources, "No lever is switched on.", True)
    plot = Plot()
    for lever, rows in data.groupby("lever", sort=False):
        plot.add("bar", x=rows["year"], y=rows["contribution"], name=lever.title(),
                 marker={"color": LEVER_COLOURS.get(lever, "#999999")},
                 hovertemplate="%{x}: %{y:+.1%}<extra>" + lever.title() + "</extra>")
    totals = data.groupby("year", as_index=False)["contribution"].sum()
    plot.add("scatter", x=totals["year"], y=totals["contribution"], name="Total change", mode="lines+markers",
             line={"color": ACCENT}, hovertemplate="%{x}: %{y:+.1%}<extra>Total</extra>")
    plot.axis("yaxis", tickformat="+.0%")
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year", y_title="Percentage points",
                          barmode="relative")
    alt = (f"Stacked bars of how much each framework lever changes {IMPORTER_POSSESSIVE[importer]} dependency "
           f"on China for {chain_name} each year; negative means less dependent. A line shows the total.")
    return Chart("lever_contributions", title, figure, data, sources, alt, modelled=True)


def project_supply(*, supply: pd.DataFrame, paths: pd.DataFrame, names: dict, importer: str, chain_name: str,
                   unit: str, state: str, context: str, sources) -> Chart:
    """Stacked non-China supply by project for one importer, with demand and existing supply."""
    members = ("USA", "JPN") if importer == "USA+JPN" else (importer,)
    rows = supply[(supply["state"] == state) & supply["importer"].isin(members)]
    by_project = _largest_projects(rows.groupby(["project_id", "candidate", "year"], as_index=False)["supply_t"].sum())
    path = paths[(paths["state"] == state) & (paths["importer"] == importer)]
    existing = path["non_china_t"] - path["year"].map(by_project.groupby("year")["supply_t"].sum()).fillna(0.0)
    title = f"Non-China {chain_name} supply reaching {IMPORTER_NAMES[importer]}, framework {state}"
    plot = Plot()
    plot.add("bar", x=path["year"], y=existing, name="Non-China supply already there in the base year",
             marker={"color": "#BBBBBB"}, hovertemplate="%{x}: %{y:,.0f}<extra>Existing</extra>")
    for index, ((project_id, candidate), group) in enumerate(by_project.groupby(["project_id", "candidate"],
                                                                               sort=True)):
        name = names.get(project_id, project_id)
        label = escape_plotly_text(name if len(name) <= 44 else name[:43] + "…") + (" (framework candidate)" if candidate else "")
        plot.add("bar", x=group["year"], y=group["supply_t"], name=label,
                 marker={"color": OTHER_COLOURS[index % len(OTHER_COLOURS)], "pattern": {"shape": "/" if candidate else ""},
                         "line": {"width": 0.5, "color": "#333333"}},
                 hovertemplate="%{x}: %{y:,.1f}<extra>" + label + "</extra>")
    plot.add("scatter", x=path["year"], y=path["demand_t"], name="Demand", mode="lines",
             line={"color": NEUTRAL, "dash": "dot", "width": 2}, hovertemplate="%{x}: %{y:,.0f}<extra>Demand</extra>")
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year", y_title=unit, height=520,
                          legend="right", barmode="stack")
    data = pd.concat([
        pd.DataFrame({"series": "existing non-China supply", "year": path["year"], "tonnes": existing}),
        by_project.rename(columns={"supply_t": "tonnes"}).assign(series=lambda f: f["project_id"]),
        pd.DataFrame({"series": "demand", "year": path["year"], "tonnes": path["demand_t"]}),
    ], ignore_index=True)
    alt = (f"Stacked bars of non-China {chain_name} supply reaching {IMPORTER_NAMES[importer]} each year by project "
           f"(hatched bars are framework candidates) against demand (dotted line).")
    return Chart("project_supply", title, figure, data, sources, alt, modelled=True)


def _largest_projects(by_project: pd.DataFrame, shown: int = MAX_PROJECTS_SHOWN) -> pd.DataFrame:
    """Keep the chart legible: the largest projects by name, the rest summed as one bar."""
    totals = by_project.groupby("project_id")["supply_t"].sum().sort_values(ascending=False)
    if len(totals) <= shown:
        return by_project
    rest = ~by_project["project_id"].isin(totals.index[: shown - 1])
    others = by_project[rest].groupby("year", as_index=False)["supply_t"].sum().assign(
        project_id=f"{len(totals) - shown + 1} other projects", candidate=False)
    return pd.concat([by_project[~rest], others], ignore_index=True)


def world_concentration(world: pd.DataFrame, chain_name: str, context: str, sources, headline: str = "on",
                        bands: pd.DataFrame | None = None, draws: int = 0, seed: int = 0) -> Chart:
    """China's world share (with the draws' 10–90% range when `bands` holds it) and the HHI, off and on."""
    data = world[["state", "year", "china_share", "hhi"]].reset_index(drop=True)
    title = (f"World {chain_name}: China's share of supply and market concentration (HHI), "
             f"{states_in_title(headline)}" + ranges_in_title(bands, draws, seed))
    plot = Plot()
    for state in ("off", "on"):
        rows, name = data[data["state"] == state], series_name(state, headline)
        extra = "<extra>" + name + "</extra>"
        if bands is not None and not bands.empty:
            _band(plot, bands[bands["state"] == state], state, name)
        plot.add("scatter", x=rows["year"], y=rows["china_share"], name=name, line=_state_line(state, headline),
                 legendgroup=state, hovertemplate="%{x}: %{y:.1%}" + extra)
        plot.add("scatter", x=rows["year"], y=rows["hhi"], name=name, line=_state_line(state, headline),
                 legendgroup=state, showlegend=False, xaxis="x2", yaxis="y2", hovertemplate="%{x}: %{y:,.0f}" + extra)
    plot.axis("xaxis", domain=[0, 0.45]).axis("xaxis2", domain=[0.55, 1], anchor="y2", title={"text": "Year"})
    plot.axis("yaxis", tickformat=".0%", range=[0, 1.02], title={"text": "China's share of world supply"})
    plot.axis("yaxis2", anchor="x2", rangemode="tozero", title={"text": "HHI, 0–10,000"})
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year")
    alt = (f"Two line charts: China's share of world {chain_name} supply and the HHI concentration index, "
           "framework off and on" + (f"; the share with the range of the middle 80% of {draws:,} Monte Carlo "
                                     "draws shaded" if bands is not None and not bands.empty else "") + ".")
    plotted = _with_ranges(data, bands, draws, seed)
    return Chart("world_concentration", title, figure, plotted, sources, alt, modelled=True)


def _finite(values: np.ndarray) -> list:
    """Numbers for plotly, with None (drawn as nothing) where there is no value."""
    return [None if np.isnan(v) else float(v) for v in values]


def shortfall_label(share: float) -> str:
    """A bar of height zero is invisible; say so in words, so 'no shortfall' never reads as 'no data'."""
    return "none" if share < 0.0005 else f"{share:.1%}"


def shock_shortfall(shock: pd.DataFrame, ranges: pd.DataFrame, definition: str, context: str, sources,
                    headline: str = "on", draws: int = 0) -> Chart:
    """Bars: the shortfall on the model's expected path, as a share of annual demand; whiskers: 10–90% of the
    Monte Carlo's draws where `ranges` has them (state, importer, measure, p10, p50, p90). `definition`: the
    shock in words (lib/views/scenarios.shock_definition), placed in the title so a saved PNG states it."""
    data = shock[["state", "importer", "lost_t", "stockpile_days", "stockpile_t", "received_t", "shortfall_t",
                  "shortfall_share_of_demand", "shortfall_days"]].reset_index(drop=True)
    share_ranges = (ranges[ranges["measure"] == "shortfall_share_of_demand"].set_index(["state", "importer"])
                    if not ranges.empty else pd.DataFrame())
    for q in ("p10", "p90"):
        data[f"shortfall_share_{q}"] = [share_ranges[q].get((s, i), float("nan")) if not share_ranges.empty
                                        else float("nan") for s, i in zip(data["state"], data["importer"])]
    title = f"Shortfall in an export-control shock, {states_in_title(headline)}: {definition}"
    plot = Plot()
    for state in ("off", "on"):
        rows, name = data[data["state"] == state], series_name(state, headline)
        names = [IMPORTER_NAMES[i] for i in rows["importer"]]
        plot.add("bar", x=names, y=rows["shortfall_share_of_demand"], name=name, offsetgroup=state,
                 marker={"color": STATE_COLOURS[state], "opacity": 1.0 if state == headline else 0.55},
                 text=[shortfall_label(share) for share in rows["shortfall_share_of_demand"]],
                 textposition="outside", cliponaxis=False,
                 customdata=rows[["shortfall_t", "shortfall_days", "stockpile_days"]].to_numpy(),
                 hovertemplate="%{x}: %{y:.1%} of annual demand<br>%{customdata[0]:,.1f} t, "
                               "%{customdata[1]:.0f} days of consumption; stock on hand %{customdata[2]:.0f} days"
                               "<extra>" + name + "</extra>")
        low, high = rows["shortfall_share_p10"].to_numpy(), rows["shortfall_share_p90"].to_numpy()
        spread = abs(high - low) > 5e-4  # a whisker only where the draws differ
        if draws and spread.any():
            middle = np.where(spread, (low + high) / 2, np.nan)
            plot.add("scatter", x=names, y=_finite(middle), mode="markers", offsetgroup=state,
                     name=f"10–90% of {draws:,} draws", legendgroup="range", showlegend=state == "off",
                     marker={"symbol": "line-ns-open", "size": 10, "color": NEUTRAL, "line": {"width": 1.5}},
                     error_y={"type": "data", "array": _finite(high - middle), "arrayminus": _finite(middle - low),
                              "width": 6, "color": NEUTRAL, "thickness": 1.5},
                     customdata=list(zip(low.tolist(), high.tolist())),
                     hovertemplate="%{x}: 10–90% of " + f"{draws:,}" + " draws: %{customdata[0]:.1%} to "
                                   "%{customdata[1]:.1%}<extra>" + name + "</extra>")
    plot.axis("yaxis", tickformat=".1%", rangemode="tozero")
    figure = frame_figure(plot, title, context, sources, modelled=True, y_title="Shortfall, share of annual demand",
                          barmode="group", scattermode="group")
    alt = (f"Grouped bars of the supply shortfall for each importer, framework off and on, in this shock: "
           f"{definition}. Whiskers show the range of 10 to 90% of the draws where it differs.")
    return Chart("shock_shortfall", title, figure, data, sources, alt, modelled=True)


SPLIT_COLOURS = {"new": "#009E73", "redirected": "#E69F00"}


def framework_effect_split(effect: pd.DataFrame, redirected_from: pd.DataFrame, importer: str, chain_name: str,
                           preset_label: str, context: str, sources) -> Chart:
    """The framework's change in one importer's dependency, split into new supply and supply redirected from
    other buyers; the hover and the data name who gives up the redirected tonnes."""
    data = effect[effect["importer"] == importer][["year", "new_t", "redirected_t", "new_points",
                                                     "redirected_points", "total_points"]].reset_index(drop=True)
    lost = redirected_from.set_index("year")["redirected_t"] if not redirected_from.empty else pd.Series(dtype=float)
    loser = redirected_from["loser"].iloc[0] if not redirected_from.empty else "other buyers"
    title = (f"{IMPORTER_NAMES[importer]}, {chain_name}: framework effect from new supply vs supply redirected "
             f"from other buyers ({preset_label})")
    if data.empty or not (data[["new_t", "redirected_t"]].abs().to_numpy() > 1e-9).any():
        figure = empty_figure(f"No framework effect on supply under '{preset_label}'.")
        return Chart("framework_effect_split", title, figure, data, sources, "No framework effect on supply.", True)
    plot = Plot()
    for part, label in (("new", "New supply"), ("redirected", f"Redirected from {loser}")):
        plot.add("bar", x=data["year"], y=data[f"{part}_points"], name=label,
                 marker={"color": SPLIT_COLOURS[part]}, customdata=data[f"{part}_t"],
                 hovertemplate="%{x}: %{y:+.1%} (%{customdata:,.0f} t)<extra>" + label + "</extra>")
    plot.add("scatter", x=data["year"], y=data["total_points"], name="Total change", mode="lines+markers",
             line={"color": ACCENT}, hovertemplate="%{x}: %{y:+.1%}<extra>Total</extra>")
    plot.axis("yaxis", tickformat="+.0%")
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year",
                          y_title="Change in dependency, on minus off", barmode="relative")
    alt = (f"Stacked bars of the change in {IMPORTER_POSSESSIVE[importer]} dependency on China for {chain_name} each "
           f"year from new supply and from supply redirected from {loser}, with the total as a line.")
    plotted = data.assign(redirected_from_other_buyers_t=data["year"].map(lost).fillna(0.0), loser=loser)
    return Chart("framework_effect_split", title, figure, plotted, sources, alt, modelled=True)


def world_market_balance(world: pd.DataFrame, chain_name: str, unit: str, state: str, context: str,
                         sources) -> Chart:
    """World demand against non-China supply by source; China is the residual supplier of the rest."""
    data = world[world["state"] == state][["year", "world_demand_t", "non_china_t", "unlisted_non_china_t",
                                           "china_t", "surplus_t"]].reset_index(drop=True)
    listed = data["non_china_t"] - data["unlisted_non_china_t"]
    title = f"World {chain_name}: demand met by non-China supply and by China (the residual), framework {state}"
    plot = Plot()
    for values, name, colour in ((listed, "Non-China: base-year supply and listed projects", "#BBBBBB"),
                                 (data["unlisted_non_china_t"], "Non-China: growth not in the project list",
                                  "#88CCEE"),
                                 (data["china_t"], "China (residual: demand less non-China supply)", CHINA)):
        plot.add("bar", x=data["year"], y=values, name=name, marker={"color": colour},
                 hovertemplate="%{x}: %{y:,.0f}<extra>" + name + "</extra>")
    plot.add("scatter", x=data["year"], y=data["world_demand_t"], name="World demand", mode="lines",
             line={"color": NEUTRAL, "dash": "dot", "width": 2}, hovertemplate="%{x}: %{y:,.0f}<extra>Demand</extra>")
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Year", y_title=unit, barmode="stack")
    alt = (f"Stacked bars of world {chain_name} supply by source (non-China listed, non-China unlisted growth, China "
           f"as the residual) against world demand, framework {state}.")
    return Chart("world_market_balance", title, figure, data.assign(listed_non_china_t=listed), sources, alt,
                 modelled=True)


def _translucent(colour: str, alpha: float = 0.18) -> str:
    red, green, blue = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


MAX_DRIVERS_SHOWN = 12


def drivers_tornado(drivers: pd.DataFrame, importer: str, chain_name: str, year: int, context: str,
                    sources) -> Chart:
    """Tornado of the framework effect (on minus off dependency in `year`): for each assumption, bars from the
    effect as set to the effect at the low and the high end of its range, largest swing on top.
    `drivers`: lib/scenario/drivers.tornado's frame. Each bar is named with its scenario_assumptions row id."""
    ranked = drivers[drivers["problem"] == ""].head(MAX_DRIVERS_SHOWN).iloc[::-1]
    base = float(drivers["effect_base"].iloc[0]) if not drivers.empty else 0.0
    names = [escape_plotly_text(f"{label} [{param_id}]") for label, param_id in zip(ranked["label"], ranked["param_id"])]
    title = (f"What moves the framework's effect on {IMPORTER_POSSESSIVE[importer]} dependency on China "
             f"({chain_name}, {year}): each assumption across its range")
    plot = Plot()
    for end, colour, column, value in (("low end", "#56B4E9", "effect_low", "low"),
                                       ("high end", "#E69F00", "effect_high", "high")):
        plot.add("bar", orientation="h", y=names, x=ranked[column] - base, base=[base] * len(ranked),
                 name=f"Assumption at the {end} of its range", marker={"color": colour},
                 customdata=ranked[value], hovertemplate="%{y}<br>at %{customdata:g}: effect %{x:+.1%} vs as set"
                                                         f"<extra>{end}</extra>")
    plot.add("scatter", x=[base, base], y=[names[0], names[-1]] if names else [], mode="lines",
             name=f"Effect as set: {base:+.1%}", line={"color": NEUTRAL, "dash": "dot"}, hoverinfo="skip")
    plot.axis("xaxis", tickformat="+.0%")
    plot.axis("yaxis", automargin=True)
    figure = frame_figure(plot, title, context, sources, modelled=True, x_title="Framework effect (on minus off)",
                          height=120 + 34 * max(len(ranked), 1), barmode="overlay")
    alt = (f"Horizontal bars, one per assumption, of how far the framework's effect on "
           f"{IMPORTER_POSSESSIVE[importer]} dependency on China for {chain_name} in {year} moves when the "
           f"assumption is set to the low and to the high end of its range; the largest swing is on top.")
    data = drivers[["param_id", "label", "low", "high", "effect_low", "effect_high", "effect_base", "swing",
                    "problem"]].reset_index(drop=True)
    return Chart("drivers_tornado", title, figure, data, sources, alt, modelled=True)
