"""A link in a survey's introduction or a follow-up message that reads as a path on this site
goes to this site: a path starting with a backslash, which browsers follow to another site as
if it were "//", is shown as typed instead of becoming a link."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from app.services import surveys
from app.services.definitions import load_built_in
from models import db
from tests.factories import create_link
from tests.pages import Browser

SITE = "https://feedback.police.example/r/abc"
TYPED = [
    r"See [our results](/\evil.example/results) and [the panel](/\/evil.example).",
    "See [our results](/you-said-we-did) or https://police.example/results.",
]


def test_intro_links_never_lead_to_another_site_through_a_backslash(browser: Browser):
    definition = load_built_in("listening-session")
    definition["intro"] = {"en": TYPED}
    surveys.publish_version("listening-session", definition)
    db.session.commit()

    page = browser.get(f"/r/{create_link('listening-session').token}")

    assert page.status == 200
    intro = [p for p in page.soup.select("main p.govuk-body") if p.get_text().startswith("See")]
    assert [p.get_text() for p in intro][:1] == [TYPED[0]]  # shown as typed, no link
    hosts = {urlsplit(urljoin(SITE, a["href"])).netloc for p in intro for a in p.select("a[href]")}
    assert hosts == {"feedback.police.example", "police.example"}
