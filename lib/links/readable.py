"""A view's settings in words, for exports: labels instead of URL keys, names instead of codes, "on"/"off"
instead of True/False, and each scenario assumption with its chain, importer and unit."""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from lib.data.labels import IMPORTER_NAMES, names
from lib.data.load import Dataset
from lib.links.controls import ASSUMPTION_KEY_PREFIX, ControlSpec

# Keys whose values are codes of a table, and where the names are: (table, id column, name column).
CODED_KEYS = {"chain": ("chains", "chain_id", "name"), "sh_chain": ("chains", "chain_id", "name"),
              "ag_mineral": ("minerals", "mineral_id", "name"), "ec_mineral": ("minerals", "mineral_id", "name"),
              "dp_mineral": ("minerals", "mineral_id", "name"), "ag_sel": ("agreements", "agreement_id", "name"),
              "ec_sel": ("export_controls", "event_id", "title"), "sh_preset": ("export_controls", "event_id", "title"),
              "cand": ("supply_projects", "project_id", "name")}
IMPORTER_KEYS = ("importer", "sh_who")
WHOLE_AREA = {"all": "all", "WLD": "world"}


@lru_cache(maxsize=8)
def _lookups(data: Dataset) -> dict[str, dict[str, str]]:
    tables = {(t, i, n) for t, i, n in CODED_KEYS.values()}
    found = {spec: names(data.table(spec[0]), spec[1], spec[2]) if data.table(spec[0]) is not None else {}
             for spec in tables}
    return {key: found[spec] for key, spec in CODED_KEYS.items()}


# Columns of chart data that hold codes, and where their names are.
CODED_COLUMNS = {"mineral_id": ("minerals", "mineral_id", "name"), "chain_id": ("chains", "chain_id", "name"),
                 "agreement_id": ("agreements", "agreement_id", "name"),
                 "event_id": ("export_controls", "event_id", "title"),
                 "project_id": ("supply_projects", "project_id", "name")}


@lru_cache(maxsize=8)
def code_names(data: Dataset) -> dict[str, dict[str, str]]:
    """Column -> {code: name} for the coded columns of chart data (importers included)."""
    found = {column: names(data.table(t), i, n) for column, (t, i, n) in CODED_COLUMNS.items()
             if data.table(t) is not None}
    return {**found, "importer": dict(IMPORTER_NAMES)}


def value_in_words(key: str, value: object, data: Dataset) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_in_words(key, item, data) for item in value) or "(all)"
    if key in IMPORTER_KEYS:
        return IMPORTER_NAMES.get(str(value), str(value))
    if key in CODED_KEYS:
        return _lookups(data)[key].get(str(value), str(value))
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text.replace("_", " ") if text.isidentifier() else text


def assumption_label(param_id: str, data: Dataset) -> tuple[str, str]:
    """(label naming chain and importer, unit) of a scenario assumption."""
    return _assumption_labels(data).get(param_id, (param_id.replace("_", " "), ""))


@lru_cache(maxsize=8)
def _assumption_labels(data: Dataset) -> dict[str, tuple[str, str]]:
    """Every assumption's (label, unit), worked out once per dataset: every rerun's export context names the
    reader's changed assumptions, and a pandas lookup per assumption cost ~50 ms a Scenarios rerun."""
    table = data.table("scenario_assumptions")
    if table is None:
        return {}
    labels = {}
    for row in table.drop_duplicates("param_id").itertuples(index=False):
        where = [WHOLE_AREA.get(row.chain_id, _lookups(data)["chain"].get(row.chain_id, row.chain_id)),
                 WHOLE_AREA.get(row.importer, IMPORTER_NAMES.get(row.importer, row.importer))]
        scope = ", ".join(w for w in where if w and w != "all")
        labels[row.param_id] = (f"{row.label}" + (f" ({scope})" if scope else ""), str(row.unit))
    return labels


def readable_settings(values: Mapping[str, object], specs: Mapping[str, ControlSpec], data: Dataset
                      ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(settings, assumptions) of a view, each as (label, value) pairs in words."""
    settings, assumptions = [], []
    for key, value in values.items():
        spec = specs.get(key)
        if spec is None or value is None:
            continue
        if key.startswith(ASSUMPTION_KEY_PREFIX):
            label, unit = assumption_label(key[len(ASSUMPTION_KEY_PREFIX):], data)
            assumptions.append((label, f"{value_in_words(key, value, data)} {unit}".strip()))
        else:
            settings.append((spec.label or key.replace("_", " "), value_in_words(key, value, data)))
    return settings, assumptions
