"""What the app loads at start (issue 25: `make run` draws the first canvas within 3 s): the
libraries only some requests need are loaded by the first of those, not by every start."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

#: Loaded on demand: pypdf by the first PDF export, redis when the rate limits count in Redis.
ON_DEMAND = ("pypdf", "redis")


def test_starting_the_app_loads_no_library_that_only_some_requests_need(tmp_path):
    code = (
        "import json, sys; import app; "
        f"print(json.dumps([name for name in {list(ON_DEMAND)!r} if name in sys.modules]))"
    )
    env = {"PATH": "/usr/bin:/bin", "POSITIONING_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
