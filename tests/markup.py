"""Markup a browser silently repairs: an attribute given twice on one element (the browser
keeps the first and drops the rest, so a component may lose its behaviour) and an id used twice
(labels, error links and aria-describedby then point at the wrong element). Neither shows in
Chromium's DOM, so axe cannot see them; this reads the HTML as it was sent."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, count in Counter(name for name, _ in attrs).items():
            if count > 1:
                values = [value for attr, value in attrs if attr == name]
                self.problems.append(f"<{tag}> has {name} {count} times: {values}")
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1

    handle_startendtag = handle_starttag


def markup_problems(html: str) -> list[str]:
    """What is wrong with the page's markup, as sentences; empty when nothing is."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    repeated = [
        f"id {name!r} is used {count} times" for name, count in collector.ids.items() if count > 1
    ]
    return collector.problems + repeated
