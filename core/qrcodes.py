"""QR codes drawn on the server (segno, pure Python): nothing is asked of another service.

Posters carry them (`home.posters`): black on white with the quiet zone the standard
asks for (four modules), error correction raised as far as the size allows, so that a
code printed small or a little worn still scans.
"""

import io

import segno

__all__ = ["PNG_CONTENT_TYPE", "SVG_CONTENT_TYPE", "qr_png", "qr_svg"]

SVG_CONTENT_TYPE = "image/svg+xml"
PNG_CONTENT_TYPE = "image/png"

BORDER = 4  # modules of white around the code: the quiet zone of ISO/IEC 18004
SVG_SCALE = 10  # one module, in SVG user units (the drawing scales without loss)
PNG_SCALE = 20  # one module, in pixels: 7 cm of a 41-module code is about 300 dpi
PNG_DPI = 300


def _code(text: str) -> segno.QRCode:
    # Level M at least; segno raises it when the code keeps its size.
    return segno.make(text, error="m", micro=False)


def qr_svg(text: str) -> bytes:
    """An SVG document of the QR code of `text` (UTF-8, with its XML declaration)."""
    buffer = io.BytesIO()
    _code(text).save(
        buffer,
        kind="svg",
        scale=SVG_SCALE,
        border=BORDER,
        dark="#000",
        light="#fff",
        xmldecl=True,
        title=text,
    )
    return buffer.getvalue()


def qr_png(text: str) -> bytes:
    """A PNG image of the QR code of `text`."""
    buffer = io.BytesIO()
    _code(text).save(
        buffer, kind="png", scale=PNG_SCALE, border=BORDER, dark="#000", light="#fff", dpi=PNG_DPI
    )
    return buffer.getvalue()
