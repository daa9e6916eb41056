"""Fetch plotly.js's basic bundle for the plotly.js version the installed
plotly ships, from the npm registry, into positioning/rendering/vendor/.

Run it (``make vendor-plotly``) after upgrading plotly; until then the
renderer falls back to plotly's full bundle, which is slower to start.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

import plotly

from positioning.rendering.renderer import BASIC_BUNDLE, bundle_version

REGISTRY = "https://registry.npmjs.org"
PACKAGE = "plotly.js-basic-dist-min"


def main() -> int:
    version = bundle_version(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
    if version is None:
        return fail("cannot read the plotly.js version of the installed plotly")
    if bundle_version(BASIC_BUNDLE) == version:
        print(f"{BASIC_BUNDLE} is already plotly.js v{version}")
        return 0
    try:
        meta = json.loads(fetch(f"{REGISTRY}/{PACKAGE}/{version}"))
        tarball, integrity = meta["dist"]["tarball"], meta["dist"]["integrity"]
        data = fetch(tarball)
    except (OSError, ValueError, KeyError) as error:
        return fail(f"cannot fetch {PACKAGE} {version} from {REGISTRY}: {error}")
    algorithm, _, expected = integrity.partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        return fail(f"{tarball} does not match its registry checksum ({integrity})")
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in ("package/plotly-basic.min.js", "package/LICENSE"):
            try:
                files[member] = archive.extractfile(member).read()
            except (KeyError, AttributeError):
                return fail(f"{tarball} has no {member}")
    for member, target in (
        ("package/plotly-basic.min.js", BASIC_BUNDLE),
        ("package/LICENSE", BASIC_BUNDLE.with_name("LICENSE-plotly.js")),
    ):
        part = target.with_name(target.name + ".part")
        part.write_bytes(files[member])
        part.replace(target)
    print(f"wrote {BASIC_BUNDLE} (plotly.js v{version}) from {tarball}")
    return 0


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def fail(message: str) -> int:
    print(f"vendor-plotly: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
