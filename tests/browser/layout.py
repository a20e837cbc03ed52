"""Where things sit on a page in a real browser, read once the layout has settled."""

from __future__ import annotations

from playwright.sync_api import Page


def boxes_when_still(page: Page, buttons: list) -> list[dict[str, int]]:
    """Where each button sits once the page's fonts have loaded and the layout has settled,
    all read in one frame, so a late font or a scroll between two readings cannot tell them
    apart."""
    page.evaluate("() => document.fonts.ready.then(() => undefined)")
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    handles = [button.element_handle() for button in buttons]
    return page.evaluate(
        """elements => elements.map(element => {
            const box = element.getBoundingClientRect();
            return {top: Math.round(box.top), width: Math.round(box.width)};
        })""",
        handles,
    )
