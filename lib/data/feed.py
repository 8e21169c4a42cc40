"""The What-changed feed: an Atom feed and changes.json of every release, newest first, written into static/ by
`python -m lib.data.build` and served by Streamlit's static serving at /app/static/changes.atom and
/app/static/changes.json. Both are made from the releases directory alone (no clock), so a rebuild of the
same releases writes the same bytes and `--check` can tell when they are stale.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lib.data.releases import Release, RowChange, read_changes, read_index

ATOM_FILE = "changes.atom"
JSON_FILE = "changes.json"
FEED_ID = "urn:critical-mineral-exposure:releases"
# Relative to the feed's address /app/static/changes.atom: the app's What changed page.
PAGE_LINK = "../../changes"


def change_line(change: RowChange) -> str:
    """One row change in words: table, row, what happened, fields before → after, source."""
    head = f"{change.table}: {change.label} ({change.row_id}) {change.kind}"
    fields = "; ".join(f"{f.field}: {f.before or '(empty)'} → {f.after or '(empty)'}" for f in change.fields)
    source = f" — source: {change.source_name} {change.source_url}".rstrip() if change.source_name else ""
    return head + (f" — {fields}" if fields else "") + source


def release_title(release: Release) -> str:
    if release.previous is None:
        return f"Data version {release.version} of {release.released}: first release kept"
    counts = release.counts
    return (f"Data version {release.version} of {release.released}: {counts.get('added', 0)} rows added, "
            f"{counts.get('changed', 0)} changed, {counts.get('removed', 0)} removed")


def atom(releases: list[Release], changes: dict[str, list[RowChange]]) -> str:
    newest_first = list(reversed(releases))
    updated = f"{newest_first[0].released}T00:00:00Z" if newest_first else "1970-01-01T00:00:00Z"
    entries = []
    for release in newest_first:
        lines = [change_line(c) for c in changes.get(release.version, [])]
        body = "\n".join([f"Sources current to {release.horizon}."] + lines)
        entries.append(
            f"  <entry>\n    <id>{FEED_ID}:{escape(release.version)}</id>\n"
            f"    <title>{escape(release_title(release))}</title>\n"
            f"    <updated>{escape(release.released)}T00:00:00Z</updated>\n"
            f"    <link rel=\"alternate\" href={quoteattr(PAGE_LINK)}/>\n"
            f"    <content type=\"text\">{escape(body)}</content>\n  </entry>\n")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>{FEED_ID}</id>\n  <title>Critical-mineral exposure dashboard: what changed in the data</title>\n"
            f"  <updated>{updated}</updated>\n  <author><name>Critical-mineral exposure dashboard</name></author>\n"
            f"  <link rel=\"alternate\" href={quoteattr(PAGE_LINK)}/>\n" + "".join(entries) + "</feed>\n")


def changes_json(releases: list[Release], changes: dict[str, list[RowChange]]) -> str:
    items = [{**asdict(r), "changes": [asdict(c) for c in changes.get(r.version, [])]} for r in reversed(releases)]
    return json.dumps({"releases": items}, indent=2, ensure_ascii=False) + "\n"


def feed_files(data_dir: Path) -> dict[str, str]:
    releases = read_index(data_dir)
    changes = {r.version: read_changes(data_dir, r.version) for r in releases}
    return {ATOM_FILE: atom(releases, changes), JSON_FILE: changes_json(releases, changes)}


def write_feed(data_dir: Path, static_dir: Path) -> None:
    static_dir.mkdir(parents=True, exist_ok=True)
    for name, text in feed_files(data_dir).items():
        (static_dir / name).write_text(text, encoding="utf-8")


def stale_files(data_dir: Path, static_dir: Path) -> list[str]:
    stale = []
    for name, text in feed_files(data_dir).items():
        path = static_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
