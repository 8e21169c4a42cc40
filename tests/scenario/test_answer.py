"""Answer sentences: one hand-made path per shape, and every sentence the app can produce checked
against the path it describes (hypothesis, over the shipped data with assumption values in the UI ranges)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.scenario.answer import (ABOVE_THROUGHOUT, BELOW_THROUGHOUT, DIPS_BELOW, FALLS_BELOW, RISES_ABOVE,
                                 PathShape, classify, result_sentence, sentence_for_paths)
from lib.scenario.inputs import Overrides
from lib.scenario.model import LEVER_NAMES, ModelInputError
from lib.views.scenarios import scenario_for
from tests.scenario.claims import check_sentence

YEARS = np.arange(2024, 2030)


@pytest.mark.parametrize("values, shape", [
    ([0.3, 0.3, 0.2, 0.2, 0.1, 0.1], PathShape(BELOW_THROUGHOUT, starts_below=True)),
    ([0.8, 0.7, 0.6, 0.49, 0.4, 0.3], PathShape(FALLS_BELOW, 2027)),
    ([0.4, 0.6, 0.4, 0.3, 0.3, 0.3], PathShape(FALLS_BELOW, 2026, starts_below=True)),
    ([0.8, 0.45, 0.4, 0.55, 0.6, 0.7], PathShape(DIPS_BELOW, 2027, first_dip=2025)),
    ([0.3, 0.4, 0.5, 0.6, 0.7, 0.8], PathShape(RISES_ABOVE, 2026, starts_below=True)),
    ([0.5, 0.9, 0.9, 0.9, 0.9, 0.5], PathShape(ABOVE_THROUGHOUT)),
])
def test_each_shape_of_path(values, shape):
    """0.5 itself counts as 'at or above' (the last case), so exactly-at-threshold paths never read as below."""
    assert classify(YEARS, np.array(values), 0.5) == shape


@pytest.mark.parametrize("off, on, expected", [
    ([0.3] * 6, [0.2] * 6,
     "With or without the framework, Japan's dependency on China for X is below 50% in every year from 2024 "
     "through 2029. In 2029 it is 20% with the framework, 30% without."),
    ([0.8, 0.7, 0.6, 0.55, 0.55, 0.55], [0.8, 0.7, 0.6, 0.45, 0.4, 0.4],
     "With the framework, Japan's dependency on China for X falls below 50% in 2027 and stays below through 2029; "
     "without it, it stays at or above 50% through 2029. In 2029 it is 40% with the framework, 55% without."),
    ([0.8, 0.45, 0.4, 0.55, 0.6, 0.7], [0.8, 0.45, 0.4, 0.4, 0.4, 0.4],
     "With the framework, Japan's dependency on China for X falls below 50% in 2025 and stays below through 2029; "
     "without it, it dips below 50% in 2025 but is back at 50% or more from 2027 through 2029. In 2029 it is 40% "
     "with the framework, 70% without."),
    ([0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.3, 0.4, 0.45, 0.45, 0.45, 0.45],
     "With the framework, Japan's dependency on China for X is below 50% in every year from 2024 through 2029; "
     "without it, it starts below 50% but rises to 50% or more in 2026 and stays there through 2029. In 2029 it is "
     "45% with the framework, 80% without."),
    ([0.4, 0.6, 0.4, 0.3, 0.3, 0.3], [0.4, 0.6, 0.4, 0.3, 0.3, 0.3],
     "With or without the framework, Japan's dependency on China for X starts below 50%, goes back to 50% or more, "
     "then falls below again in 2026 and stays below through 2029. In 2029 it is 30% either way."),
    ([0.8, 0.4, 0.4, 0.4, 0.4, 0.6], [0.8, 0.7, 0.6, 0.6, 0.6, 0.4],
     "With the framework, Japan's dependency on China for X falls below 50% in 2029; without it, it dips below 50% "
     "in 2025 but is back at 50% or more in 2029. In 2029 it is 40% with the framework, 60% without."),
])
def test_sentence_for_hand_made_paths(off, on, expected):
    sentence = sentence_for_paths(YEARS, np.array(off), np.array(on), 0.5, "JPN", "X")
    assert sentence == expected
    check_sentence(sentence, YEARS, off, on, 0.5)


def test_framework_off_headline_words_the_off_state_first():
    off, on = np.array([0.8] * 6), np.array([0.8, 0.7, 0.4, 0.4, 0.4, 0.4])
    sentence = sentence_for_paths(YEARS, off, on, 0.5, "USA", "X", framework_on=False)
    assert sentence == ("Without the framework, the United States' dependency on China for X stays at or above 50% "
                        "through 2029; with it, it falls below 50% in 2026 and stays below through 2029. In 2029 it is 80% without "
                        "the framework, 40% with it.")
    check_sentence(sentence, YEARS, off, on, 0.5, framework_on=False)


def test_checker_catches_a_wrong_level():
    wrong = ("With or without the framework, Japan's dependency on China for X is below 50% in every year from 2024 "
             "through 2029. In 2029 it is 25% either way.")
    with pytest.raises(AssertionError):
        check_sentence(wrong, YEARS, [0.3] * 6, [0.3] * 6, 0.5)


def test_checker_catches_a_false_sentence():
    """The old wording ('stays above 50%') for a path that starts at 30% must fail the check."""
    false = ("With or without the framework, Japan's dependency on China for X stays at or above 50% through 2029. "
             "In 2029 it is 30% either way.")
    with pytest.raises(AssertionError):
        check_sentence(false, YEARS, [0.3] * 6, [0.3] * 6, 0.5)


def _ui_params(dataset):
    table = dataset.table("scenario_assumptions")
    rows = table[table["lever"] != "shock"]
    return [(r.param_id, float(r.ui_min), float(r.ui_max)) for r in rows.itertuples()]


@st.composite
def app_views(draw, dataset):
    """A view the app can show: importer, chain, framework state, lever subset, preset, assumption values."""
    chains = list(dataset.table("chains")["chain_id"])
    params = _ui_params(dataset)
    changed = draw(st.lists(st.sampled_from(params), max_size=6, unique_by=lambda p: p[0]))
    values = tuple(sorted((pid, draw(st.floats(lo, hi, allow_nan=False))) for pid, lo, hi in changed))
    framework = draw(st.booleans())
    levers = draw(st.frozensets(st.sampled_from(LEVER_NAMES)))
    from lib.scenario.presets import PRESET_IDS
    overrides = Overrides(params=values, preset=draw(st.sampled_from(PRESET_IDS)),
                          **{name: name in levers for name in LEVER_NAMES})
    return (draw(st.sampled_from(["USA", "JPN", "USA+JPN"])), draw(st.sampled_from(chains)), overrides, framework)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_app_sentence_matches_its_path(dataset, data):
    importer, chain_id, overrides, framework = data.draw(app_views(dataset))
    try:
        result = scenario_for(dataset, overrides)
    except ModelInputError as error:
        assert any(ch.isdigit() for ch in str(error)), f"error must name the values: {error}"
        return
    paths = result.paths
    rows = paths[(paths["importer"] == importer) & (paths["chain_id"] == chain_id)].sort_values("year")
    years = rows[rows["state"] == "off"]["year"].to_numpy()
    off = rows[rows["state"] == "off"]["dependency"].to_numpy()
    on = rows[rows["state"] == "on"]["dependency"].to_numpy()
    threshold = float(result.threshold_years["threshold"].iloc[0])
    sentence = result_sentence(result, importer, chain_id, "the chain", int(years[-1]), framework)
    check_sentence(sentence, years, off, on, threshold, framework)


def test_every_default_view_sentence_matches_its_path(dataset):
    """Exhaustive over importer x chain x framework state x lever subset x preset, at the default values. The
    sentence comes from the arrays the page's result_sentence reads (the hypothesis test above goes through
    result_sentence itself); one groupby per result keeps the 1,920 cases fast."""
    from itertools import combinations

    chains = list(dataset.table("chains")["chain_id"])
    subsets = [frozenset(c) for r in range(len(LEVER_NAMES) + 1) for c in combinations(LEVER_NAMES, r)]
    from lib.scenario.presets import PRESET_IDS
    checked = 0
    for preset_id in PRESET_IDS:
        for levers in subsets:
            overrides = Overrides(preset=preset_id, **{name: name in levers for name in LEVER_NAMES})
            result = scenario_for(dataset, overrides)
            paths = result.paths.sort_values("year")
            for (importer, chain_id), rows in paths.groupby(["importer", "chain_id"]):
                off, on = rows[rows["state"] == "off"], rows[rows["state"] == "on"]
                years = off["year"].to_numpy()
                assert np.array_equal(years, on["year"].to_numpy())
                for framework in (True, False):
                    sentence = sentence_for_paths(years, off["dependency"].to_numpy(float),
                                                  on["dependency"].to_numpy(float), result.threshold, importer,
                                                  "the chain", framework)
                    check_sentence(sentence, years, off["dependency"].to_numpy(), on["dependency"].to_numpy(),
                                   result.threshold, framework)
                    checked += 1
    assert checked == len(PRESET_IDS) * len(subsets) * 2 * len(chains) * 3
