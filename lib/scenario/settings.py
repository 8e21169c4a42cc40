"""The scenario as the reader set it: whether the US–Japan framework is on, and the model key.

The framework switch is its own field. The model key (`Overrides`) holds the levers, the changed
assumptions, the candidates and the shock, never the switch: the model always computes both worlds,
framework off and on, and the switch only says which one the page headlines. Flipping it is therefore
a cache hit on the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from lib.links.controls import ASSUMPTION_KEY_PREFIX, ControlSpec
from lib.scenario.inputs import Overrides, ShockPreset
from lib.scenario.model import IMPORTERS
from lib.scenario.presets import DEFAULT_PRESET

LEVERS = ("finance", "stockpile", "pooling")


@dataclass(frozen=True)
class ScenarioSettings:
    framework: bool
    model_key: Overrides

    @property
    def state(self) -> str:
        """The framework state the page headlines: 'on' or 'off'."""
        return "on" if self.framework else "off"

    @property
    def other_state(self) -> str:
        return "off" if self.framework else "on"

    @property
    def levers_on(self) -> tuple[str, ...]:
        return tuple(lever for lever in LEVERS if getattr(self.model_key, lever))

    @classmethod
    def from_controls(cls, values: Mapping[str, object], catalogue: Mapping[str, ControlSpec],
                      presets: tuple[ShockPreset, ...], framework: bool,
                      allowed_levers: frozenset[str] = frozenset(LEVERS)) -> "ScenarioSettings":
        """`framework` comes from the switch the page drew; `values` are every other control's value;
        `allowed_levers` are the levers the chosen project preset lets act (lib/scenario/presets.py)."""
        return cls(framework=bool(framework), model_key=_model_key(values, catalogue, presets, allowed_levers))


def _model_key(values: Mapping[str, object], catalogue: Mapping[str, ControlSpec], presets: tuple[ShockPreset, ...],
               allowed_levers: frozenset[str]) -> Overrides:
    levers = {lever: bool(values.get(lever, True)) and lever in allowed_levers for lever in LEVERS}
    return Overrides(preset=str(values.get("preset") or DEFAULT_PRESET), params=changed_assumptions(values, catalogue),
                     candidates=chosen_candidates(values, catalogue), **levers, **_shock(values, presets))


def chosen_candidates(values: Mapping[str, object], catalogue: Mapping[str, ControlSpec]) -> frozenset[str] | None:
    """None (the preset's projects) unless the reader picked candidates by hand: a list that differs from
    the default preset's is an explicit choice and wins over the preset."""
    chosen, spec = values.get("cand"), catalogue.get("cand")
    if chosen is None or spec is None or tuple(sorted(chosen)) == tuple(sorted(spec.default)):
        return None
    return frozenset(chosen)


def changed_assumptions(values: Mapping[str, object], catalogue: Mapping[str, ControlSpec]
                        ) -> tuple[tuple[str, float], ...]:
    """(param_id, value) for every assumption control whose value differs from the table's."""
    return tuple(sorted((key[len(ASSUMPTION_KEY_PREFIX):], float(value)) for key, value in values.items()
                        if key.startswith(ASSUMPTION_KEY_PREFIX) and key in catalogue and value is not None
                        and float(value) != float(catalogue[key].default)))


def _shock(values: Mapping[str, object], presets: tuple[ShockPreset, ...]) -> dict:
    preset = next((p for p in presets if p.preset_id == values.get("sh_preset")), None)
    if preset is not None:
        return dict(shock_chain=preset.chain_id, shock_fraction=preset.fraction, shock_months=preset.months,
                    shock_importers=preset.importers, shock_year=preset.year or values.get("sh_year"))
    return dict(shock_chain=values.get("sh_chain"), shock_year=values.get("sh_year"),
                shock_fraction=values.get("sh_fraction"),
                shock_months=values.get("sh_months"),
                shock_importers=tuple(i for i in IMPORTERS if i in (values.get("sh_who") or IMPORTERS)))
