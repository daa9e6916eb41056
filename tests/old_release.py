"""A workspace as the previous release (schema 0005) left it: version summaries stored as finished text,
in English and in Chinese, exactly as its code wrote them; and what each reads as once migrated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from positioning.output.writer import dump_canvas
from positioning.store.db import Database, upgrade
from tests.factory import make_canvas

CANVAS_ID = "old1"
_LONG = "Title: A -> " + "x" * 500

#: (the summary as the previous release stored it, in English, in Chinese), oldest version first.
SUMMARIES = (
    ("Created", "Created", "创建"),  # Repository.create's default
    ("Created from “Coffee”", "Created from “Coffee”", "由“Coffee”创建"),  # the app, in English
    ("由“咖啡”创建", "Created from “咖啡”", "由“咖啡”创建"),  # the app, in Chinese
    ("Restored version 3", "Restored version 3", "恢复第 3 版"),  # Repository.restore_version's f-string
    ("Title: A -> B", "Title: A -> B", "标题：A -> B"),  # a rename in the list
    (  # an edit of a weight and two more, as the previous release's changes_summary worded it
        "Weight of Capability: 0.2 -> 0.3 and 2 more changes",
        "Weight of Capability: 0.2 -> 0.3 and 2 more changes",
        "自身能力权重：0.2 -> 0.3，另有 2 处修改",
    ),
    ("Undo: Price: Us level 2 -> 3", "Undo: Price: Us level 2 -> 3", "撤销：Price：Us 的水平 2 -> 3"),
    ("Created through the API", "Created through the API", "通过 API 创建"),
    ("After the offsite: fixed levels", "After the offsite: fixed levels", "After the offsite: fixed levels"),
    (_LONG[:399] + "…", _LONG[:399] + "…", "标题：A -> " + "x" * 387 + "…"),  # cut as the store cut it
)


def previous_release(database: Database) -> None:
    """``database`` at schema 0005, holding one canvas with a version per row of :data:`SUMMARIES`."""
    upgrade(database, "0005")
    now = datetime(2026, 1, 2, 3, 4, 5)
    yaml = dump_canvas(make_canvas())
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO canvases (id, owner, title, subject, verdict, version, created, updated) "
                "VALUES (:id, 'ann', 'Old canvas', 'Us', 'weak', :n, :now, :now)"
            ),
            {"id": CANVAS_ID, "n": len(SUMMARIES), "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO canvas_versions (canvas_id, number, yaml, author, created, summary) "
                "VALUES (:id, :number, :yaml, 'ann', :now, :summary)"
            ),
            [
                {"id": CANVAS_ID, "number": n, "yaml": yaml, "now": now, "summary": stored}
                for n, (stored, _, _) in enumerate(SUMMARIES, start=1)
            ],
        )
