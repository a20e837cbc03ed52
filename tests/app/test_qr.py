"""The QR codes carry exactly the link: decoded from the PNG by a real QR reader (zxing-cpp)."""

from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image

from app.services import qr
from models import Role
from tests.factories import create_link
from tests.staff import signed_in


def decode_png(data: bytes) -> str:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    results = zxingcpp.read_barcodes(image.convert("L"))
    assert len(results) == 1, "exactly one QR code in the image"
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/r/0123456789abcdefghjkmnpqrs",
        "https://feedback.demoshire.police.uk/r/zzzzzzzzzzzzzzzzzzzzzzzzzz",
    ],
)
def test_png_decodes_to_the_exact_url(url: str):
    assert decode_png(qr.png(url)) == url


def test_officer_download_decodes_to_the_links_public_url(client: FlaskClient):
    officer = signed_in(client, Role.OFFICER)
    link = create_link(created_by_id=officer.id)
    png = client.get(f"/officer/codes/{link.token}/qr.png").data
    assert decode_png(png) == f"http://localhost/r/{link.token}"


def test_api_qr_png_data_url_decodes_to_the_links_url(client: FlaskClient):
    from app.services import api_tokens

    secret = api_tokens.create_token("Stop and search app").secret
    response = client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    body = response.get_json()
    prefix = "data:image/png;base64,"
    assert body["qr_png"].startswith(prefix)
    assert decode_png(base64.b64decode(body["qr_png"][len(prefix) :])) == body["url"]


def test_inline_svg_is_an_image_with_a_name_and_no_inline_style():
    svg = qr.svg("http://localhost/r/abc", label="QR code <for> the link")
    assert svg.startswith('<svg role="img" focusable="false" ')
    assert "<title>QR code &lt;for&gt; the link</title>" in svg
    assert "style=" not in svg  # the Content-Security-Policy allows no inline styles
    assert "viewBox" in svg and "width=" not in svg


def test_png_is_large_enough_to_print():
    image = Image.open(io.BytesIO(qr.png("http://localhost/r/0123456789abcdefghjkmnpqrs")))
    assert image.size[0] >= 290 and image.size == (image.size[0], image.size[0])
