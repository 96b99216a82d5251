"""axe-core on every key public page: both demo communes (each with its own accent
colour), desktop and mobile width, as a visitor and as a signed-in citizen.
Zero WCAG 2.1 A/AA violations, and nothing scrolls sideways on a phone."""

import pytest

from .browser import axe_violations, describe, horizontal_overflow, login
from .conftest import WIDTHS
from .pages import COMMUNES, citizen_pages, visitor_pages


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("commune_key", list(COMMUNES))
def test_key_pages_have_no_wcag_violation(demo_server, open_page, axe_source, commune_key, width):
    commune = COMMUNES[commune_key]
    page = open_page(viewport=WIDTHS[width])
    problems = []
    checked = []

    def check(name, path):
        response = page.goto(demo_server.url(path, commune.host))
        expected = 404 if name == "404" else 200
        assert response.status == expected, f"{name}: {path} answered {response.status}"
        # Each commune's theme is really the one tested.
        accent = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
        )
        assert accent == commune.accent, f"{name}: accent {accent}"
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(f"--- {name} ({path})\n{describe(violations)}")
        overflow = horizontal_overflow(page)
        if overflow:
            sideways = "\n    ".join(overflow)
            problems.append(f"--- {name} ({path}) scrolls sideways:\n    {sideways}")
        checked.append(name)

    visitor, citizen = visitor_pages(commune), citizen_pages(commune)
    for name, path in visitor:
        check(name, path)
    login(page, demo_server, commune.citizen, host=commune.host)
    for name, path in citizen:
        check(name, path)

    assert len(checked) == len(visitor) + len(citizen) == 22
    assert not problems, f"{commune_key}, {width}:\n" + "\n".join(problems)
