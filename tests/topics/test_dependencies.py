"""Shares as their sources state them: bounds ('>90%') are never shown as point figures."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.topics.dependencies import REST, share_in_words, world_shares


def test_share_in_words_shows_the_bound():
    assert share_in_words(0.9, ">=") == "≥90%"
    assert share_in_words(0.04, "<=") == "≤4%"
    assert share_in_words(0.692, "=", 1) == "69.2%"
    assert share_in_words(0.5, None) == "50%"
    assert share_in_words(float("nan"), "=") == ""


def test_the_remainder_of_lower_bounds_is_an_upper_bound():
    shares = pd.DataFrame({"metric": "world_share", "mineral_id": "C", "basis": "volume", "stage": "processing",
                           "year": 2024, "is_projection": False, "country": ["CHN", "IDN"], "value": [0.9, 0.05],
                           "bound": [">=", "="], "basis_detail": "t", "confidence": "verified",
                           "source_name": "s", "source_url": "https://s", "row_id": ["a", "b"]})
    world = world_shares(shares, "C", None).set_index("country")
    # China at least 90% and Indonesia 5%: the rest is 1 - 0.95 = 5% at most.
    assert world.loc[REST, "value"] == pytest.approx(0.05)
    assert world.loc[REST, "bound"] == "<="
    assert world.loc["CHN", "bound"] == ">="
