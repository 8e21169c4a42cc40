"""The Scenarios and Overview pages' scenario models: cached results, the events marked on the time axis,
the sources behind a chain, the headline figures and the charts."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from lib.charts import scenario as charts
from lib.data.cells import split_list
from lib.data.labels import FRAMEWORK_ID, IMPORTER_NAMES, IMPORTER_POSSESSIVE, names
from lib.data.load import Dataset
from lib.links.controls import ASSUMPTION_KEY_PREFIX, control_catalogue
from lib.scenario.drivers import Swing, tornado
from lib.scenario.inputs import Overrides, ShockPreset, TableInputs, inputs_from, shock_presets, table_inputs
from lib.scenario.model import ModelInputs, ScenarioResult, run_scenario
from lib.scenario.presets import levers_for_preset, preset
from lib.scenario.settings import ScenarioSettings
from lib.scenario.uncertainty import UncertaintyResult, run_uncertainty
from lib.topics.export_controls import filter_events, matching_minerals
from lib.views import page_model

SCENARIO_TABLES = ("chains", "supply_projects", "scenario_assumptions", "dependency_shares")


@page_model(maxsize=8)
def presets_of(data: Dataset) -> tuple[ShockPreset, ...]:
    """The shock presets drawn from real events (a groupby: worth caching, as every rerun needs them)."""
    return shock_presets(data.table("scenario_assumptions"))


@page_model(maxsize=8)
def chain_names(data: Dataset) -> dict[str, str]:
    return names(data.table("chains"), "chain_id")


@page_model(maxsize=64)
def assumption_rows(data: Dataset, lever: str, chain_id: str | None = None) -> tuple:
    """The scenario_assumptions rows of one lever (and chain), as named tuples: every rerun draws their controls."""
    table = data.table("scenario_assumptions")
    rows = table[table["lever"] == lever]
    if chain_id is not None:
        rows = rows[rows["chain_id"] == chain_id]
    return tuple(rows.itertuples(index=False))


@page_model(maxsize=8)
def tables_for_model(data: Dataset) -> TableInputs:
    """The tables' part of the model's inputs, once per dataset (~8 ms of pandas; the rest is cheap)."""
    return table_inputs(data.table("chains"), data.table("supply_projects"), data.table("scenario_assumptions"),
                        data.table("dependency_shares"))


@page_model(maxsize=16)
def model_inputs(data: Dataset, overrides: Overrides) -> ModelInputs:
    """The model's inputs for one model key, shared by the scenario and the Monte Carlo (the model never
    changes its inputs)."""
    return inputs_from(tables_for_model(data), overrides, data.manifest.base_year, data.manifest.end_year)


@page_model(maxsize=64)
def scenario_for(data: Dataset, overrides: Overrides) -> ScenarioResult:
    """Both worlds, framework off and on, for one model key (the switch is not part of it)."""
    return run_scenario(model_inputs(data, overrides))


@page_model(maxsize=16)
def uncertainty_for(data: Dataset, overrides: Overrides, chain_ids: tuple[str, ...] | None = None
                    ) -> UncertaintyResult:
    """The Monte Carlo's bands, probabilities and shock range, both worlds, for one model key and the chains a
    page shows (None: every chain). The switch is not part of the key, so a framework flip is a cache hit.
    Default draws and seed: the same link always gives the same figures."""
    return run_uncertainty(model_inputs(data, overrides), chain_ids=chain_ids)


def page_chains(settings: ScenarioSettings, chain_id: str) -> tuple[str, ...]:
    """The chains the Scenarios page draws from the Monte Carlo: the chosen chain and the shock's."""
    return tuple(sorted({chain_id, settings.model_key.shock_chain or chain_id}))


MONTE_CARLO_ONLY = ("start_slip_max_years", "demand_growth_spread", "dependency_threshold")  # no effect on it


def driver_swings(data: Dataset, chain_id: str) -> tuple[Swing, ...]:
    """The assumptions that can move the chain's framework effect, each across its control's range (a rule
    switch from off to on)."""
    assumptions = data.table("scenario_assumptions")
    rows = assumptions[(assumptions["lever"] != "shock") & assumptions["chain_id"].isin([chain_id, "all"])
                       & ~assumptions["param_id"].isin(MONTE_CARLO_ONLY)]
    catalogue = control_catalogue(data)
    swings = []
    for row in rows.itertuples(index=False):
        spec = catalogue.get(ASSUMPTION_KEY_PREFIX + row.param_id)
        if spec is None:
            continue
        low, high = (0.0, 1.0) if spec.kind == "bool" else (float(spec.minimum), float(spec.maximum))
        swings.append(Swing(row.param_id, row.label, low, high))
    return tuple(swings)


@page_model(maxsize=16)
def drivers_for(data: Dataset, overrides: Overrides, importer: str, chain_id: str, year: int) -> pd.DataFrame:
    """The tornado: every assumption swung across its range, ranked by how much it moves the framework effect
    on the importer's dependency in `year`."""
    tables = tables_for_model(data)

    def build(params: tuple[tuple[str, float], ...]):
        return inputs_from(tables, replace(overrides, params=params), data.manifest.base_year, data.manifest.end_year)
    return tornado(build, overrides.params, driver_swings(data, chain_id), importer, chain_id, year)


def dependency_bands(ranges: UncertaintyResult, importer: str, chain_id: str) -> pd.DataFrame:
    """The draws' 10–90% range of one importer's dependency on one chain, by state and year."""
    bands = ranges.bands
    return bands[(bands["metric"] == "dependency") & (bands["importer"] == importer) & (bands["chain_id"] == chain_id)]


def world_share_bands(ranges: UncertaintyResult, chain_id: str) -> pd.DataFrame:
    bands = ranges.bands
    return bands[(bands["metric"] == "world_china_share") & (bands["chain_id"] == chain_id)]


@page_model(maxsize=16)
def drivers_chart(data: Dataset, overrides: Overrides, importer: str, chain_id: str, year: int, context: str):
    """The tornado chart of drivers_for, with the chain's sources."""
    return charts.drivers_tornado(drivers_for(data, overrides, importer, chain_id, year), importer,
                                  chain_names(data)[chain_id], year, context, chain_sources(data, chain_id))


def chain_minerals(data: Dataset, chain_id: str) -> set[str]:
    """The minerals an export-control event must touch to concern the chain (the Export controls filter's rule)."""
    chains = data.table("chains")
    codes = split_list(chains.loc[chains["chain_id"] == chain_id, "mineral_ids"].iloc[0])
    return matching_minerals(tuple(codes), data.table("minerals"))


@page_model(maxsize=32)
def timeline_markers(data: Dataset, chain_id: str) -> pd.DataFrame:
    """Export-control events touching the chain's minerals and the framework's dated milestones, placed on
    the model's year axis (fractional years)."""
    base, end = data.manifest.base_year, data.manifest.end_year
    parts = []
    events = data.table("export_controls")
    if events is not None:
        touching = filter_events(events, chain_minerals(data, chain_id), (), ())
        dated = touching.assign(date=touching["date_effective"].fillna(touching["date_announced"]))
        parts.append(pd.DataFrame({"kind": "export_control", "date": dated["date"], "label": dated["title"]}))
    milestones = data.table("agreement_milestones")
    if milestones is not None:
        framework = milestones[(milestones["agreement_id"] == FRAMEWORK_ID)
                               & milestones["due_date"].notna()]
        parts.append(pd.DataFrame({"kind": "milestone", "date": framework["due_date"],
                                   "label": framework["commitment"] + " (" + framework["status"] + ")"}))
    markers = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["kind", "date", "label"])
    markers = markers.dropna(subset=["date"])
    markers["year"] = markers["date"].dt.year + (markers["date"].dt.day_of_year - 1) / 365.0
    markers["date"] = markers["date"].dt.date
    return markers[(markers["year"] >= base) & (markers["year"] <= end + 1)].reset_index(drop=True)


@page_model(maxsize=32)
def chain_sources(data: Dataset, chain_id: str) -> tuple[tuple[str, str], ...]:
    """Upstream sources of the chain's base-year inputs and projects."""
    assumptions = data.table("scenario_assumptions")
    projects = data.table("supply_projects")
    rows = pd.concat([assumptions[assumptions["chain_id"] == chain_id], projects[projects["chain_id"] == chain_id]])
    pairs = rows[["source_name", "source_url"]].drop_duplicates()
    return tuple(pairs.itertuples(index=False, name=None))


@page_model(maxsize=8)
def allowed_levers(data: Dataset, preset_id: str) -> frozenset[str]:
    """The levers a project preset lets act ('delivered': only those with evidence in the milestone tracker)."""
    return levers_for_preset(preset_id, data.table("agreement_milestones"))


def headline_figures(paths: pd.DataFrame, importer: str, chain_id: str, chain_name: str, base_year: int,
                     end_year: int, middle_year: int = 2030) -> list[tuple[str, str]]:
    """The dependency figures a briefing leads with: base year, and 2030 and the last year, on and off."""
    rows = paths[(paths["importer"] == importer) & (paths["chain_id"] == chain_id)]
    share = {(r.state, int(r.year)): r.dependency for r in rows.itertuples(index=False)}
    who = IMPORTER_POSSESSIVE.get(importer, importer)
    who = who[:1].upper() + who[1:]
    figures = []
    if ("off", base_year) in share:
        figures.append((f"{who} dependency on China, {chain_name}, {base_year}", f"{share['off', base_year]:.0%}"))
    for year in dict.fromkeys((middle_year, end_year)):
        if ("on", year) in share and ("off", year) in share:
            figures.append((f"{who} dependency on China, {chain_name}, {year}, framework on / off",
                            f"{share['on', year]:.0%} / {share['off', year]:.0%}"))
    return figures


def shock_definition(key: Overrides, chain_name: str, origin: str) -> str:
    """The shock in words, in the shock chart's title so its PNG says what was assumed: chain, share stopped,
    months, year, who is hit, and the event or 'custom shock' it comes from."""
    who = " and ".join(IMPORTER_NAMES.get(i, i) for i in (key.shock_importers or ()))
    cut = f"{float(key.shock_fraction):.0%} of China's flow stopped" if key.shock_fraction is not None else \
        "China's flow stopped"
    length = f" for {float(key.shock_months):g} months" if key.shock_months is not None else ""
    return (f"{chain_name}, {cut}{length} in {key.shock_year or 'the chosen year'}" + (f", hitting {who}" if who else "")
            + f" ({origin})")


def shock_origin(values: dict, presets: tuple[ShockPreset, ...]) -> str:
    """Where the page's shock comes from: its preset's event, or a custom shock."""
    preset_of = {p.preset_id: p for p in presets}.get(values.get("sh_preset"))
    return f"preset: {preset_of.label}" if preset_of else "custom shock"


@page_model(maxsize=32)
def scenario_charts(data: Dataset, settings: ScenarioSettings, importer: str, chain_id: str, context: str,
                    origin: str = "custom shock") -> tuple:
    """The Scenarios page's seven charts, the dependency paths and China's world share with the Monte Carlo's
    10–90% range; the framework switch picks the state each chart headlines. `origin`: where the shock comes
    from (shock_origin)."""
    result = scenario_for(data, settings.model_key)
    chains = data.table("chains").set_index("chain_id")
    chain_name, unit = chains.loc[chain_id, "name"], chains.loc[chain_id, "unit"]
    sources = chain_sources(data, chain_id)
    shock_chain = result.shock["chain_id"].iloc[0]
    ranges = uncertainty_for(data, settings.model_key, page_chains(settings, chain_id))
    draws = {"draws": ranges.draws, "seed": ranges.seed}

    def in_chain(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["chain_id"] == chain_id]
    return (
        charts.dependency_paths(in_chain(result.paths), timeline_markers(data, chain_id), importer, chain_name,
                                context, sources, headline=settings.state,
                                bands=dependency_bands(ranges, importer, chain_id), **draws),
        charts.lever_contributions(in_chain(result.contributions), importer, chain_name, context, sources,
                                   headline=settings.state),
        charts.project_supply(supply=in_chain(result.project_supply), paths=in_chain(result.paths),
                              names=names(data.table("supply_projects"), "project_id"), importer=importer,
                              chain_name=chain_name, unit=unit, state=settings.state, context=context, sources=sources),
        charts.world_concentration(in_chain(result.world), chain_name, context, sources, headline=settings.state,
                                   bands=world_share_bands(ranges, chain_id), **draws),
        charts.shock_shortfall(result.shock, ranges.shock, shock_definition(settings.model_key,
                                                                          chains.loc[shock_chain, "name"], origin),
                               context, chain_sources(data, shock_chain), headline=settings.state,
                               draws=ranges.draws),
        charts.framework_effect_split(in_chain(result.effect), in_chain(result.redirected_from), importer, chain_name,
                                      preset(settings.model_key.preset).label, context, sources),
        charts.world_market_balance(in_chain(result.world), chain_name, unit, settings.state, context, sources),
    )


@page_model(maxsize=32)
def assumption_table(data: Dataset, params: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """Every assumption with its default and current value (`params`: the reader's changed values)."""
    assumptions = data.table("scenario_assumptions")
    table = assumptions[["param_id", "label", "value", "unit", "lever", "chain_id", "importer", "confidence",
                         "rationale", "source_name", "source_url"]].copy()
    changed = dict(params)
    table.insert(3, "current", [changed.get(p, v) for p, v in zip(table["param_id"], table["value"])])
    return table.rename(columns={"value": "default"})
