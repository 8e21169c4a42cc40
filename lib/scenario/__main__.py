"""The scenario model from the command line.

    python -m lib.scenario --view "importer=JPN&chain=dytb_oxide&framework=true"
    python -m lib.scenario --calibration

--view takes the query string of a Scenarios link (with or without the leading '?' or the address before it)
and prints one JSON object: the page's answer sentence and the figures its charts draw, with the Monte Carlo's
`bands` (10th, 50th and 90th percentiles), `probability_below` (share of draws durably below the threshold by
2030 and 2035, off and on), `draws` and `seed`. --calibration prints
the calibration table of docs/methodology.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from urllib.parse import parse_qs, urlsplit

from lib.data.load import load_dataset
from lib.scenario.answer import probability_sentence, result_sentence
from lib.scenario.calibration import calibration_markdown
from lib.scenario.model import IMPORTERS, POOLED
from lib.scenario.presets import PRESET_IDS

def query_of(view: str) -> dict[str, list[str]]:
    """The parameters of a link or of its bare query string."""
    text = view.strip()
    if "?" in text:
        text = urlsplit(text).query if "://" in text else text.split("?", 1)[1]
    return parse_qs(text, keep_blank_values=True)


def view_json(view: str, data=None) -> dict:
    """Everything the Scenarios page shows for one link, as plain numbers: the link is decoded and turned into
    ScenarioSettings exactly as the page does."""
    from lib.links.codec import decode
    from lib.links.controls import control_catalogue
    from lib.scenario.settings import ScenarioSettings
    from lib.views.scenarios import (allowed_levers, chain_names, page_chains, presets_of, scenario_for,
                                     shock_definition, shock_origin, uncertainty_for)

    data = data or load_dataset()
    catalogue = control_catalogue(data)
    decoded = decode(query_of(view), catalogue)
    values = {key: spec.default for key, spec in catalogue.items()} | decoded.values
    settings = ScenarioSettings.from_controls(values, catalogue, presets_of(data), bool(values["framework"]),
                                              allowed_levers(data, values["preset"]))
    result = scenario_for(data, settings.model_key)
    importer, chain_id = values["importer"], values["chain"]
    sentence = result_sentence(result, importer, chain_id, chain_names(data)[chain_id], data.manifest.end_year,
                               framework_on=settings.framework)
    uncertainty = uncertainty_for(data, settings.model_key, page_chains(settings, chain_id))
    key = settings.model_key
    definition = shock_definition(key, chain_names(data)[key.shock_chain], shock_origin(values, presets_of(data)))
    return {
        "data_version": data.manifest.version,
        "importer": importer, "chain_id": chain_id, "framework": settings.framework,
        "preset": _preset_label(settings.model_key, data),
        "sentence": sentence,
        "threshold": result.threshold,
        "paths": _paths(result, chain_id),
        "world_china_share": _world(result, chain_id),
        "effect": _effect(result, chain_id),
        "probability_sentence": probability_sentence(uncertainty, importer, chain_id, chain_names(data)[chain_id]),
        "bands": _bands(uncertainty, chain_id, "dependency"),
        "world_china_share_bands": _bands(uncertainty, chain_id, "world_china_share"),
        "probability_below": _probability_below(uncertainty, chain_id),
        "shock": _shock(result, uncertainty, definition, key.shock_importers),
        "draws": uncertainty.draws,
        "seed": uncertainty.seed,
        "notices": [str(n) for n in decoded.notices],
    }


def _preset_label(overrides, data) -> str:
    """The preset whose projects the finance lever uses, or 'custom' for a hand-picked candidate list."""
    from lib.scenario.presets import candidates_for_preset

    if overrides.candidates is None:
        return overrides.preset
    projects = data.table("supply_projects")
    return next((pid for pid in PRESET_IDS if candidates_for_preset(pid, projects) == overrides.candidates), "custom")


def _paths(result, chain_id: str) -> list[dict]:
    rows = result.paths[result.paths["chain_id"] == chain_id]
    wide = rows.pivot_table(index=["importer", "year"], columns="state", values="dependency").reset_index()
    order = {name: k for k, name in enumerate((*IMPORTERS, POOLED))}
    wide = wide.sort_values(["importer", "year"], key=lambda c: c.map(order) if c.name == "importer" else c)
    return [{"importer": r.importer, "year": int(r.year), "off": float(r.off), "on": float(r.on)}
            for r in wide.itertuples(index=False)]


def _world(result, chain_id: str) -> list[dict]:
    rows = result.world[result.world["chain_id"] == chain_id]
    wide = rows.pivot_table(index="year", columns="state", values="china_share").reset_index()
    return [{"year": int(r.year), "off": float(r.off), "on": float(r.on)} for r in wide.itertuples(index=False)]


def _bands(uncertainty, chain_id: str, metric: str) -> list[dict]:
    """The Monte Carlo's 10th, 50th and 90th percentiles by importer (WLD for the world share), year and state."""
    rows = uncertainty.bands[(uncertainty.bands["chain_id"] == chain_id) & (uncertainty.bands["metric"] == metric)]
    return [{"importer": r.importer, "year": int(r.year), "state": r.state, "p10": float(r.p10),
             "p50": float(r.p50), "p90": float(r.p90)} for r in rows.itertuples(index=False)]


def _probability_below(uncertainty, chain_id: str) -> list[dict]:
    """Share of draws in which dependency is below the threshold from `by_year` to the end year."""
    rows = uncertainty.probability_below[uncertainty.probability_below["chain_id"] == chain_id]
    return [{"importer": r.importer, "by_year": int(r.by_year), "off": float(r.off), "on": float(r.on)}
            for r in rows.itertuples(index=False)]


def _shock(result, uncertainty, definition: str, hit: tuple[str, ...]) -> dict:
    """The shock's shortfall for each importer it hits, framework off and on: on the expected path (tonnes and
    share of annual demand) and the 10–90% range of the draws."""
    shock = result.shock
    ranges = uncertainty.shock.set_index(["state", "importer", "measure"])

    def state_figures(row) -> dict:
        def spread(measure: str) -> dict:
            key = (row.state, row.importer, measure)
            return ({f"p{q}": float(ranges.loc[key, f"p{q}"]) for q in (10, 50, 90)} if key in ranges.index else {})
        return {"shortfall_t": float(row.shortfall_t), "share_of_demand": float(row.shortfall_share_of_demand),
                "stock_on_hand_days": float(row.stockpile_days), "draws_shortfall_t": spread("shortfall_t"),
                "draws_share_of_demand": spread("shortfall_share_of_demand")}
    importers = [{"importer": importer, **{row.state: state_figures(row) for row in
                                           shock[shock["importer"] == importer].itertuples(index=False)}}
                 for importer in IMPORTERS if importer in hit]
    first = shock.iloc[0]
    return {"definition": definition, "chain_id": first["chain_id"], "year": int(first["year"]), "importers": importers}


def _effect(result, chain_id: str) -> dict:
    contributions = result.contributions
    levers = contributions[(contributions["metric"] == "dependency") & (contributions["chain_id"] == chain_id)]
    shock = contributions[contributions["metric"] == "shock_shortfall_t"]
    split = result.effect[result.effect["chain_id"] == chain_id]
    lost = result.redirected_from[result.redirected_from["chain_id"] == chain_id]
    return {
        "by_lever": [{"importer": r.importer, "year": int(r.year), "lever": r.lever, "points": float(r.contribution)}
                     for r in levers.itertuples(index=False)],
        "shock_shortfall_by_lever_t": [{"importer": r.importer, "chain_id": r.chain_id, "year": int(r.year),
                                        "lever": r.lever, "tonnes": float(r.contribution)}
                                       for r in shock.itertuples(index=False)],
        "new_vs_redirected": [{"importer": r.importer, "year": int(r.year), "new_t": float(r.new_t),
                               "redirected_t": float(r.redirected_t), "new_points": float(r.new_points),
                               "redirected_points": float(r.redirected_points),
                               "total_points": float(r.total_points)} for r in split.itertuples(index=False)],
        "redirected_from": [{"year": int(r.year), "loser": r.loser, "tonnes": float(r.redirected_t)}
                            for r in lost.itertuples(index=False)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.scenario", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--view", help="query string (or whole address) of a Scenarios link")
    group.add_argument("--calibration", action="store_true", help="print the calibration table as Markdown")
    args = parser.parse_args(argv)
    if args.calibration:
        from lib.scenario.inputs import Overrides
        from lib.views.scenarios import scenario_for

        print(calibration_markdown(scenario_for(load_dataset(), Overrides())))
        return 0
    json.dump(view_json(args.view), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
