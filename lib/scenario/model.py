"""The diversification scenario model: how much the US–Japan framework changes dependency on China.

Pure functions over small frozen inputs; no Streamlit, no global state. `run_scenario` is the one
entry point and returns tidy frames the charts use directly. The equations are in docs/methodology.md.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

IMPORTERS = ("USA", "JPN")
POOLED = "USA+JPN"
LEVER_NAMES = ("finance", "stockpile", "pooling")
PRIORITY_BASES = ("domestic_first", "offtake_right")


class ModelInputError(ValueError):
    """An input the model cannot use; the message names the bad value."""


@dataclass(frozen=True)
class ChainInputs:
    chain_id: str
    name: str
    unit: str
    demand: dict  # importer code (USA, JPN, WLD) -> base-year demand, t/yr
    china_share: dict  # importer code -> base-year share of demand supplied from China
    growth: dict  # importer code -> demand growth, fraction per year
    producer_shares: dict = field(default_factory=dict)  # country -> base-year world share (for the HHI)
    unlisted_share_of_growth: float = 0.0  # share of world demand growth met by non-China supply not listed


@dataclass(frozen=True)
class Project:
    project_id: str
    chain_id: str
    country: str
    capacity: float  # t/yr added after the base year
    start_year: int
    status: str
    offtake_usa: float | None = None  # firm contract share (e.g. the DoD's 100% of MP 10X)
    offtake_jpn: float | None = None
    priority_importer: str | None = None  # USA or JPN: a claim served up to that importer's unmet demand
    priority_share: float | None = None  # the claim as a share of output (of what the contracts leave)
    priority_basis: str | None = None  # domestic_first (state-backed home plant) or offtake_right (e.g. JARE)


@dataclass(frozen=True)
class Levers:
    """The framework's three levers and the numbers each one uses."""
    finance: bool = True
    stockpile: bool = True
    pooling: bool = True
    finance_start_advance_years: float = 1.0
    finance_probability_uplift: float = 0.15
    finance_offtake_to_pair: float = 0.5
    stockpile_days_base: dict = field(default_factory=lambda: {"USA": 0.0, "JPN": 60.0})
    stockpile_extra_days: dict = field(default_factory=lambda: {"USA": 60.0, "JPN": 30.0})
    # Stocks build up: from their first year at this many days of cover a year, up to their target. The base
    # stock's first year is per importer (absent = in place before the base year); the framework's extra
    # stock starts in the framework's first year. Infinite fill = every stock full from its first year.
    stockpile_first_year: dict = field(default_factory=dict)
    stockpile_fill_days_per_year: float = float("inf")
    pooling_share: float = 1.0  # share of a partner's spare non-China supply passed on in a shock
    pooling_stock_share: float | None = None  # share of a partner's spare stockpile passed on (None: pooling_share)

    def only(self, enabled: frozenset[str]) -> "Levers":
        return replace(self, **{name: name in enabled for name in LEVER_NAMES})

    @property
    def enabled(self) -> frozenset[str]:
        return frozenset(name for name in LEVER_NAMES if getattr(self, name))


@dataclass(frozen=True)
class AllocationRules:
    """Which allocation rules apply, in order; output left over after them is sold pro rata to world demand."""
    committed_offtake: bool = True  # firm contracts first
    offtake_rights: bool = True  # priority rights (JARE on Lynas), served up to the holder's unmet demand
    domestic_first: bool = True  # state-backed plants serve their home market first, up to its unmet demand


@dataclass(frozen=True)
class Shock:
    chain_id: str
    year: int
    fraction: float  # share of China's flow to the affected importers that stops
    months: float
    importers: tuple[str, ...] = IMPORTERS


@dataclass(frozen=True)
class ModelInputs:
    chains: tuple[ChainInputs, ...]
    projects: tuple[Project, ...]
    candidates: frozenset[str]  # project_ids the framework's finance lever applies to
    delivery_probability: dict  # project status -> probability of delivering
    levers: Levers
    shock: Shock
    base_year: int = 2024
    end_year: int = 2035
    ramp_years: float = 3.0
    threshold: float = 0.5
    framework_first_year: int = 2026  # the framework (signed 2025-10-28) cannot change earlier years
    rules: AllocationRules = AllocationRules()
    start_slip_max_years: float = 0.0  # Monte Carlo only: each project's start slips by 0 to this many years
    demand_growth_spread: float = 0.0  # Monte Carlo only: demand growth moves by up to +/- this per year

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.base_year, self.end_year + 1)

    def chain(self, chain_id: str) -> ChainInputs:
        for chain in self.chains:
            if chain.chain_id == chain_id:
                return chain
        raise ModelInputError(f"unknown chain '{chain_id}' (known: {', '.join(c.chain_id for c in self.chains)})")


# ---------------------------------------------------------------- input checks

def check_inputs(inputs: ModelInputs) -> None:
    """Raise ModelInputError naming the first value the model cannot use."""
    known = {c.chain_id for c in inputs.chains}
    for project in inputs.projects:
        _check_project(project, known, inputs)
    for status, probability in inputs.delivery_probability.items():
        _check_fraction(f"delivery probability for status '{status}'", probability)
    levers = inputs.levers
    _check_fraction("finance probability uplift", levers.finance_probability_uplift)
    _check_fraction("finance offtake share to the US and Japan", levers.finance_offtake_to_pair)
    _check_fraction("pooling share", levers.pooling_share)
    if levers.pooling_stock_share is not None:
        _check_fraction("pooling share of stockpiles", levers.pooling_stock_share)
    _check_non_negative("finance start advance (years)", levers.finance_start_advance_years)
    for importer in IMPORTERS:
        _check_non_negative(f"stockpile days for {importer}", levers.stockpile_days_base.get(importer, 0.0))
        _check_non_negative(f"extra stockpile days for {importer}", levers.stockpile_extra_days.get(importer, 0.0))
    if levers.stockpile_fill_days_per_year != float("inf"):  # infinite: every stock full from its first year
        _check_non_negative("stockpile fill (days of cover added a year)", levers.stockpile_fill_days_per_year)
    _check_shock(inputs.shock, known, inputs)
    _check_fraction("dependency threshold", inputs.threshold)
    _check_non_negative("start-year slippage (years)", inputs.start_slip_max_years)
    _check_fraction("demand growth spread", inputs.demand_growth_spread)
    if inputs.ramp_years <= 0:
        raise ModelInputError(f"ramp-up years must be positive, got {inputs.ramp_years}")
    for chain in inputs.chains:
        _check_chain(chain)
        _check_demand_within_world(chain, inputs.years - inputs.base_year, inputs.years)


def _check_project(project: Project, known: set[str], inputs: ModelInputs) -> None:
    name = f"project '{project.project_id}'"
    if project.chain_id not in known:
        raise ModelInputError(f"{name}: unknown chain '{project.chain_id}'")
    if not math.isfinite(project.capacity) or project.capacity < 0:
        raise ModelInputError(f"{name}: capacity must be zero or more, got {project.capacity}")
    if project.start_year > inputs.end_year:
        raise ModelInputError(f"{name}: start year {project.start_year} is after the model's end year "
                              f"{inputs.end_year}")
    if project.status not in inputs.delivery_probability:
        raise ModelInputError(f"{name}: no delivery probability for status '{project.status}'")
    for label, share in (("US offtake share", project.offtake_usa), ("Japan offtake share", project.offtake_jpn)):
        if share is not None:
            _check_fraction(f"{name}: {label}", share)
    if (project.offtake_usa or 0.0) + (project.offtake_jpn or 0.0) > 1.0 + 1e-9:
        raise ModelInputError(f"{name}: US and Japan offtake shares add up to more than 1")
    if project.priority_importer is not None:
        if project.priority_importer not in IMPORTERS:
            raise ModelInputError(f"{name}: priority importer must be USA or JPN, got {project.priority_importer!r}")
        _check_fraction(f"{name}: priority share", project.priority_share)
        if project.priority_basis not in PRIORITY_BASES:
            raise ModelInputError(f"{name}: priority basis must be one of {', '.join(PRIORITY_BASES)}, "
                                  f"got {project.priority_basis!r}")


def _check_shock(shock: Shock, known: set[str], inputs: ModelInputs) -> None:
    if shock.chain_id not in known:
        raise ModelInputError(f"shock: unknown chain '{shock.chain_id}'")
    if not inputs.base_year <= shock.year <= inputs.end_year:
        raise ModelInputError(f"shock year {shock.year} is outside {inputs.base_year}–{inputs.end_year}")
    _check_fraction("shock: share of China's flow stopped", shock.fraction)
    if not 0 < shock.months <= 120:
        raise ModelInputError(f"shock duration must be between 0 and 120 months, got {shock.months}")
    unknown = [i for i in shock.importers if i not in IMPORTERS]
    if unknown:
        raise ModelInputError(f"shock: unknown importer {unknown[0]!r} (use USA or JPN)")


def _check_chain(chain: ChainInputs) -> None:
    for importer in (*IMPORTERS, "WLD"):
        for label, values in (("demand", chain.demand), ("China share", chain.china_share),
                              ("growth", chain.growth)):
            if importer not in values:
                raise ModelInputError(f"chain '{chain.chain_id}': no base-year {label} for {importer}")
        if chain.demand[importer] <= 0:
            raise ModelInputError(f"chain '{chain.chain_id}': demand for {importer} must be positive, "
                                  f"got {chain.demand[importer]}")
        _check_fraction(f"chain '{chain.chain_id}': China share for {importer}", chain.china_share[importer])
        if chain.growth[importer] <= -1:
            raise ModelInputError(f"chain '{chain.chain_id}': growth for {importer} must be above -1")
    _check_fraction(f"chain '{chain.chain_id}': share of world demand growth met by unlisted non-China supply",
                    chain.unlisted_share_of_growth)


def _check_demand_within_world(chain: ChainInputs, t: np.ndarray, years: np.ndarray) -> None:
    """The two importers' demand is part of world demand, so it can never exceed it in any year."""
    pair = sum(chain.demand[i] * (1.0 + chain.growth[i]) ** t for i in IMPORTERS)
    world = chain.demand["WLD"] * (1.0 + chain.growth["WLD"]) ** t
    over = np.nonzero(pair > world * (1.0 + 1e-9))[0]
    if over.size:
        k = over[0]
        raise ModelInputError(f"chain '{chain.chain_id}': US and Japan demand ({pair[k]:,.0f} t) exceeds world "
                              f"demand ({world[k]:,.0f} t) in {years[k]}; lower their base demand or growth, or "
                              f"raise the world's")


def _check_fraction(label: str, value: float) -> None:
    if value is None or not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ModelInputError(f"{label} must be between 0 and 1, got {value}")


def _check_non_negative(label: str, value: float) -> None:
    if value is None or not math.isfinite(value) or value < 0:
        raise ModelInputError(f"{label} must be zero or more, got {value}")


# ---------------------------------------------------------------- one chain, one lever setting

class ModelInvariantError(AssertionError):
    """A result broke a rule the model guarantees (a bug, not a bad input); the message names the values."""


@dataclass(frozen=True)
class ChainResult:
    demand: dict  # importer (and WLD) -> array over years
    existing: dict  # importer -> non-China supply already there in the base year (held in tonnes)
    unlisted: dict  # importer (and WLD) -> unlisted non-China supply growth reaching it, by year
    output: np.ndarray  # projects x years, expected output
    allocation: dict  # importer -> projects x years, share of each project's output reaching the importer
    project_supply: dict  # importer -> (projects x years) array = output * allocation
    gap: dict  # importer -> demand not covered by non-China supply (negative = surplus)
    dependency: dict  # importer (incl. pooled) -> array
    world_non_china_t: np.ndarray
    world_china_share: np.ndarray
    world_china_t: np.ndarray  # China as the residual supplier: world demand less non-China supply (>= 0)
    hhi: np.ndarray
    shock: dict | None  # importer -> dict of shock figures, only for the shock chain


@dataclass(frozen=True)
class ChainDraws:
    """Monte Carlo draws for one chain (lib/scenario/uncertainty.py). With them every array of a ChainResult
    gains a leading draws axis: demand and dependency are draws x years, output is draws x projects x years."""
    uniform: np.ndarray  # draws x projects in [0, 1): a project delivers in a year when this is below its probability
    slip_years: np.ndarray  # draws x projects: years added to each project's start year
    growth_factor: np.ndarray  # draws: multiplies (1 + growth) of the importers and the world alike


def compute_chain(inputs: ModelInputs, chain: ChainInputs, projects: list[Project], levers: Levers,
                  draws: ChainDraws | None = None) -> ChainResult:
    """One chain under one lever setting: expected values, or with `draws` one result per draw."""
    years = inputs.years
    t = years - inputs.base_year
    factor = 1.0 if draws is None else draws.growth_factor[:, None]
    demand = {k: chain.demand[k] * ((1.0 + chain.growth[k]) * factor) ** t for k in (*IMPORTERS, "WLD")}
    world_base_non_china = chain.demand["WLD"] * (1.0 - chain.china_share["WLD"])
    unlisted_world = chain.unlisted_share_of_growth * np.maximum(demand["WLD"] - chain.demand["WLD"], 0.0)
    unlisted = {"WLD": unlisted_world, **{i: unlisted_world * demand[i] / demand["WLD"] for i in IMPORTERS}}
    existing = {i: chain.demand[i] * (1.0 - chain.china_share[i]) for i in IMPORTERS}
    output, active = _project_output(inputs, projects, levers, years, draws)
    before_projects = {i: existing[i] + unlisted[i] for i in IMPORTERS}
    allocation = _allocation(projects, output, active, demand, before_projects, levers, inputs.rules)
    supply = {i: output * allocation[i] for i in IMPORTERS}
    gap = {i: demand[i] - before_projects[i] - supply[i].sum(axis=-2) for i in IMPORTERS}
    with np.errstate(over="ignore"):  # demand near zero (growth near -100% a year): the ratio overflows, the clip holds
        dependency = {i: np.clip(gap[i] / demand[i], 0.0, 1.0) for i in IMPORTERS}
    dependency[POOLED] = sum(np.maximum(gap[i], 0.0) for i in IMPORTERS) / sum(demand[i] for i in IMPORTERS)
    non_china = world_base_non_china + unlisted_world + output.sum(axis=-2)
    china_t = np.maximum(demand["WLD"] - non_china, 0.0)
    hhi = _hhi(chain, projects, output, china_t, np.maximum(demand["WLD"], non_china))
    with_shock = inputs.shock.chain_id == chain.chain_id
    shock = _shock(inputs, levers, demand, dependency, gap) if with_shock else None
    result = ChainResult(demand, existing, unlisted, output, allocation, supply, gap, dependency, non_china,
                         china_t / demand["WLD"], china_t, hhi, shock)
    _check_result(chain.chain_id, result)
    return result


def _check_result(chain_id: str, result: ChainResult) -> None:
    """The rules every result keeps, whatever the inputs: checked, not hoped for."""
    total = sum(result.allocation[i] for i in IMPORTERS)
    if total.size and total.max() > 1.0 + 1e-9:
        raise ModelInvariantError(f"chain '{chain_id}': the importers receive {total.max():.4f} of a project's "
                                  f"output (must be at most 1)")
    for name, values in (("world China share", result.world_china_share),
                         *((f"{k} dependency", v) for k, v in result.dependency.items())):
        if values.min() < -1e-12 or values.max() > 1.0 + 1e-12:
            raise ModelInvariantError(f"chain '{chain_id}': {name} outside 0–1 ({values.min():.4f} to "
                                      f"{values.max():.4f})")
    if result.hhi.max() > 10_000.0 + 1e-6:
        raise ModelInvariantError(f"chain '{chain_id}': HHI {result.hhi.max():,.1f} is above 10,000")


def _project_output(inputs: ModelInputs, projects: list[Project], levers: Levers, years: np.ndarray,
                    draws: ChainDraws | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Output = capacity x ramp from the start year x probability of delivering (projects x years). With draws,
    each start year slips by the draw's years and the probability becomes 1 or 0 (delivers when the draw's
    uniform number is below it), giving draws x projects x years."""
    if not projects:
        shape = (len(years),) if draws is None else (len(draws.growth_factor), len(years))
        return np.zeros((*shape[:-1], 0, len(years))), np.zeros((0, len(years)), dtype=bool)
    capacity = np.array([p.capacity for p in projects], dtype=float)
    start = np.array([p.start_year for p in projects], dtype=float)
    if draws is not None:
        start = start + draws.slip_years
    probability = np.array([inputs.delivery_probability[p.status] for p in projects], dtype=float)
    candidate = np.array([p.project_id in inputs.candidates for p in projects]) & levers.finance
    first = inputs.framework_first_year
    advanced = np.maximum(start - levers.finance_start_advance_years, first)
    start = np.where(candidate & (start > first), np.minimum(start, advanced), start)
    active = candidate[:, None] & (years[None, :] >= first)
    probability = np.where(active, np.minimum(1.0, probability[:, None] + levers.finance_probability_uplift),
                           probability[:, None])
    ramp = np.clip((years - start[..., None] + 1.0) / inputs.ramp_years, 0.0, 1.0)
    if draws is not None:
        probability = (draws.uniform[..., None] < probability).astype(float)
    return capacity[:, None] * ramp * probability, active


def _allocation(projects: list[Project], output: np.ndarray, active: np.ndarray, demand: dict,
                before_projects: dict, levers: Levers, rules: AllocationRules) -> dict:
    """Share of each project's output reaching each importer, by year (projects x years).

    Rules in order: (1) firm contracts; (2) priority claims (offtake rights, domestic-first for state-backed
    plants), each served up to the claimant's demand not yet covered; (3) the rest pro rata to world demand,
    except that the framework's finance lever sends a share of a candidate's rest to the US and Japan
    (split by their demand). `active` marks (project, year) cells where that lever applies."""
    n_years = output.shape[-1]
    committed = {i: np.zeros(len(projects)) for i in IMPORTERS}
    if rules.committed_offtake:
        committed = {"USA": np.array([p.offtake_usa or 0.0 for p in projects]),
                     "JPN": np.array([p.offtake_jpn or 0.0 for p in projects])}
    uncommitted = np.clip(1.0 - committed["USA"] - committed["JPN"], 0.0, 1.0)
    allocation = {i: np.repeat(committed[i][:, None], n_years, axis=1) for i in IMPORTERS}
    left = np.repeat(uncommitted[:, None], n_years, axis=1)
    for importer in IMPORTERS:
        claims = _claims(projects, importer, rules)
        if not claims.any():  # no priority claim for this importer: nothing to serve (most chains)
            continue
        claim = claims[:, None] * left
        need = np.maximum(demand[importer] - before_projects[importer]
                          - _received(output, allocation[importer]), 0.0)
        pool = _received(output, claim)
        served = np.divide(np.minimum(need, pool), pool, out=np.zeros_like(pool), where=pool > 0)
        allocation[importer] = allocation[importer] + claim * served[..., None, :]
        left = left - claim * served[..., None, :]
    to_pair = active * levers.finance_offtake_to_pair
    pair_demand = demand["USA"] + demand["JPN"]
    for importer in IMPORTERS:
        pro_rata = demand[importer] / demand["WLD"]
        pair_share = demand[importer] / pair_demand
        mix = (1.0 - to_pair) * pro_rata[..., None, :] + to_pair * pair_share[..., None, :]
        allocation[importer] = allocation[importer] + left * mix
    return allocation


def _received(output: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Tonnes reaching a buyer, summed over projects: output ([draws x] projects x years) x its share
    ([draws x] projects x years), without the full-size temporary (the Monte Carlo's draws make it large)."""
    return np.einsum("...py,...py->...y", output, share)


def _claims(projects: list[Project], importer: str, rules: AllocationRules) -> np.ndarray:
    """Each project's priority claim for one importer, as a share of the output contracts leave."""
    allowed = {"offtake_right": rules.offtake_rights, "domestic_first": rules.domestic_first}
    return np.array([(p.priority_share or 0.0) if p.priority_importer == importer and allowed.get(p.priority_basis)
                     else 0.0 for p in projects])


def _hhi(chain: ChainInputs, projects: list[Project], output: np.ndarray, china_t: np.ndarray,
         supply: np.ndarray) -> np.ndarray:
    """Herfindahl–Hirschman index (0–10,000) over named producers' shares of world supply; unnamed producers
    and unlisted growth count as atomised (so it is a lower bound)."""
    volumes = {k: np.full_like(supply, share * chain.demand["WLD"]) for k, share in chain.producer_shares.items()
               if k != "CHN"}
    for row, project in enumerate(projects):
        volumes[project.country] = volumes.get(project.country, np.zeros_like(supply)) + output[..., row, :]
    shares = [china_t / supply] + [np.minimum(v / supply, 1.0) for k, v in volumes.items() if k != "CHN"]
    return np.minimum(10_000.0 * sum(s ** 2 for s in shares), 10_000.0)


def stock_on_hand_days(target_days: float, first_year: float, fill_days_per_year: float, year: int) -> float:
    """Days of cover a stock holds at the start of `year`: filled at `fill_days_per_year` over the whole
    years since its first year, up to its target (a stock funded in 2026 holds nothing in a 2026 shock)."""
    if not np.isfinite(fill_days_per_year):
        return target_days if year >= first_year else 0.0
    return float(min(target_days, fill_days_per_year * max(0.0, year - first_year)))


def stock_days(inputs: ModelInputs, levers: Levers, importer: str, year: int) -> tuple[float, float]:
    """(base stock, framework stock) in days of cover on hand at the start of `year`."""
    fill = levers.stockpile_fill_days_per_year
    base = stock_on_hand_days(levers.stockpile_days_base.get(importer, 0.0),
                              levers.stockpile_first_year.get(importer, -np.inf), fill, year)
    extra = (stock_on_hand_days(levers.stockpile_extra_days.get(importer, 0.0), inputs.framework_first_year,
                                fill, year) if levers.stockpile else 0.0)
    return base, extra


def _shock(inputs: ModelInputs, levers: Levers, demand: dict, dependency: dict, gap: dict) -> dict:
    """The shock's figures per importer: scalars, or with the Monte Carlo's draws one value per draw."""
    shock = inputs.shock
    t = shock.year - inputs.base_year
    period = shock.months / 12.0
    share = levers.pooling_share if levers.pooling else 0.0
    stock_share = (share if levers.pooling_stock_share is None else levers.pooling_stock_share) if levers.pooling else 0.0
    out = {}
    for importer in IMPORTERS:
        d = demand[importer][..., t]
        china_flow = d * dependency[importer][..., t]
        lost = china_flow * shock.fraction * period if importer in shock.importers else 0.0 * d
        base_days, extra_days = stock_days(inputs, levers, importer, shock.year)
        stock = d * (base_days + extra_days) / 365.0
        short = np.maximum(0.0, lost - stock)
        spare = (share * np.maximum(0.0, -gap[importer][..., t]) * period
                 + stock_share * np.maximum(0.0, stock - lost))
        out[importer] = {"demand_t": d, "china_flow_t": china_flow, "lost_t": lost, "stockpile_t": stock,
                         "stockpile_days": base_days + extra_days, "shortfall_before_pooling_t": short,
                         "spare_t": spare}
    for importer, partner in ((IMPORTERS[0], IMPORTERS[1]), (IMPORTERS[1], IMPORTERS[0])):
        received = np.minimum(out[importer]["shortfall_before_pooling_t"], out[partner]["spare_t"])
        out[importer]["received_t"] = received
        out[importer]["shortfall_t"] = out[importer]["shortfall_before_pooling_t"] - received
    if np.ndim(out[IMPORTERS[0]]["demand_t"]) == 0:  # expected values: plain floats in the result frames
        out = {i: {k: float(v) for k, v in figures.items()} for i, figures in out.items()}
    return out


# ---------------------------------------------------------------- whole model

@dataclass(frozen=True)
class ScenarioResult:
    paths: pd.DataFrame  # state, importer, chain_id, year, demand_t, non_china_t (= existing_t + unlisted_t +
    #                      projects_t), dependency
    world: pd.DataFrame  # state, chain_id, year, world_demand_t, china_t, china_share, hhi
    project_supply: pd.DataFrame  # state, importer, chain_id, project_id, year, supply_t, candidate
    shock: pd.DataFrame  # state, importer, chain_id, year, demand_t, china_flow_t, lost_t, stockpile_t, ...
    threshold_years: pd.DataFrame  # state, importer, chain_id, first_year_below (NA = not by end year)
    contributions: pd.DataFrame  # metric, importer, chain_id, year, lever, contribution
    effect: pd.DataFrame = field(default_factory=pd.DataFrame)  # importer, chain_id, year, new_t, redirected_t, ...
    redirected_from: pd.DataFrame = field(default_factory=pd.DataFrame)  # chain_id, year, loser, redirected_t
    threshold: float = 0.5


def run_scenario(inputs: ModelInputs) -> ScenarioResult:
    """Compute every importer x chain x year with the framework off and on, plus each lever's share."""
    check_inputs(inputs)
    by_chain = {c.chain_id: [p for p in inputs.projects if p.chain_id == c.chain_id] for c in inputs.chains}
    memo: dict = {}
    runs = {subset: _run_all_chains(inputs, by_chain, inputs.levers.only(subset), memo)
            for subset in _subsets(inputs.levers.enabled)}
    off, on = runs[frozenset()], runs[inputs.levers.enabled]
    return ScenarioResult(
        paths=_paths_frame(inputs, off, on),
        world=_world_frame(inputs, off, on),
        project_supply=_project_frame(inputs, by_chain, off, on),
        shock=_shock_frame(inputs, off, on),
        threshold_years=_threshold_frame(inputs, off, on),
        contributions=_contributions_frame(inputs, runs),
        effect=_effect_frame(inputs, off, on),
        redirected_from=_redirected_from_frame(inputs, off, on),
        threshold=inputs.threshold,
    )


def _subsets(enabled: frozenset[str]) -> list[frozenset[str]]:
    names = sorted(enabled)
    return [frozenset(c) for r in range(len(names) + 1) for c in itertools.combinations(names, r)]


def _run_all_chains(inputs: ModelInputs, by_chain: dict, levers: Levers, memo: dict | None = None
                    ) -> dict[str, ChainResult]:
    """Every chain under one lever setting. Only finance changes supply, so with a shared `memo` each chain's
    supply is computed once per finance state and only the shock is redone for the stockpile and pooling
    switches (the Shapley runs need all eight settings)."""
    results = {}
    for chain in inputs.chains:
        key = (chain.chain_id, levers.finance)
        if memo is None or key not in memo:
            result = compute_chain(inputs, chain, by_chain[chain.chain_id], levers)
            if memo is not None:
                memo[key] = result
        else:
            result = memo[key]
            if result.shock is not None:
                result = replace(result, shock=_shock(inputs, levers, result.demand, result.dependency, result.gap))
        results[chain.chain_id] = result
    return results


def _states(off: dict, on: dict):
    return (("off", off), ("on", on))


def _stack(blocks: list[tuple[dict, dict]]) -> pd.DataFrame:
    """One frame from blocks of (labels, arrays of one length): each block's labels are repeated over its rows."""
    if not blocks:
        return pd.DataFrame()
    lengths = [len(next(iter(arrays.values()))) for _, arrays in blocks]
    columns: dict[str, np.ndarray] = {}
    for name in blocks[0][0]:
        columns[name] = np.repeat(np.array([labels[name] for labels, _ in blocks], dtype=object), lengths)
    for name in blocks[0][1]:
        columns[name] = np.concatenate([arrays[name] for _, arrays in blocks])
    return pd.DataFrame(columns)


def _paths_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    years, blocks = inputs.years, []
    for state, results in _states(off, on):
        for chain_id, r in results.items():
            for importer in (*IMPORTERS, POOLED):
                members = IMPORTERS if importer == POOLED else (importer,)
                existing = sum(np.full(len(years), r.existing[i]) for i in members)
                unlisted = sum(r.unlisted[i] for i in members)
                projects = sum(r.project_supply[i].sum(axis=0) for i in members)
                arrays = {"year": years, "demand_t": sum(r.demand[i] for i in members),
                          "non_china_t": existing + unlisted + projects, "existing_t": existing,
                          "unlisted_t": unlisted, "projects_t": projects, "dependency": r.dependency[importer]}
                blocks.append(({"state": state, "importer": importer, "chain_id": chain_id}, arrays))
    return _stack(blocks)


def _world_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    """World market balance: demand, non-China supply (base + unlisted growth + listed projects), China as the
    residual supplier, and the surplus when non-China supply alone exceeds demand."""
    blocks = [({"state": state, "chain_id": chain_id},
               {"year": inputs.years, "world_demand_t": r.demand["WLD"], "non_china_t": r.world_non_china_t,
                "unlisted_non_china_t": r.unlisted["WLD"], "china_t": r.world_china_t,
                "surplus_t": np.maximum(r.world_non_china_t - r.demand["WLD"], 0.0),
                "china_share": r.world_china_share, "hhi": r.hhi})
              for state, results in _states(off, on) for chain_id, r in results.items()]
    return _stack(blocks)


def _project_frame(inputs: ModelInputs, by_chain: dict, off: dict, on: dict) -> pd.DataFrame:
    blocks = [({"state": state, "importer": importer, "chain_id": chain_id, "project_id": project.project_id,
                "candidate": project.project_id in inputs.candidates},
               {"year": inputs.years, "supply_t": r.project_supply[importer][row]})
              for state, results in _states(off, on) for chain_id, r in results.items()
              for importer in IMPORTERS for row, project in enumerate(by_chain[chain_id])]
    columns = ["state", "importer", "chain_id", "project_id", "candidate", "year", "supply_t"]
    frame = _stack(blocks) if blocks else pd.DataFrame(columns=columns)
    frame["candidate"] = frame["candidate"].astype(bool)
    return frame


def _shock_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    shock, rows = inputs.shock, []
    for state, results in _states(off, on):
        figures = results[shock.chain_id].shock
        for importer in IMPORTERS:
            rows.append({"state": state, "importer": importer, "chain_id": shock.chain_id, "year": shock.year,
                         **figures[importer]})
        pooled = {k: sum(figures[i][k] for i in IMPORTERS) for k in figures[IMPORTERS[0]]}
        pooled["stockpile_days"] = pooled["stockpile_t"] / (pooled["demand_t"] / 365.0) if pooled["demand_t"] else 0.0
        rows.append({"state": state, "importer": POOLED, "chain_id": shock.chain_id, "year": shock.year, **pooled})
    columns = {name: np.array([row[name] for row in rows], dtype=object if name in ("state", "importer", "chain_id")
                              else None) for name in rows[0]}
    with np.errstate(divide="ignore", invalid="ignore"):  # no demand: no share (as pandas' division gives)
        columns["shortfall_share_of_demand"] = columns["shortfall_t"] / columns["demand_t"]
        columns["shortfall_days"] = columns["shortfall_t"] / (columns["demand_t"] / 365.0)
    return pd.DataFrame(columns)


def first_year_below(years: np.ndarray, values: np.ndarray, threshold: float) -> int | None:
    """First year from which the value stays below the threshold to the end year (None if it never does)."""
    above = np.nonzero(values >= threshold)[0]
    if not above.size:
        return int(years[0])
    start = above[-1] + 1
    return int(years[start]) if start < len(years) else None


def _threshold_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    keys = [(state, importer, chain_id, r.dependency[importer]) for state, results in _states(off, on)
            for chain_id, r in results.items() for importer in (*IMPORTERS, POOLED)]
    return pd.DataFrame({
        "state": np.array([k[0] for k in keys], dtype=object),
        "importer": np.array([k[1] for k in keys], dtype=object),
        "chain_id": np.array([k[2] for k in keys], dtype=object),
        "first_year_below": pd.array([first_year_below(inputs.years, k[3], inputs.threshold) for k in keys],
                                     dtype="Int64"),
        "threshold": np.full(len(keys), inputs.threshold)})


def effect_split(off: ChainResult, on: ChainResult, importer: str) -> tuple[np.ndarray, np.ndarray]:
    """The framework's extra supply to one importer, split in tonnes by year.

    new = tonnes that exist only because of the framework, shared out by the framework-off rules:
          sum over projects of allocation_off x (output_on - output_off);
    redirected = tonnes moved to the importer from other buyers: sum of (allocation_on - allocation_off) x output_on.
    The two add up to supply_on - supply_off exactly."""
    new = (off.allocation[importer] * (on.output - off.output)).sum(axis=0)
    redirected = ((on.allocation[importer] - off.allocation[importer]) * on.output).sum(axis=0)
    return new, redirected


def _effect_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    """Framework effect on each importer's dependency, split into new and redirected supply.

    Points are the change in dependency (negative = less dependent); the split is in proportion to the tonnes,
    so the two parts add up to the drawn on-minus-off change also where dependency is capped at 0."""
    blocks = []
    for chain_id in off:
        a, b = off[chain_id], on[chain_id]
        for importer in (*IMPORTERS, POOLED):
            members = IMPORTERS if importer == POOLED else (importer,)
            new = sum(effect_split(a, b, i)[0] for i in members)
            redirected = sum(effect_split(a, b, i)[1] for i in members)
            change = b.dependency[importer] - a.dependency[importer]
            total = new + redirected
            share_new = np.divide(new, total, out=np.zeros_like(total), where=np.abs(total) > 1e-12)
            share_redirected = np.divide(redirected, total, out=np.zeros_like(total), where=np.abs(total) > 1e-12)
            blocks.append(({"importer": importer, "chain_id": chain_id},
                           {"year": inputs.years, "new_t": new, "redirected_t": redirected,
                            "new_points": change * share_new, "redirected_points": change * share_redirected,
                            "total_points": change}))
    return _stack(blocks)


def _redirected_from_frame(inputs: ModelInputs, off: dict, on: dict) -> pd.DataFrame:
    """Who gives up the redirected tonnes: the buyers outside the US and Japan, whose share of a candidate's
    pro-rata output the framework moves to the pair."""
    blocks = []
    for chain_id in off:
        a, b = off[chain_id], on[chain_id]
        moved = sum(effect_split(a, b, i)[1] for i in IMPORTERS)
        blocks.append(({"chain_id": chain_id, "loser": "other buyers (outside the US and Japan)"},
                       {"year": inputs.years, "redirected_t": moved}))
    return _stack(blocks)


def _contributions_frame(inputs: ModelInputs, runs: dict) -> pd.DataFrame:
    """Each lever's Shapley share of the on-minus-off change; the shares add up to the total change."""
    enabled, shock = inputs.levers.enabled, inputs.shock
    blocks: list = []
    shocks: list = []
    for lever in sorted(enabled):
        others = enabled - {lever}
        weights = {subset: math.factorial(len(subset)) * math.factorial(len(enabled) - len(subset) - 1)
                   / math.factorial(len(enabled)) for subset in _subsets(others)}
        for chain_id in runs[frozenset()]:
            for importer in (*IMPORTERS, POOLED):
                delta = sum(w * (runs[s | {lever}][chain_id].dependency[importer]
                                 - runs[s][chain_id].dependency[importer]) for s, w in weights.items())
                blocks.append(({"metric": "dependency", "importer": importer, "chain_id": chain_id,
                                "lever": lever}, {"year": inputs.years, "contribution": delta}))
        for importer in IMPORTERS:
            delta = sum(w * (runs[s | {lever}][shock.chain_id].shock[importer]["shortfall_t"]
                             - runs[s][shock.chain_id].shock[importer]["shortfall_t"]) for s, w in weights.items())
            shocks.append(({"metric": "shock_shortfall_t", "importer": importer, "chain_id": shock.chain_id,
                            "lever": lever}, {"year": np.array([shock.year]), "contribution": np.array([delta])}))
    if not blocks:
        return pd.DataFrame(columns=["metric", "importer", "chain_id", "lever", "year", "contribution"])
    return _stack(blocks + shocks)  # the dependency rows, then one shortfall row per lever and importer hit
