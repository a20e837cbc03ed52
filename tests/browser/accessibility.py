"""axe-core checks for the browser tests: every page scanned, the violations reported together."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE = Axe()


class AccessibilityLog:
    """axe-core results for every page scanned, reported together at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.scanned: list[str] = []
        self.problems: list[str] = []

    def scan(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        results = AXE.run(self.page)
        self.scanned.append(name)
        for violation in results.response["violations"]:
            nodes = "\n".join(
                f"      {', '.join(map(str, node['target']))}: {node['html'][:160]}"
                for node in violation["nodes"]
            )
            self.problems.append(
                f"{name} ({self.page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']}\n    {violation['helpUrl']}\n{nodes}"
            )

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"axe-core found {len(self.problems)} violation(s):\n" + "\n".join(self.problems)
        )
