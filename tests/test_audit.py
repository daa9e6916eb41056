"""``make audit`` (scripts/audit.py): what pip-audit's JSON report on the lock makes of the build: a
fixable vulnerability fails it, and so does a package it could not look up (it never passes unlooked)."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def _dep(name: str, version: str, *vulns: tuple[str, list[str]]) -> dict:
    return {"name": name, "version": version, "vulns": [{"id": i, "fix_versions": fixes} for i, fixes in vulns]}


def test_a_vulnerability_with_a_fix_fails_the_audit_and_names_the_release():
    report = {"dependencies": [_dep("flask", "2.2.0", ("PYSEC-2023-62", ["2.2.5", "2.3.2"])), _dep("dash", "3.2.0")]}
    code, lines = audit.verdict(report)
    assert code == audit.VULNERABLE == 1
    assert lines[0] == "flask 2.2.0: PYSEC-2023-62 (fixed in 2.2.5, 2.3.2)" and len(lines) == 2
    assert lines[-1] == "1 known vulnerabilities have a fix: run 'make lock', then test"


def test_a_vulnerability_no_release_fixes_is_listed_without_failing():
    code, lines = audit.verdict({"dependencies": [_dep("pkg", "1.0", ("GHSA-xxxx", []))]})
    assert code == audit.CLEAN and lines[0] == "pkg 1.0: GHSA-xxxx (no fixed release yet)"


def test_a_package_the_service_could_not_answer_for_fails_and_so_does_an_empty_report():
    skipped = {"name": "alembic", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    code, lines = audit.verdict({"dependencies": [_dep("dash", "3.2.0"), skipped]})
    assert code == audit.NOT_AUDITED == 2 and lines[-1] == "1 of 2 packages could not be audited"
    assert audit.verdict({"dependencies": []})[0] == audit.NOT_AUDITED


def test_in_ci_an_unreachable_service_is_said_and_passes_but_a_fixable_vulnerability_still_fails(monkeypatch, capsys):
    monkeypatch.setattr(audit, "run_pip_audit", lambda lock, service: None)  # the network reaches no service
    assert audit.main([]) == audit.NOT_AUDITED
    assert audit.main(["--unreachable-ok"]) == audit.CLEAN
    assert "NOT AUDITED" in capsys.readouterr().out
    vulnerable = {"dependencies": [_dep("flask", "2.2.0", ("PYSEC-2023-62", ["2.2.5"]))]}
    monkeypatch.setattr(audit, "run_pip_audit", lambda lock, service: vulnerable)
    assert audit.main(["--unreachable-ok"]) == audit.VULNERABLE
