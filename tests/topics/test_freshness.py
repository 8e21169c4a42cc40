"""How old the data is, in words: the horizon against today's date."""
from __future__ import annotations

import datetime as dt

from lib.topics.freshness import age_in_words, days_before, horizon_line

HORIZON = dt.date(2026, 7, 24)


def test_days_before_counts_whole_days_from_the_horizon():
    # 2026-07-24 -> 2026-07-31: 7 days; + August 31 + September 30 + October 31 = 99; + 29 days of November = 128.
    assert days_before(HORIZON, dt.date(2026, 11, 29)) == 128
    assert days_before(HORIZON, HORIZON) == 0
    assert days_before(HORIZON, dt.date(2026, 7, 21)) == -3


def test_age_in_words_singular_plural_today_and_a_horizon_after_today():
    assert age_in_words(HORIZON, dt.date(2026, 7, 25)) == "1 day before today"
    assert age_in_words(HORIZON, dt.date(2026, 11, 29)) == "128 days before today"
    assert age_in_words(HORIZON, HORIZON) == "today"
    assert age_in_words(HORIZON, dt.date(2026, 7, 21)) == "3 days after today"
    assert age_in_words(None, HORIZON) == "age unknown"


def test_horizon_line_is_the_start_of_every_page_caption():
    assert horizon_line(HORIZON, dt.date(2026, 11, 29)) == "Sources current to 2026-07-24 · 128 days before today"
    assert horizon_line(None, HORIZON) == "Sources current to unknown · age unknown"
