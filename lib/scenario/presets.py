"""Which projects the framework's finance lever is credited with: three presets, from the data.

The framework-off world already holds every other programme (DoD awards and offtakes, JARE/JOGMEC finance,
CHIPS letters, Australian loans, Project Vault). A preset only chooses which projects the framework is
credited with *adding to*; the UI offers the three below and the id travels in the link.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Preset:
    preset_id: str
    label: str
    description: str


DELIVERED = Preset(
    "delivered", "As delivered so far",
    "Only what the milestone tracker has evidence for: projects a source names as financed under the US–Japan "
    "framework, and only the levers whose milestone is met. At the data horizon no source names such a project "
    "and no framework milestone is met, so this preset shows no framework effect: the framework has not yet "
    "been shown to add supply, stocks or pooling.")
ADDITIONAL = Preset(
    "additional", "Additional projects",
    "Projects with no other government finance that have not reached a final investment decision: the ones "
    "framework money could plausibly add. Each project's inclusion and the reason are in supply_projects "
    "(framework_additional, additional_rationale).")
EVERY_ALLIED = Preset(
    "every_allied", "Every allied project (upper bound)",
    "Every listed non-China project, including plants already financed by the US DoD, Japan's JARE/JOGMEC or "
    "other governments, and plants already operating. An upper bound, not an estimate: it credits the "
    "framework with what other programmes already pay for.")
PRESETS = (DELIVERED, ADDITIONAL, EVERY_ALLIED)
LEVER_MILESTONES = {  # the agreement_milestones row whose evidence a lever needs under 'delivered'
    "finance": "usjpn-fw-finance-6m",
    "stockpile": "usjpn-fw-stockpiling",
    "pooling": "usjpn-fw-rapid-response-group",
}
PRESET_IDS = tuple(p.preset_id for p in PRESETS)
DEFAULT_PRESET = ADDITIONAL.preset_id


def modelled_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """Rows the model can use: in a chain, with a capacity and a start year."""
    return projects[projects["chain_id"].notna() & projects["capacity"].notna() & projects["start_year"].notna()]


def preset(preset_id: str) -> Preset:
    for item in PRESETS:
        if item.preset_id == preset_id:
            return item
    raise ValueError(f"unknown preset '{preset_id}' (known: {', '.join(PRESET_IDS)})")


def candidates_for_preset(preset_id: str, projects: pd.DataFrame) -> frozenset[str]:
    """The project_ids the finance lever applies to under a preset (only projects the model can use)."""
    usable = modelled_projects(projects)
    if preset_id == DELIVERED.preset_id:
        chosen = usable[usable["framework_link"] == "stated"]
    elif preset_id == ADDITIONAL.preset_id:
        chosen = usable[usable["framework_additional"].astype(str).str.lower().isin(("true", "yes", "1"))]
    else:
        preset(preset_id)  # raises for an unknown id
        chosen = usable
    return frozenset(chosen["project_id"])


def preset_table(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per modelled project: which presets credit it to the framework, and why (for the UI's table)."""
    usable = modelled_projects(projects)
    sets = {p.preset_id: candidates_for_preset(p.preset_id, projects) for p in PRESETS}
    return pd.DataFrame({"project_id": usable["project_id"], "name": usable["name"], "chain_id": usable["chain_id"],
                         **{pid: usable["project_id"].isin(ids) for pid, ids in sets.items()},
                         "rationale": usable["additional_rationale"]}).reset_index(drop=True)


def levers_with_evidence(milestones: pd.DataFrame | None) -> frozenset[str]:
    """Levers whose framework milestone the tracker marks 'met' (public evidence it happened)."""
    if milestones is None:
        return frozenset()
    met = set(milestones.loc[milestones["status"] == "met", "milestone_id"])
    return frozenset(lever for lever, milestone in LEVER_MILESTONES.items() if milestone in met)


def levers_for_preset(preset_id: str, milestones: pd.DataFrame | None) -> frozenset[str]:
    """The levers a preset lets act: all three, except under 'delivered' only those with evidence.

    The UI ANDs this with the user's lever switches."""
    preset(preset_id)
    if preset_id == DELIVERED.preset_id:
        return levers_with_evidence(milestones)
    return frozenset(LEVER_MILESTONES)
