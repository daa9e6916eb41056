"""The renderer through a real Chromium: its plotly.js bundle, typed requests,
and a browser that dies under it (its main process really SIGKILLed, found
among this process's children in /proc)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go
import pytest

from positioning import canvas_figure, load_canvas, render
from positioning.output.export import ExportError, ExportRequestError
from positioning.rendering.renderer import (
    BASIC_BUNDLE,
    Renderer,
    RendererError,
    RenderRequest,
    bundle_for,
    bundle_version,
    plotly_bundle,
    trace_types,
)

from .chromium_processes import chromium_mains, kill
from .conftest import ROOT, png_size_bytes

needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds Chromium through Linux's /proc")


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return canvas_figure(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))


# --- finding and killing Chromium -------------------------------------------------


@contextmanager
def started(renderer: Renderer) -> Iterator[set[int]]:
    """Start ``renderer`` and yield the pid of its one Chromium main process."""
    before = chromium_mains()
    with renderer:
        ours = chromium_mains() - before
        assert len(ours) == 1, ours
        yield ours


@contextmanager
def killing_every_new_browser() -> Iterator[None]:
    """While in the block, every Chromium this process starts is killed at once."""
    before, stop = chromium_mains(), threading.Event()

    def killer() -> None:
        while not stop.is_set():
            kill(chromium_mains() - before)
            time.sleep(0.01)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def slow_figure() -> go.Figure:
    """A chart that takes a tab about a second to draw, so that a kill lands while it draws."""
    return go.Figure(go.Scatter(y=[i % 97 for i in range(15_000)], mode="lines+markers"))


# --- a browser that dies -------------------------------------------------------


@needs_proc
def test_a_browser_killed_between_exports_is_replaced_by_the_next(chromium, figure):
    renderer = Renderer(tabs=1)
    with started(renderer) as browser:
        first = render(figure, width=400, height=300, renderer=renderer)
        kill(browser)
        again = render(figure, width=400, height=300, renderer=renderer)
        assert again == first and png_size_bytes(again) == (400, 300)
        assert renderer.generation == 2 and not chromium_mains() & browser


@needs_proc
def test_a_browser_killed_under_two_exports_is_restarted_once(chromium, figure):
    renderer = Renderer(tabs=2)
    results: dict[int, bytes | Exception] = {}

    def work(width: int) -> None:
        try:
            results[width] = render(slow_figure(), width=width, height=300, renderer=renderer)
        except ExportError as error:
            results[width] = error

    with started(renderer) as browser:
        threads = [threading.Thread(target=work, args=(w,)) for w in (400, 500)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        assert all(thread.is_alive() for thread in threads), "the kill must land while both draw"
        kill(browser)
        for thread in threads:
            thread.join()
        for width, result in results.items():  # each its own image, or a sentence saying what happened
            if isinstance(result, Exception):
                assert str(result).startswith("the image could not be drawn: the browser stopped"), result
            else:
                assert png_size_bytes(result) == (width, 300)
        assert png_size_bytes(render(figure, width=300, height=200, renderer=renderer)) == (300, 200)
        assert renderer.generation == 2  # both noticed the death; one restart


@needs_proc
def test_an_export_whose_browser_cannot_be_restarted_says_so_and_the_next_works(chromium, figure):
    renderer = Renderer(tabs=1)
    with started(renderer) as browser:
        with killing_every_new_browser():
            kill(browser)
            with pytest.raises(ExportError, match=r"^the image could not be drawn: the browser stopped"):
                render(figure, width=300, height=200, renderer=renderer)
        assert png_size_bytes(render(figure, width=300, height=200, renderer=renderer)) == (300, 200)


@needs_proc
def test_a_bad_request_never_touches_the_shared_browser(chromium, figure):
    renderer = Renderer()
    with started(renderer) as browser:
        for bad in ({"width": 10}, {"scale": 0}, {"format": "gif"}):
            with pytest.raises(ExportRequestError):
                render(figure, renderer=renderer, **bad)  # type: ignore[arg-type]
        with pytest.raises(ExportRequestError, match="cannot draw heatmap traces"):
            render(go.Figure(go.Heatmap(z=[[1]])), renderer=renderer)
        assert browser <= chromium_mains() and renderer.generation == 1
        assert png_size_bytes(render(figure, width=300, height=200, renderer=renderer)) == (300, 200)


# --- requests ------------------------------------------------------------------


def test_render_many_takes_typed_requests_and_keeps_their_order(chromium, figure):
    sizes = [(300, 200), (200, 300), (400, 250), (250, 400), (320, 240)]
    requests = [RenderRequest(figure, "png", w, h, 1.0) for w, h in sizes]
    with Renderer(tabs=2) as renderer:
        images = list(renderer.render_many(requests))
        svg = next(renderer.render_many([RenderRequest(figure, "svg", 300, 200)]))
    assert [png_size_bytes(image) for image in images] == sizes
    assert svg.lstrip().startswith(b"<svg")


def test_a_request_is_frozen_and_checks_its_format(figure):
    request = RenderRequest(figure)
    assert (request.format, request.width, request.height, request.scale) == ("png", 1600, 900, 1.0)
    with pytest.raises(AttributeError):
        request.width = 10  # type: ignore[misc]
    with pytest.raises(ValueError, match="format must be one of png, svg, pdf, jpeg, webp, not 'gif'"):
        RenderRequest(figure, "gif")


def test_a_closed_renderer_starts_again_when_used(chromium, figure):
    renderer = Renderer(tabs=1)
    assert png_size_bytes(renderer.render(figure, width=300, height=200)) == (300, 200)
    renderer.close()
    assert not renderer.running
    assert png_size_bytes(renderer.render(figure, width=200, height=300)) == (200, 300)
    renderer.close()
    renderer.close()  # twice is fine


# --- the plotly.js bundle ----------------------------------------------------------


def test_vendored_basic_bundle_is_the_plotly_js_of_the_installed_plotly():
    """The renderer loads the vendored basic bundle only while it matches; after
    a plotly upgrade this fails until 'make vendor-plotly' fetches the new one."""
    import plotly

    installed = bundle_version(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
    assert installed is not None
    assert bundle_version(BASIC_BUNDLE) == installed, "run 'make vendor-plotly'"
    assert plotly_bundle() == ("basic", BASIC_BUNDLE)


def test_a_mismatched_basic_bundle_falls_back_to_the_full_one(monkeypatch, tmp_path: Path):
    from positioning.rendering import bundle as renderer_bundle

    stale = tmp_path / "plotly-basic.min.js"
    stale.write_text("/**\n* plotly.js (basic - minified) v0.9.0\n*/\n", encoding="utf-8")
    monkeypatch.setattr(renderer_bundle, "BASIC_BUNDLE", stale)
    name, path = plotly_bundle()
    assert name == "full" and path.name == "plotly.min.js"
    assert Renderer().bundle == "full"
    with pytest.raises(RendererError, match=r"basic bundle is v0\.9\.0.*make vendor-plotly"):
        plotly_bundle("basic")
    with pytest.raises(ValueError, match="bundle must be one of auto, basic, full, not 'tiny'"):
        Renderer(bundle="tiny")


def test_trace_types_of_figures_in_any_form():
    assert trace_types(go.Figure([go.Scatter(y=[1]), go.Bar(y=[1])])) == {"scatter", "bar"}
    assert trace_types({"data": [go.Heatmap(z=[[1]]), {"y": [1]}]}) == {"heatmap", "scatter"}
    assert trace_types({"data": {"type": "pie"}}) == {"pie"}
    assert trace_types({"data": None}) == set() and trace_types({"layout": {}}) == set()
    assert bundle_for([go.Figure(go.Scatter())]) == "auto" and bundle_for([{"data": [{"type": "table"}]}]) == "full"


# --- choreographer's log ---------------------------------------------------------


def test_choreographers_farewell_read_with_the_last_message_prints_no_traceback(caplog, monkeypatch):
    """On POSIX choreographer's wrapper writes '{bye}' into the browser's pipe when
    Chromium exits; read in one chunk with Chromium's last message, choreographer
    logs a JSONError traceback (what `make bench` printed). The timing cannot be
    caused on demand, so that chunk is written into a real choreographer pipe,
    which is then closed as choreographer closes the pipe of a closing browser."""
    from choreographer.channels import Pipe

    from positioning.rendering.browser import quiet_choreographer

    def read_last_chunk() -> list:
        pipe = Pipe()
        pipe.open()
        os.write(pipe.from_external_to_choreo, b'{"method":"Last.event"}\0{bye}\n')
        closing = threading.Timer(0.2, pipe.close)
        closing.start()
        messages, _ = pipe.read_jsons(blocking=True)
        closing.join()
        return list(messages)

    def errors() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    monkeypatch.setattr(logging.getLogger("choreographer.channels.pipe"), "filters", [])
    caplog.set_level(logging.DEBUG, logger="positioning.rendering.renderer")
    assert read_last_chunk() == [{"method": "Last.event"}]
    assert errors() == ["JSONError decoding message. Ignoring"]  # choreographer alone
    caplog.clear()
    quiet_choreographer()
    assert read_last_chunk() == [{"method": "Last.event"}]
    assert errors() == []
    assert any("{bye}" in r.getMessage() for r in caplog.records if r.name == "positioning.rendering.renderer")
