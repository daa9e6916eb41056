"""Write docs/guide.md, the reading guide in English, from its one source (positioning/i18n/guide.py).

python scripts/guide.py          # write it (`make guide`; tests/test_guide.py fails when it is stale)
python scripts/guide.py --check  # exit 1 when the committed file differs
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "guide.md"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from positioning.i18n.guide import markdown

    text = markdown("en")
    if argv == ["--check"]:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("docs/guide.md is up to date" if same else "docs/guide.md is stale: run python scripts/guide.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
