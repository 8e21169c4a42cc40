"""The Trade page's model and the Overview's "did it bite?" line: monthly flows of a chain with the lifecycle of
the controls linked to its customs lines."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.charts.figure import Chart
from lib.charts.trade import flows_with_lifecycle
from lib.data.labels import IMPORTER_NAMES, PARTY_NAMES, importer_parties
from lib.data.load import Dataset
from lib.topics.trade import (ReportingGaps, bite_sentence, chain_flows, chain_hs_codes, china_exports, did_it_bite,
                              has_partner_figures, importer_imports, linked_event_ids, reporting_gaps)
from lib.views import page_model
from lib.views.export_controls import cached_segments

TRADE_TABLES = ("trade_flows", "control_hs_links", "export_controls", "chains")


@dataclass(frozen=True)
class TradeView:
    chart: Chart
    has_flows: bool
    gaps: ReportingGaps
    has_importer_series: bool
    events: pd.DataFrame  # the linked events with their crosswalk rationale
    listing: pd.DataFrame  # every figure of the chain, newest first


@page_model(maxsize=64)
def trade_view(data: Dataset, chain_id: str, importer: str, as_of: dt.date, world: bool) -> TradeView:
    flows, links, events = data.table("trade_flows"), data.table("control_hs_links"), data.table("export_controls")
    horizon = data.manifest.horizon
    chain_name = data.table("chains").set_index("chain_id").loc[chain_id, "name"]
    rows = chain_flows(flows, chain_id)
    exports = china_exports(rows)
    if not world:
        exports = exports[exports["partner"] != "WLD"]
    imports = importer_imports(rows, importer)
    linked = linked_event_ids(links, chain_hs_codes(flows, chain_id))
    chosen = events[events["event_id"].isin(linked)]
    until = max(as_of, horizon or as_of) + dt.timedelta(days=180)
    segments = cached_segments(data, until)
    segments = segments[segments["event_id"].isin(linked)]
    context = f"China's customs, as reported · as of {as_of} · sources current to {horizon} · gaps are months no source reports"
    chart = flows_with_lifecycle(exports, imports, segments, chosen, chain_name, as_of, horizon, context)
    gaps = reporting_gaps(rows, as_of, horizon)
    codes = chain_hs_codes(flows, chain_id)
    crosswalk = links[links["event_id"].isin(linked) & links["hs_code"].isin(codes)][
        ["event_id", "hs_code", "basis", "rationale", "source_url"]]
    listing = rows.sort_values(["month", "partner"], ascending=[False, True])[
        ["month", "partner", "product", "flow", "quantity", "unit", "confidence", "confidence_note", "source_url"]]
    return TradeView(chart, not rows.empty, gaps, not imports.empty,
                     chosen[["event_id", "title"]].merge(crosswalk, on="event_id"), listing.reset_index(drop=True))


@page_model(maxsize=64)
def bite_line(data: Dataset, importer: str, chain_id: str, as_of: dt.date) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The Overview's "did it bite?" sentence and its sources."""
    chain_name = data.table("chains").set_index("chain_id").loc[chain_id, "name"]
    words = " and ".join(PARTY_NAMES.get(p, p) for p in importer_parties(importer)) or IMPORTER_NAMES[importer]
    flows = data.table("trade_flows")
    bite = did_it_bite(flows, data.table("control_hs_links"), data.table("export_controls"), importer, chain_id, as_of)
    sentence = bite_sentence(bite, words, chain_name, has_partner_figures(flows, importer, chain_id))
    return sentence, bite.sources if bite else ()
