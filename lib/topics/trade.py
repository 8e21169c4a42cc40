"""Monthly trade flows set against the export-control timeline: which flows and events belong to a chain,
what the data can and cannot say about recent months, and "did it bite?" for one importer.

A month no source reports has no row in trade_flows: it is missing, never zero. Quantities are compared only
on one unit basis (kg figures are turned into tonnes) and only month against the same month a year earlier.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.data.labels import importer_parties
from lib.topics.export_controls import POINT_EVENT_TYPES

WORLD = "WLD"
REPORTER = "CHN"
KG_PER_TONNE = 1000.0
# China's customs publishes the country breakdown of a month around the 20th of the next month.
RELEASE_LAG_DAYS = 20
BITE_WINDOW_MONTHS = 12  # months after a measure compared with a year earlier
NOT_RESTRICTIVE = (*POINT_EVENT_TYPES, "suspension", "general_licence")
MAX_DESTINATIONS = 8  # partner lines drawn besides the world total and the importer's own countries
PARTNER_NAMES = {"WLD": "world", "USA": "United States", "JPN": "Japan", "DEU": "Germany", "KOR": "South Korea",
                 "VNM": "Vietnam", "RUS": "Russia", "IND": "India", "BEL": "Belgium", "CHN": "China"}


def partner_name(code: str) -> str:
    return PARTNER_NAMES.get(code, code)


def short_product(name: str) -> str:
    """'Gallium metal, unwrought (China line …)' → 'Gallium metal'."""
    return name.split(" (")[0].split(",")[0].strip()


def chain_flows(flows: pd.DataFrame, chain_id: str) -> pd.DataFrame:
    """The chain's rows with `tonnes` (quantity in t, kg divided by 1,000) and a series label: the partner, led by
    a short product name where the chain has several lines ("Gallium metal → Japan")."""
    rows = flows[flows["chain_id"] == chain_id]
    tonnes = rows["quantity"].where(rows["unit"] != "kg", rows["quantity"] / KG_PER_TONNE)
    label = rows["partner"].map(partner_name)
    if rows["hs_code"].nunique() > 1:
        label = rows["product"].map(short_product) + " → " + label
    return rows.assign(tonnes=tonnes, series=label).sort_values(["hs_code", "partner", "month"]).reset_index(drop=True)


def china_exports(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[(rows["reporter"] == REPORTER) & (rows["flow"] == "export") & rows["tonnes"].notna()]


def main_destinations(exports: pd.DataFrame, importer: str, most: int = MAX_DESTINATIONS) -> pd.DataFrame:
    """The world total, the importer's countries and the `most` largest other destinations by tonnes."""
    keep = {WORLD, *importer_parties(importer)}
    others = exports[~exports["partner"].isin(keep)]
    largest = others.groupby("partner")["tonnes"].sum().nlargest(most).index
    return exports[exports["partner"].isin(keep | set(largest))]


def importer_imports(rows: pd.DataFrame, importer: str) -> pd.DataFrame:
    """The importer's own customs series of imports from China (the mirror of China's exports)."""
    return rows[rows["reporter"].isin(importer_parties(importer)) & (rows["flow"] == "import")
                & (rows["partner"] == REPORTER) & rows["tonnes"].notna()]


def linked_event_ids(links: pd.DataFrame, hs_codes: set[str]) -> list[str]:
    """Events the crosswalk ties to any of the lines, in the crosswalk's order, each once."""
    return list(dict.fromkeys(links.loc[links["hs_code"].isin(hs_codes), "event_id"]))


def month_start(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day).to_period("M").to_timestamp()


def last_due_month(as_of: dt.date) -> pd.Timestamp:
    """The latest month whose customs figures are due by `as_of` (released ~20 days after the month ends)."""
    return month_start(as_of - dt.timedelta(days=RELEASE_LAG_DAYS)) - pd.offsets.MonthBegin(1)


@dataclass(frozen=True)
class ReportingGaps:
    last_month: pd.Timestamp | None  # latest month with any figure for the chain
    not_in_data: tuple[pd.Timestamp, ...]  # after it, released by the horizon, but no source read gives them
    not_yet_reported: tuple[pd.Timestamp, ...]  # up to the as-of month, released only after the horizon (or not yet)


def reporting_gaps(rows: pd.DataFrame, as_of: dt.date, horizon: dt.date | None) -> ReportingGaps:
    """Months after the latest figure, split by whether customs had released them by the data horizon.
    Example: last month 2026-03, horizon 2026-07-24, as of 2026-09-10 → due by the horizon: up to 2026-06
    (June figures come ~20 July), so 04–06 are not in the data; 07 and 08 are not yet reported."""
    if rows.empty:
        return ReportingGaps(None, (), ())
    last = rows["month"].max()
    known = min(as_of, horizon) if horizon else as_of
    due_by_known = max(last_due_month(known), last)
    after = pd.date_range(last + pd.offsets.MonthBegin(1), due_by_known, freq="MS")
    later = pd.date_range(due_by_known + pd.offsets.MonthBegin(1), month_start(as_of), freq="MS")
    return ReportingGaps(last, tuple(after), tuple(later))


@dataclass(frozen=True)
class Bite:
    event_id: str
    title: str
    start: pd.Timestamp  # first month counted after the measure
    months: tuple[pd.Timestamp, ...]  # months with a figure both then and a year earlier
    after: float  # tonnes in those months
    before: float  # tonnes in the same months a year earlier
    derived_count: int  # how many of the figures used are derived (read from a % change)
    sources: tuple[tuple[str, str], ...]
    skipped: tuple[str, ...]  # titles of later measures with no comparable month yet

    @property
    def change(self) -> float:
        return self.after / self.before - 1 if self.before else float("nan")


def first_month_after(day: pd.Timestamp) -> pd.Timestamp:
    """A measure in force from the 1st counts its own month; from any later day, the next month."""
    start = day.to_period("M").to_timestamp()
    return start if day.day == 1 else start + pd.offsets.MonthBegin(1)


def restrictive_measures(events: pd.DataFrame, event_ids: list[str], importer: str, as_of: dt.date) -> pd.DataFrame:
    """Restrictive measures among `event_ids` in force by `as_of` and aimed at every destination or at one of the
    importer's countries, latest first."""
    chosen = events[events["event_id"].isin(event_ids) & ~events["measure_type"].isin(NOT_RESTRICTIVE)
                    & events["date_effective"].notna() & (events["date_effective"] <= pd.Timestamp(as_of))]
    parties = set(importer_parties(importer))
    aimed = chosen["target_countries"].fillna("").map(lambda text: bool(parties & set(text.split(";"))))
    chosen = chosen[(chosen["target_type"] == "all_destinations") | aimed]
    return chosen.sort_values("date_effective", ascending=False)


def has_partner_figures(rows: pd.DataFrame, importer: str) -> bool:
    """Whether China's exports to the importer appear at all among a chain's rows (from chain_flows)."""
    return bool(china_exports(rows)["partner"].isin(importer_parties(importer)).any())


def year_before(month: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(month.year - 1, month.month, 1)


def _monthly_totals(rows: pd.DataFrame, parties: tuple[str, ...]) -> dict[pd.Timestamp, float]:
    """Tonnes per month summed over the importer's countries, for months where every one of them has a figure."""
    by_month: dict[pd.Timestamp, dict[str, float]] = {}
    for month, partner, tonnes in zip(rows["month"], rows["partner"], rows["tonnes"]):
        by_month.setdefault(month, {}).setdefault(partner, 0.0)
        by_month[month][partner] += float(tonnes)
    return {m: sum(v.values()) for m, v in by_month.items() if len(v) == len(parties)}


def did_it_bite(rows: pd.DataFrame, links: pd.DataFrame, events: pd.DataFrame, importer: str,
                as_of: dt.date) -> Bite | None:
    """China's reported exports to the importer in the months after the latest measure on the chain's lines, against
    the same months a year earlier. Later measures with no comparable month yet are skipped (and named).
    None when no measure has a comparable month. Only months up to `as_of` count, and a month counts only where
    every one of the importer's countries has a figure both in it and a year before (pooled importers are summed).
    `rows`: one chain's rows from chain_flows."""
    hs_codes = set(rows["hs_code"])
    rows = china_exports(rows)
    parties = importer_parties(importer)
    rows = rows[rows["partner"].isin(parties) & (rows["month"] <= pd.Timestamp(as_of))]
    if rows.empty:
        return None
    totals = _monthly_totals(rows, parties)
    measures = restrictive_measures(events, linked_event_ids(links, hs_codes), importer, as_of)
    skipped: list[str] = []
    for measure in measures.itertuples(index=False):
        start = first_month_after(measure.date_effective)
        window = pd.date_range(start, periods=BITE_WINDOW_MONTHS, freq="MS")
        months = [m for m in window if m in totals and year_before(m) in totals]
        if not months:
            skipped.append(measure.title)
            continue
        earlier = [year_before(m) for m in months]
        used = rows[rows["month"].isin(months + earlier)]
        return Bite(measure.event_id, measure.title, start, tuple(months), sum(totals[m] for m in months),
                    sum(totals[m] for m in earlier), int((used["confidence"] == "derived").sum()),
                    tuple(used[["source_name", "source_url"]].drop_duplicates().itertuples(index=False, name=None)),
                    tuple(skipped))
    return None


def bite_sentence(bite: Bite | None, importer_words: str, chain_name: str, has_figures: bool) -> str:
    """The Overview's one line. Example: −20% over 2 months means (446 + 420) vs (591 + 596) t a year earlier."""
    if bite is None and not has_figures:
        return (f"Did it bite? No monthly figures in the data for China's exports to {importer_words} "
                f"({chain_name}).")
    if bite is None:
        return (f"Did it bite? The data hold no month of China's exports to {importer_words} ({chain_name}) after a "
                "measure on these goods that can be set against the same month a year earlier.")
    months = ", ".join(f"{m:%Y-%m}" for m in bite.months)
    derived = (f"; {bite.derived_count} of these figures {'is' if bite.derived_count == 1 else 'are'} derived from "
               "reported % changes" if bite.derived_count else "")
    skipped = (f" No comparable month yet after the later measure(s): {'; '.join(bite.skipped)}."
               if bite.skipped else "")
    return (f"Did it bite? China's reported exports to {importer_words} ({chain_name}) in the months after "
            f"“{bite.title}” ({months}) were {bite.change:+.0%} against the same months a year earlier "
            f"({bite.after:,.0f} t vs {bite.before:,.0f} t{derived}).{skipped}")
