"""The catalogue of every control in the app: its URL key, type, default and allowed values.

Built from the loaded tables, so widgets and links always agree on what a valid value is. The keys are
the public contract of every shared link (docs/url_parameters.md is generated from this catalogue).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from lib.data.cells import split_list
from lib.data.labels import FRAMEWORK_ID
from lib.data.load import Dataset
from lib.scenario.inputs import shock_presets
from lib.scenario.model import IMPORTERS, POOLED
from lib.scenario.presets import DEFAULT_PRESET, PRESET_IDS, candidates_for_preset, modelled_projects
from lib.topics.export_controls import event_targets

ASSUMPTION_KEY_PREFIX = "p."  # a scenario_assumptions row's control: p.<param_id>
EARLIEST_DATE, LATEST_DATE = dt.date(2010, 1, 1), dt.date(2035, 12, 31)
ALWAYS_IN_LINKS = ("as_of",)  # its default (today) moves, so links always carry it
# Defaults that move with today's date, in words for the generated reference.
MOVING_DEFAULTS = {"as_of": "today", "sh_year": "this year, kept within the model's years"}


@dataclass(frozen=True)
class ControlSpec:
    key: str  # the URL parameter and the session-state key
    kind: str  # "choice", "multi", "bool", "date", "int", "float", "text"
    default: object
    choices: tuple[str, ...] = ()
    minimum: float | dt.date | None = None
    maximum: float | dt.date | None = None
    page: str = ""  # "" for the controls every page shares
    label: str = ""


def control_catalogue(data: Dataset) -> dict[str, ControlSpec]:
    """Every control by key. A new dict each call (the cached catalogue itself is shared)."""
    return dict(_cached_catalogue(data, dt.date.today()))


@lru_cache(maxsize=8)  # keyed on the dataset and today (the as-of default moves with the date)
def _cached_catalogue(data: Dataset, today: dt.date) -> tuple[tuple[str, ControlSpec], ...]:
    specs = [*_shared(data, today), *_agreements(data), *_export_controls(data), *_dependencies(data),
             *_scenarios(data), *_trade(), *_sources()]
    return tuple((s.key, s) for s in specs)


def _column_values(frame: pd.DataFrame | None, column: str, is_list: bool = False) -> tuple[str, ...]:
    if frame is None:
        return ()
    if is_list:
        return tuple(sorted({item for cell in frame[column] for item in split_list(cell)}))
    return tuple(sorted(frame[column].dropna().astype(str).unique()))


def _shared(data: Dataset, today: dt.date) -> list[ControlSpec]:
    chains = _column_values(data.table("chains"), "chain_id") or ("ndpr_oxide",)
    return [
        ControlSpec("importer", "choice", "USA", (*IMPORTERS, POOLED), label="Importer"),
        ControlSpec("chain", "choice", "ndpr_oxide" if "ndpr_oxide" in chains else chains[0], chains,
                  label="Supply chain"),
        ControlSpec("framework", "bool", True, label="US–Japan framework on"),
        ControlSpec("numbers", "bool", False, label="Show the numbers behind the charts"),
        ControlSpec("as_of", "date", min(max(today, EARLIEST_DATE), LATEST_DATE), minimum=EARLIEST_DATE,
                  maximum=LATEST_DATE, label="As of"),
    ]


def _agreements(data: Dataset) -> list[ControlSpec]:
    table = data.table("agreements")
    years = table["date_signed"].dt.year if table is not None else pd.Series([2010, 2030])
    first, last = int(years.min()), int(years.max())
    ids = _column_values(table, "agreement_id")
    page = "agreements"
    return [
        ControlSpec("ag_q", "text", "", page=page, label="Search"),
        ControlSpec("ag_party", "multi", (), _column_values(table, "parties", True), page=page, label="Party"),
        ControlSpec("ag_type", "multi", (), _column_values(table, "agreement_type"), page=page, label="Type"),
        ControlSpec("ag_mineral", "multi", (), _column_values(table, "mineral_ids", True), page=page,
                  label="Mineral"),
        ControlSpec("ag_status", "multi", (), _column_values(table, "status"), page=page, label="Status"),
        ControlSpec("ag_from", "int", first, minimum=first, maximum=last, page=page, label="Signed from"),
        ControlSpec("ag_to", "int", last, minimum=first, maximum=last, page=page, label="Signed to"),
        ControlSpec("ag_sel", "choice", FRAMEWORK_ID if FRAMEWORK_ID in ids else (ids[0] if ids else ""), ids,
                  page=page, label="Agreement shown in detail"),
    ]


def _export_controls(data: Dataset) -> list[ControlSpec]:
    table = data.table("export_controls")
    targets = tuple(sorted({t for ts in event_targets(table) for t in ts})) if table is not None else ()
    ids = _column_values(table, "event_id")
    page = "export_controls"
    return [
        ControlSpec("ec_mineral", "multi", (), _column_values(table, "mineral_ids", True), page=page,
                  label="Mineral"),
        ControlSpec("ec_measure", "multi", (), _column_values(table, "measure_type"), page=page, label="Measure type"),
        ControlSpec("ec_target", "multi", (), targets, page=page, label="Target"),
        ControlSpec("ec_period", "choice", "since_2023", ("since_2023", "all"), page=page, label="Period shown"),
        ControlSpec("ec_sel", "choice", "medheavy-re-ann18-2025" if "medheavy-re-ann18-2025" in ids else
                  (ids[0] if ids else ""), ids, page=page, label="Event shown in detail"),
    ]


def _dependencies(data: Dataset) -> list[ControlSpec]:
    shares = data.table("dependency_shares")
    world = shares[shares["metric"] == "world_share"] if shares is not None else None
    minerals = _column_values(world, "mineral_id") or ("REE",)
    stages = _column_values(world, "stage") or ("mining",)
    metrics = tuple(m for m in _column_values(shares, "metric") if m != "world_share") or ("import_share_from_china",)
    page = "dependencies"
    return [
        ControlSpec("dp_mineral", "choice", "REE" if "REE" in minerals else minerals[0], minerals, page=page,
                  label="Mineral"),
        ControlSpec("dp_stage", "choice", "mining" if "mining" in stages else stages[0], stages, page=page,
                  label="Stage"),
        ControlSpec("dp_metric", "choice", "import_share_from_china" if "import_share_from_china" in metrics
                  else metrics[0], metrics, page=page, label="Dependence measure"),
        ControlSpec("dp_basis", "choice", "volume", ("volume", "value"), page=page, label="Basis"),
    ]


def _scenarios(data: Dataset) -> list[ControlSpec]:
    page = "scenarios"
    specs = [ControlSpec(lever, "bool", True, page=page, label=f"{lever.title()} lever")
             for lever in ("finance", "stockpile", "pooling")]
    assumptions = data.table("scenario_assumptions")
    projects = data.table("supply_projects")
    chains = _column_values(data.table("chains"), "chain_id")
    if assumptions is None or projects is None or not chains:
        return specs
    for row in assumptions[assumptions["lever"] != "shock"].itertuples(index=False):
        if row.unit == "flag":  # an allocation rule switched on or off: the model reads >= 0.5 as on
            specs.append(ControlSpec(ASSUMPTION_KEY_PREFIX + row.param_id, "bool", float(row.value) >= 0.5, page=page,
                                     label=f"{row.label} ({row.confidence.replace('_', ' ')})"))
            continue
        specs.append(ControlSpec(ASSUMPTION_KEY_PREFIX + row.param_id, "float", float(row.value),
                                 minimum=_lowest_accepted(row), maximum=float(row.ui_max), page=page,
                                 label=f"{row.label} ({row.confidence.replace('_', ' ')})"))
    modelled = tuple(sorted(modelled_projects(projects)["project_id"]))
    specs.append(ControlSpec("preset", "choice", DEFAULT_PRESET, PRESET_IDS, page=page,
                             label="Projects credited to the framework"))
    specs.append(ControlSpec("cand", "multi", tuple(sorted(candidates_for_preset(DEFAULT_PRESET, projects))),
                             modelled, page=page, label="Framework candidates"))
    presets = shock_presets(assumptions)
    preset_ids = tuple(p.preset_id for p in presets)
    first = presets[0] if presets else None
    base, end = data.manifest.base_year, data.manifest.end_year
    specs += [
        ControlSpec("sh_preset", "choice", preset_ids[0] if preset_ids else "custom", (*preset_ids, "custom"),
                  page=page, label="Shock preset"),
        ControlSpec("sh_chain", "choice", first.chain_id if first else chains[0], chains, page=page,
                  label="Shock chain"),
        ControlSpec("sh_year", "int", min(max(dt.date.today().year, base), end), minimum=base, maximum=end,
                  page=page, label="Shock year"),
        ControlSpec("sh_fraction", "float", first.fraction if first else 1.0, minimum=0.0, maximum=1.0, page=page,
                  label="Share of China's flow stopped"),
        ControlSpec("sh_months", "float", first.months if first else 6.0, minimum=1.0, maximum=24.0, page=page,
                  label="Months"),
        ControlSpec("sh_who", "multi", first.importers if first else IMPORTERS, IMPORTERS, page=page,
                  label="Importers hit"),
        ControlSpec("drivers", "bool", False, page=page, label="Show what moves the framework effect"),
        ControlSpec("dr_year", "int", min(max(2030, base), end), minimum=base, maximum=end, page=page,
                  label="Year of the framework effect"),
    ]
    return specs


def _lowest_accepted(row) -> float:
    """A control's lowest value, kept above what the model rejects: demand must be positive, so a demand control
    starts at 1% of its default rather than at 0."""
    if row.parameter == "demand_base":
        return max(float(row.ui_min), float(row.value) / 100)
    return float(row.ui_min)


def _trade() -> list[ControlSpec]:
    return [ControlSpec("tr_world", "bool", True, page="trade", label="Show China's exports to the world")]


def _sources() -> list[ControlSpec]:
    from lib.data.schema import TABLES
    return [ControlSpec("src_table", "choice", "export_controls", tuple(TABLES), page="sources",
                      label="Table")]
