"""Citation text: each format names the data version, the data's date and the link."""
from __future__ import annotations

import datetime as dt

import pytest

from lib.links.citation import FORMATS, CitedView, bibtex, bibtex_escape, producers_of

LINK = "https://example.org/scenarios?importer=JPN&as_of=2026-11-29&v=e2ada1a018"
VIEW = CitedView("Scenarios", LINK, "e2ada1a018", dt.date(2026, 11, 20), dt.date(2026, 7, 24), dt.date(2026, 11, 29),
                 ("USGS Mineral Commodity Summaries 2025", "MOFCOM Announcement No. 61 [2025]"))


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_names_version_data_date_link_and_producers(name):
    text = FORMATS[name](VIEW)
    assert "e2ada1a018" in text
    assert "2026-11-20" in text  # the data's date (release day), not the access day
    assert LINK in text
    assert "USGS Mineral Commodity Summaries 2025" in text
    assert "2026-07-24" in text  # the horizon


def test_chicago_writes_the_access_date_in_words_and_apa_as_retrieved():
    assert "Accessed November 29, 2026" in FORMATS["Chicago"](VIEW)
    assert "Retrieved 2026-11-29, from " + LINK in FORMATS["APA"](VIEW)


def test_bibtex_escapes_specials_and_is_balanced():
    view = CitedView("R&D 100% #1", "https://example.org/?a=1%2C2", "v1", None, None, dt.date(2026, 1, 2),
                     ("A_b",))
    text = bibtex(view)
    assert r"R\&D 100\% \#1" in text and r"https://example.org/?a=1\%2C2" in text and r"A\_b" in text
    assert text.count("{") == text.count("}")
    assert "date = {undated}" in text and "year = {2026}" in text  # no release date: the access year
    assert bibtex_escape("\\") == "\\textbackslash{}"


def test_producers_are_distinct_in_order_and_capped_in_the_text():
    assert producers_of([("B", "u"), ("A", "u"), ("B", "v"), ("", "w")]) == ("B", "A")
    named = [("US Department of State: Pax Silica Initiative (December 2025)", "u"),
             ("US Department of State: 2026 Critical Minerals Ministerial", "v"),
             ("Middle.news - Lynas accelerates rare earths growth", "w"), ("Motley Fool Research, statistics", "x")]
    assert producers_of(named) == ("US Department of State", "Middle.news", "Motley Fool Research, statistics")
    many = CitedView("Overview", LINK, "v", None, None, dt.date(2026, 1, 1), tuple(f"S{i}" for i in range(15)))
    assert "S11; and 3 more listed at the link" in FORMATS["APA"](many)
    assert "Sources page" in FORMATS["APA"](CitedView("Sources", LINK, "v", None, None, dt.date(2026, 1, 1)))
