"""Each line of the calibration table (lib/scenario/calibration.py, shown in docs/methodology.md) recomputed
and pinned: the model's figure, whether it is within ±3 points, and that the docs show the same table."""
from __future__ import annotations

from pathlib import Path

import pytest

from lib.scenario.calibration import COMPARISONS, TOLERANCE, calibration_markdown, model_value
from lib.scenario.inputs import Overrides
from lib.views.scenarios import scenario_for

PINNED = {  # framework off, default settings; change only with the table's explanation
    ("ndpr_oxide", "world", 2030): 0.771,
    ("ndpr_oxide", "world", 2035): 0.745,
    ("dytb_oxide", "world", 2030): 0.931,
    ("graphite_anode", "world", 2030): 0.938,
    ("ndfeb_magnets", "world", 2026): 0.943,
    ("ndpr_oxide", "USA", 2030): 0.176,
    ("ndfeb_magnets", "USA", 2024): 0.840,
    ("dytb_oxide", "JPN", 2030): 0.749,
    ("gallium", "JPN", 2024): 0.060,
}


@pytest.fixture(scope="module")
def default_result(dataset):
    return scenario_for(dataset, Overrides())


@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: f"{c.chain_id}-{c.who}-{c.year}")
def test_each_calibration_line(default_result, comparison):
    value = model_value(default_result, comparison)
    assert value == pytest.approx(PINNED[(comparison.chain_id, comparison.who, comparison.year)], abs=0.0005)
    within = abs(value - comparison.external) <= TOLERANCE
    assert within == comparison.within_tolerance_expected, comparison.explanation
    if not within:
        assert len(comparison.explanation) > 40  # a gap outside ±3 points carries its reason


def test_iea_base_case_lines_are_within_three_points(default_result):
    for comparison in COMPARISONS:
        if comparison.source.startswith("IEA") and comparison.who == "world" and comparison.chain_id == "ndpr_oxide":
            assert abs(model_value(default_result, comparison) - comparison.external) <= TOLERANCE


def test_methodology_shows_the_current_table(default_result):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert calibration_markdown(default_result) in doc
