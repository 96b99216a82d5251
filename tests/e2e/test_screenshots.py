"""`make screenshots`: the key pages of the demo at desktop and mobile width, written to
docs/screenshots/ for the README. Deselected from ordinary runs (marker `screenshots`)."""

import io

import pytest
from django.conf import settings
from PIL import Image

from .browser import login
from .conftest import MONTCLAIR, WIDTHS
from .pages import COMMUNES, first_proposal_id

OUTPUT = settings.BASE_DIR / "docs" / "screenshots"
# Long pages are cut: the top of a page says what it is.
MAX_HEIGHT = {"desktop": 1400, "mobile": 2000}

pytestmark = pytest.mark.screenshots


def shots() -> list[tuple[str, str, str, bool]]:
    """(file name, host, path, signed in)."""
    belval = COMMUNES["belval"]
    proposal = first_proposal_id(belval)
    return [
        ("home", belval.host, "/fr/", False),
        ("consultation", belval.host, belval.consultation, False),
        ("proposals", belval.host, f"{belval.consultation}proposals/", False),
        ("proposal", belval.host, f"{belval.consultation}proposals/{proposal}/", True),
        ("budget", belval.host, belval.budget, False),
        ("vote", belval.host, f"{belval.budget}vote/", True),
        ("results", MONTCLAIR, "/fr/budget-participatif-2025/results/", False),
    ]


def save(png: bytes, path, max_height: int):
    """A 256-colour PNG, cut to `max_height`: a few dozen kilobytes per page."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.height > max_height:
        image = image.crop((0, 0, image.width, max_height))
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_write_screenshots(demo_server, open_page, width):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    visitor = open_page(viewport=WIDTHS[width])
    citizen = open_page(viewport=WIDTHS[width])
    login(citizen, demo_server, "citoyen22@demo.localhost")
    for name, host, path, signed_in in shots():
        tab = citizen if signed_in else visitor
        tab.goto(demo_server.url(path, host))
        if name == "vote":
            # Show the basket at work: the first two ranks chosen.
            for number in (1, 2):
                tab.locator(f"#rank-{number}").select_option(index=number)
        save(
            tab.screenshot(full_page=True, animations="disabled"),
            OUTPUT / f"{name}-{width}.png",
            MAX_HEIGHT[width],
        )
