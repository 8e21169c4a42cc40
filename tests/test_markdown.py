"""lib/ui.py's pure helpers: text that Markdown tables and elements render must never act as markup."""
from __future__ import annotations

import pandas as pd

from lib.markdown import escape_markdown, markdown_cells, markdown_link, markdown_table, sources_markdown


def test_markdown_cells_escape_data_and_link_only_http_urls():
    frame = pd.DataFrame({"name": ["**bold** [x](https://evil.example)", "<b>tag</b>"],
                          "source_url": ["javascript:alert(1)", "https://example.org/report"]})
    cells = markdown_cells(frame)
    assert cells["name"].tolist() == [escape_markdown("**bold** [x](https://evil.example)"),
                                      escape_markdown("<b>tag</b>")]
    assert "**" not in cells["name"][0].replace("\\*", "")
    assert cells["source_url"][0] == escape_markdown("javascript:alert(1)"), "a non-http URL stays plain text"
    assert cells["source_url"][1] == "[open source](https://example.org/report)"


def test_markdown_cells_show_shares_dates_and_gaps_as_a_reader_expects():
    frame = pd.DataFrame({"share": [0.694, None], "due": pd.to_datetime(["2026-04-26", None]),
                          "count": pd.array([3, None], dtype="Int64")})
    cells = markdown_cells(frame, percent_columns=("share",))
    # 0.694 shown with no decimals is 69%; missing values of every kind show as empty cells.
    assert cells.to_dict("records") == [{"share": "69%", "due": "2026-04-26", "count": "3"},
                                        {"share": "", "due": "", "count": ""}]


def test_markdown_link_cannot_be_ended_early_by_the_url():
    link = markdown_link("Report (2025)", "https://example.org/a (b)[c]?q=1")
    assert link == r"[Report \(2025\)](https://example.org/a%20%28b%29%5Bc%5D?q=1)"


def test_source_line_links_http_sources_and_counts_the_rest():
    sources = [(f"Source {i}", f"https://example.org/{i}") for i in range(8)] + [("Local file", "file:///etc/passwd")]
    line = sources_markdown(sources, modelled=False)
    assert line.startswith("**Reported data.**")
    assert line.count("](https://example.org/") == 6 and "and 2 more" in line
    assert "file://" not in line


def test_markdown_cells_let_semicolon_lists_wrap():
    cells = markdown_cells(pd.DataFrame({"minerals": ["REE;NdFeB;SmCo", "Ga; Ge"]}))
    assert cells["minerals"].tolist() == ["REE; NdFeB; SmCo", "Ga; Ge"]


def test_markdown_table_keeps_one_row_per_record_whatever_the_text():
    frame = pd.DataFrame({"commitment": ["Finance | projects\nwithin six months", "Stockpiling"],
                          "source_url": ["https://example.org/a", "not a url"]})
    lines = markdown_table(markdown_cells(frame)).split("\n")
    # A header, the rule and two rows: the pipe is escaped and the line break folded into a space.
    assert lines == ["| commitment | source\\_url |",
                     "| --- | --- |",
                     "| Finance \\| projects within six months | [open source](https://example.org/a) |",
                     "| Stockpiling | not a url |"]


def test_dates_read_as_dates():
    import pandas as pd
    from lib.markdown import display_text
    assert display_text(pd.Timestamp("2025-04-04")) == "2025-04-04"
    assert display_text(pd.Timestamp("2025-04-04 13:30")) == "2025-04-04 13:30:00"  # a time of day is kept
    assert display_text(pd.NaT) == "not stated"
