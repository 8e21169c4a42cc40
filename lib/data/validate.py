"""Checks a data directory the way the app does and prints every problem.

    python -m lib.data.validate [DATA_DIR]     # default: $CM_DATA_DIR or ./data

Exits 1 when any table has an error, 0 otherwise (warnings are printed but do not fail).
"""
from __future__ import annotations

import sys

from lib.data.load import load_dataset
from lib.data.schema import TABLES


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    dataset = load_dataset(args[0] if args else None)
    print(f"Data directory: {dataset.data_dir}")
    print(f"Version {dataset.manifest.version}; sources current to {dataset.manifest.horizon or 'unknown'}")
    for problems in dataset.problems.values():
        for problem in problems:
            print(f"{problem.severity.upper()}: {problem}")
    for name in TABLES:
        rows = len(dataset.tables[name]) if name in dataset.tables else 0
        print(f"  {name:<22} {'ok' if name in dataset.tables else 'UNUSABLE':<9} {rows} rows")
    failed = bool(dataset.errors(*TABLES))
    print("Validation failed." if failed else "All tables valid.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
