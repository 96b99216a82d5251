"""Printable posters of participation pages, with a QR code leading to the page.

    <page>poster/           an A4 poster: title, dates, call to action, QR code
    <page>poster/qr.svg     the QR code alone, as SVG (for print shops)
    <page>poster/qr.png     the QR code alone, as PNG

Posters are printed and stuck on walls: keep these addresses stable. The QR code
leads to the page on its commune's own Site (`page.get_full_url()`), whatever Host
the poster was asked for at.

A page type gets posters by taking `PosterRoutesMixin` (before RoutablePageMixin),
saying in `poster_texts` what its poster asks of the reader, and, when it has dates to
announce, returning them from `poster_dates()`. Routes stay thin: each hands over to
a view function in `home.views`.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from wagtail.contrib.routable_page.models import path, re_path


@dataclass(frozen=True)
class PosterTexts:
    """What the poster of a type of page says (lazy translations)."""

    call_to_action: str  # above the title, in large letters: "Have your say"
    scan: str  # beside the QR code: "Scan this code to take part"


@dataclass(frozen=True)
class PosterDate:
    """One dated step announced on a poster: a day, or a period when `end` is set."""

    label: str
    start: date
    end: date | None = None


def _view(name: str):
    # Imported on use: the views read the pages, whose types take this mixin.
    return getattr(import_module("home.views"), name)


class PosterRoutesMixin:
    poster_texts: PosterTexts

    def poster_dates(self, today: date | None = None) -> list[PosterDate]:
        """The dates the poster announces, in order (none by default)."""
        return []

    @path("poster/", name="poster")
    def poster_route(self, request):
        return _view("poster")(request, self)

    # Wagtail hands routes their path with a trailing slash; files are linked without.
    @re_path(r"^poster/qr\.svg/?$", name="poster_qr_svg")
    def poster_qr_svg_route(self, request):
        return _view("poster_qr_svg")(request, self)

    @re_path(r"^poster/qr\.png/?$", name="poster_qr_png")
    def poster_qr_png_route(self, request):
        return _view("poster_qr_png")(request, self)
