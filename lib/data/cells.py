"""Reading one cell of a table: ';'-separated lists, list membership and http(s) addresses."""
from __future__ import annotations

import re

import pandas as pd

from lib.data.schema import LIST_SEPARATOR

HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def split_list(value: object, separator: str = LIST_SEPARATOR) -> list[str]:
    """Items of a ';'-separated cell; empty or missing cells give an empty list."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [item.strip() for item in str(value).split(separator.strip()) if item.strip()]


def has_any_item(cells: pd.Series, wanted) -> pd.Series:
    """True where a list cell holds at least one of the wanted items (whole items, not substrings)."""
    wanted_set = set(wanted)
    return cells.map(lambda cell: bool(set(split_list(cell)) & wanted_set))


def is_http_url(value: str) -> bool:
    return bool(HTTP_URL.match(str(value).strip()))
