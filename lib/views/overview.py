"""The Overview page's models: live export-control measures counted by state, the suspension ends passed,
and the framework's one-year-on scorecard."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.data.labels import FRAMEWORK_ID
from lib.data.load import Dataset
from lib.topics.export_controls import cliff_sentence, measures_in_force
from lib.topics.scorecard import Scorecard, framework_scorecard
from lib.views import page_model
from lib.views.export_controls import cliffs

COUNTED_STATES = ("in_force", "suspended", "unknown", "scheduled_end_passed")
SCORECARD_TABLES = ("agreement_milestones", "agreements", "supply_projects")


@page_model(maxsize=32)  # working out every event's state takes ~5 ms
def measure_counts(data: Dataset, as_of: dt.date) -> dict[str, int]:
    """Restrictive measures live on the date, counted by state (in_force, suspended, unknown, and past a
    suspension's scheduled end)."""
    states = measures_in_force(data.table("export_controls"), as_of, data.manifest.horizon)["state"].value_counts()
    return {state: int(states.get(state, 0)) for state in COUNTED_STATES}


def cliff_line(data: Dataset, as_of: dt.date) -> str:
    """One line naming every suspension end passed between the horizon and the date ('' when none)."""
    return cliff_sentence(cliffs(data, as_of))


@page_model(maxsize=32)
def scorecard(data: Dataset, as_of: dt.date) -> Scorecard:
    return framework_scorecard(data.table("agreement_milestones"), data.table("agreements"),
                               data.table("supply_projects"), FRAMEWORK_ID, as_of, data.manifest.horizon)


def scorecard_table(card: Scorecard) -> pd.DataFrame:
    """The commitments as the Overview lists them: what, due, where the date stands, evidence, last checked."""
    return card.commitments[["commitment", "due", "timing", "status", "last_checked", "source_url"]]
