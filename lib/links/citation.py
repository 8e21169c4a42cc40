"""Citation text for a view of the dashboard: APA, Chicago and BibTeX, each naming the view's title, its link,
the data version and the date that version was released, the data horizon, the access date and the upstream
producers of the data on the page, who deserve the credit."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PUBLISHER = "Critical-mineral exposure dashboard"
AUTHOR = "Critical-mineral exposure dashboard contributors"
MAX_PRODUCERS = 12


@dataclass(frozen=True)
class CitedView:
    title: str  # the page's title, e.g. "Scenarios"
    link: str
    version: str
    released: dt.date | None  # the day this data version was released
    horizon: dt.date | None  # sources current to
    accessed: dt.date
    producers: tuple[str, ...] = ()  # upstream sources of the data shown

    @property
    def data_date(self) -> str:
        return self.released.isoformat() if self.released else "undated"

    @property
    def year(self) -> str:
        return str((self.released or self.accessed).year)


_PRODUCER_END = re.compile(r": | - | – ")
MAX_PRODUCER = 90


def producer(source_name: str) -> str:
    """Who published a source: the part of its name before 'Producer: title' or 'Producer - title', else the
    whole name."""
    head = _PRODUCER_END.split(source_name.strip(), maxsplit=1)[0].strip()
    return head if 0 < len(head) <= MAX_PRODUCER else source_name.strip()


def producers_of(sources) -> tuple[str, ...]:
    """Distinct producers of the sources of the charts on the page, in order of first appearance."""
    return tuple(dict.fromkeys(producer(name) for name, _url in sources if name and name.strip()))


def _credits(view: CitedView) -> str:
    if not view.producers:
        return "Data producers: see the dashboard's Sources page."
    shown = list(view.producers[:MAX_PRODUCERS])
    more = len(view.producers) - len(shown)
    return "Data from: " + "; ".join(shown) + (f"; and {more} more listed at the link" if more > 0 else "") + "."


def _data_phrase(view: CitedView) -> str:
    horizon = view.horizon.isoformat() if view.horizon else "unknown"
    return f"data version {view.version} of {view.data_date}, sources current to {horizon}"


def apa(view: CitedView) -> str:
    return (f"{AUTHOR}. ({view.year}). {view.title} [Interactive dashboard; {_data_phrase(view)}]. {PUBLISHER}. "
            f"Retrieved {view.accessed.isoformat()}, from {view.link} {_credits(view)}")


def chicago(view: CitedView) -> str:
    accessed = f"{view.accessed:%B} {view.accessed.day}, {view.accessed.year}"
    return (f"{AUTHOR}. \u201c{view.title}.\u201d {PUBLISHER}, {_data_phrase(view)}. Accessed {accessed}. "
            f"{view.link}. {_credits(view)}")


_BIBTEX_SPECIAL = re.compile(r"([{}\\%&#_$^~])")


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), text)


def bibtex(view: CitedView) -> str:
    key = re.sub(r"[^a-z0-9]+", "", view.title.lower())[:30] or "view"
    url = view.link.replace("%", "\\%").replace("#", "\\#")  # inside url = {...} only these need escaping
    fields = [("title", f"{{{bibtex_escape(view.title)}}}"), ("author", f"{{{AUTHOR}}}"),
              ("organization", PUBLISHER), ("year", view.year), ("version", view.version),
              ("date", view.data_date), ("url", url), ("urldate", view.accessed.isoformat()),
              ("note", bibtex_escape(f"{_data_phrase(view)}. {_credits(view)}"))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{cmexposure-{key}-{view.version},\n{body}\n}}"


FORMATS = {"APA": apa, "Chicago": chicago, "BibTeX": bibtex}
