"""Times the Trade view's server-side model (flows, linked controls, lifecycle bands, chart, did-it-bite line)
on the shipped data and on a trade_flows table 100 times larger. Prints figures; a benchmark, not a test.

    python -m scripts.benchmark_trade [--runs 30]

"cold" empties every page-model cache first (the lifecycle segments, shared with the Export controls page,
are computed again); "new choice" keeps those segments and builds the view for a chain not seen before (what
a reader's first visit or a new chain costs); "cached" is a rerun with the same controls. Each figure is given
as wall time and as CPU time of this process: on a shared machine the wall time also counts waiting for a core.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import platform
import statistics
import time

import pandas as pd

from lib import views
from lib.data.load import load_dataset
from lib.views.trade import bite_line, trade_view

CHAIN, IMPORTER, AS_OF = "ndfeb_magnets", "USA", dt.date(2026, 11, 29)


def scaled(data, factor: int):
    """The dataset with trade_flows `factor` times as long: each copy's partners get a suffix, so every copy is
    its own set of destinations (more series, as a larger table would bring) and no key repeats."""
    flows = data.table("trade_flows")
    copies = [flows] + [flows.assign(partner=flows["partner"] + str(i), row_id=flows["row_id"] + f"-{i}")
                        for i in range(1, factor)]
    tables = {**data.tables, "trade_flows": pd.concat(copies, ignore_index=True)}
    return dataclasses.replace(data, tables=tables)


def view_once(data) -> None:
    trade_view(data, CHAIN, IMPORTER, AS_OF, True)
    bite_line(data, IMPORTER, CHAIN, AS_OF)


def median_ms(data, runs: int, prepare) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of one view build."""
    wall, cpu = [], []
    for _ in range(runs):
        prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        view_once(data)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure(data, runs: int) -> dict[str, tuple[float, float]]:
    def new_choice():
        trade_view.cache_clear()
        bite_line.cache_clear()
    view_once(data)
    return {"cold": median_ms(data, runs, views.clear), "new choice": median_ms(data, runs, new_choice),
            "cached": median_ms(data, runs, lambda: None)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    data = load_dataset()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    for label, dataset in (("shipped", data), ("x100", scaled(data, 100))):
        figures = measure(dataset, args.runs)
        rows = len(dataset.table("trade_flows"))
        print(f"Trade view, {label} ({rows} flow rows), chain {CHAIN}: " +
              ", ".join(f"{k} {wall:.1f} ms wall / {cpu:.1f} ms CPU" for k, (wall, cpu) in figures.items()) +
              f" (median of {args.runs})")


if __name__ == "__main__":
    main()
