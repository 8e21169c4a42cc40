"""Times the scenario model on the shipped data (every importer x chain x year, framework off and on,
plus each lever's Shapley share). Prints figures; it is a benchmark, not a test.

    python -m scripts.benchmark_model [--runs 200]
"""
from __future__ import annotations

import argparse
import platform
import statistics
import time

from lib.data.load import load_dataset
from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import run_scenario


def model_inputs(overrides: Overrides = Overrides()):
    data = load_dataset()
    return build_model_inputs(data.table("chains"), data.table("supply_projects"),
                              data.table("scenario_assumptions"), data.table("dependency_shares"), overrides,
                              data.manifest.base_year, data.manifest.end_year)


def time_runs(inputs, runs: int) -> list[float]:
    run_scenario(inputs)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_scenario(inputs)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    for label, overrides in (("all three levers (8 lever subsets)", Overrides()),
                             ("framework off (1 subset)", Overrides(finance=False, stockpile=False, pooling=False))):
        inputs = model_inputs(overrides)
        times = time_runs(inputs, args.runs)
        print(f"{label}: {len(inputs.chains)} chains, {len(inputs.projects)} projects, "
              f"{len(inputs.years)} years -> median {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:.2f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
