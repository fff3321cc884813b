"""WCAG 2.1 A/AA with axe-core, and keyboard use, on every page type of both sites."""

from __future__ import annotations

import pytest

from .conftest import AXE_TAGS, format_violations
from .sites import CASES, Case

pytestmark = pytest.mark.browser

COPY_BUTTONS = ".md-clipboard, [data-clipboard-target], [data-clipboard-text], .sp-copy, button[data-copy-target]"
"""Material's code-copy buttons and our own (subscribe page)."""

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
MAX_TABS = 300


_FOCUS = """(copySelector) => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const again = el.dataset.tabbed === "1";
    el.dataset.tabbed = "1";
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        again: again,
        href: el.getAttribute("href"),
        key: el.outerHTML.slice(0, 160),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        shadow: style.boxShadow,
        indicated: outline || (!!style.boxShadow && style.boxShadow !== "none"),
        shown: rect.width > 0 && rect.height > 0 && style.visibility !== "hidden",
        copy: el.matches(copySelector),
        inContent: !!el.closest(".md-content"),
        inChrome: !!el.closest(".md-header, .md-sidebar, .md-tabs"),
    };
}"""


def _focused(page) -> dict | None:
    return page.evaluate(_FOCUS, COPY_BUTTONS)


def _operate_copy_button(page, url: str, focus: dict) -> None:
    """Enter on a focused copy button copies (or selects) and says so in the status region."""
    if not page.locator(".sp-copy-status").count():
        return
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("() => document.querySelector('.sp-copy-status').textContent.trim() !== ''",
                               timeout=3000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError
        pytest.fail(f"Enter on the copy button {focus['key']} on {url} announced nothing")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_keyboard_skip_link_visible_focus_every_control(tabs, visits, case: Case) -> None:
    """First Tab: a skip link into the content; every control reachable, with a visible focus."""
    url = visits.url(case)
    page = tabs()
    page.goto(url, wait_until="load")
    # Every visible control in the content, marked so the walk can tick them off.
    controls = page.evaluate(
        """(selector) => [...document.querySelector(".md-content").querySelectorAll(selector)].filter(el => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.disabled
                && el.tabIndex >= 0;
        }).map((el, i) => { el.dataset.control = String(i); return el.outerHTML.slice(0, 160); })""",
        CONTROLS)

    page.keyboard.press("Tab")
    first = _focused(page)
    assert first is not None, "the first Tab focused nothing"
    assert (first["href"] or "").startswith("#"), (
        f"the first Tab must focus a skip link to the content, it focused {first['key']}")
    target = first["href"][1:]
    assert page.evaluate("id => { const t = document.getElementById(id);"
                         " return !!t && (!!t.closest('.md-content')"
                         " || !!t.nextElementSibling?.matches('.md-content')); }", target), (
        f"the skip link points at #{target}, which is not in the page's content")
    assert first["shown"] and first["indicated"], f"the focused skip link is not visible: {first}"

    # Following it, the next Tab lands in the content (or after it), not in the navigation.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = _focused(page)
    assert after is None or not after["inChrome"], (
        f"after the skip link, Tab went to {after['key']} instead of the content")

    # Walk every tab stop (wrapping around once) and check each shows its focus.
    problems, reached_copy, wrapped = [], 0, False
    focus = after
    for _ in range(MAX_TABS):
        if focus is None:
            if wrapped:
                break
            wrapped = True
        elif focus["again"] and wrapped:
            break
        else:
            if focus["copy"]:
                reached_copy += 1
                if reached_copy == 1:
                    _operate_copy_button(page, url, focus)
            if focus["shown"] and not focus["indicated"]:
                problems.append(f"no visible focus (outline {focus['outline']}, box-shadow "
                                f"{focus['shadow']}): {focus['key']}")
        page.keyboard.press("Tab")
        focus = _focused(page)
    unreached = page.evaluate(
        "() => [...document.querySelectorAll('[data-control]')]"
        ".filter(el => el.dataset.tabbed !== '1').map(el => el.outerHTML.slice(0, 160))")
    problems += [f"not reachable with Tab: {html}" for html in unreached]
    copy_buttons = sum(1 for html in controls if "copy" in html)
    if copy_buttons:
        assert reached_copy, f"{url}: Tab reached none of the copy buttons"
    assert not problems, f"{url}:\n- " + "\n- ".join(problems)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_axe_finds_no_violations(visits, case: Case) -> None:
    visit = visits(case)
    url, violations = visit.url, visit.violations
    assert not violations, f"axe-core ({', '.join(AXE_TAGS)}) on {url}:\n{format_violations(violations)}"
