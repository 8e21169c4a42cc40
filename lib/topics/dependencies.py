"""Selections on dependency_shares: world concentration and national dependence, one basis at a time.

Rows on a volume basis and rows on a value basis are never combined; projections are kept apart from
reported figures."""
from __future__ import annotations

import pandas as pd

REST = "Rest of world (not itemised)"
BOUND_SIGNS = {"=": "", ">=": "≥", "<=": "≤"}
METRIC_LABELS = {"world_share": "Share of world output", "import_share_from_china": "Share of imports from China",
                 "net_import_reliance": "Net import reliance", "china_share_of_supply": "China's share of supply"}


def share_in_words(value: float, bound: str | None = "=", decimals: int = 0) -> str:
    """A share as its source states it: '≥90%' for 'more than 90%', '≤4%' for 'under 4%', '62%' otherwise."""
    if value is None or pd.isna(value):
        return ""
    return f"{BOUND_SIGNS.get(bound or '=', '')}{value:.{decimals}%}"


def _rest_bound(bounds: pd.Series) -> str:
    """The remainder 1 − Σ shares is bounded the other way when the itemised shares are bounds in one direction."""
    found = set(bounds.dropna()) - {"="}
    if found == {">="}:
        return "<="
    if found == {"<="}:
        return ">="
    return "="


def _latest(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """For each key, the rows of its latest year (reported figures only)."""
    reported = rows[~rows["is_projection"].astype(bool)]
    if reported.empty:
        return reported
    latest_year = reported.groupby(keys)["year"].transform("max")
    return reported[reported["year"] == latest_year]


def world_shares(shares: pd.DataFrame, mineral: str, stage: str | None, basis: str = "volume") -> pd.DataFrame:
    """Latest reported world shares by country for a mineral (and stage), with the remainder itemised."""
    rows = shares[(shares["metric"] == "world_share") & (shares["mineral_id"] == mineral) & (shares["basis"] == basis)]
    if stage is not None:
        rows = rows[rows["stage"] == stage]
    latest = _latest(rows, ["stage"])
    latest = latest.sort_values("value", ascending=False).drop_duplicates(["stage", "country"])
    bounds = latest["bound"] if "bound" in latest.columns else pd.Series("=", index=latest.index)
    latest = latest.assign(bound=bounds.fillna("="))
    rest = latest.groupby(["stage", "year"], as_index=False).agg(value=("value", "sum"), bound=("bound", _rest_bound))
    rest["value"] = (1.0 - rest["value"]).clip(lower=0.0)
    rest = rest[rest["value"] > 0.005].assign(country=REST, confidence="derived",
                                             basis_detail="1 minus the itemised shares")
    columns = ["stage", "year", "country", "value", "bound", "basis_detail", "confidence", "source_name",
               "source_url", "row_id"]
    return pd.concat([latest, rest], ignore_index=True).reindex(columns=columns)


def national_dependence(shares: pd.DataFrame, metric: str, basis: str) -> pd.DataFrame:
    """Latest reported figure per importer, mineral and stage for one dependence measure and basis."""
    rows = shares[(shares["metric"] == metric) & (shares["basis"] == basis)]
    latest = _latest(rows, ["country", "mineral_id", "stage"])
    latest = latest.drop_duplicates(["country", "mineral_id", "stage"], keep="first")
    columns = ["country", "mineral_id", "stage", "year", "period", "value", "bound", "basis_detail", "confidence",
               "source_name", "source_url", "row_id"]
    latest = latest.reindex(columns=columns)
    return latest.assign(bound=latest["bound"].fillna("=")).sort_values(["mineral_id", "country"]).reset_index(drop=True)


def dependence_matrix(dependence: pd.DataFrame) -> pd.DataFrame:
    """Importer x mineral: the most recent figure across stages (ties: the highest), with the row it came from."""
    ordered = dependence.sort_values(["year", "value"], ascending=[False, False])
    return ordered.drop_duplicates(["country", "mineral_id"], keep="first").reset_index(drop=True)
