"""The renderer recycles its tabs and its browser (issue 25: Chromium's memory
stays flat over many exports), through a real Chromium with small shares:
after ``tab_renders`` images a new tab draws, after ``browser_renders`` a new
browser, the images stay identical, a request in flight while its browser is
replaced is finished by that browser, and a tab that cannot be renewed makes
the renderer start a fresh browser."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from positioning import canvas_figure, load_canvas
from positioning.rendering.protocol import Job, RenderRequest, draw
from positioning.rendering.renderer import Renderer

from .chromium_processes import chromium_mains
from .conftest import ROOT

needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds Chromium through Linux's /proc")


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return canvas_figure(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))


@pytest.fixture(scope="module")
def reference(chromium, figure) -> bytes:
    """The image as a renderer that never recycles draws it."""
    with Renderer(tabs=1, tab_renders=0, browser_renders=0) as renderer:
        return renderer.render(figure, width=400, height=300)


def on_a_tab(renderer: Renderer, work: Callable[[Any], Any]) -> Any:
    """``work(tab)`` run by the renderer's pool as a render is (the tab it gets is real)."""
    pool = renderer._pool
    assert pool is not None
    return renderer._loop.submit(pool.run(work)).result(timeout=60)


def drawn(renderer: Renderer, figure: go.Figure) -> tuple[str, bytes]:
    """The image of ``figure`` at 400x300 and the id of the tab that drew it."""
    job = Job.of(RenderRequest(figure, "png", 400, 300))

    async def work(tab: Any) -> tuple[str, bytes]:
        return tab.target_id, await draw(tab, job)

    return on_a_tab(renderer, work)


def page_tabs(renderer: Renderer) -> set[str]:
    """The ids of the tabs with the renderer's page open, as the browser lists them."""
    pool = renderer._pool
    assert pool is not None and pool._browser is not None
    browser = pool._browser._browser
    targets = renderer._loop.submit(browser.send_command("Target.getTargets")).result(timeout=30)
    infos = targets["result"]["targetInfos"]
    return {t["targetId"] for t in infos if t["type"] == "page" and t["url"].startswith("file:")}


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.05)


def test_a_tab_is_replaced_after_its_share_of_images_and_draws_the_same(figure, reference):
    with Renderer(tabs=1, tab_renders=3, browser_renders=0) as renderer:
        results = [drawn(renderer, figure) for _ in range(7)]
        tabs = [tab for tab, _ in results]
        assert tabs[0] == tabs[1] == tabs[2] != tabs[3] == tabs[4] == tabs[5] != tabs[6]
        assert len(set(tabs)) == 3
        assert all(image == reference for _, image in results)
        assert renderer.generation == 1
        assert renderer.tabs_renewed == 2
        # the old tabs are closed: the browser has the one tab it draws on
        wait_until(lambda: page_tabs(renderer) == {tabs[6]}, "the old tabs to close")


@needs_proc
def test_a_browser_is_replaced_after_its_share_and_the_old_one_closes(figure, reference):
    before = chromium_mains()
    with Renderer(tabs=2, tab_renders=0, browser_renders=2) as renderer:
        first = chromium_mains() - before
        images = [renderer.render(figure, width=400, height=300) for _ in range(3)]  # the third starts a new one
        wait_until(lambda: renderer.generation == 2, "the new browser")
        wait_until(lambda: not chromium_mains() & first, "the old browser to close")
        second = chromium_mains() - before
        assert len(second) == 1 and second != first
        images.append(renderer.render(figure, width=400, height=300))
        assert images == [reference] * 4


@needs_proc
def test_a_request_in_flight_while_its_browser_is_replaced_is_finished_by_it(figure, reference):
    """The second request starts the recycle and holds its (old) tab until the new browser
    has taken over; it then draws on the old browser, which closes only after that."""
    job = Job.of(RenderRequest(figure, "png", 400, 300))
    before = chromium_mains()
    with Renderer(tabs=1, tab_renders=0, browser_renders=1) as renderer:
        assert renderer.render(figure, width=400, height=300) == reference
        old = chromium_mains() - before
        pool = renderer._pool
        assert pool is not None

        async def held(tab: Any) -> tuple[int, bool, bytes]:
            for _ in range(600):
                if pool.generation == 2:
                    break
                await asyncio.sleep(0.05)
            old_alive = bool(chromium_mains() & old)
            return pool.generation, old_alive, await draw(tab, job)

        generation, old_alive, image = on_a_tab(renderer, held)
        assert generation == 2 and old_alive, "the new browser took over while the old one still drew"
        assert image == reference
        wait_until(lambda: not chromium_mains() & old, "the old browser to close once done")
        assert renderer.render(figure, width=400, height=300) == reference


def test_a_tab_that_cannot_be_renewed_makes_way_for_a_fresh_browser(figure, reference):
    with Renderer(tabs=1, tab_renders=2, browser_renders=0) as renderer:
        assert renderer._folder is not None
        page = renderer._folder / "index.html"
        html = page.read_text(encoding="utf-8")
        page.unlink()  # a new tab cannot load plotly.js now
        first = [drawn(renderer, figure) for _ in range(2)]  # the second one's tab is due for renewal
        wait_until(lambda: renderer._pool is not None and renderer._pool._browser.worn, "the failed renewal")
        page.write_text(html, encoding="utf-8")
        assert drawn(renderer, figure) == first[0]  # the old tab goes on drawing meanwhile
        wait_until(lambda: renderer.generation == 2, "a fresh browser")
        assert [image for _, image in first] == [reference] * 2
        assert drawn(renderer, figure)[1] == reference
