"""The Trade page's model and the Overview's "did it bite?" line: monthly flows of a chain with the lifecycle of
the controls linked to its customs lines."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.charts.figure import Chart
from lib.charts.trade import flows_with_lifecycle
from lib.data.labels import PARTY_NAMES, importer_parties
from lib.data.load import Dataset
from lib.topics.trade import (MAX_DESTINATIONS, ReportingGaps, bite_sentence, chain_flows, china_exports, did_it_bite,
                              has_partner_figures, importer_imports, linked_event_ids, main_destinations,
                              reporting_gaps)
from lib.views import page_model
from lib.views.export_controls import cached_segments

TRADE_TABLES = ("trade_flows", "control_hs_links", "export_controls", "chains")
LISTING_COLUMNS = ["month", "partner", "product", "flow", "quantity", "unit", "confidence", "confidence_note",
                   "source_url"]


@dataclass(frozen=True)
class TradeView:
    chart: Chart
    has_flows: bool
    gaps: ReportingGaps
    has_importer_series: bool
    destinations_left_out: int  # partners beyond the largest MAX_DESTINATIONS, not drawn (they stay in the listing)
    events: pd.DataFrame  # the linked events with their crosswalk rationale
    listing: pd.DataFrame  # every figure of the chain, newest first


@page_model(maxsize=4)
def flows_by_chain(data: Dataset) -> dict[str, pd.DataFrame]:
    """Every chain's rows, in tonnes with series labels, worked out once per dataset (the per-view work is then a
    lookup: pandas column inserts on the Arrow-backed tables cost tens of milliseconds each)."""
    flows = data.table("trade_flows")
    flows = flows.set_axis(pd.Index(list(flows.columns), dtype=object), axis=1)
    return {chain_id: chain_flows(flows, chain_id) for chain_id in data.table("chains")["chain_id"]}


@page_model(maxsize=64)
def trade_view(data: Dataset, chain_id: str, importer: str, as_of: dt.date, world: bool) -> TradeView:
    links, events, horizon = data.table("control_hs_links"), data.table("export_controls"), data.manifest.horizon
    chain_name = data.table("chains").set_index("chain_id").loc[chain_id, "name"]
    rows = flows_by_chain(data)[chain_id]
    all_exports = china_exports(rows)
    exports = main_destinations(all_exports, importer)
    left_out = len(set(all_exports["partner"]) - set(exports["partner"]))
    if not world:
        exports = exports[exports["partner"] != "WLD"]
    imports = importer_imports(rows, importer)
    codes = set(rows["hs_code"])
    linked = linked_event_ids(links, codes)
    chosen = events[events["event_id"].isin(linked)]
    until = max(as_of, horizon or as_of) + dt.timedelta(days=180)
    segments = cached_segments(data, until)
    segments = segments[segments["event_id"].isin(linked)]
    context = (f"China's customs, as reported · as of {as_of} · sources current to {horizon} · gaps are months no "
               "source reports" + (f" · the {MAX_DESTINATIONS} largest other destinations" if left_out else ""))
    chart = flows_with_lifecycle(exports, imports, segments, chosen, chain_name, as_of, horizon, context)
    crosswalk = links[links["event_id"].isin(linked) & links["hs_code"].isin(codes)][
        ["event_id", "hs_code", "basis", "rationale", "source_url"]]
    listing = rows.sort_values(["month", "partner"], ascending=[False, True])[LISTING_COLUMNS]
    gaps = reporting_gaps(rows[rows["month"] <= pd.Timestamp(as_of)], as_of, horizon)
    return TradeView(chart, not rows.empty, gaps, not imports.empty, left_out,
                     chosen[["event_id", "title"]].merge(crosswalk, on="event_id"), listing.reset_index(drop=True))


@page_model(maxsize=64)
def bite_line(data: Dataset, importer: str, chain_id: str, as_of: dt.date) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The Overview's "did it bite?" sentence and its sources."""
    chain_name = data.table("chains").set_index("chain_id").loc[chain_id, "name"]
    words = " and ".join(PARTY_NAMES.get(p, p) for p in importer_parties(importer))
    rows = flows_by_chain(data)[chain_id]
    bite = did_it_bite(rows, data.table("control_hs_links"), data.table("export_controls"), importer, as_of)
    sentence = bite_sentence(bite, words, chain_name, has_partner_figures(rows, importer))
    return sentence, bite.sources if bite else ()
