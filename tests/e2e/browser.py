"""What the browser tests do again and again: log in, run axe, follow the keyboard focus."""

import re

from playwright.sync_api import Page, expect

from .conftest import BELVAL, DEMO_PASSWORD

# WCAG 2.1 levels A and AA: the RGAA's reference.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page: Page, server, email: str, *, host: str = BELVAL, password: str = DEMO_PASSWORD):
    page.goto(server.url("/fr/accounts/login/", host))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Mon profil")).to_be_visible()


# Accessibility ---------------------------------------------------------------


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the current page.

    The script goes in through the DevTools protocol (`evaluate`), not a <script>
    tag, so a strict Content-Security-Policy on the site does not stop it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations)""",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {node['target']}: {summary[:240]}")
    return "\n".join(lines)


def assert_accessible(page: Page, axe_source: str, where: str = ""):
    violations = axe_violations(page, axe_source)
    assert not violations, f"{where or page.url}\n{describe(violations)}"


def horizontal_overflow(page: Page) -> list[str]:
    """Elements sticking out on the right (reflow, WCAG 1.4.10): none may make the
    page scroll sideways."""
    return page.evaluate(
        """() => {
            if (document.documentElement.scrollWidth <= innerWidth) return [];
            return [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 120));
        }"""
    )


# Keyboard --------------------------------------------------------------------

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const path = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
        path.unshift(node.tagName + ":" + [...node.parentElement?.children || []].indexOf(node));
    }
    return {
        path: path.join("/"),
        tag: el.tagName.toLowerCase(),
        name: (el.getAttribute("aria-label") || el.innerText || el.value || el.id || "")
            .replace(/\\s+/g, " ").trim().slice(0, 80),
        id: el.id,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        width: box.width,
        height: box.height,
        inViewport: box.bottom > 0 && box.top < innerHeight
            && box.right > 0 && box.left < innerWidth,
        // What is drawn at the element's centre: itself, or something covering it.
        coveredBy: (() => {
            const hit = document.elementFromPoint(
                box.left + box.width / 2, box.top + Math.min(box.height / 2, 10));
            return !hit || el.contains(hit) || hit.contains(el) || hit.htmlFor === el.id
                ? "" : hit.outerHTML.slice(0, 80);
        })(),
    };
}"""

# True when `a` comes before `b` in the document (reading order).
PRECEDES = """([a, b]) => {
    const find = path => path.split("/").slice(1).reduce(
        (node, step) => node && node.children[Number(step.split(":")[1])],
        document.documentElement);
    const first = find(a), second = find(b);
    return Boolean(first && second
        && (first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING));
}"""


def focused(page: Page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(state: dict | None):
    """The focused element shows a focus indicator: an outline of 2px or more, or a
    box-shadow ring, and it is on screen."""
    assert state is not None, "focus was lost (nothing focused)"
    ring = state["outlineStyle"] != "none" and state["outlineWidth"] >= 2
    shadow = state["boxShadow"] not in ("", "none")
    assert ring or shadow, f"no visible focus indicator on {state['tag']} {state['name']!r}"
    assert state["width"] > 0, f"focused element is invisible: {state}"
    assert state["height"] > 0, f"focused element is invisible: {state}"
    assert state["inViewport"], f"focused element is off screen: {state['tag']} {state['name']!r}"
    assert not state["coveredBy"], f"{state['name']!r} is focused under {state['coveredBy']}"


def tab_to(page: Page, matches, *, max_steps: int = 120, backwards: bool = False) -> list[dict]:
    """Press Tab until the focused element satisfies `matches(state)`.

    Every stop must show a visible focus, and focus must move forward in reading
    order (or backward with Shift+Tab): no jump back, no element visited twice, no
    trap. Returns the stops, the last one being the match."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _step in range(max_steps):
        page.keyboard.press(key)
        state = focused(page)
        assert_focus_visible(state)
        if stops:
            previous = stops[-1]["path"]
            assert state["path"] != previous, f"focus is stuck on {state['tag']} {state['name']!r}"
            pair = [state["path"], previous] if backwards else [previous, state["path"]]
            assert page.evaluate(PRECEDES, pair), (
                f"focus order jumps back: {stops[-1]['name']!r} then {state['name']!r}"
            )
        stops.append(state)
        if matches(state):
            return stops
    raise AssertionError(f"not reached after {max_steps} presses of {key}: {stops[-3:]}")


def named(pattern: str):
    """A `tab_to` matcher on the focused element's visible text, value or label."""
    regex = re.compile(pattern)
    return lambda state: bool(regex.search(state["name"]))


def with_id(element_id: str):
    return lambda state: state["id"] == element_id
