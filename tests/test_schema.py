"""The shipped JSON Schema is the one generated from the models, and it accepts
every bundled example."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from positioning.core.schema import canvas_schema, canvas_schema_text

from .conftest import CONFIGS, ROOT

SHIPPED = ROOT / "docs" / "canvas.schema.json"


def test_shipped_schema_is_up_to_date():
    assert SHIPPED.read_text(encoding="utf-8") == canvas_schema_text(), "run 'make schema'"


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_schema_accepts_the_examples(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), canvas_schema())


def test_schema_rejects_unknown_keys_and_bad_enums():
    schema = canvas_schema()
    good = yaml.safe_load((ROOT / "configs" / "template.yaml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "colour": "red"}, schema)
    bad = json.loads(json.dumps(good))
    bad["factors"][0]["category"] = "prodcut"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
