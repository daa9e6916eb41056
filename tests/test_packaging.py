"""The install: one list of dependencies, a lock with hashes, and a vendored
plotly.js bundle that matches the locked plotly."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

import positioning

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_install

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: Import names that differ from their distribution's name.
_DISTRIBUTION = {
    "yaml": "pyyaml",
    "pptx": "python-pptx",
    "pydantic_core": "pydantic-core",
    "PIL": "pillow",
    "zxingcpp": "zxing-cpp",
    "_plotly_utils": "plotly",  # plotly ships its JSON encoder as _plotly_utils
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()


def _imports(paths: list[Path]) -> set[str]:
    """Top-level modules imported anywhere in ``paths`` (absolute imports only)."""
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def _third_party(modules: set[str]) -> set[str]:
    local = {
        "positioning",
        "app",
        "tests",
        "bench_core",
        "bench_app",
        "bench_export",
        "bench_store",
        "bench_robustness",
        "bench_load",
        "bench_memory",
        "bench_start",
        "goals",  # bench/goals.py, the goals each part records its figure against
        "check_install",
        "catalogues",  # scripts/catalogues.py, which scripts/wording_to_po.py uses
    }
    return {m for m in modules - local if m not in sys.stdlib_module_names}


def test_every_runtime_import_is_a_declared_dependency():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    code = [*(ROOT / "positioning").rglob("*.py"), ROOT / "app.py"]
    undeclared = {m for m in _third_party(_imports(code)) if _DISTRIBUTION.get(m, m).replace("_", "-") not in declared}
    assert not undeclared, f"imported but not in [project].dependencies: {sorted(undeclared)}"


def test_every_test_import_is_declared():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["dev"]}
    code = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    modules = _third_party(_imports(code))
    undeclared = {m for m in modules if _DISTRIBUTION.get(m, m).replace("_", "-") not in declared}
    assert not undeclared, f"imported by tests, bench or scripts but not declared: {sorted(undeclared)}"


def test_every_dependency_has_a_ceiling():
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert "<" in requirement, f"{requirement}: give it an upper bound (the next major release)"


def test_the_lock_pins_every_declared_package_with_hashes():
    from packaging.requirements import Requirement

    pins = check_install.locked()
    for text in PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["dev"]:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate():
            assert _name(text) in pins, f"{text} is not in requirements.lock; run 'make lock'"
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if "==" in line and not line.startswith(("#", " ")):
            assert lines[i + 1].strip().startswith("--hash=sha256:"), f"no hash for {line}"


def test_the_environment_is_exactly_the_lock():
    assert check_install.mismatches() == []


def test_locked_versions_satisfy_pyproject_bounds():
    from packaging.requirements import Requirement

    pins = check_install.locked()
    for text in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        assert requirement.specifier.contains(pins[_name(text)]), f"the lock's {pins[_name(text)]} breaks {text}"


def test_the_vendored_bundle_is_the_locked_plotlys():
    assert check_install.bundle_problem() is None


def test_a_mismatched_bundle_is_reported_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    old = tmp_path / "plotly-basic.min.js"
    old.write_text("/**\n* plotly.js (basic - minified) v1.0.0\n*/\n", encoding="utf-8")
    monkeypatch.setattr("positioning.rendering.renderer.BASIC_BUNDLE", old)
    problem = check_install.bundle_problem()
    assert problem is not None and "v1.0.0" in problem and "make vendor-plotly" in problem


def test_a_stale_lock_is_reported(tmp_path: Path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("plotly==0.0.1 \\\n    --hash=sha256:00\n", encoding="utf-8")
    assert check_install.mismatches(lock) == [f"plotly {metadata.version('plotly')} is installed, the lock pins 0.0.1"]


def test_the_version_comes_from_package_metadata():
    assert positioning.__version__ == metadata.version("positioning") == PYPROJECT["project"]["version"]


def test_the_package_is_installed_from_this_checkout():
    spec = importlib.util.find_spec("positioning")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).resolve().is_relative_to(ROOT)
