"""The goals `make bench` checks (issue 25): each part records the figure it measured, and run.py prints
one table saying, goal by goal, whether it is met or by how much it is missed.

Figures persist in bench/goals.json, so ``make bench PARTS="load"`` updates the load rows and keeps the
others' last figures (with the date they were measured).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

STORE = Path(__file__).resolve().parent / "goals.json"


@dataclass(frozen=True)
class Goal:
    what: str
    before: str  # as the issue measured it
    limit: float  # at most this (or less than, when strict)
    unit: str
    strict: bool = False


GOALS: dict[str, Goal] = {
    "weight_change_500": Goal("weight change, 500x20 (edit + render callbacks)", "730-880 ms", 150, "ms"),
    "weight_change_50": Goal("weight change, 50x10", "55-67 ms", 25, "ms"),
    "ranking_tab_500": Goal("Ranking tab shown, 500x20 (robustness included)", "1,230-1,460 ms", 300, "ms"),
    "pipeline_ratio_50": Goal(
        "pipeline (parse, validate, rank, diagnose, figure JSON), 50x10, vs libyaml parse + curve JSON",
        "4-6x",
        3,
        "x",
    ),
    "refuse_20000": Goal("a 20,000-factor file refused (CPU)", "2.7-3.1 s", 1, "s"),
    "export_ratio": Goal("batch export vs plotly.io.write_images, same run", "0.25", 0.20, ""),
    "chromium_growth": Goal("Chromium growth over 1,000 exports", "+112 MB", 30, "MB", strict=True),
    "app_start": Goal("app start to first canvas drawn (warm)", "not measured", 3, "s"),
    "load_open_p95": Goal("load test: open a canvas, p95 (20 users, gunicorn + PostgreSQL)", "500-1,300 ms", 400, "ms"),
    "load_weight_p95_50": Goal(
        "load test, 50 users: weight change saved and redrawn, p95", "not run (20 users: 56-160 ms)", 200, "ms"
    ),
    "load_errors_50": Goal("load test, 50 users: errors", "not run", 0, ""),
}


def record(key: str, measured: float, note: str = "") -> str:
    """Keep ``measured`` for goal ``key`` and return the sentence saying whether it is met."""
    goal = GOALS[key]
    figures = _load()
    figures[key] = {"measured": measured, "note": note, "on": datetime.date.today().isoformat()}
    STORE.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return f"Goal: {goal.what} {_limit(goal)}: {verdict(goal, measured)}."


def verdict(goal: Goal, measured: float) -> str:
    met = measured < goal.limit if goal.strict else measured <= goal.limit
    if met:
        return f"**met** ({_figure(measured, goal.unit)})"
    return f"**missed** by {_figure(measured - goal.limit, goal.unit)} ({_figure(measured, goal.unit)})"


def table() -> list[str]:
    """The goals table, from every figure recorded so far."""
    figures = _load()
    lines = ["| what | before | goal | now | verdict |", "|---|---:|---:|---:|---|"]
    for key, goal in GOALS.items():
        got = figures.get(key)
        if got is None:
            lines.append(f"| {goal.what} | {goal.before} | {_limit(goal)} | not measured | run its part |")
            continue
        now = _figure(got["measured"], goal.unit) + (f" ({got['note']})" if got.get("note") else "")
        lines.append(
            f"| {goal.what} | {goal.before} | {_limit(goal)} | {now}, {got['on']} | {verdict(goal, got['measured'])} |"
        )
    return lines


def _limit(goal: Goal) -> str:
    return ("< " if goal.strict else "<= ") + _figure(goal.limit, goal.unit)


def _figure(value: float, unit: str) -> str:
    text = f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2f}"
    return f"{text} {unit}".strip() if unit not in ("x",) else f"{text}x"


def _load() -> dict[str, dict]:
    return json.loads(STORE.read_text(encoding="utf-8")) if STORE.exists() else {}
