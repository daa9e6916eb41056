"""``python -m positioning``: the command line."""

from .cli import main

raise SystemExit(main())
