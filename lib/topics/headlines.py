"""The Overview page's headline figures: modelled dependency per chain, live export controls, agreements."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.data.cells import has_any_item
from lib.data.labels import importer_parties
from lib.topics.agreements import signed_by
from lib.scenario.model import ScenarioResult

HEADLINE_YEAR = 2030
# A change smaller than this (in percentage points) is shown as "no change", not as a signed zero.
SMALLEST_CHANGE_PTS = 0.05


@dataclass(frozen=True)
class ChainHeadline:
    chain_id: str
    base_share: float  # dependency in the base year (a sourced input)
    share: float  # modelled dependency in HEADLINE_YEAR with the framework in the chosen state
    change_pts: float  # against the other framework state, in percentage points

    @property
    def changed(self) -> bool:
        return abs(self.change_pts) >= SMALLEST_CHANGE_PTS


def dependency_headlines(result: ScenarioResult, importer: str, chain_ids: list[str], framework_on: bool,
                         base_year: int, year: int = HEADLINE_YEAR) -> list[ChainHeadline]:
    """One headline per chain, in the order given."""
    state, other = ("on", "off") if framework_on else ("off", "on")
    paths = result.paths[result.paths["importer"] == importer].set_index(["state", "chain_id", "year"])["dependency"]
    return [ChainHeadline(chain_id, float(paths[(state, chain_id, base_year)]), float(paths[(state, chain_id, year)]),
                          float(paths[(state, chain_id, year)] - paths[(other, chain_id, year)]) * 100)
            for chain_id in chain_ids]


def last_known_date(as_of: dt.date, horizon: dt.date | None) -> dt.date:
    """What the data can say about `as_of`: nothing after its horizon."""
    return min(as_of, horizon) if horizon else as_of


def agreements_signed_involving(agreements: pd.DataFrame, as_of: dt.date, importer: str) -> tuple[int, int]:
    """(agreements signed by the date, how many of them list one of the importer's countries as a party).
    Parties are matched as whole codes, so the company 'USA Rare Earth' does not count as the United States."""
    signed = signed_by(agreements, as_of)
    return len(signed), int(has_any_item(signed["parties"], importer_parties(importer)).sum())
