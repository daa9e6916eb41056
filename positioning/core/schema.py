"""The JSON Schema of the canvas file, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from positioning.core.model import Canvas


def canvas_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a canvas file, for editors and linters."""
    return Canvas.model_json_schema(mode="validation")


def canvas_schema_text() -> str:
    return json.dumps(canvas_schema(), indent=2, ensure_ascii=False) + "\n"
