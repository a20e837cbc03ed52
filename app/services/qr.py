"""QR codes for links: inline SVG for pages and print, PNG for downloads and the API."""

from __future__ import annotations

import base64
import io

import segno
from markupsafe import Markup

# Medium error correction survives a crease or a scuffed card; the quiet zone is the
# standard four modules, which scanners need.
ERROR_CORRECTION = "m"
BORDER = 4


def _make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_CORRECTION, micro=False, boost_error=False)


def svg(url: str, *, label: str | None = None, css_class: str = "app-qr__image") -> str:
    """An SVG QR code sized by CSS (no width or height), black on white.

    With ``label`` it is an image with that accessible name; without, it is a standalone
    file (for downloads), with an XML declaration.
    """
    code = _make(url)
    if label is None:
        buffer = io.BytesIO()
        code.save(buffer, kind="svg", scale=10, border=BORDER, dark="#000", light="#fff")
        return buffer.getvalue().decode()
    inline = code.svg_inline(
        scale=10, border=BORDER, dark="#000", light="#fff", omitsize=True, svgclass=css_class
    )
    return inline.replace("<svg ", '<svg role="img" focusable="false" ', 1).replace(
        ">", f"><title>{Markup.escape(label)}</title>", 1
    )


def svg_markup(url: str, label: str) -> Markup:
    """The inline SVG, marked safe for a template (the URL is ours, the label is escaped)."""
    return Markup(svg(url, label=label))  # noqa: S704 - built by segno from our own URL  # nosec B704


def png(url: str, *, scale: int = 10) -> bytes:
    """A PNG QR code: ``scale`` pixels a module, black on white."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return buffer.getvalue()


def png_data_url(url: str, *, scale: int = 10) -> str:
    """The PNG as a ``data:image/png;base64,…`` URL, usable directly as an img src."""
    return "data:image/png;base64," + base64.b64encode(png(url, scale=scale)).decode()
