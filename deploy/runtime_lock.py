"""The part of requirements.lock a server needs: the app's runtime dependencies
with their hashes, without the test and lint tools of the ``dev`` group.

``python3 deploy/runtime_lock.py [requirements.lock] > runtime.txt`` prints
every locked package that the app needs, directly or through another runtime
package, as the lock has it (version, environment markers, hashes), so that
``pip install --require-hashes --no-deps -r runtime.txt`` installs exactly what
was tested. Which package needs which is read from the lock's own ``# via``
notes, which uv writes for every package. Standard library only: it runs
before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: A requirement's first line: its name, then ``==``.
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
#: How uv names the app's own runtime dependencies in ``# via``.
RUNTIME_ROOT = "positioning (pyproject.toml)"


def canonical(name: str) -> str:
    """A package name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def blocks(text: str) -> list[tuple[str, list[str], str]]:
    """Each locked requirement as (name, the names in its ``# via``, its text)."""
    found: list[tuple[str, list[str], str]] = []
    for chunk in re.split(r"\n(?=\S)", text):
        match = _NAME.match(chunk)
        if match is None:  # the header comment
            continue
        via = [line.strip().lstrip("#").strip() for line in chunk.splitlines() if line.strip().startswith("#")]
        parents = [entry.removeprefix("via").strip() for entry in via]
        found.append((canonical(match.group(1)), [p for p in parents if p], chunk.rstrip("\n")))
    return found


def runtime(text: str) -> list[str]:
    """The requirements (as written in the lock) the app needs at run time."""
    locked = blocks(text)
    needed: set[str] = set()
    changed = True
    while changed:  # a package is needed when anything that needs it is
        changed = False
        for name, parents, _chunk in locked:
            if name in needed:
                continue
            if any(parent == RUNTIME_ROOT or canonical(parent) in needed for parent in parents):
                needed.add(name)
                changed = True
    return [chunk for name, _parents, chunk in locked if name in needed]


def main(argv: list[str]) -> int:
    lock = Path(argv[0] if argv else "requirements.lock")
    kept = runtime(lock.read_text(encoding="utf-8"))
    if not kept:
        print(f"{lock}: no package is marked 'via {RUNTIME_ROOT}'; is it the lock `make lock` writes?", file=sys.stderr)
        return 1
    sys.stdout.write(f"# The runtime part of {lock.name}, written by deploy/runtime_lock.py.\n")
    sys.stdout.write("\n".join(kept) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
