"""The Agreements page's models: the matching agreements with their timeline, and the milestone tracker."""
from __future__ import annotations

import datetime as dt

from lib.charts.agreements import milestone_chart, signing_timeline
from lib.data.load import Dataset
from lib.topics.agreements import AgreementFilters, filter_agreements, milestone_tracker
from lib.views import page_model


@page_model(maxsize=64)
def agreements_view(data: Dataset, filters: AgreementFilters) -> tuple:
    """The matching agreements and their timeline chart."""
    table = data.table("agreements")
    shown = filter_agreements(table, filters)
    return shown, signing_timeline(shown, f"{len(shown)} of {len(table)} agreements · filters as set on the page")


@page_model(maxsize=32)
def milestones_view(data: Dataset, agreement_id: str, agreement_name: str, as_of: dt.date) -> tuple:
    tracker = milestone_tracker(data.table("agreement_milestones"), agreement_id, as_of)
    return tracker, milestone_chart(tracker, agreement_name, as_of, f"Status from public evidence · as of {as_of}")
