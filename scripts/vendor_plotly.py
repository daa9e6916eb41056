"""Fetch plotly.js's basic bundle for the plotly.js version the installed
plotly ships, from the npm registry, into positioning/vendor/.

Run it (``make vendor-plotly``) after upgrading plotly; until then the
renderer falls back to plotly's full bundle, which is slower to start.
"""

from __future__ import annotations

import io
import sys
import tarfile
import urllib.request
from pathlib import Path

import plotly

from positioning.renderer import BASIC_BUNDLE, bundle_version

PACKAGE = "plotly.js-basic-dist-min"


def main() -> int:
    version = bundle_version(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
    if version is None:
        print("cannot read the plotly.js version of the installed plotly", file=sys.stderr)
        return 1
    if bundle_version(BASIC_BUNDLE) == version:
        print(f"{BASIC_BUNDLE} is already plotly.js v{version}")
        return 0
    url = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, target in (
            ("package/plotly-basic.min.js", BASIC_BUNDLE),
            ("package/LICENSE", BASIC_BUNDLE.with_name("LICENSE-plotly.js")),
        ):
            source = archive.extractfile(member)
            if source is None:
                print(f"{url} has no {member}", file=sys.stderr)
                return 1
            target.write_bytes(source.read())
    print(f"wrote {BASIC_BUNDLE} (plotly.js v{version}) from {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
