"""Glue between the controls and the scenario model: overrides from control values, a bounded cache of
results, the events marked on the time axis, the sources behind a chain, and the result in words."""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import pandas as pd

from lib.charts.figure import IMPORTER_POSSESSIVE
from lib.links.controls import PARAM_PREFIX
from lib.data.load import Dataset
from lib.scenario.answer import result_sentence  # noqa: F401  (the pages import it from here)
from lib.scenario.inputs import Overrides, ShockPreset, build_model_inputs, shock_presets
from lib.scenario.model import IMPORTERS, ScenarioResult, run_scenario
from lib.data.rules import split_list

RARE_EARTH_GROUPS = {"REE", "LREE", "HREE", "NdPr", "DyTb", "NdFeB", "dual_use"}
SCENARIO_TABLES = ("chains", "supply_projects", "scenario_assumptions", "dependency_shares")


def overrides_from(values: Mapping[str, object], data: Dataset, specs: Mapping) -> Overrides:
    """The model's overrides from the current control values (only values that differ from the tables)."""
    params = tuple(sorted((key[len(PARAM_PREFIX):], float(value)) for key, value in values.items()
                          if key.startswith(PARAM_PREFIX) and key in specs and value is not None
                          and float(value) != float(specs[key].default)))
    framework = bool(values.get("framework", True))
    preset = next((p for p in presets_of(data) if p.event_id == values.get("sh_preset")), None)
    if preset is not None:
        shock = dict(shock_chain=preset.chain_id, shock_fraction=preset.fraction, shock_months=preset.months,
                     shock_importers=preset.importers)
    else:
        shock = dict(shock_chain=values.get("sh_chain"), shock_fraction=values.get("sh_fraction"),
                     shock_months=values.get("sh_months"),
                     shock_importers=tuple(i for i in IMPORTERS if i in (values.get("sh_who") or IMPORTERS)))
    return Overrides(finance=framework and bool(values.get("finance", True)),
                     stockpile=framework and bool(values.get("stockpile", True)),
                     pooling=framework and bool(values.get("pooling", True)), params=params,
                     candidates=frozenset(values["cand"]) if values.get("cand") is not None else None,
                     shock_year=values.get("sh_year"), **shock)


@lru_cache(maxsize=8)
def presets_of(data: Dataset) -> tuple[ShockPreset, ...]:
    """The shock presets drawn from real events (a groupby: worth caching, as every rerun needs them)."""
    return shock_presets(data.table("scenario_assumptions"))


@lru_cache(maxsize=8)
def chain_names(data: Dataset) -> dict[str, str]:
    chains = data.table("chains")
    return dict(zip(chains["chain_id"], chains["name"]))


@lru_cache(maxsize=64)
def assumption_rows(data: Dataset, lever: str, chain_id: str | None = None) -> tuple:
    """The scenario_assumptions rows of one lever (and chain), as named tuples: every rerun draws their controls."""
    table = data.table("scenario_assumptions")
    rows = table[table["lever"] == lever]
    if chain_id is not None:
        rows = rows[rows["chain_id"] == chain_id]
    return tuple(rows.itertuples(index=False))


@lru_cache(maxsize=64)
def scenario_for(data: Dataset, overrides: Overrides) -> ScenarioResult:
    """Cached on the dataset object and the small, hashable overrides."""
    model = build_model_inputs(data.table("chains"), data.table("supply_projects"),
                               data.table("scenario_assumptions"), data.table("dependency_shares"), overrides,
                               data.manifest.base_year, data.manifest.end_year)
    return run_scenario(model)


def chain_minerals(data: Dataset, chain_id: str) -> set[str]:
    chains = data.table("chains")
    row = chains[chains["chain_id"] == chain_id].iloc[0]
    minerals = set(split_list(row["mineral_ids"]))
    rare_earth = minerals & {"NdPr", "Nd", "Pr", "Dy", "Tb", "DyTb", "NdFeB"}
    return minerals | (RARE_EARTH_GROUPS if rare_earth else set()) | {"dual_use"}


@lru_cache(maxsize=32)
def timeline_markers(data: Dataset, chain_id: str) -> pd.DataFrame:
    """Export-control events touching the chain's minerals and the framework's dated milestones, placed on
    the model's year axis (fractional years)."""
    base, end = data.manifest.base_year, data.manifest.end_year
    parts = []
    events = data.table("export_controls")
    if events is not None:
        minerals = chain_minerals(data, chain_id)
        touches = events["mineral_ids"].map(lambda cell: bool(set(split_list(cell)) & minerals))
        dated = events[touches].assign(date=events["date_effective"].fillna(events["date_announced"]))
        parts.append(pd.DataFrame({"kind": "export_control", "date": dated["date"], "label": dated["title"]}))
    milestones = data.table("agreement_milestones")
    if milestones is not None:
        framework = milestones[(milestones["agreement_id"] == "us-jpn-cm-framework-2025")
                               & milestones["due_date"].notna()]
        parts.append(pd.DataFrame({"kind": "milestone", "date": framework["due_date"],
                                   "label": framework["commitment"] + " (" + framework["status"] + ")"}))
    markers = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["kind", "date", "label"])
    markers = markers.dropna(subset=["date"])
    markers["year"] = markers["date"].dt.year + (markers["date"].dt.day_of_year - 1) / 365.0
    markers["date"] = markers["date"].dt.date
    return markers[(markers["year"] >= base) & (markers["year"] <= end + 1)].reset_index(drop=True)


@lru_cache(maxsize=32)
def chain_sources(data: Dataset, chain_id: str) -> tuple[tuple[str, str], ...]:
    """Upstream sources of the chain's base-year inputs and projects."""
    assumptions = data.table("scenario_assumptions")
    projects = data.table("supply_projects")
    rows = pd.concat([assumptions[assumptions["chain_id"] == chain_id], projects[projects["chain_id"] == chain_id]])
    pairs = rows[["source_name", "source_url"]].drop_duplicates()
    return tuple(pairs.itertuples(index=False, name=None))


@lru_cache(maxsize=32)
def scenario_charts(data: Dataset, overrides: Overrides, importer: str, chain_id: str, shock_year: int,
                    context: str) -> tuple:
    """The Scenarios page's five charts, cached on small keys so an unrelated rerun costs nothing."""
    from lib.charts import scenario as charts

    result = scenario_for(data, overrides)
    chains = data.table("chains").set_index("chain_id")
    projects = data.table("supply_projects")
    chain_name, unit = chains.loc[chain_id, "name"], chains.loc[chain_id, "unit"]
    names = dict(zip(projects["project_id"], projects["name"]))
    state = "on" if overrides.finance or overrides.stockpile or overrides.pooling else "off"
    sources = chain_sources(data, chain_id)
    in_chain = lambda frame: frame[frame["chain_id"] == chain_id]
    shock_chain = result.shock["chain_id"].iloc[0]
    return (
        charts.dependency_paths(in_chain(result.paths), timeline_markers(data, chain_id), importer, chain_name,
                                context, sources),
        charts.lever_contributions(in_chain(result.contributions), importer, chain_name, context, sources),
        charts.project_supply(in_chain(result.project_supply), in_chain(result.paths), names, importer, chain_name,
                              unit, state, context, sources),
        charts.world_concentration(in_chain(result.world), chain_name, context, sources),
        charts.shock_shortfall(result.shock, chains.loc[shock_chain, "name"], f"{context} · shock in {shock_year}",
                               chain_sources(data, shock_chain)),
    )
