"""Data text for Streamlit's Markdown-rendering elements: escaped so none of it acts as markup, and
links only to http(s) addresses. Pure functions; lib/app/ places the results on the page."""
from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd

from lib.data.cells import is_http_url

LIST_ITEM_GAP = re.compile(r";(?=\S)")  # 'REE;NdFeB' shown as 'REE; NdFeB' so that a long list can wrap
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
URL_SAFE = ":/?#@!$&'*+,;=%~"  # kept as they are in a link; everything else is percent-encoded
MAX_LINKED_SOURCES = 6


# After escaping: a bare address would still become a link (GitHub-flavoured autolinks); a word joiner after
# the scheme or 'www.' stops that and looks the same.
AUTOLINK = re.compile(r"(?i)(?:https?|ftp)\\?://|www\\?\.")


def escape_markdown(text: object) -> str:
    """Data text shown through Markdown-rendering elements without any of it acting as markup or a link."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return AUTOLINK.sub(lambda match: match.group(0) + "\u2060", escaped)


LABEL_MARKUP = re.compile(r"([\\`\[\]!<>*_~$])")


def escape_label(text: object) -> str:
    """A widget label from data: images, links, HTML and emphasis neutralised, other punctuation left alone, so
    the label's accessible name (Streamlit passes the raw text to screen readers) stays readable."""
    escaped = LABEL_MARKUP.sub(r"\\\1", str(text))
    return AUTOLINK.sub(lambda match: match.group(0) + "\u2060", escaped)


def markdown_link(text: object, url: str) -> str:
    """A Markdown link to an http(s) URL; brackets, parentheses and spaces in the URL are percent-encoded so
    that they cannot end the link early."""
    return f"[{escape_markdown(text)}]({quote(url.strip(), safe=URL_SAFE)})"


def display_text(value: object) -> str:
    """A cell as one line of text; empty and missing values read 'not stated'; a timestamp at midnight (every
    date in the tables) reads as its day, without '00:00:00'."""
    if isinstance(value, pd.Timestamp) and not pd.isna(value) and value == value.normalize():
        value = value.date()
    text = "" if value is None else " ".join(str(value).split())
    return "not stated" if text in ("", "NaT", "nan", "None", "<NA>") else text


def sources_markdown(sources, modelled: bool) -> str:
    """'Modelled' or 'Reported data', then the sources as Markdown links (http(s) only, names escaped)."""
    kind = "Modelled (scenario model)" if modelled else "Reported data"
    links = [markdown_link(name, url) for name, url in sources if is_http_url(url)]
    more = len(links) - MAX_LINKED_SOURCES
    shown = "; ".join(links[:MAX_LINKED_SOURCES]) + (f"; and {more} more (see the About download)" if more > 0 else "")
    return f"**{kind}.** Sources: {shown or 'see the Sources page'}"


def fact_list_markdown(facts: dict) -> str:
    """Label–value pairs as one Markdown list (values are data, so they are escaped)."""
    return "\n".join(f"- **{escape_markdown(label)}:** {escape_markdown(display_text(value))}"
                     for label, value in facts.items())


def markdown_table(cells: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of cells that are already Markdown (see markdown_cells). Line breaks
    would end a row early, so every run of white space becomes one space."""
    def row(values) -> str:
        return "| " + " | ".join(" ".join(str(value).split()) for value in values) + " |"
    header = row(escape_markdown(column) for column in cells.columns)
    rule = row("---" for _ in cells.columns)
    return "\n".join([header, rule, *(row(values) for values in cells.itertuples(index=False))])


def markdown_cells(frame: pd.DataFrame, percent_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every cell as Markdown text for a Markdown table: data is escaped, source URLs become links only when
    they are http(s), shares in percent_columns are shown as percentages, ';'-lists get a space to wrap at."""
    def cell(column: str, value: object) -> str:
        if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if column in percent_columns:
            return f"{float(value):.0%}"
        if column.endswith("source_url"):
            return markdown_link("open source", value) if is_http_url(str(value)) else escape_markdown(value)
        return escape_markdown(LIST_ITEM_GAP.sub("; ", str(value)))
    return pd.DataFrame({column: [cell(column, v) for v in frame[column].tolist()] for column in frame.columns})
