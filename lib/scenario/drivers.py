"""What moves the framework effect: each assumption swung across its range, one at a time (a tornado).

The effect is the framework's change in one importer's dependency on one chain in one year (on minus off,
negative = less dependent). Each assumption is set to the low and then the high end of its range with every
other assumption as the reader set it, the model's chain computation is run (lib/scenario/model.compute_chain), and the
assumptions are ranked by how far apart the two effects are. A value the model rejects is reported, not
guessed around.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import pandas as pd

from lib.scenario.model import ModelInputError, ModelInputs, check_inputs, compute_chain


@dataclass(frozen=True)
class Swing:
    param_id: str
    label: str
    low: float
    high: float


def framework_effect(inputs: ModelInputs, importer: str, chain_id: str, year: int) -> float:
    """On minus off dependency of one importer on one chain in one year: the model's own chain computation
    (as run_scenario does it for the paths), for that chain only."""
    check_inputs(inputs)
    chain = inputs.chain(chain_id)
    projects = [p for p in inputs.projects if p.chain_id == chain_id]
    off = compute_chain(inputs, chain, projects, inputs.levers.only(frozenset()))
    on = compute_chain(inputs, chain, projects, inputs.levers)
    k = int(year) - inputs.base_year
    return float(on.dependency[importer][k] - off.dependency[importer][k])


def tornado(build: Callable[[tuple[tuple[str, float], ...]], ModelInputs], params: tuple[tuple[str, float], ...],
            swings: Iterable[Swing], importer: str, chain_id: str, year: int) -> pd.DataFrame:
    """One row per assumption: the effect at its low and high end, the base effect, and the swing
    |high - low|, largest first. `build(params)` gives the model inputs for (param_id, value) pairs on top of
    the table; `params` are the reader's own changes, kept for every other assumption."""
    base = framework_effect(build(params), importer, chain_id, year)
    rows = []
    for swing in swings:
        effects, problem = {}, ""
        for end, value in (("low", swing.low), ("high", swing.high)):
            changed = tuple(sorted({**dict(params), swing.param_id: value}.items()))
            try:
                effects[end] = framework_effect(build(changed), importer, chain_id, year)
            except ModelInputError as err:
                problem = f"{end} end ({value:g}) rejected: {err}"
        if problem:
            rows.append({"param_id": swing.param_id, "label": swing.label, "low": swing.low, "high": swing.high,
                         "effect_low": None, "effect_high": None, "swing": None, "problem": problem})
            continue
        rows.append({"param_id": swing.param_id, "label": swing.label, "low": swing.low, "high": swing.high,
                     "effect_low": effects["low"], "effect_high": effects["high"],
                     "swing": abs(effects["high"] - effects["low"]), "problem": ""})
    frame = pd.DataFrame(rows, columns=["param_id", "label", "low", "high", "effect_low", "effect_high", "swing",
                                        "problem"])
    frame["effect_base"] = base
    return frame.sort_values("swing", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
