"""English and Korean: the Korean catalogue is complete, and Korean pages really are Korean.

The catalogue test extracts the messages afresh from a copy of the source (as `make messages`
does) and fails, naming them, when a message has no Korean translation or only a fuzzy one.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.dates import FORUM_YEAR
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ResourceFactory,
    SessionFactory,
    StaffFactory,
)

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
# Never part of the source: installed, generated, uploaded or local files.
NOT_SOURCE = {
    ".venv",
    "node_modules",
    "staticfiles",
    ".pgdata",
    "media",
    ".git",
    ".env",
    "test-results",
    "results",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
}
# Placeholders and markup a translation must keep: %(name)s, %s, {name}, <tags>.
KEPT = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")
SEOUL = ZoneInfo("Asia/Seoul")


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return bool(forms) and all(text.strip() for text in forms.values())
    return bool(entry.msgstr.strip())


def _describe(key: tuple[str, str, str]) -> str:
    context, msgid, _plural = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def _fresh_catalogue(tmp_path: Path) -> polib.POFile:
    """Run makemessages on a copy of the source, without the committed translations."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: run `make gettext` (make test does).")
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=lambda folder, names: NOT_SOURCE & set(names))
    (source / CATALOGUE.relative_to(ROOT)).unlink()
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # never connected to
        "ENV_FILE": "/dev/null",
        "SECRET_KEY": "makemessages-only-" + "x" * 50,
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ko",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=staticfiles",
            "--ignore=.pgdata",
            "--ignore=media",
        ],
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # Messages used both with and without a plural form collapse into one entry, and one
    # of the two uses then goes untranslated: give one of them a context instead.
    assert "used without plural and with plural" not in result.stderr, result.stderr
    return polib.pofile(str(source / CATALOGUE.relative_to(ROOT)))


# --- The catalogue ------------------------------------------------------------------------


def test_every_message_in_the_source_has_a_korean_translation(tmp_path):
    fresh = _fresh_catalogue(tmp_path)
    committed = {_key(entry): entry for entry in polib.pofile(str(CATALOGUE))}

    problems = []
    for entry in fresh:
        translation = committed.get(_key(entry))
        if translation is None or not _is_translated(translation):
            problems.append(f"missing: {_describe(_key(entry))}")
        elif "fuzzy" in translation.flags:
            problems.append(f"fuzzy: {_describe(_key(entry))}")

    assert len(fresh) > 600  # the extraction really read the templates and the code
    assert problems == [], (
        f"{len(problems)} message(s) lack a checked Korean translation in "
        f"{CATALOGUE.relative_to(ROOT)} (run `make messages`, translate them, drop the fuzzy "
        "flags):\n" + "\n".join(problems)
    )


def test_korean_catalogue_has_no_fuzzy_untranslated_or_obsolete_entries():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.metadata["Language"] == "ko"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    assert all(len(entry.msgstr_plural) == 1 for entry in catalogue if entry.msgid_plural)


def test_korean_translations_keep_placeholders_and_markup():
    problems = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, entry.msgstr_plural[0])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for english, korean in pairs:
            if Counter(KEPT.findall(english)) != Counter(KEPT.findall(korean)):
                problems.append(f"{english!r} -> {korean!r}")

    assert problems == []


# --- Korean pages ---------------------------------------------------------------------------


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Language"] == "ko"
    html = response.content.decode()
    assert '<html lang="ko">' in html
    return html


def _assert_korean(html: str, korean: list[str], english: list[str]) -> None:
    assert [text for text in korean if text not in html] == []
    assert [text for text in english if text in html] == []


@pytest.mark.django_db
def test_korean_home_page_is_in_korean(client):
    html = _page(client, "/ko/")

    _assert_korean(
        html,
        korean=[
            "본문 바로가기",
            ">프로그램</a>",
            ">파트너 웨비나</a>",
            ">자료실</a>",
            ">로그인</a>",
            ">회원가입</a>",
            "안전하고 회복력 있는 도시: 포럼, 웨비나, 모범 사례",
            "이 페이지가 도움이 되었습니까?",
            "개인정보 처리방침",
        ],
        english=[
            "Skip to main content",
            "Partner webinars",
            "Resource library",
            "Sign in",
            "Sign up",
            "Is this page useful?",
            "Privacy notice",
        ],
    )
    assert 'href="/ko/events/"' in html


@pytest.mark.django_db
def test_korean_event_list_is_in_korean(client):
    EventFactory(title="Resilience webinar", kind="webinar")

    html = _page(client, "/ko/events/")

    _assert_korean(
        html,
        korean=[
            "<h1>행사</h1>",
            "행사 필터",
            "필터 적용",
            "행사 1건",
            "예정된 행사",
            "캘린더 구독",
        ],
        english=["Filter events", "Apply filters", "1 event", "Upcoming", "Subscribe to"],
    )
    assert '<span class="badge">웨비나</span>' in html


@pytest.mark.django_db
def test_korean_library_is_in_korean(client):
    ResourceFactory(title="Business continuity plan", title_ko="업무 연속성 계획")

    html = _page(client, "/ko/resources/")

    _assert_korean(
        html,
        korean=["<h1>자료실</h1>", "검색 범위 좁히기", "자료 1건", "업무 연속성 계획", "보고서"],
        english=["Resource library", "Refine", "1 resource", "Business continuity plan"],
    )


@pytest.mark.django_db
def test_korean_library_with_no_results_is_in_korean(client):
    html = _page(client, "/ko/resources/?q=zzzqqqxxyy")

    _assert_korean(
        html,
        korean=["검색된 자료가 없습니다", "전체 자료실을 둘러보십시오"],
        english=["No resources found", "browsing the whole library"],
    )


@pytest.mark.django_db
def test_korean_sign_in_page_is_in_korean(client):
    html = _page(client, "/ko/accounts/login/")

    # The portal's own wording of allauth's page, in Korean.
    _assert_korean(
        html,
        korean=[
            "비밀번호를 잊으셨나요?",
            "대신 로그인 코드를 이메일로 받기",
            "이 칸은 비워 두십시오",
        ],
        english=["Sign in", "Forgotten your password?", "Leave this field empty"],
    )
    assert re.search(r"<title>\s*로그인\s*· 포럼 포털</title>", html)


@pytest.mark.django_db
def test_korean_event_page_is_in_korean_with_korean_dates(client):
    event = EventFactory(
        title="International Urban Resilience Forum 2030",
        title_ko="국제 도시 회복력 포럼 2030",
        slug="iurf-2030",
        kind="forum",
        start=datetime(FORUM_YEAR, 12, 11, 10, 0, tzinfo=SEOUL),
        end=datetime(FORUM_YEAR, 12, 11, 17, 30, tzinfo=SEOUL),
        languages=["en"],
        interpretation_languages=["ko"],
        registration_mode="portal",
        registration_closes=datetime(FORUM_YEAR, 12, 1, 18, 0, tzinfo=SEOUL),
        organisers=[OrganizationFactory(name="Seoul Metropolitan Government")],
    )
    SessionFactory(event=event, title="Opening ceremony", kind="opening")

    html = _page(client, f"/ko{event.get_absolute_url()}")

    _assert_korean(
        html,
        korean=[
            '<h1 id="event-title">국제 도시 회복력 포럼 2030</h1>',
            '<h2 id="facts-title">주요 정보</h2>',
            "<dt>동시통역</dt>",
            "<dd>한국어</dd>",
            f'<time datetime="{FORUM_YEAR}-12-11">{FORUM_YEAR}년 12월 11일 수요일</time>',
            "10:00\u201317:30 KST (GMT+9)",
            f"<h3>{FORUM_YEAR}년 12월 11일 수요일</h3>",
            "시각 기준: KST (GMT+9)",
            '<span class="badge badge--quiet">개회</span>',
            f"{FORUM_YEAR}년 12월 1일, 18:00 KST (GMT+9)까지 등록할 수 있습니다.",
            ">등록하기</a>",
        ],
        english=[
            "Key facts",
            "Simultaneous interpretation",
            "Wednesday",
            "December",
            "Times in",
            "Registration is open until",
        ],
    )


def test_counts_use_the_readers_thousands_separator():
    from resources.search.rendering import FacetValue, FacetValueHTML

    value = FacetValue("report", "보고서", 12345, True, "/ko/resources/?kind=report")

    with translation.override("ko"):
        html = FacetValueHTML()(value)
        resources_word = translation.gettext("resources")
        selected_word = translation.gettext("Selected:")

    assert (resources_word, selected_word) != ("resources", "Selected:")
    assert (
        f'<span class="facet__count">12,345<span class="visually-hidden"> {resources_word}</span>'
        in html
    )
    assert 'aria-current="true"' in html
    assert f'<span class="visually-hidden">{selected_word} </span>보고서' in html


# --- Choosing and remembering the language ------------------------------------------------


@pytest.mark.django_db
def test_language_switcher_posts_to_set_language(client):
    html = client.get("/events/?hosted=partner").content.decode()

    assert '<form class="language-switcher inline-form" action="/i18n/setlang/" method="post">' in (
        html
    )
    assert '<input name="next" type="hidden" value="/events/?hosted=partner">' in html
    assert '<select id="language-select" name="language">' in html
    assert '<option value="ko" lang="ko">한국어</option>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html


@pytest.mark.django_db
def test_set_language_redirects_to_the_korean_page_and_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/events/?hosted=partner"})

    assert response.status_code == 302
    assert response["Location"] == "/ko/events/?hosted=partner"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ko"
    assert "<h1>파트너 웨비나</h1>" in _page(client, response["Location"])


@pytest.mark.django_db
def test_chosen_language_is_remembered_on_pages_without_prefix(client):
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})

    events = client.get("/events/?kind=webinar")
    home = client.get("/")
    unknown = client.get("/no-such-page/")

    assert (events.status_code, events["Location"]) == (302, "/ko/events/?kind=webinar")
    assert (home.status_code, home["Location"]) == (302, "/ko/")
    assert "Cookie" in events["Vary"]
    assert unknown.status_code == 404
    assert "<h1>페이지를 찾을 수 없습니다</h1>" in unknown.content.decode()


@pytest.mark.django_db
def test_switching_back_to_english_is_remembered(client):
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ko/events/"})
    events = client.get("/events/")

    assert response["Location"] == "/events/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert events.status_code == 200
    assert "<h1>Events</h1>" in events.content.decode()


@pytest.mark.django_db
def test_browser_language_alone_does_not_redirect(client):
    response = client.get("/events/", headers={"accept-language": "ko"})

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_admin_follows_the_chosen_language(client):
    client.force_login(StaffFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"

    html = client.get("/admin/").content.decode()

    _assert_korean(
        html,
        korean=[
            "포럼 포털 사무국",
            "행사, 자료, 등록 관리",
            "페이지 의견",
            "행사 시리즈",
            "회원 제안",
        ],
        english=["Forum Portal secretariat", "Page feedback", "Event series", "Member submissions"],
    )
