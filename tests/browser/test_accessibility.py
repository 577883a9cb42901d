"""axe-core (from npm) finds no WCAG 2.2 AA violation on any page type, in English and Korean;
each page is the one it is meant to be (status, address, heading, landmark: tests/pages.py)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.pages import PAGE_TYPES, identity_problems, localised, resolve, sign_in

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
    # The language switcher's cookie: the admin, outside the /ko/ addresses, follows it.
    language_cookie = {
        "name": settings.LANGUAGE_COOKIE_NAME,
        "value": language,
        "url": live_server.url,
    }
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([language_cookie])
    client = Client()
    sign_in(client, user)
    signed_in = browser.new_context(bypass_csp=True)
    signed_in.add_cookies(
        [
            language_cookie,
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
        ]
    )
    problems, wrong_pages = [], []
    for page_type in PAGE_TYPES:
        page = (signed_in if page_type.signed_in else context).new_page()
        url = live_server.url + localised(resolve(page_type.path, user), language)
        response = page.goto(url)
        if page.url != url:
            wrong_pages.append(f"{page_type.name} ({language}): went on to {page.url}")
        wrong_pages += identity_problems(
            page_type, language, status=response.status, html=page.content()
        )
        # The site's stylesheet is applied (contrast is judged on the real design).
        header = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert header == "rgb(11, 79, 108)", page_type.name
        problems += [
            f"{page_type.name} ({language}): {problem}" for problem in axe_violations(page)
        ]
        page.close()
    context.close()
    signed_in.close()

    assert not wrong_pages, "\n".join(wrong_pages)
    assert not problems, "\n".join(problems)
