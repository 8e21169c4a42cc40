"""The URL-parameter reference: every key a link can carry, generated from the control catalogue.

    python -m lib.links.reference        # writes docs/url_parameters.md (a test checks it is current)
"""
from __future__ import annotations

import sys
from pathlib import Path

from lib.data.load import DEFAULT_DATA_DIR, load_dataset
from lib.links.codec import RESERVED_KEYS, VERSION_KEY
from lib.links.controls import MOVING_DEFAULTS, ControlSpec, control_catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "url_parameters.md"
MAX_CHOICES_SHOWN = 12


def url_parameters_markdown(catalogue: dict[str, ControlSpec]) -> str:
    lines = ["# URL parameters", "",
             "Generated from `lib/links/controls.py` by `python -m lib.links.reference`; do not edit by hand.", "",
             "A link carries every control whose value differs from its default, the as-of date, and the data "
             f"version (`{VERSION_KEY}`). A link whose version is a kept release (`data/releases/`) opens that "
             "release's figures under a banner offering the current data; any other version opens the current "
             "data with a notice. A parameter that is unknown, repeated, malformed or out of range is "
             "ignored with a notice naming it; the view opens with its default. Lists are comma-separated. "
             f"Streamlit handles {', '.join(f'`{k}`' for k in RESERVED_KEYS)} itself.", "",
             "| key | page | type | default | allowed | label |", "|---|---|---|---|---|---|"]
    for spec in catalogue.values():
        cells = (f"`{spec.key}`", spec.page or "every page", spec.kind, _default(spec), _allowed(spec), spec.label)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _default(spec: ControlSpec) -> str:
    if spec.key in MOVING_DEFAULTS:
        return MOVING_DEFAULTS[spec.key]
    if isinstance(spec.default, (tuple, list)):
        return ", ".join(map(str, spec.default)) or "(none)"
    return str(spec.default).lower() if isinstance(spec.default, bool) else str(spec.default)


def _allowed(spec: ControlSpec) -> str:
    if spec.choices:
        shown = ", ".join(spec.choices[:MAX_CHOICES_SHOWN])
        more = len(spec.choices) - MAX_CHOICES_SHOWN
        return shown + (f" and {more} more" if more > 0 else "")
    if spec.minimum is not None or spec.maximum is not None:
        return f"{spec.minimum} to {spec.maximum}"
    return {"bool": "true, false", "text": "any text up to 500 characters"}.get(spec.kind, "")


def main() -> int:
    DOC.write_text(url_parameters_markdown(control_catalogue(load_dataset(DEFAULT_DATA_DIR))), encoding="utf-8")
    print(f"Wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
