"""The project's structure as the README states it: Streamlit only in lib/app/, no import cycles, every
lib module in the README's layout table, and generated docs that match the code they come from."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from lib.data.load import DEFAULT_DATA_DIR, load_dataset
from lib.data.schema import data_dictionary_markdown
from lib.links.controls import control_catalogue
from lib.links.reference import url_parameters_markdown
from tests.conftest import REPO

LIB = REPO / "lib"


def lib_modules() -> dict[str, Path]:
    """Dotted name -> file for every module under lib/."""
    modules = {}
    for path in sorted(LIB.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imported_lib_modules(path: Path, known: set[str]) -> set[str]:
    """The lib modules a file imports anywhere in it (function-local imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def test_no_module_outside_lib_app_imports_streamlit():
    outside = [name for name in lib_modules() if not name.startswith("lib.app")]
    script = ("import sys; sys.modules['streamlit'] = None\n"  # any import of streamlit now fails
              f"import importlib\nfor name in {outside!r}: importlib.import_module(name)")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_lib_has_no_import_cycle():
    modules = lib_modules()
    graph = {name: imported_lib_modules(path, set(modules)) - {name} for name, path in modules.items()}
    # A package's __init__ is imported with any of its modules; only count edges between modules.
    graph = {name: {dep for dep in deps if not name.startswith(dep + ".")} for name, deps in graph.items()}
    visiting, done, cycles = set(), set(), []

    def visit(name: str, trail: list[str]) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append(trail[trail.index(name):] + [name])
            return
        visiting.add(name)
        for dep in sorted(graph.get(name, ())):
            visit(dep, trail + [name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])
    assert not cycles, " ; ".join(" -> ".join(cycle) for cycle in cycles)


def test_readme_layout_lists_every_lib_module():
    layout = (REPO / "README.md").read_text(encoding="utf-8").split("## Project layout", 1)[1]
    missing = [str(path.relative_to(REPO)) for path in lib_modules().values()
               if path.name != "__init__.py" and f"`{path.relative_to(REPO)}`" not in layout]
    assert not missing, f"README's layout table leaves out: {missing}"


def test_data_dictionary_doc_is_generated_from_the_schema():
    assert (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8") == data_dictionary_markdown() + "\n", \
        "run: python -m lib.data.build"


def test_url_parameter_reference_lists_every_control_as_the_catalogue_has_it():
    catalogue = control_catalogue(load_dataset(DEFAULT_DATA_DIR))
    doc = (REPO / "docs" / "url_parameters.md").read_text(encoding="utf-8")
    assert doc == url_parameters_markdown(catalogue), "run: python -m lib.links.reference"
    assert all(f"| `{key}` |" in doc for key in catalogue)
