"""The model against external figures, framework off, default settings: one line per comparison.

tests/scenario/test_calibration.py recomputes every line and pins it; docs/methodology.md shows the table
(`python -m lib.scenario --calibration` prints it as Markdown).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOLERANCE = 0.03  # ±3 points, the bar set for comparisons with the IEA base case


@dataclass(frozen=True)
class Comparison:
    quantity: str
    chain_id: str
    who: str  # "world" (China's share of world supply) or an importer code (its dependency)
    year: int
    external: float  # the external figure as a fraction
    external_text: str
    source: str
    within_tolerance_expected: bool
    explanation: str


COMPARISONS = (
    Comparison("China share, magnet rare-earth refining (model: NdPr separation)", "ndpr_oxide", "world", 2030, 0.77,
               "77%", "IEA Global Critical Minerals Outlook 2024, via SEAISI: https://seaisi.org/details/24787?type=news-rooms",
               True, "Matched by construction: unlisted non-China supply meets 0.29 of demand growth, derived from this "
                     "figure (scenario_assumptions unlisted_share_of_growth.ndpr_oxide.WLD)."),
    Comparison("same", "ndpr_oxide", "world", 2035, 0.76,
               "76% (REEx reading); about 80% (rawmaterials.net reading)",
               "IEA Global Critical Minerals Outlook 2025, via https://rareearthexchanges.com/?p=6972 and "
               "https://rawmaterials.net/iea-diversifying-raw-material-supply-chains-progresses-slowly/",
               True, "Out-of-sample check of the 2030 calibration: within 3 points of the 76% reading; 5.5 points "
                     "below the ≈80% reading. The two readings of the same outlook differ by 4 points; the IEA's own "
                     "text was not read."),
    Comparison("China share, heavy rare earths (model: Dy/Tb separation)", "dytb_oxide", "world", 2030, 0.91,
               "91% (West's reliance, from 99% in 2024)",
               "Benchmark/CRU via Reuters, https://newsletter.mw.creamermedia.com/article/us-set-to-narrow-its-rare-earth-gap-others-not-so-much-2025-11-25",
               True, "Not an IEA figure; listed projects only (no unlisted supply assumed for Dy/Tb)."),
    Comparison("China share, battery-grade graphite (model: anode material)", "graphite_anode", "world", 2030, 0.90,
               ">90%", "IEA Global Critical Minerals Outlook 2024 via MHL News (dependency.md 1.26)",
               False, "The IEA gives a lower bound (>90%); the model's 93.8% is consistent with it. The chain has no "
                      "modelled project, so China keeps its base share of demand growth."),
    Comparison("China share, NdFeB magnets", "ndfeb_magnets", "world", 2026, 0.875,
               "85–90% (analyst, 2026)", "Rare Earth Exchanges, https://rareearthexchanges.com/?p=14874",
               False, "Model 94%: its base-year input (94%) is China's share of sintered magnets only, while the "
                      "analyst's 85–90% does not state its scope; no chain project adds much before 2028 and no IEA "
                      "projection exists for magnets."),
    Comparison("US dependency, NdPr (embedded in magnets)", "ndpr_oxide", "USA", 2030, 0.05,
               "≈5% (US could meet ≈95% of its own magnet rare-earth demand domestically by 2030)",
               "Reuters analysis of IEA data, https://newsletter.mw.creamermedia.com/article/us-set-to-narrow-its-rare-earth-gap-others-not-so-much-2025-11-25",
               False, "Model 17.6%: only MP's 2,700 t/yr increment over 2024 counts as new US supply (MP's 2024 output "
                      "was sold abroad and base flows are held flat), and US demand grows 8.7%/yr. Different scope: "
                      "Reuters' 'magnet rare-earth demand' is not defined as NdPr in magnets used in the US."),
    Comparison("US dependency, NdFeB magnets", "ndfeb_magnets", "USA", 2024, 0.84,
               "83.5% (Q1 2024) to 84.7% (Q1 2025) of import value",
               "Ormerod via Rare Earth Exchanges (dependency_shares)", True, "Base-year input."),
    Comparison("Japan dependency, Dy/Tb", "dytb_oxide", "JPN", 2030, 0.70,
               "≈70% once JARE volumes reach 30% of demand", "METI via IRuniverse; volumes.md 3.5–3.6", False,
               "Model 74.9%: Japan's Dy/Tb demand grows 4%/yr while the Lynas circuit (110 t/yr, 0.65 claim) stays "
               "flat, so the 30% covered in the source's year falls to about 25% by 2030."),
    Comparison("Japan dependency, gallium", "gallium", "JPN", 2024, 0.06,
               "≈6% after the 2023 controls", "Yomiuri via Daily8, https://www.daily8.com/en/article/264e2708dd6ab4bad7ea964ed0c81180",
               True, "Base-year input (the data's own row jpn-ga-china-supply-2024)."),
)


def model_value(result, comparison: Comparison) -> float:
    """The framework-off figure the comparison is about."""
    if comparison.who == "world":
        world = result.world
        rows = world[(world["state"] == "off") & (world["chain_id"] == comparison.chain_id)
                     & (world["year"] == comparison.year)]
        return float(rows["china_share"].iloc[0])
    paths = result.paths
    rows = paths[(paths["state"] == "off") & (paths["chain_id"] == comparison.chain_id)
                 & (paths["importer"] == comparison.who) & (paths["year"] == comparison.year)]
    return float(rows["dependency"].iloc[0])


def calibration_table(result) -> pd.DataFrame:
    rows = []
    for c in COMPARISONS:
        value = model_value(result, c)
        rows.append({"quantity": c.quantity, "who": c.who, "year": c.year, "model_off": value,
                     "external": c.external_text, "gap_points": 100 * (value - c.external), "source": c.source,
                     "gap_explained": c.explanation})
    return pd.DataFrame(rows)


def calibration_markdown(result) -> str:
    lines = ["| quantity | who | year | model (off) | external figure | gap (points) | source | gap explained |",
             "|---|---|---|---|---|---|---|---|"]
    for row in calibration_table(result).itertuples(index=False):
        lines.append(f"| {row.quantity} | {row.who} | {row.year} | {row.model_off:.1%} | {row.external} | "
                     f"{row.gap_points:+.1f} | {row.source} | {row.gap_explained} |")
    return "\n".join(lines)
