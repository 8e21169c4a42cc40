"""The scenario's answer in words: each dependency path classified against the threshold, then worded.

The sentence is built from the same `paths` frame the dependency chart draws, so it cannot say
something the chart contradicts. A path is one of five shapes (see `PathShape`); every shape has
one wording, and the year named in it is read off the path itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POSSESSIVE = {"USA": "the United States'", "JPN": "Japan's", "USA+JPN": "the US and Japan's combined"}

BELOW_THROUGHOUT = "below_throughout"
FALLS_BELOW = "falls_below"  # ends below, was at or above the threshold in some earlier year
DIPS_BELOW = "dips_below"  # starts at or above, goes below, ends at or above again
RISES_ABOVE = "rises_above"  # starts below, ends at or above
ABOVE_THROUGHOUT = "above_throughout"
SHAPES = (BELOW_THROUGHOUT, FALLS_BELOW, DIPS_BELOW, RISES_ABOVE, ABOVE_THROUGHOUT)
LEVEL_YEAR = 2030  # the year whose two levels the sentence quotes, when the paths include it


@dataclass(frozen=True)
class PathShape:
    """How one path sits against the threshold. 'Above' means at or above the threshold.

    year: for FALLS_BELOW the first year of the final run below; for RISES_ABOVE and DIPS_BELOW the first
    year of the final run at or above; None otherwise. first_dip: for DIPS_BELOW the first year below."""
    kind: str
    year: int | None = None
    first_dip: int | None = None
    starts_below: bool = False


def classify(years: np.ndarray, values: np.ndarray, threshold: float) -> PathShape:
    """The shape of one path against the threshold."""
    above = np.asarray(values) >= threshold
    years = np.asarray(years)
    starts_below = not above[0]
    if not above.any():
        return PathShape(BELOW_THROUGHOUT, starts_below=True)
    if above.all():
        return PathShape(ABOVE_THROUGHOUT)
    if not above[-1]:
        last_above = np.nonzero(above)[0][-1]
        return PathShape(FALLS_BELOW, int(years[last_above + 1]), starts_below=starts_below)
    last_below = np.nonzero(~above)[0][-1]
    stays_above_from = int(years[last_below + 1])
    if starts_below:
        return PathShape(RISES_ABOVE, stays_above_from, starts_below=True)
    first_dip = int(years[np.nonzero(~above)[0][0]])
    return PathShape(DIPS_BELOW, stays_above_from, first_dip=first_dip)


def clause(shape: PathShape, level: str, start_year: int, end_year: int) -> str:
    """The words for one shape, e.g. 'falls below 50% in 2031 and stays below through 2035'."""
    if shape.kind == BELOW_THROUGHOUT:
        return f"is below {level} in every year from {start_year} through {end_year}"
    if shape.kind == ABOVE_THROUGHOUT:
        return f"stays at or above {level} through {end_year}"
    if shape.kind == FALLS_BELOW:
        prefix = f"starts below {level}, goes back to {level} or more, then " if shape.starts_below else ""
        verb = "falls below again" if shape.starts_below else f"falls below {level}"
        return prefix + verb + _from_year(shape.year, end_year, "and stays below")
    if shape.kind == DIPS_BELOW:
        back = (f"is back at {level} or more in {end_year}" if shape.year == end_year
                else f"is back at {level} or more from {shape.year} through {end_year}")
        return f"dips below {level} in {shape.first_dip} but {back}"
    return f"starts below {level} but rises to {level} or more" + _from_year(shape.year, end_year, "and stays there")


def _from_year(year: int, end_year: int, staying: str) -> str:
    """' in 2031 and stays … through 2035', or just ' in 2035' when the change happens in the last year."""
    return f" in {year}" if year == end_year else f" in {year} {staying} through {end_year}"


def levels(years: np.ndarray, off: np.ndarray, on: np.ndarray, framework_on: bool) -> str:
    """The two levels in one year the chart shows (2030 if shown, else the last year), headline state first."""
    k = int(np.nonzero(years == LEVEL_YEAR)[0][0]) if LEVEL_YEAR in years else len(years) - 1
    with_it, without = f"{on[k]:.0%} with the framework", f"{off[k]:.0%} without"
    if f"{on[k]:.0%}" == f"{off[k]:.0%}":
        return f"In {int(years[k])} it is {on[k]:.0%} either way."
    return f"In {int(years[k])} it is " + (f"{with_it}, {without}." if framework_on
                                           else f"{off[k]:.0%} without the framework, {on[k]:.0%} with it.")


def sentence_for_paths(years: np.ndarray, off: np.ndarray, on: np.ndarray, threshold: float, importer: str,
                       chain_name: str, framework_on: bool = True) -> str:
    """One sentence comparing the two paths; the headline state comes first."""
    level = f"{threshold:.0%}"
    start, end = int(years[0]), int(years[-1])
    shape_off, shape_on = classify(years, off, threshold), classify(years, on, threshold)
    subject = f"{POSSESSIVE[importer]} dependency on China for {chain_name}"
    numbers = levels(np.asarray(years), np.asarray(off), np.asarray(on), framework_on)
    if shape_off == shape_on:
        return f"With or without the framework, {subject} {clause(shape_on, level, start, end)}. {numbers}"
    words_on, words_off = clause(shape_on, level, start, end), clause(shape_off, level, start, end)
    if framework_on:
        return f"With the framework, {subject} {words_on}; without it, it {words_off}. {numbers}"
    return f"Without the framework, {subject} {words_off}; with it, it {words_on}. {numbers}"


def path_arrays(result, importer: str, chain_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Years and the off and on dependency paths of one importer and chain, as the chart draws them."""
    paths = result.paths
    rows = paths[(paths["importer"] == importer) & (paths["chain_id"] == chain_id)]
    by_state = {state: group.sort_values("year") for state, group in rows.groupby("state")}
    years = by_state["off"]["year"].to_numpy()
    return years, by_state["off"]["dependency"].to_numpy(float), by_state["on"]["dependency"].to_numpy(float)


def result_sentence(result, importer: str, chain_id: str, chain_name: str, end_year: int,
                    framework_on: bool = True) -> str:
    """The page's answer sentence; `framework_on` says which state the page headlines.

    end_year is the page's horizon; the model's paths already end there, and the sentence uses the
    paths' own last year so that it can never name a year the chart does not show."""
    years, off, on = path_arrays(result, importer, chain_id)
    threshold = float(result.threshold_years["threshold"].iloc[0])
    return sentence_for_paths(years, off, on, threshold, importer, chain_name, framework_on)


def probability_sentence(uncertainty, importer: str, chain_id: str, chain_name: str, by_year: int = LEVEL_YEAR
                         ) -> str:
    """The chance, over the Monte Carlo's draws, that dependency is durably below the threshold by `by_year`
    (below it that year and every year after it to the end year), without and with the framework.
    Empty when the draws do not cover `by_year`."""
    table = uncertainty.probability_below
    rows = table[(table["importer"] == importer) & (table["chain_id"] == chain_id) & (table["by_year"] == by_year)]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    who = POSSESSIVE.get(importer, importer)
    return (f"Chance that {who} {chain_name} dependency on China is durably below {uncertainty.threshold:.0%} by "
            f"{by_year} (below it every year from then on): {row['off']:.0%} without the framework, "
            f"{row['on']:.0%} with it ({uncertainty.draws:,} draws of project delivery, start dates and demand "
            "growth).")
