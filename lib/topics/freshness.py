"""How old the data is: the data horizon against today's date, in words every page can show."""
from __future__ import annotations

import datetime as dt


def days_before(horizon: dt.date, today: dt.date) -> int:
    """Whole days from the horizon to today (negative if the horizon lies after today)."""
    return (today - horizon).days


def age_in_words(horizon: dt.date | None, today: dt.date) -> str:
    """'128 days before today', '1 day before today', 'today', or (a horizon after today's date, e.g. a wrong
    clock) '3 days after today'; 'age unknown' without a horizon."""
    if horizon is None:
        return "age unknown"
    days = days_before(horizon, today)
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {unit} {'before' if days > 0 else 'after'} today"


def horizon_line(horizon: dt.date | None, today: dt.date) -> str:
    """The start of every page's data caption: 'Sources current to 2026-07-24 · 128 days before today'."""
    date = horizon.isoformat() if horizon else "unknown"
    return f"Sources current to {date} · {age_in_words(horizon, today)}"
