"""Times the scenario model on the shipped data: one run computes every importer x chain x year, framework
off and on, each lever's Shapley share and the new/redirected split; timed for every preset. Prints
figures; it is a benchmark, not a test (target: under 20 ms a run).

    python -m scripts.benchmark_model [--runs 200]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from lib.data.load import load_dataset
from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import run_scenario
from lib.scenario.presets import PRESETS


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
    cases = [(f"preset '{p.preset_id}', all three levers (8 lever subsets)", Overrides(preset=p.preset_id))
             for p in PRESETS]
    cases.append(("levers all off (1 subset)", Overrides(finance=False, stockpile=False, pooling=False)))
    for label, overrides in cases:
        inputs = model_inputs(overrides)
        times = time_runs(inputs, args.runs)
        print(f"{label}: {len(inputs.chains)} chains, {len(inputs.projects)} projects, "
              f"{len(inputs.years)} years -> min {min(times):.2f} ms, median {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:.2f} ms over {args.runs} runs")
    print(f"load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          f"(other work on the machine inflates the median and p95; the minimum is the least affected)")


if __name__ == "__main__":
    main()
