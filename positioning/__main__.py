"""``python -m positioning``: the command line."""

from positioning.cli import main

raise SystemExit(main())
