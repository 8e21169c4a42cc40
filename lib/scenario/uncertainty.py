"""Monte Carlo over what the scenario model's point path takes as given: which projects deliver, when they
start, and how fast demand grows.

The point path (lib/scenario/model.py) uses expected output, capacity x probability. Here each draw asks the
same model the same question with the probability replaced by 1 or 0: a project delivers in a draw when the
draw's uniform number for it is below its delivery probability (the framework's finance uplift included, so
the same number serves both worlds and a candidate that delivers without the framework also delivers with
it). Each draw also slips every project not yet operating by 0 to `start_slip_max_years` years, and moves
demand growth of the importers and the world together by up to +/- `demand_growth_spread` per year. The
allocation, dependency and world-share rules are the model's own (`compute_chain` with `ChainDraws`), and
so is the shock: its shortfall in each draw gives the shock chart its 10–90% range.

Seeded: the same inputs, draws and seed give the same figures, so a link always shows the same bands.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.scenario.model import (IMPORTERS, POOLED, ChainDraws, ModelInputs, check_inputs, compute_chain)

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 20251028  # the framework's signing date; any constant would do, this one is easy to cite
PERCENTILES = (10, 50, 90)
PROBABILITY_YEARS = (2030, 2035)
NO_SLIP_STATUSES = frozenset({"operating"})  # a plant already producing cannot start late


@dataclass(frozen=True)
class UncertaintyResult:
    bands: pd.DataFrame  # metric, importer, chain_id, state, year, p10, p50, p90
    probability_below: pd.DataFrame  # importer, chain_id, by_year, off, on (share of draws durably below)
    shock: pd.DataFrame  # state, importer, measure (shortfall_t, shortfall_share_of_demand), p10, p50, p90
    draws: int
    seed: int
    threshold: float


def run_uncertainty(inputs: ModelInputs, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                    chain_ids: tuple[str, ...] | None = None) -> UncertaintyResult:
    """Dependency and China's world share, framework off and on, over `draws` draws, for every chain or only
    `chain_ids`; the shock's shortfall when its chain is among them. Every chain's random numbers are drawn
    whichever chains are asked for, so a chain's figures never depend on which others were computed."""
    check_inputs(inputs)
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    rng = np.random.default_rng(seed)
    uniform = rng.random((draws, len(inputs.projects)))
    slip = rng.random((draws, len(inputs.projects))) * inputs.start_slip_max_years
    slip[:, [p.status in NO_SLIP_STATUSES for p in inputs.projects]] = 0.0
    growth = 1.0 + (2.0 * rng.random((draws, len(inputs.chains))) - 1.0) * inputs.demand_growth_spread
    states = (("off", inputs.levers.only(frozenset())), ("on", inputs.levers))
    band_blocks, probability_rows, shock_rows = [], [], []
    for k, chain in enumerate(inputs.chains):
        if chain_ids is not None and chain.chain_id not in chain_ids:
            continue
        rows = [j for j, p in enumerate(inputs.projects) if p.chain_id == chain.chain_id]
        chain_draws = ChainDraws(uniform[:, rows], slip[:, rows], growth[:, k])
        projects = [inputs.projects[j] for j in rows]
        results = {state: compute_chain(inputs, chain, projects, levers, chain_draws) for state, levers in states}
        for state, result in results.items():
            for importer in (*IMPORTERS, POOLED):
                band_blocks.append(_bands("dependency", importer, chain.chain_id, state, inputs.years,
                                          result.dependency[importer]))
            band_blocks.append(_bands("world_china_share", "WLD", chain.chain_id, state, inputs.years,
                                      result.world_china_share))
            if result.shock is not None:
                shock_rows += _shock_ranges(state, result.shock)
        probability_rows += _probabilities(inputs, chain.chain_id, results)
    return UncertaintyResult(bands=_frame(band_blocks, len(inputs.years)),
                             probability_below=pd.DataFrame(probability_rows),
                             shock=pd.DataFrame(shock_rows, columns=["state", "importer", "measure",
                                                                     *(f"p{q}" for q in PERCENTILES)]),
                             draws=draws, seed=seed, threshold=inputs.threshold)


def _shock_ranges(state: str, shock: dict) -> list[dict]:
    """10/50/90th percentiles of the shock's shortfall over the draws, in tonnes and as a share of demand."""
    per_importer = {i: (shock[i]["shortfall_t"], shock[i]["demand_t"]) for i in IMPORTERS}
    per_importer[POOLED] = (sum(v[0] for v in per_importer.values()), sum(v[1] for v in per_importer.values()))
    rows = []
    for importer, (shortfall, demand) in per_importer.items():
        for measure, values in (("shortfall_t", shortfall), ("shortfall_share_of_demand", shortfall / demand)):
            rows.append({"state": state, "importer": importer, "measure": measure,
                         **{f"p{q}": float(v) for q, v in zip(PERCENTILES, np.percentile(values, PERCENTILES))}})
    return rows


def _bands(metric: str, importer: str, chain_id: str, state: str, years: np.ndarray, values: np.ndarray
           ) -> tuple[tuple[str, str, str, str], np.ndarray, np.ndarray]:
    """Labels, years and the percentiles over the draws (values: draws x years -> 3 x years)."""
    return (metric, importer, chain_id, state), years, np.percentile(values, PERCENTILES, axis=0)


def _frame(blocks: list, n_years: int) -> pd.DataFrame:
    """One frame from every block, built once (a frame per block costs more than the draws)."""
    labels = np.repeat(np.array([b[0] for b in blocks], dtype=object), n_years, axis=0)
    values = np.concatenate([b[2] for b in blocks], axis=1)
    columns = {name: labels[:, k] for k, name in enumerate(("metric", "importer", "chain_id", "state"))}
    return pd.DataFrame({**columns, "year": np.concatenate([b[1] for b in blocks]),
                         **{f"p{q}": values[k] for k, q in enumerate(PERCENTILES)}})


def durably_below(years: np.ndarray, values: np.ndarray, threshold: float, by_year: int) -> np.ndarray:
    """Per draw: below the threshold in `by_year` and every year after it to the end year (the rule of
    model.first_year_below, applied to each draw; values: draws x years)."""
    return (values[:, years >= by_year] < threshold).all(axis=1)


def _probabilities(inputs: ModelInputs, chain_id: str, results: dict) -> list[dict]:
    years = inputs.years
    return [{"importer": importer, "chain_id": chain_id, "by_year": by_year,
             **{state: float(durably_below(years, results[state].dependency[importer], inputs.threshold,
                                           by_year).mean()) for state in ("off", "on")}}
            for importer in (*IMPORTERS, POOLED) for by_year in PROBABILITY_YEARS
            if years[0] <= by_year <= years[-1]]
