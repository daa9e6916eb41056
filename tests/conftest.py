"""Shared fixtures. Export tests need a real Chromium and a CJK font: they are
skipped on a developer machine without them, and fail under CI=true, where no
export or browser test may be skipped."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_executable() -> str | None:
    """The Chromium (or Chrome) on PATH, for Playwright's executable_path."""
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def _missing_system_parts() -> list[str]:
    missing = []
    if chromium_executable() is None:
        missing.append("Chromium")
    fonts = (
        subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        if shutil.which("fc-list")
        else ""
    )
    if not fonts.strip():
        missing.append("a CJK font")
    return missing


@pytest.fixture(scope="session")
def chromium() -> None:
    """Require Chromium and a CJK font (skip locally, fail in CI)."""
    missing = _missing_system_parts()
    if missing:
        message = f"{' and '.join(missing)} not installed; run 'make test' to install them"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG file's IHDR chunk; asserts it is a PNG."""
    return png_size_bytes(Path(path).read_bytes())


def png_size_bytes(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])
