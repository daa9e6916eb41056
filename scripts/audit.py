"""Known vulnerabilities in the locked dependencies (``make audit``).

pip-audit reads requirements.lock (every package pinned, with hashes; nothing
is installed) and asks a vulnerability service about each pinned version:
OSV (https://osv.dev, which carries the PyPA advisory database) by default,
``--service pypi`` for PyPI's own JSON API. The audit fails

* on a vulnerability that a newer release fixes (upgrade with ``make lock``),
* when the service could not be asked, or could not answer for a package:
  it never passes without having looked.

A vulnerability that no release fixes yet is listed but does not fail the
audit: there is nothing to upgrade to (say why it is acceptable, or drop the
package).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Exit codes: 0 nothing to fix, 1 a fixable vulnerability, 2 the audit could not be done.
CLEAN, VULNERABLE, NOT_AUDITED = 0, 1, 2


def verdict(report: Mapping[str, Any]) -> tuple[int, list[str]]:
    """The exit code for pip-audit's JSON ``report``, and the lines that explain it.

    >>> verdict({"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]})
    (0, ['1 locked packages audited: no known vulnerability'])
    """
    dependencies = report.get("dependencies") or []
    skipped = [d for d in dependencies if "skip_reason" in d]
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    fixable = [(d, v) for d, v in found if v.get("fix_versions")]
    lines = [
        f"{d['name']} {d['version']}: {v['id']}"
        + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else " (no fixed release yet)")
        for d, v in found
    ]
    lines += [f"{d['name']}: not audited: {d['skip_reason']}" for d in skipped]
    if not dependencies or skipped:
        return NOT_AUDITED, [*lines, f"{len(skipped)} of {len(dependencies)} packages could not be audited"]
    if fixable:
        return VULNERABLE, [*lines, f"{len(fixable)} known vulnerabilities have a fix: run 'make lock', then test"]
    return CLEAN, [*lines, f"{len(dependencies)} locked packages audited: no known vulnerability"]


def run_pip_audit(lock: Path, service: str) -> dict[str, Any] | None:
    """pip-audit's JSON report on ``lock``, or None when it produced none (it could not ask the service)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "audit.json"
        command: Sequence[str] = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(lock),
            "--require-hashes",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
        ]
        ran = subprocess.run(command, capture_output=True, text=True, check=False)
        if not out.exists():
            print("\n".join(ran.stderr.strip().splitlines()[-1:]), file=sys.stderr)  # pip-audit's last word
            return None
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument("--service", choices=("osv", "pypi"), default="osv")
    parser.add_argument(
        "--unreachable-ok",
        action="store_true",
        help="when the service cannot answer, say so loudly and pass (CI on a network that does not reach it); "
        "a fixable vulnerability still fails",
    )
    args = parser.parse_args(argv)
    report = run_pip_audit(args.lock, args.service)
    if report is None:
        print(f"audit: the {args.service} vulnerability service could not be asked; nothing was audited")
        code = NOT_AUDITED
    else:
        code, lines = verdict(report)
        print("\n".join(f"audit: {line}" for line in lines))
    if code == NOT_AUDITED and args.unreachable_ok:
        print("audit: NOT AUDITED: this network does not reach a vulnerability service; run 'make audit' where it does")
        return CLEAN
    return code


if __name__ == "__main__":
    sys.exit(main())
