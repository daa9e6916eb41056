"""Accessibility in a real browser (issue 12 §4). axe-core, run in headless
Chromium, finds no serious or critical violation on any tab of the editor (side
panel, share and workshop panels open), the "My canvases" list, a shared
read-only canvas, the workshop page and the reading guide, in English and in 简体中文, on a desktop
and on a phone; and at a phone's 390 px width no page scrolls sideways. A failure
lists every finding once, with the elements to fix and the views they are in.

axe-core is the ``axe.min.js`` (MPL-2.0) shipped in the locked test dependency
axe-playwright-python; only that script is used, injected into the page.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest
import yaml

from positioning.i18n.wording import LANGUAGES, t
from positioning.ui import ids

from .conftest import ROOT
from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, wait_idle

AXE_SCRIPT = Path(str(resources.files("axe_playwright_python") / "axe.min.js"))
#: The rules run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice")
BLOCKING = ("serious", "critical")
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
#: What shows that a tab's content has been drawn.
TAB_READY = {
    "tab_canvas": "#canvas-graph .main-svg",
    "tab_ranking": "#tornado-graph .main-svg",
    "tab_diagnosis": f"#{ids.DIAGNOSIS} .banner",
    "tab_data": f"#{ids.FACTOR_GRID} .ag-row",
    "tab_history": f"#{ids.HISTORY_LIST} .version-row",
}
MAX_ELEMENTS = 12  # elements shown per rule in a failure message


@pytest.fixture(scope="module")
def app_url(chromium) -> Iterator[str]:
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@contextmanager
def _context(browser, device: dict) -> Iterator:
    # axe is injected as an inline script, which the app's Content-Security-Policy refuses (as it should
    # any script it did not bring): this context lets the test tool in.
    opened = browser.new_context(**device, bypass_csp=True)
    try:
        yield opened
    finally:
        opened.close()


def _call(url: str, method: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> dict:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _canvas(app_url: str) -> dict[str, str]:
    """A canvas of two versions (so History has a difference to show), a share
    link and a workshop: the addresses of its editor, read-only and workshop pages."""
    editor = new_canvas(app_url, EXAMPLE)
    api = app_url.rstrip("/") + "/api/canvases/" + editor.rstrip("/").rsplit("/", 1)[1]
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["factors"][0]["levels"]["Car"] = 6
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    _call(api, "PUT", text, {"Content-Type": "application/yaml", "If-Match": '"1"'})
    return {
        "editor": editor,
        "shared": _call(api + "/share", "POST")["url"],
        "workshop": _call(api + "/workshops", "POST")["url"],
    }


# --- the checks ------------------------------------------------------------------------


#: ``nearId(element)``: an id to look for in the layout near an element at fault: the
#: first inside it, else a sibling's (a dcc component's id is often on the element
#: beside the one at fault), else the nearest ancestor's.
NEAR_ID = """window.nearId = e => {
    const inside = e && !e.id ? e.querySelector('[id]') ?? e.parentElement?.querySelector(':scope > [id]') : null;
    return inside?.id ?? e?.parentElement?.closest('[id]')?.id ?? '';
}"""


def _inject(page) -> None:
    """axe-core and :data:`NEAR_ID` into the page, once per document."""
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(AXE_SCRIPT))
        page.add_script_tag(content=NEAR_ID)


def axe_findings(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as shown, each with
    the elements at fault (only those whose own impact is serious or critical)."""
    _inject(page)
    return page.evaluate(
        """async ([tags, blocking]) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const results = await axe.run(document, options);
            const near = target => nearId(document.querySelector(String(target)));
            return results.violations
                .map(v => ({id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                            nodes: v.nodes.filter(n => blocking.includes(n.impact)).map(n => ({
                                target: n.target.map(String).join(' >>> '), html: n.html,
                                near: near(n.target[0]), summary: n.failureSummary}))}))
                .filter(v => v.nodes.length);
        }""",
        [list(AXE_TAGS), list(BLOCKING)],
    )


def overflow(page) -> dict | None:
    """None when the page is no wider than the window; else the widths and the
    elements that stick out past the window's right edge from a parent that does
    not (where the excess width starts), outside any element that clips or scrolls.

    The window's width is the root's clientWidth: on a phone, Chromium widens
    window.innerWidth to whatever the page's content needs."""
    _inject(page)
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth, scroll = document.documentElement.scrollWidth;
            if (scroll <= width) return null;
            const clips = e => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
            const wide = e => e.getBoundingClientRect().right > width + 0.5;
            const inClipper = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) return true;
                return false;
            };
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + Array.from(e.classList).slice(0, 3).map(c => '.' + c).join('');
            const path = e => {
                const parts = [];
                for (let a = e; a && a !== document.body && parts.length < 4; a = a.parentElement) {
                    parts.unshift(name(a));
                }
                return parts.join(' > ');
            };
            const culprits = Array.from(document.body.querySelectorAll('*'))
                .filter(e => wide(e) && !(e.parentElement && wide(e.parentElement)) && !inClipper(e))
                .map(e => {
                    const box = e.getBoundingClientRect();
                    const near = nearId(e);
                    return {element: path(e) + (near ? ` (near #${near})` : ''),
                            left: Math.round(box.left), right: Math.round(box.right),
                            width: Math.round(box.width), html: e.outerHTML.slice(0, 160)};
                });
            return {scrollWidth: scroll, clientWidth: width, culprits};
        }"""
    )


# --- what a failure says ----------------------------------------------------------------


def _by_rule(found: dict[str, list[dict]]) -> dict[tuple[str, str, str, str], dict[str, tuple[dict, list[str]]]]:
    """The findings of every view, by rule, then by element: each element once, with the views it is at fault in."""
    rules: dict[tuple[str, str, str, str], dict[str, tuple[dict, list[str]]]] = {}
    for view, findings in found.items():
        for finding in findings:
            elements = rules.setdefault((finding["id"], finding["impact"], finding["help"], finding["url"]), {})
            for node in finding["nodes"]:
                elements.setdefault(node["near"] + node["html"], (node, []))[1].append(view)
    return rules


def _views_text(views: list[str]) -> str:
    return "; ".join(views) if len(views) <= 3 else f"{'; '.join(views[:3])} and {len(views) - 3} more views"


def axe_report(found: dict[str, list[dict]]) -> str:
    """Each rule broken, its help, and every element at fault once: where it is, its html,
    what to fix, and the views (page, tab and language) it was found in."""
    lines = [f"axe-core {', '.join(BLOCKING)} violations:"]
    for (rule, impact, help_text, url), elements in _by_rule(found).items():
        lines.append(f"{rule} ({impact}): {help_text} — {url}")
        for node, views in list(elements.values())[:MAX_ELEMENTS]:
            near = f" (near #{node['near']})" if node["near"] else ""
            lines += [
                f"  at {node['target']}{near}",
                f"     {node['html'][:200]}",
                f"     {' '.join(node['summary'].split())[:300]}",
                f"     in {_views_text(views)}",
            ]
        if len(elements) > MAX_ELEMENTS:
            lines.append(f"  … and {len(elements) - MAX_ELEMENTS} more elements")
    return "\n".join(lines)


def overflow_report(found: dict[str, dict | None]) -> str:
    lines = ["pages wider than a 390 px phone (they scroll sideways):"]
    for view, wide in found.items():
        if wide:
            lines.append(f"{view}: scrollWidth {wide['scrollWidth']} > clientWidth {wide['clientWidth']}")
            lines += [
                f"  {c['element']} spans {c['left']}..{c['right']} px (width {c['width']}): {c['html']}"
                for c in wide["culprits"][:8]
            ]
    return "\n".join(lines)


# --- the pages --------------------------------------------------------------------------


def speak(page, language: str) -> None:
    """Switch the app to ``language`` with its own language control."""
    if language != "en":
        page.locator(f"#{ids.LANGUAGE}").get_by_text(LANGUAGES[language], exact=True).click()
        page.wait_for_function(f"() => document.documentElement.lang.startsWith('{language}')")
        wait_idle(page)


def editor_tabs(page, language: str, prefix: str = "editor") -> Iterator[str]:
    """Show each tab of the editor in turn, its <details> panels open, and name it
    (a shared canvas's page has no History tab)."""
    for key, tab_id in ids.TAB_IDS.items():
        if not page.is_visible(f"#{tab_id}"):
            continue
        page.click(f"#{tab_id}")
        page.wait_for_selector(TAB_READY[key], state="attached")
        wait_idle(page)
        _open_details(page, True)
        wait_idle(page)  # the chart's table is drawn once open
        yield f"{prefix}, {t(language, key)} tab ({language})"
        _open_details(page, False)  # the share and workshop panels lie over the tabs


def _open_details(page, open_: bool) -> None:
    page.evaluate("o => document.querySelectorAll('details').forEach(d => { d.open = o; })", open_)


def list_page(page, language: str) -> Iterator[str]:
    page.goto(page.url.split("/c/")[0] + "/")
    page.wait_for_selector(f"#{ids.LIST_PAGE} .list-row")
    wait_idle(page)
    yield f"My canvases list ({language})"


def shared_page(page, language: str, url: str) -> Iterator[str]:
    page.goto(url)  # on the tab shown last (kept per browser tab)
    page.wait_for_selector(f"#{ids.EDITOR_PAGE}")
    wait_idle(page)
    yield from editor_tabs(page, language, "shared read-only canvas")


def workshop_page(page, language: str, url: str) -> Iterator[str]:
    """The participant's page, before and after they join."""
    page.goto(url)
    if language != "en":
        page.get_by_role("button", name=LANGUAGES[language]).click()
        page.wait_for_function(f"() => document.documentElement.lang.startsWith('{language}')")
    page.wait_for_selector("#ws-name")
    yield f"workshop page, joining ({language})"
    page.fill("#ws-name", "Ann")
    page.locator("form.join button[type=submit]").click()
    page.wait_for_selector("h1.factor")
    yield f"workshop page, scoring ({language})"


def help_page(page, language: str) -> Iterator[str]:
    """The reading guide (/help), in the page's language."""
    page.goto(page.url.split("/c/")[0].split("/s/")[0].split("/w/")[0] + f"/help?lang={language}")
    page.wait_for_selector("main nav")
    yield f"reading guide ({language})"


def every_view(page, language: str, urls: dict[str, str]) -> Iterator[str]:
    """The editor's tabs, the list, the shared canvas's tabs, the workshop page and the reading guide, shown
    in turn."""
    speak(page, language)
    yield from editor_tabs(page, language)
    yield from list_page(page, language)
    yield from shared_page(page, language, urls["shared"])
    yield from workshop_page(page, language, urls["workshop"])
    yield from help_page(page, language)


def check_every_view(browser, app_url: str, language: str, device: dict, check: Callable) -> dict:
    """``check(page)`` for each view of :func:`every_view`, by view name; fails on a console error."""
    urls = _canvas(app_url)
    errors: list[str] = []
    with _context(browser, device) as context:
        page = open_page(context, urls["editor"], errors)
        page.set_default_timeout(TIMEOUT)
        found = {view: check(page) for view in every_view(page, language, urls)}
    assert errors == [], errors
    return found


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser, app_url, language, device):
    found = check_every_view(browser, app_url, language, device, axe_findings)
    # the editor's tabs, the list, the shared canvas's tabs but History, the workshop's two steps, the guide
    assert len(found) == len(ids.TAB_IDS) + 1 + len(ids.TAB_IDS) - 1 + 2 + 1, list(found)
    assert not any(found.values()), axe_report(found)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_no_page_scrolls_sideways_on_a_phone(browser, app_url, language):
    found = check_every_view(browser, app_url, language, PHONE, overflow)
    assert not any(found.values()), overflow_report(found)
