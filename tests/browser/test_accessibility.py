"""axe-core (from npm) finds no WCAG 2.2 AA violation on any page type, in English and Korean."""

from pathlib import Path

import pytest
from django.test import Client

from tests.pages import PAGE_TYPES, localised, resolve

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    # Injected as a file, so the context bypasses the portal's CSP for the checker alone.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes, "
        f"first: {violation['nodes'][0]['html'][:160]})"
        for violation in result["violations"]
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_page_type_has_no_axe_violations(live_server, browser, user, language):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test-tools` (make test does).")
    context = browser.new_context(bypass_csp=True)
    client = Client()
    client.force_login(user)
    signed_in = browser.new_context(bypass_csp=True)
    signed_in.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    problems = []
    for name, path, needs_sign_in in PAGE_TYPES:
        page = (signed_in if needs_sign_in else context).new_page()
        page.goto(live_server.url + localised(resolve(path, user), language))
        # The site's stylesheet is applied (contrast is judged on the real design).
        header = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert header == "rgb(11, 79, 108)", name
        problems += [f"{name} ({language}): {problem}" for problem in axe_violations(page)]
        page.close()
    context.close()
    signed_in.close()

    assert not problems, "\n".join(problems)
