"""The data dictionary: every table the app reads, its columns, types, units and rules.

This module is the single source of truth for the schema. The build step, the validator,
the Sources page and docs/data_dictionary.md are all generated from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

CONFIDENCE_LABELS = ("verified", "partly_verified", "derived", "assumption", "reported")
SOURCE_TIERS = ("official", "primary_report", "secondary", "aggregator")
# Tiers strong enough to carry `verified`; an aggregator alone can only carry a claim as assumption or reported.
VERIFIABLE_TIERS = ("official", "primary_report")
AGGREGATOR_CONFIDENCE = ("assumption", "reported")
CONFIDENCE_DISPLAY = {"verified": "verified", "partly_verified": "partly verified", "derived": "derived",
                      "assumption": "assumption", "reported": "reported, unconfirmed"}
ISO3_OR_ORG = "ISO3 country code (USA, JPN, CHN …) or an organisation name (EU, G7, Quad, MSP …)"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "str", "int", "float", "date", "bool", "list", "url", "url_list"
    meaning: str
    unit: str = ""
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    references: str = ""  # "table.column" every value (or list item) must exist in


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    id_column: str
    columns: tuple[Column, ...]
    min_rows: int = 1
    date_order: tuple[tuple[str, str], ...] = ()  # (earlier, later) column pairs
    # (column, given): `column` must be filled exactly when `given` is filled (e.g. money_kind with money_amount)
    paired: tuple[tuple[str, str], ...] = ()
    # Columns that together may appear only once (e.g. one figure per reporter, partner, line, flow and month).
    unique_together: tuple[str, ...] = ()
    month_columns: tuple[str, ...] = ()  # dates that stand for a calendar month: always its first day
    # (column, note column): a zero in `column` must say in the note that the source reports zero, so a
    # zero is never a silently filled gap (a month no source reports has no row at all).
    zero_needs_note: tuple[tuple[str, str], ...] = ()
    # (key, value): every row with the same key must carry the same non-empty value (one name per code).
    one_value_per_key: tuple[tuple[str, str], ...] = ()
    any_of: tuple[str, ...] = ()  # at least one of these columns is filled on every row
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PROVENANCE = (
    Column("source_name", "str", "Name of the source this row rests on (publisher and title); for events and "
           "agreements the issuing body's own text where one was found."),
    Column("source_url", "url", "http(s) address of that source."),
    Column("source_tier", "str", "What kind of document source_url is: official = a government or "
           "intergovernmental body's own publication; primary_report = the party's own statement that is not a "
           "government (company release or filing), first-hand reporting by a wire service or major paper, or a "
           "research body's own report; secondary = other reputable outlets summarising; aggregator = aggregators, "
           "forums, reposts of unclear provenance.", allowed=SOURCE_TIERS),
    Column("secondary_source_name", "str", "A secondary report kept beside the official text (publisher and "
           "title).", required=False),
    Column("secondary_source_url", "url", "http(s) address of that secondary report.", required=False),
    Column("other_sources", "url_list", "Further http(s) sources, separated by ' ; '.", required=False),
    Column("confidence", "str", "How well the row is supported: verified = every field read in an official or "
           "primary source, for this scope and year; partly_verified = some field not confirmed (see "
           "confidence_note); derived = computed from sourced figures (inputs in confidence_note); assumption = "
           "analyst judgement (rationale in confidence_note); reported = seen only in weak or one-sided reports, "
           "unconfirmed (shown as 'reported, unconfirmed'; never moves a date of another row).",
           allowed=CONFIDENCE_LABELS),
    Column("confidence_note", "str", "Which field is unconfirmed, how a figure was derived, why an assumption "
           "was made, or that no official text was found.", required=False),
    Column("conflict_note", "str", "Where sources disagree: the value chosen here and the alternative(s) with "
           "their sources.", required=False),
)

STAGES = ("mining", "separation", "refining", "processing", "metal_alloy", "magnets", "components",
          "recycling", "technology", "equipment", "stockpiling", "exploration", "all")

MINERALS = Table(
    name="minerals",
    description="Reference list of minerals, elements and item groups used in the other tables.",
    id_column="mineral_id",
    min_rows=10,
    columns=(
        Column("mineral_id", "str", "Short code: element symbol (Ga, Dy) or a group code (REE, HREE, NdPr, graphite)."),
        Column("name", "str", "Plain-English name."),
        Column("group", "str", "Family used for filtering.",
               allowed=("light_ree", "heavy_ree", "ree_group", "battery", "semiconductor", "alloying",
                        "industrial", "base_metal", "critical_minerals_general", "product")),
        *PROVENANCE,
    ),
)

CHAINS = Table(
    name="chains",
    description="Supply chains the scenario model covers, each at one stage with one physical unit.",
    id_column="chain_id",
    min_rows=5,
    columns=(
        Column("chain_id", "str", "Short code used by supply_projects and scenario_assumptions."),
        Column("name", "str", "Display name, e.g. 'NdPr oxide separation'."),
        Column("mineral_ids", "list", "Minerals in the chain, separated by ';'.", references="minerals.mineral_id"),
        Column("stage", "str", "Supply-chain stage modelled.", allowed=STAGES),
        Column("unit", "str", "Physical unit of every tonnage in this chain.",
               allowed=("t/yr product", "t/yr oxide", "t/yr metal", "t/yr REO", "t/yr magnet")),
        Column("world_share_mineral", "str", "mineral_id of the dependency_shares rows giving world producer "
               "shares for this chain (used for the concentration index).", references="minerals.mineral_id"),
        Column("world_share_stage", "str", "Stage of those dependency_shares rows.", allowed=STAGES),
        Column("description", "str", "What the chain covers and what it leaves out."),
        *PROVENANCE,
    ),
)

AGREEMENT_TYPES = ("framework", "mou", "binding_agreement", "plurilateral", "government_industry_deal", "law",
                   "joint_statement", "strategy", "investment_package", "industry_deal")
INSTRUMENTS = ("finance", "equity", "loan", "grant", "guarantee", "insurance", "offtake", "price_floor",
               "stockpile", "permitting", "investment_screening", "trade_measures", "standards", "recycling",
               "geological_mapping", "rapid_response", "research", "tariff_relief", "export_control_relief",
               "market_mechanism", "information_sharing", "procurement", "tax_credit", "other")
CURRENCIES = ("USD", "AUD", "CAD", "EUR", "JPY", "GBP", "KRW")
MONEY_KINDS = ("committed", "pipeline", "project_value")

AGREEMENTS = Table(
    name="agreements",
    description="Agreements, frameworks, laws and government-industry deals on critical-mineral supply.",
    id_column="agreement_id",
    min_rows=30,
    columns=(
        Column("agreement_id", "str", "Stable slug, e.g. us-jpn-cm-framework-2025."),
        Column("name", "str", "Official or usual name."),
        Column("parties", "list", f"Parties, separated by ';': {ISO3_OR_ORG}."),
        Column("date_signed", "date", "Date signed, adopted or announced (YYYY-MM-DD).", unit="date"),
        Column("date_note", "str", "How the date was fixed where sources differ or the day is approximate.",
               required=False),
        Column("agreement_type", "str", "Kind of instrument.", allowed=AGREEMENT_TYPES),
        Column("binding", "str", "Whether the text binds the parties.", allowed=("binding", "non_binding", "unknown")),
        Column("mineral_ids", "list", "Minerals covered, separated by ';'.", references="minerals.mineral_id"),
        Column("stages", "list", "Supply-chain stages covered, separated by ';'.", allowed=STAGES),
        Column("instruments", "list", "Policy instruments used, separated by ';'.", allowed=INSTRUMENTS),
        Column("money_amount", "float", "Money figure, in money_currency, exactly as the source gives it (what "
               "kind of money: money_kind).",
               unit="currency units (see money_currency)", required=False, minimum=0),
        Column("money_currency", "str", "Currency of money_amount.", allowed=CURRENCIES, required=False),
        Column("money_kind", "str", "What money_amount is: committed = money a party has committed; pipeline = "
               "deals or projects announced or expected, not committed; project_value = capital cost of the projects "
               "concerned. Only committed money is summed or called committed. Required when money_amount is given, "
               "empty otherwise.", allowed=MONEY_KINDS, required=False),
        Column("money_refers_to", "str", "What the money figure covers (e.g. 'combined pipeline within six months').",
               required=False),
        Column("status", "str", "State as of status_date.",
               allowed=("signed", "implementing", "in_force", "proposed", "expired", "suspended", "superseded",
                        "unknown")),
        Column("status_date", "date", "Date of the latest source on the status.", unit="date"),
        Column("status_note", "str", "What is and is not known about implementation.", required=False),
        Column("summary", "str", "One or two sentences in our own words."),
        *PROVENANCE,
    ),
    date_order=(("date_signed", "status_date"),),
    paired=(("money_kind", "money_amount"),),
)

DUE_PRECISIONS = ("day", "month", "quarter", "year")

MILESTONES = Table(
    name="agreement_milestones",
    description="Dated commitments made in agreements, with the evidence on whether they were met.",
    id_column="milestone_id",
    min_rows=4,
    columns=(
        Column("milestone_id", "str", "Stable slug."),
        Column("agreement_id", "str", "The agreement that made the commitment.", references="agreements.agreement_id"),
        Column("commitment", "str", "What was promised, in our own words."),
        Column("due_date", "date", "When it falls due (YYYY-MM-DD): the END of the stated period (an 'in 2026' "
               "deadline is 2026-12-31 with due_precision year); computed from the text where it gives a period.",
               unit="date", required=False),
        Column("due_precision", "str", "How exactly the text fixes due_date: day, month, quarter or year. Required "
               "when due_date is given; due_date must then be the last day of that month, quarter or year.",
               allowed=DUE_PRECISIONS, required=False),
        Column("due_date_basis", "str", "How due_date was set, e.g. '180 days after signing on 2025-10-28'."),
        Column("status", "str", "met = public evidence it happened; missed = public evidence it did not by the "
               "due date; unknown = no public evidence either way.", allowed=("met", "missed", "unknown")),
        Column("evidence", "str", "What the sources show, or what was searched for and not found."),
        *PROVENANCE,
    ),
    paired=(("due_precision", "due_date"),),
)

MEASURE_TYPES = ("informal_halt", "quota", "quota_removal", "export_duty_removal", "licensing",
                 "technology_restriction", "regulation", "consolidation", "country_ban", "end_user_ban",
                 "entity_listing", "watch_listing", "extraterritorial_licensing", "state_trading", "enforcement",
                 "suspension", "general_licence", "trade_truce", "wto_ruling", "licensing_slowdown")
EXPORT_STAGES = ("raw", "processed", "products", "technology", "equipment")
TARGET_TYPES = ("all_destinations", "country", "military_end_users", "listed_entities", "not_applicable")

EXPORT_CONTROLS = Table(
    name="export_controls",
    description="China's export-control events on critical minerals since 2010. A suspension is its own event "
                "that lists what it suspends, so the state of any measure on any date can be computed.",
    id_column="event_id",
    min_rows=30,
    columns=(
        Column("event_id", "str", "Stable slug, e.g. medheavy-re-ann18-2025."),
        Column("title", "str", "Short title for charts."),
        Column("date_announced", "date", "Date announced or published.", unit="date", required=False),
        Column("date_effective", "date", "Date it took effect (for a suspension: the day the suspension began). "
               "Empty if it never took effect.", unit="date", required=False),
        Column("date_ended", "date", "Date it stopped applying: expiry, repeal, or for a suspension the day it "
               "ends ('suspended until'). Empty if open-ended.", unit="date", required=False),
        Column("end_note", "str", "How and why it ended, or that the end date is scheduled.", required=False),
        Column("issuing_body", "str", "Body that issued it (MOFCOM, GAC, State Council, WTO …)."),
        Column("instrument", "str", "Instrument and number, e.g. 'Announcement No. 18 [2025]'.", required=False),
        Column("mineral_ids", "list", "Minerals covered, separated by ';'.", references="minerals.mineral_id"),
        Column("items_detail", "str", "Items covered, as the instrument names them."),
        Column("stages", "list", "Stages covered, separated by ';'.", allowed=EXPORT_STAGES),
        Column("measure_type", "str", "Kind of measure.", allowed=MEASURE_TYPES),
        Column("target_type", "str", "Who the measure applies to.", allowed=TARGET_TYPES),
        Column("target_countries", "list", "ISO3 codes of targeted countries, separated by ';' (empty for all "
               "destinations).", required=False),
        Column("suspends", "list", "event_ids this event suspends (for suspension events).", required=False,
               references="export_controls.event_id"),
        Column("supersedes", "list", "event_ids this event replaces or folds in.", required=False,
               references="export_controls.event_id"),
        Column("status", "str", "State at the data horizon.",
               allowed=("announced", "in_force", "suspended", "ended", "never_in_force", "unknown")),
        Column("summary", "str", "One or two sentences in our own words."),
        *PROVENANCE,
    ),
    date_order=(("date_announced", "date_effective"), ("date_effective", "date_ended")),
)

BOUNDS = ("=", ">=", "<=")
DEPENDENCY_METRICS = ("world_share", "import_share_from_china", "net_import_reliance", "china_share_of_supply")

DEPENDENCY_SHARES = Table(
    name="dependency_shares",
    description="World production shares by country, and national import dependence on China, by mineral, "
                "stage and year. Shares are fractions from 0 to 1.",
    id_column="row_id",
    min_rows=80,
    columns=(
        Column("row_id", "str", "Stable id, e.g. ree-mining-2024-CHN."),
        Column("metric", "str", "world_share = country's share of world output at the stage; "
               "import_share_from_china = share of the country's imports that come from China; "
               "net_import_reliance = net imports as a share of apparent consumption; "
               "china_share_of_supply = share of the country's consumption supplied from China.",
               allowed=DEPENDENCY_METRICS),
        Column("country", "str", "ISO3 code: the producer (world_share) or the importer (other metrics)."),
        Column("mineral_id", "str", "Mineral.", references="minerals.mineral_id"),
        Column("stage", "str", "Stage.", allowed=STAGES),
        Column("year", "int", "Year the figure refers to (for projections, the projected year).",
               unit="year", minimum=2000, maximum=2050),
        Column("period", "str", "Period as the source states it when not a single year, e.g. '2020–2023'.",
               required=False),
        Column("is_projection", "bool", "True for outlook figures (e.g. IEA 2030 projections)."),
        Column("value", "float", "The share.", unit="fraction 0–1", minimum=0, maximum=1),
        Column("bound", "str", "How the source states value: '=' a point figure; '>=' at least (e.g. '>90%'); "
               "'<=' at most (e.g. 'under 4%').", allowed=BOUNDS),
        Column("basis", "str", "volume or value; never mixed on one chart.", allowed=("volume", "value")),
        Column("basis_detail", "str", "Exactly what was measured, e.g. 't REO mined' or 'HS 284690 import tonnage'."),
        *PROVENANCE,
    ),
)

PROJECT_STATUS = ("operating", "commissioning", "construction", "financed", "planned", "feasibility",
                  "suspended", "cancelled")
CAPACITY_UNITS = ("t/yr product", "t/yr oxide", "t/yr metal", "t/yr REO", "t/yr magnet", "t/yr concentrate")

SUPPLY_PROJECTS = Table(
    name="supply_projects",
    description="Non-China supply projects. 'capacity' is what the project adds after the base year "
                "(an expansion row counts only the increment).",
    id_column="project_id",
    min_rows=20,
    columns=(
        Column("project_id", "str", "Stable slug."),
        Column("name", "str", "Project or plant name."),
        Column("company", "str", "Operator or owner."),
        Column("country", "str", "ISO3 code of the plant's location."),
        Column("mineral_ids", "list", "Minerals produced, separated by ';'.", references="minerals.mineral_id"),
        Column("stage", "str", "Stage.", allowed=STAGES),
        Column("chain_id", "str", "Scenario-model chain the capacity counts towards; empty if none.",
               required=False, references="chains.chain_id"),
        Column("capacity", "float", "Capacity added after the base year, in capacity_unit.", unit="see capacity_unit",
               required=False, minimum=0),
        Column("capacity_unit", "str", "Unit of capacity.", allowed=CAPACITY_UNITS, required=False),
        Column("capacity_note", "str", "What the capacity figure is (nameplate, run rate, increment over …).",
               required=False),
        Column("start_year", "int", "First year of output from the added capacity; empty if no source gives one "
               "(the model then leaves the project out).", unit="year", required=False, minimum=1950, maximum=2040),
        Column("status", "str", "Project status at the data horizon.", allowed=PROJECT_STATUS),
        Column("government_backing", "str", "Public money, guarantees or policy support, with amounts.",
               required=False),
        Column("offtake", "str", "Named buyers and terms.", required=False),
        Column("offtake_usa_share", "float", "Share of output committed to US buyers (empty = sold pro rata to "
               "world demand).", unit="fraction 0–1", required=False, minimum=0, maximum=1),
        Column("offtake_jpn_share", "float", "Share of output committed to Japanese buyers (empty = pro rata).",
               unit="fraction 0–1", required=False, minimum=0, maximum=1),
        Column("priority_importer", "str", "USA or JPN when the importer has a priority claim on the output that "
               "firm contracts leave: served first, up to that importer's demand not yet covered.",
               allowed=("USA", "JPN"), required=False),
        Column("priority_share", "float", "Size of the claim, as a share of the output the firm contracts leave.",
               unit="fraction 0–1", required=False, minimum=0, maximum=1),
        Column("priority_basis", "str", "Why the claim exists: offtake_right = a stated right (e.g. JARE's on "
               "Lynas); domestic_first = a state-backed plant serving its home market first.",
               allowed=("offtake_right", "domestic_first"), required=False),
        Column("framework_additional", "bool", "True if the project has no other government finance and has not "
               "reached a final investment decision: the 'Additional projects' preset credits the framework with "
               "it."),
        Column("additional_rationale", "str", "Why the project is or is not counted as additional."),
        Column("linked_agreement_ids", "list", "Agreements the project is linked to, separated by ';'.",
               required=False, references="agreements.agreement_id"),
        Column("framework_link", "str", "Link to the 2025 US–Japan framework: stated = a source says so; "
               "assumption = analyst's candidate, no source says so; none.", allowed=("stated", "assumption", "none")),
        Column("framework_link_rationale", "str", "Why the project is or could be a framework candidate.",
               required=False),
        *PROVENANCE,
    ),
)

LEVERS = ("base", "finance", "stockpile", "pooling", "shock")

SCENARIO_ASSUMPTIONS = Table(
    name="scenario_assumptions",
    description="Every parameter the scenario model uses, with value, unit, rationale and source.",
    id_column="param_id",
    min_rows=20,
    columns=(
        Column("param_id", "str", "Unique id: '<parameter>' or '<parameter>.<chain>.<importer>'."),
        Column("parameter", "str", "Parameter name the model looks up."),
        Column("chain_id", "str", "Chain it applies to, or 'all'.", required=False),
        Column("importer", "str", "USA, JPN, WLD (world) or 'all'.", allowed=("USA", "JPN", "WLD", "all")),
        Column("lever", "str", "Framework lever the parameter belongs to ('base' for inputs that hold with the "
               "framework off).", allowed=LEVERS),
        Column("value", "float", "Default value.", unit="see unit"),
        Column("unit", "str", "Unit of value.",
               allowed=("t/yr", "fraction", "fraction/yr", "years", "days", "days/yr", "year", "months", "flag")),
        Column("ui_min", "float", "Low end of the value's range: the lowest value the control offers and the low end "
               "the drivers' tornado swings it to. A range is the row's own judgement, under its confidence label."),
        Column("ui_max", "float", "High end of the value's range: the highest value the control offers and the high "
               "end the drivers' tornado swings it to."),
        Column("label", "str", "Short label shown next to the control."),
        Column("rationale", "str", "Why this value: derivation from sources, or the reasoning behind an assumption."),
        Column("event_id", "str", "For shock presets: the export-control event the preset is drawn from.",
               required=False, references="export_controls.event_id"),
        *PROVENANCE,
    ),
)

FLOWS = ("export", "import")
QUANTITY_UNITS = ("t", "kg")
ZERO_NOTE = "source reports zero"
# An HS heading (2504), subheading (8505.11) or national line (8112.92.90), or a '+'-joined customs aggregate.
HS_CODE_PATTERN = r"^\d{4}(\.\d{2}(\.\d{2})?)?(\+\d{4}(\.\d{2}(\.\d{2})?)?)*$"

TRADE_FLOWS = Table(
    name="trade_flows",
    description="Monthly customs figures by reporter, partner, HS line and flow, as a customs release or a report "
                "quoting it gives them. A month no source reports has no row (missing, never zero); a zero row "
                "says that the source reports zero.",
    id_column="row_id",
    min_rows=100,
    columns=(
        Column("row_id", "str", "Stable id: <reporter>-<flow>-<partner>-<hs_code>-<month>."),
        Column("reporter", "str", "ISO3 code of the country whose customs reports the figure."),
        Column("partner", "str", "ISO3 code of the partner country, or WLD for the reporter's total with the world."),
        Column("hs_code", "str", "HS heading, subheading or national line (2504, 8505.11, 8112.92.90), or a "
               "'+'-joined aggregate where customs reports one category for several lines (2805.30+2846)."),
        Column("product", "str", "Plain name of the line; one name per hs_code across the table."),
        Column("chain_id", "str", "Supply chain the flow is shown with on the Trade page; empty if none.",
               required=False, references="chains.chain_id"),
        Column("flow", "str", "export or import, from the reporter's side.", allowed=FLOWS),
        Column("month", "date", "The calendar month, written as its first day (YYYY-MM-01).", unit="month"),
        Column("value", "float", "Trade value in `currency`, as the source gives it.", unit="see currency",
               required=False, minimum=0),
        Column("currency", "str", "Currency of value; filled exactly when value is.", allowed=CURRENCIES + ("CNY",),
               required=False),
        Column("quantity", "float", "Quantity in `unit` (product weight as customs records it).", unit="see unit",
               required=False, minimum=0),
        Column("unit", "str", "Unit of quantity; filled exactly when quantity is.", allowed=QUANTITY_UNITS,
               required=False),
        Column("release_date", "date", "Date customs released the figure, where the source says so.", unit="date",
               required=False),
        *PROVENANCE,
    ),
    date_order=(("month", "release_date"),),
    paired=(("currency", "value"), ("unit", "quantity")),
    unique_together=("reporter", "partner", "hs_code", "flow", "month"),
    month_columns=("month",),
    zero_needs_note=(("quantity", "confidence_note"), ("value", "confidence_note")),
    one_value_per_key=(("hs_code", "product"),),
    any_of=("quantity", "value"),
)

LINK_BASES = ("source", "assumption")

CONTROL_HS_LINKS = Table(
    name="control_hs_links",
    description="Which customs lines each export-control event concerns, so a chain's flows and events are drawn "
                "together. A link rests on a source that names the line, or is a labelled analyst assumption.",
    id_column="link_id",
    min_rows=5,
    columns=(
        Column("link_id", "str", "Stable id: <event_id>--<hs_code>."),
        Column("event_id", "str", "The export-control event.", references="export_controls.event_id"),
        Column("hs_code", "str", "The customs line (same form as trade_flows.hs_code)."),
        Column("product", "str", "Plain name of the line."),
        Column("basis", "str", "source = a source names this line for the measure; assumption = analyst mapping "
               "from the items the instrument names.", allowed=LINK_BASES),
        Column("rationale", "str", "Why the line belongs to the event: the listed item and code, or the reasoning."),
        *PROVENANCE,
    ),
    unique_together=("event_id", "hs_code"),
    one_value_per_key=(("hs_code", "product"),),
)

TABLES: dict[str, Table] = {t.name: t for t in (
    MINERALS, CHAINS, AGREEMENTS, MILESTONES, EXPORT_CONTROLS, DEPENDENCY_SHARES, SUPPLY_PROJECTS,
    SCENARIO_ASSUMPTIONS, TRADE_FLOWS, CONTROL_HS_LINKS,
)}
LIST_SEPARATOR = ";"
URL_LIST_SEPARATOR = " ; "


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown (written to docs/data_dictionary.md by the build)."""
    lines = ["# Data dictionary", "",
             "Generated from `lib/data/schema.py` by `python -m lib.data.build`; do not edit by hand.", "",
             "Lists are separated by `;` (URL lists by ` ; `). Dates are `YYYY-MM-DD`. Shares are fractions 0–1.", "",
             "Provenance rules on every table: `confidence` `verified` needs `source_tier` official or "
             "primary_report; a row whose `source_tier` is aggregator must be `assumption` or `reported`.", ""]
    for table in TABLES.values():
        lines += [f"## {table.name}", "", table.description, "",
                  f"Id column: `{table.id_column}`. At least {table.min_rows} rows.", "",
                  "| column | type | unit | required | rule | meaning |", "|---|---|---|---|---|---|"]
        for col in table.columns:
            rule = _rule_text(col)
            lines.append(f"| `{col.name}` | {col.kind} | {col.unit} | {'yes' if col.required else 'no'} | "
                         f"{rule} | {col.meaning} |")
        if table.date_order:
            pairs = ", ".join(f"`{a}` ≤ `{b}`" for a, b in table.date_order)
            lines += ["", f"Date order: {pairs}."]
        if table.paired:
            pairs = ", ".join(f"`{a}` is filled exactly when `{b}` is" for a, b in table.paired)
            lines += ["", f"Paired columns: {pairs}."]
        lines += _table_rule_lines(table)
        lines.append("")
    return "\n".join(lines)


def _table_rule_lines(table: Table) -> list[str]:
    lines = []
    if table.unique_together:
        lines.append("Unique together: " + ", ".join(f"`{c}`" for c in table.unique_together) + ".")
    if table.month_columns:
        lines.append("Months: " + ", ".join(f"`{c}`" for c in table.month_columns) + " must be the first day of a month.")
    for column, note in table.zero_needs_note:
        lines.append(f"Zero: a `{column}` of 0 needs `{note}` to say '{ZERO_NOTE}'; a month no source reports has "
                     "no row.")
    for key, value in table.one_value_per_key:
        lines.append(f"One `{value}` per `{key}`: every row with the same `{key}` carries the same non-empty `{value}`.")
    if table.any_of:
        lines.append("At least one of " + ", ".join(f"`{c}`" for c in table.any_of) + " on every row.")
    return ["", *(f"- {line}" for line in lines)] if lines else []


def _rule_text(col: Column) -> str:
    parts = []
    if col.allowed:
        parts.append("one of " + ", ".join(f"`{a}`" for a in col.allowed))
    if col.minimum is not None or col.maximum is not None:
        parts.append(f"range {col.minimum if col.minimum is not None else '−∞'}–"
                     f"{col.maximum if col.maximum is not None else '∞'}")
    if col.references:
        parts.append(f"must exist in `{col.references}`")
    if col.kind in ("url", "url_list"):
        parts.append("http(s) only")
    if col.name == "hs_code":
        parts.append("digits as 2504, 8505.11 or 8112.92.90, '+'-joined for aggregates")
    return "; ".join(parts)


if __name__ == "__main__":
    print(data_dictionary_markdown())
