"""Builds the scenario model's inputs from the loaded tables, with the user's overrides on top.

Every default comes from `scenario_assumptions` (value, unit, rationale, label), including the allocation
rule switches; the projects and their contracts and priority claims from `supply_projects`; the framework
candidates from the chosen preset (lib.scenario.presets); the producer shares for the concentration index
from `dependency_shares`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import pandas as pd

from lib.scenario.model import (IMPORTERS, AllocationRules, ChainInputs, Levers, ModelInputs, ModelInputError,
                                Project, Shock)
from lib.scenario.presets import DEFAULT_PRESET, PRESET_IDS, candidates_for_preset, modelled_projects, preset

PROBABILITY_PREFIX = "delivery_probability_"
LEVER_PARAMETERS = ("finance_start_advance_years", "finance_probability_uplift", "finance_offtake_to_pair",
                    "pooling_share")


@dataclass(frozen=True)
class ShockPreset:
    event_id: str  # the export-control event the preset is drawn from
    chain_id: str
    importers: tuple[str, ...]
    fraction: float
    months: float
    label: str
    preset_id: str = ""  # the event id, or "<event id>.<variant>" when one event has several (a cliff's two outcomes)
    year: int | None = None  # a preset about a dated event fixes the shock's year; otherwise the reader picks it

    def __post_init__(self) -> None:
        if not self.preset_id:
            object.__setattr__(self, "preset_id", self.event_id)


@dataclass(frozen=True)
class Overrides:
    """The model key: what the reader changed, every field small and hashable so results can be cached on it.
    The framework switch is not part of it (lib/scenario/settings.py): the model always computes both worlds,
    off = no lever, on = the enabled levers."""
    preset: str = DEFAULT_PRESET  # which projects the finance lever is credited with (lib.scenario.presets)
    finance: bool = True
    stockpile: bool = True
    pooling: bool = True
    params: tuple[tuple[str, float], ...] = ()  # (param_id, value) pairs replacing table defaults
    candidates: frozenset[str] | None = None  # None = the preset's projects
    shock_chain: str | None = None
    shock_year: int | None = None
    shock_fraction: float | None = None
    shock_months: float | None = None
    shock_importers: tuple[str, ...] = IMPORTERS


@dataclass(frozen=True)
class Defaults:
    values: Mapping[str, float]  # param_id -> value
    chains: tuple[str, ...]
    default_candidates: frozenset[str]
    presets: tuple[ShockPreset, ...] = field(default_factory=tuple)


def assumption_values(assumptions: pd.DataFrame) -> Mapping[str, float]:
    return MappingProxyType(dict(zip(assumptions["param_id"], assumptions["value"].astype(float))))


def default_candidates(projects: pd.DataFrame) -> frozenset[str]:
    return candidates_for_preset(DEFAULT_PRESET, projects)


def shock_presets(assumptions: pd.DataFrame) -> tuple[ShockPreset, ...]:
    """One preset per group of shock rows: its id is what their param_ids share after the parameter, chain and
    importer (the event id, or '<event id>.<variant>'), so existing links keep their ids."""
    rows = assumptions[(assumptions["lever"] == "shock") & assumptions["event_id"].notna()]
    preset_ids = [_preset_id(r) for r in rows.itertuples(index=False)]
    presets = []
    for (preset_id, chain_id, importer), group in rows.groupby([preset_ids, "chain_id", "importer"], sort=False):
        by_parameter = dict(zip(group["parameter"], group["value"]))
        labels = dict(zip(group["parameter"], group["label"]))
        if {"shock_fraction", "shock_months"} <= by_parameter.keys():
            year = by_parameter.get("shock_year")
            presets.append(ShockPreset(group["event_id"].iloc[0], chain_id,
                                       IMPORTERS if importer == "all" else (importer,),
                                       float(by_parameter["shock_fraction"]), float(by_parameter["shock_months"]),
                                       labels["shock_fraction"].split(":")[0], preset_id,
                                       None if year is None else int(year)))
    return tuple(presets)


def _preset_id(row) -> str:
    prefix = f"{row.parameter}.{row.chain_id}."
    rest = row.param_id[len(prefix):] if row.param_id.startswith(prefix) else row.event_id
    return rest[len(row.importer) + 1:] if rest.startswith(f"{row.importer}.") else rest


@dataclass(frozen=True)
class TableInputs:
    """What the model reads from the tables before the reader's overrides: worked out once per dataset, so a
    change of assumptions (or the drivers' 60 swings) rebuilds only the cheap part."""
    defaults: Mapping[str, float]  # param_id -> value
    chains: tuple  # (chain_id, name, unit, world_share_mineral, world_share_stage) per chain
    world: Mapping[tuple[str, str], Mapping[str, float]]  # (mineral, stage) -> country -> world share
    projects: tuple[Project, ...]
    preset_candidates: Mapping[str, frozenset[str]]  # project preset -> its framework candidates


def table_inputs(chains: pd.DataFrame, projects: pd.DataFrame, assumptions: pd.DataFrame,
                 shares: pd.DataFrame) -> TableInputs:
    return TableInputs(defaults=assumption_values(assumptions),
                       chains=tuple(chains[["chain_id", "name", "unit", "world_share_mineral", "world_share_stage"]]
                                    .itertuples(index=False)),
                       world=world_producer_shares(shares), projects=tuple(_projects(projects)),
                       preset_candidates={p: candidates_for_preset(p, projects) for p in PRESET_IDS})


def build_model_inputs(chains: pd.DataFrame, projects: pd.DataFrame, assumptions: pd.DataFrame,
                       shares: pd.DataFrame, overrides: Overrides, base_year: int, end_year: int) -> ModelInputs:
    return inputs_from(table_inputs(chains, projects, assumptions, shares), overrides, base_year, end_year)


def inputs_from(tables: TableInputs, overrides: Overrides, base_year: int, end_year: int) -> ModelInputs:
    """The model's inputs: the tables' values with the reader's overrides on top."""
    values = dict(tables.defaults)
    values.update(dict(overrides.params))
    get = _getter(values)
    chain_inputs = tuple(_chain_inputs(row, get, tables.world) for row in tables.chains)
    model_projects = tables.projects
    candidates = (overrides.candidates if overrides.candidates is not None
                  else tables.preset_candidates[preset(overrides.preset).preset_id])  # preset() names an unknown id
    probabilities = {key[len(PROBABILITY_PREFIX):]: value for key, value in values.items()
                     if key.startswith(PROBABILITY_PREFIX)}
    levers = Levers(finance=overrides.finance, stockpile=overrides.stockpile, pooling=overrides.pooling,
                    stockpile_days_base={i: get(f"stockpile_days_base.{i}") for i in IMPORTERS},
                    stockpile_extra_days={i: get(f"stockpile_extra_days.{i}") for i in IMPORTERS},
                    # a data release older than the build-up rows has none: its stocks stay full, as it modelled
                    stockpile_first_year={i: float(values[f"stockpile_first_year.{i}"]) for i in IMPORTERS
                                          if f"stockpile_first_year.{i}" in values},
                    stockpile_fill_days_per_year=float(values.get("stockpile_fill_days_per_year", float("inf"))),
                    pooling_stock_share=(float(values["pooling_stock_share"]) if "pooling_stock_share" in values
                                         else None),
                    **{name: get(name) for name in LEVER_PARAMETERS})
    shock = Shock(chain_id=overrides.shock_chain or chain_inputs[0].chain_id,
                  year=overrides.shock_year or base_year + 2,
                  fraction=1.0 if overrides.shock_fraction is None else overrides.shock_fraction,
                  months=6.0 if overrides.shock_months is None else overrides.shock_months,
                  importers=overrides.shock_importers)
    return ModelInputs(chains=chain_inputs, projects=model_projects, candidates=frozenset(candidates),
                       delivery_probability=probabilities, levers=levers, shock=shock, base_year=base_year,
                       end_year=end_year, ramp_years=get("ramp_years"), threshold=get("dependency_threshold"),
                       framework_first_year=int(get("framework_first_year")),
                       # Monte Carlo ranges; a data release older than these rows has none, so no range
                       start_slip_max_years=float(values.get("start_slip_max_years", 0.0)),
                       demand_growth_spread=float(values.get("demand_growth_spread", 0.0)),
                       rules=AllocationRules(committed_offtake=_flag(get("rule_committed_offtake")),
                                             offtake_rights=_flag(get("rule_offtake_rights")),
                                             domestic_first=_flag(get("rule_domestic_first"))))


def _flag(value: float) -> bool:
    """A rule switch stored as a number (1 = on, 0 = off); a slider's in-between value rounds."""
    return value >= 0.5


def _getter(values: dict):
    def get(param_id: str) -> float:
        if param_id not in values:
            raise ModelInputError(f"scenario_assumptions has no row '{param_id}'")
        return float(values[param_id])
    return get


def _chain_inputs(row, get, world: dict[tuple[str, str], dict[str, float]]) -> ChainInputs:
    codes = (*IMPORTERS, "WLD")
    return ChainInputs(
        chain_id=row.chain_id, name=row.name, unit=row.unit,
        demand={k: get(f"demand_base.{row.chain_id}.{k}") for k in codes},
        china_share={k: get(f"china_share_base.{row.chain_id}.{k}") for k in codes},
        growth={k: get(f"demand_growth.{row.chain_id}.{k}") for k in codes},
        producer_shares=dict(world.get((row.world_share_mineral, row.world_share_stage), {})),
        unlisted_share_of_growth=get(f"unlisted_share_of_growth.{row.chain_id}.WLD"))


def world_producer_shares(shares: pd.DataFrame) -> dict[tuple[str, str], dict[str, float]]:
    """Latest reported (not projected) world shares by country, volume basis, per (mineral, stage); one pass
    over the table for every chain."""
    rows = shares[(shares["metric"] == "world_share") & (~shares["is_projection"].astype(bool))
                  & (shares["basis"] == "volume")]
    latest = rows[rows["year"] == rows.groupby(["mineral_id", "stage"])["year"].transform("max")]
    by_country = latest.groupby(["mineral_id", "stage", "country"])["value"].max()
    world: dict[tuple[str, str], dict[str, float]] = {}
    for (mineral_id, stage, country), value in by_country.items():
        world.setdefault((mineral_id, stage), {})[country] = float(value)
    return world


def _projects(projects: pd.DataFrame) -> list[Project]:
    usable = modelled_projects(projects)
    return [Project(project_id=r.project_id, chain_id=r.chain_id, country=r.country, capacity=float(r.capacity),
                    start_year=int(r.start_year), status=r.status,
                    offtake_usa=None if pd.isna(r.offtake_usa_share) else float(r.offtake_usa_share),
                    offtake_jpn=None if pd.isna(r.offtake_jpn_share) else float(r.offtake_jpn_share),
                    priority_importer=None if pd.isna(r.priority_importer) else r.priority_importer,
                    priority_share=None if pd.isna(r.priority_share) else float(r.priority_share),
                    priority_basis=None if pd.isna(r.priority_basis) else r.priority_basis)
            for r in usable.itertuples(index=False)]
