"""An independent reader of answer sentences: it parses each clause and checks it against the path.

It shares no code with lib.scenario.answer, so a wording bug there cannot hide a contradiction here."""
from __future__ import annotations

import re

import numpy as np

CLAUSES = [
    ("below_throughout", r"is below (?P<lvl>\d+)% in every year from (?P<a>\d{4}) through (?P<e>\d{4})$"),
    ("above_throughout", r"stays at or above (?P<lvl>\d+)% through (?P<e>\d{4})$"),
    ("rebelow", r"starts below (?P<lvl>\d+)%, goes back to \d+% or more, then falls below again in (?P<y>\d{4})"
                r"( and stays below through (?P<e>\d{4}))?$"),
    ("falls_below", r"falls below (?P<lvl>\d+)% in (?P<y>\d{4})( and stays below through (?P<e>\d{4}))?$"),
    ("dips_below", r"dips below (?P<lvl>\d+)% in (?P<d>\d{4}) but is back at \d+% or more "
                   r"(from (?P<y>\d{4}) through (?P<e>\d{4})|in (?P<y_last>\d{4}))$"),
    ("rises_above", r"starts below (?P<lvl>\d+)% but rises to \d+% or more in (?P<y>\d{4})"
                    r"( and stays there through (?P<e>\d{4}))?$"),
]
LEVELS = re.compile(r" In (?P<year>\d{4}) it is (?:(?P<same>\d+)% either way|(?P<on1>\d+)% with the framework, "
                    r"(?P<off1>\d+)% without|(?P<off2>\d+)% without the framework, (?P<on2>\d+)% with it)\.$")


def split_levels(sentence: str) -> tuple[str, dict]:
    """The threshold part of the sentence and the quoted levels {'year', 'off', 'on'} (as whole percents)."""
    m = LEVELS.search(sentence)
    assert m, f"no levels in: {sentence}"
    off = m["same"] or m["off1"] or m["off2"]
    on = m["same"] or m["on1"] or m["on2"]
    return sentence[: m.start()], {"year": int(m["year"]), "off": int(off), "on": int(on)}


def split_sentence(sentence: str) -> dict[str, str]:
    """{'off': clause, 'on': clause} from any of the three sentence forms (levels part removed)."""
    body = sentence.rstrip(".")
    both = re.match(r"With or without the framework, .*? dependency on China for .*? (?P<c>(is|stays|falls|starts|dips) .*)$", body)
    if both:
        return {"off": both["c"], "on": both["c"]}
    on_first = re.match(r"With the framework, .*? dependency on China for .*? (?P<on>(is|stays|falls|starts|dips) .*?); "
                        r"without it, it (?P<off>.*)$", body)
    if on_first:
        return {"on": on_first["on"], "off": on_first["off"]}
    off_first = re.match(r"Without the framework, .*? dependency on China for .*? (?P<off>(is|stays|falls|starts|dips) .*?); "
                         r"with it, it (?P<on>.*)$", body)
    assert off_first, f"unrecognised sentence form: {sentence}"
    return {"on": off_first["on"], "off": off_first["off"]}


def check_clause(text: str, years: np.ndarray, values: np.ndarray, threshold: float) -> None:
    """Assert that the clause is true of the path."""
    for kind, pattern in CLAUSES:
        m = re.match(pattern, text)
        if m:
            break
    else:
        raise AssertionError(f"unrecognised clause: {text}")
    assert m["lvl"] == f"{threshold * 100:.0f}", (text, threshold)
    groups = m.groupdict()
    if groups.get("y_last"):
        groups["y"] = groups["e"] = groups["y_last"]
    if groups.get("e") is None:  # 'falls below in 2035': the change is in the last year
        groups["e"] = groups["y"]
    assert int(groups["e"]) == years[-1], text
    below = values < threshold
    at = {int(y): i for i, y in enumerate(years)}
    if kind == "below_throughout":
        assert below.all() and int(m["a"]) == years[0], (text, values)
    elif kind == "above_throughout":
        assert not below.any(), (text, values)
    elif kind in ("falls_below", "rebelow"):
        y = at[int(groups["y"])]
        assert y > 0 and below[y:].all() and not below[y - 1], (text, values)
        assert below[0] == (kind == "rebelow"), (text, values)
    elif kind == "dips_below":
        d, y = at[int(m["d"])], at[int(groups["y"])]
        assert not below[:d].any() and below[d] and not below[y:].any() and below[y - 1], (text, values)
    else:
        y = at[int(groups["y"])]
        assert below[0] and below[y - 1] and not below[y:].any(), (text, values)


def check_levels(quoted: dict, years, off, on) -> None:
    """The quoted percentages are the path's values in the quoted year, rounded as the chart's hover shows."""
    k = list(np.asarray(years)).index(quoted["year"])
    assert quoted["year"] == (2030 if 2030 in list(years) else years[-1])
    assert abs(quoted["off"] - 100 * off[k]) <= 0.5 + 1e-9 and abs(quoted["on"] - 100 * on[k]) <= 0.5 + 1e-9


def check_sentence(sentence: str, years, off, on, threshold: float, framework_on: bool = True) -> None:
    sentence, quoted = split_levels(sentence)
    check_levels(quoted, np.asarray(years), np.asarray(off), np.asarray(on))
    clauses = split_sentence(sentence)
    check_clause(clauses["off"], np.asarray(years), np.asarray(off), threshold)
    check_clause(clauses["on"], np.asarray(years), np.asarray(on), threshold)
    if clauses["off"] != clauses["on"]:
        assert sentence.startswith("With the framework" if framework_on else "Without the framework"), sentence
