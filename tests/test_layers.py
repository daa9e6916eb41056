"""The package's shape: layers import only the layers below them, no module or
function too long to read at once, and the README's module map names every folder."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "positioning"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_import_linter_keeps_the_layers_and_finds_no_cycle():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed next to this Python (make setup installs it)")
    found = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert found.returncode == 0, found.stdout[-3000:] + found.stderr[-2000:]
    assert "0 broken" in found.stdout


def test_no_module_is_longer_than_800_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _function_lengths(path: Path, root: Path = ROOT) -> dict[str, int]:
    lengths = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lengths[f"{path.relative_to(root)}:{node.lineno} {node.name}"] = (node.end_lineno or first) - first + 1
    return lengths


def test_no_function_is_longer_than_60_lines():
    long = {name: n for p in _modules() for name, n in _function_lengths(p).items() if n > MAX_FUNCTION_LINES}
    assert long == {}


def test_the_checker_counts_a_long_function(tmp_path: Path):
    # The two size tests above would pass on a checker that never counted: show that it does.
    long = tmp_path / "long.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    long.write_text(f"@staticmethod\ndef f():\n{body}\n")
    assert _function_lengths(long, tmp_path) == {"long.py:2 f": MAX_FUNCTION_LINES + 2}


def test_the_readme_module_map_names_every_folder_of_the_package():
    readme = (ROOT / "README.md").read_text()
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    missing = [name for name in folders if f"`positioning/{name}/`" not in readme]
    assert missing == []
