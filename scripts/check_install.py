"""Check that .venv holds exactly what requirements.lock pins, and that the
vendored plotly.js bundle is the one the locked plotly ships.

Run by `make setup` after installing; exits 1 with one line per mismatch.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(lock: Path = LOCK) -> dict[str, str]:
    """Package -> version pinned for this interpreter and platform."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        found = _PIN.match(line)
        if found and (found.group(3) is None or Marker(found.group(3)).evaluate()):
            pins[canonicalize_name(found.group(1))] = found.group(2)
    return pins


def mismatches(lock: Path = LOCK) -> list[str]:
    problems = []
    for name, version in sorted(locked(lock).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} {version} is locked but not installed")
            continue
        if installed != version:
            problems.append(f"{name} {installed} is installed, the lock pins {version}")
    return problems


def extras(lock: Path = LOCK) -> list[str]:
    """Installed packages the lock does not list (left by hand; harmless, but not what CI has)."""
    pins = locked(lock)
    names = {canonicalize_name(d.metadata["Name"]) for d in metadata.distributions()}
    return sorted(names - set(pins) - {"pip", "positioning"})


def bundle_problem() -> str | None:
    sys.path.insert(0, str(ROOT))
    from positioning.rendering.renderer import BASIC_BUNDLE, bundle_version, full_bundle

    vendored, shipped = bundle_version(BASIC_BUNDLE), bundle_version(full_bundle())
    if vendored != shipped:
        return (
            f"the vendored plotly.js basic bundle is v{vendored} but the locked plotly ships v{shipped}; "
            "run 'make vendor-plotly' and commit positioning/rendering/vendor"
        )
    return None


def main() -> int:
    problems = mismatches()
    bundle = bundle_problem()
    if bundle:
        problems.append(bundle)
    for extra in extras():
        print(f"check_install: note: {extra} is installed but not locked ('make clean setup' removes it)")
    for problem in problems:
        print(f"check_install: {problem}", file=sys.stderr)
    if problems:
        print("check_install: run 'make clean setup' to install exactly the locked versions", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
