"""Every page type of the portal, for the site-wide accessibility, HTML and phone checks.

Each entry builds whatever data its page needs and returns its path; `signed_in` pages are
checked as an ordinary signed-in attendee. Each also says what the page must be: its status,
its one heading and, where the heading is shared with another page type, a landmark only it
has. The sweeps assert all three, so a page that turned into a 404 or a sign-in redirect
fails instead of being "checked". Add new page types here when they land.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from django.core import signing
from django.utils import translation
from django.utils.translation import gettext

from feedback.models import PageFeedback
from feedback.views import SIGNING_SALT
from tests.conftest import PASSWORD

FORUM = "International Urban Resilience Forum (check)"
RESOURCE = "Measures undertaken by a municipality to prevent COVID-19 infection"
SPEAKER = "Speaker (check)"
SERIES = "Consultation series (check)"
REGISTER_EVENT = "Register-form check webinar"


def sign_in(client, user) -> None:
    """Sign ``client`` in as ``user`` and confirm the password, as the two-factor pages ask of
    a session before they show themselves (allauth's reauthentication)."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, "the password was not confirmed"


def _totp_activate(user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    return "/accounts/2fa/totp/activate/"


def _with_totp(path):
    """A page that needs the user's authenticator app (and recovery codes) set up."""

    def build(user):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
            RecoveryCodes.activate(user)
        return path

    return build


def _feedback_details(user=None):
    vote = PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=False)
    return f"/feedback/{signing.dumps(vote.pk, salt=SIGNING_SALT)}/"


def _resource(user=None):
    from resources.models import Resource
    from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

    title = RESOURCE
    if existing := Resource.objects.filter(title=title).first():
        return existing

    topic = TopicFactory(name="Business continuity", slug="business-continuity-a11y")
    publisher = OrganizationFactory(name="Dhankuta Municipality (check)", country="Nepal")
    resource = ResourceFactory(
        title=title,
        summary="Lockdown **measures**, testing and [support](https://example.org/support).",
        publishers=[publisher],
        topics=[topic],
    )
    ResourceFactory(title="Related business continuity plan", topics=[topic])
    return resource


def _resource_detail(user=None):
    return _resource().get_absolute_url().removeprefix("/ko")


def _library_search(user=None):
    _resource()
    return "/resources/?q=measures&kind=report"


def _library_partial(user=None):
    _resource()
    return "/resources/?q=measures+zzzqqq"


def _library_glossary(user=None):
    from directory.models import GlossaryTerm

    _resource()
    # Seeded by a migration, which a browser test's flush between tests takes away.
    GlossaryTerm.objects.get_or_create(
        english="lockdown", defaults={"korean": "봉쇄", "synonyms": "shutdown\n이동 제한"}
    )
    return "/resources/?q=%EB%B4%89%EC%87%84"  # 봉쇄: also searches "lockdown"


def _forum(user=None):
    from events.models import Event
    from tests.factories import (
        EventFactory,
        EventSeriesFactory,
        OrganizationFactory,
        SessionFactory,
        SessionSpeakerFactory,
        StreamLinkFactory,
    )

    if existing := Event.objects.filter(slug="forum-page-check").first():
        return existing
    series = EventSeriesFactory(
        name=SERIES, slug="series-page-check", description="Cities compare their responses."
    )
    forum = EventFactory(
        slug="forum-page-check",
        title=FORUM,
        kind=Event.Kind.FORUM,
        series=series,
        organisers=[
            OrganizationFactory(),
            (OrganizationFactory(), "co_organiser"),
            (OrganizationFactory(name="CityNet (check)", acronym="CityNet"), "partner"),
        ],
        description="Urban safety is a **fundamental value**.",
        objectives=["Share the best practices"],
        audience=["Mayors and governors"],
        languages=["en"],
        interpretation_languages=["ko"],
        theme="Safe Cities in the New Normal",
        registration_mode=Event.Registration.PORTAL,
    )
    StreamLinkFactory(event=forum, label="Seoul On")
    forum.featured_links.create(label="CityNet news", url="https://citynet.example/iurf")
    EventFactory(
        series=series,
        title="Past consultation (check)",
        start=datetime(2020, 4, 16, 6, tzinfo=UTC),
        end=datetime(2020, 4, 16, 8, tzinfo=UTC),
    )
    session = SessionFactory(event=forum, title="Opening session")
    SessionSpeakerFactory(session=session, speaker__name=SPEAKER, speaker__slug="speaker-check")
    EventFactory(hosted_by=Event.Host.PARTNER, title="Partner webinar (check)")
    return forum


def _event_detail(user=None):
    return _forum().get_absolute_url()


def _event_list(user=None):
    _forum()
    return "/events/"


def _series(user=None):
    _forum()
    return "/events/series/series-page-check/"


def _speaker(user=None):
    from events.models import Speaker

    _forum()
    return (
        Speaker.objects.filter(sessions__event__slug="forum-page-check").first().get_absolute_url()
    )


def _registration(user):
    from registrations import services

    forum = _forum()
    existing = forum.registrations.filter(user=user).first()
    if existing:
        return existing
    registration, _ = services.register_attendee(
        event=forum,
        user=user,
        attendee=services.Attendee(
            name="Check attendee", channel="en", category="expert", time_zone="Europe/Paris"
        ),
        consent=True,
    )
    return registration


def _register_form(user):
    from events.models import Event
    from tests.factories import EventFactory

    if not Event.objects.filter(slug="register-form-check").exists():
        EventFactory(
            slug="register-form-check",
            title=REGISTER_EVENT,
            registration_mode="portal",
            languages=["en"],
            interpretation_languages=["ko"],
            seats=20,
        )
    return "/events/register-form-check/register/"


def _my_registrations(user):
    _registration(user)
    return "/registrations/"


def _registration_detail(user):
    return _registration(user).get_absolute_url().removeprefix("/ko")


def _registration_cancel(user):
    return _registration_detail(user) + "cancel/"


def _registrant_event_detail(user):
    """The event page as its confirmed registrant sees it: joining links, stars."""
    from events.models import Star

    registration = _registration(user)
    session = registration.event.sessions.first()
    Star.objects.get_or_create(user=user, session=session)
    return registration.event.get_absolute_url().removeprefix("/ko")


def _my_programme(user):
    from events.models import Star

    forum = _forum()
    Star.objects.get_or_create(user=user, session=forum.sessions.first())
    Star.objects.get_or_create(user=user, event=forum)
    return "/me/programme/"


def _my_proposals(user):
    from resources.services import submit_resource

    if not user.submitted_resources.exists():
        submit_resource(user=user, title="Flood plan (check)", url="https://check.example/plan")
    return "/me/proposals/"


def _my_searches(user):
    from personal.services import save_search

    if not user.saved_searches.exists():
        save_search(
            user=user, kind="resources", query="q=flood", name="Floods (check)", frequency="weekly"
        )
    return "/me/searches/"


def _unsubscribe(user=None):
    from accounts.models import User
    from personal.digests import unsubscribe_token
    from personal.models import SavedSearch
    from personal.services import save_search

    search = SavedSearch.objects.filter(name="Unsubscribe (check)").first()
    if search is None:
        owner, _ = User.objects.get_or_create(email="unsubscribe-check@city.example")
        search = save_search(
            user=owner, kind="events", query="", name="Unsubscribe (check)", frequency="daily"
        )
    return f"/me/searches/unsubscribe/{unsubscribe_token(search)}/"


@dataclass(frozen=True)
class Landmark:
    """An element only the intended page has: its tag, with an attribute containing a text."""

    tag: str
    attribute: str
    contains: str

    def found_in(self, element: str, attributes: dict) -> bool:
        return element == self.tag and self.contains in (attributes.get(self.attribute) or "")


@dataclass(frozen=True)
class PageType:
    name: str
    path: str | Callable  # a path, or a function that builds the page's data and returns it
    signed_in: bool
    # The page's one <h1>, in English: a message (translated for the sweep's language) or
    # the data's own text; a function for a heading built from both.
    heading: str | Callable[[], str]
    status: int = 200
    # Where another page type shares the heading: what only this one has.
    landmark: Landmark | None = None

    def expected_heading(self, language: str) -> str:
        with translation.override(language):
            return self.heading() if callable(self.heading) else gettext(self.heading)


PAGE_TYPES = [
    PageType(
        "home", "/", False, "Safe, resilient cities: the forum, the webinars and the best practices"
    ),
    PageType("about", "/about/", False, "About the Forum Portal"),
    PageType("privacy", "/privacy/", False, "Privacy notice"),
    PageType("contact", "/contact/", False, "Contact the secretariat"),
    PageType(
        "sign-in",
        "/accounts/login/",
        False,
        "Sign in",
        landmark=Landmark("form", "action", "/accounts/login/"),
    ),
    PageType(
        "sign-up",
        "/accounts/signup/",
        False,
        "Create an account",
        landmark=Landmark("form", "action", "/accounts/signup/"),
    ),
    PageType("sign-in-by-code", "/accounts/login/code/", False, "Sign in with a code"),
    PageType("password-reset", "/accounts/password/reset/", False, "Reset your password"),
    PageType(
        "event-list",
        _event_list,
        False,
        "Events",
        landmark=Landmark("a", "href", "/events/forum-page-check/"),
    ),
    PageType("event-list-partner", "/events/?hosted=partner", False, "Partner webinars"),
    PageType(
        "event-list-filtered-bad",
        "/events/?kind=nonsense&start_after=yesterday",
        False,
        "Events",
        landmark=Landmark("input", "aria-invalid", "true"),
    ),
    PageType(
        "event-detail",
        _event_detail,
        False,
        FORUM,
    ),
    PageType("speaker", _speaker, False, SPEAKER),
    PageType("event-series", _series, False, SERIES),
    PageType(
        "library-search-results",
        _library_search,
        False,
        "Resource library",
        landmark=Landmark("a", "href", "/resources/measures-undertaken-by-a-municipality-"),
    ),
    PageType(
        "library-search-none",
        "/resources/?q=zzzqqqxxyy",
        False,
        "Resource library",
        landmark=Landmark("div", "class", "empty-state"),
    ),
    PageType(
        "library-search-partial",
        _library_partial,
        False,
        "Resource library",
        landmark=Landmark("section", "class", "partial-matches"),
    ),
    PageType(
        "library-search-glossary",
        _library_glossary,
        False,
        "Resource library",
        landmark=Landmark("span", "lang", "en"),
    ),
    PageType(
        "library-table",
        "/resources/?view=table",
        False,
        "Resource library",
        landmark=Landmark("table", "class", "resource-table"),
    ),
    PageType("resource-detail", _resource_detail, False, RESOURCE),
    PageType("resource-submit", "/resources/submit/", True, "Propose a resource"),
    PageType(
        "feedback-report", "/feedback/report/?path=/about/", False, "Report an issue with this page"
    ),
    PageType("feedback-details", _feedback_details, False, "Thank you for your feedback"),
    PageType("not-found", "/no-such-page/", False, "Page not found", status=404),
    PageType(
        "forbidden", "/admin/login/?next=/admin/", True, "You cannot open this page", status=403
    ),
    PageType("profile", "/accounts/profile/", True, "Your profile"),
    PageType("e-mail-addresses", "/accounts/email/", True, "Your e-mail address"),
    PageType("delete-account", "/accounts/delete/", True, "Delete your account"),
    PageType("two-factor", "/accounts/2fa/", True, "Two-factor authentication"),
    PageType("totp-activate", _totp_activate, True, "Set up an authenticator app"),
    PageType(
        "totp-deactivate",
        _with_totp("/accounts/2fa/totp/deactivate/"),
        True,
        "Turn off the authenticator app",
    ),
    PageType(
        "recovery-codes", _with_totp("/accounts/2fa/recovery-codes/"), True, "Your recovery codes"
    ),
    PageType(
        "recovery-codes-generate",
        _with_totp("/accounts/2fa/recovery-codes/generate/"),
        True,
        "Make new recovery codes",
    ),
    PageType("reauthenticate", "/accounts/reauthenticate/", True, "Confirm it is you"),
    PageType(
        "register-form",
        _register_form,
        True,
        lambda: gettext("Register for %(title)s") % {"title": REGISTER_EVENT},
    ),
    PageType("my-registrations", _my_registrations, True, "My registrations"),
    PageType(
        "registration-detail",
        _registration_detail,
        True,
        FORUM,
        landmark=Landmark("a", "href", "/cancel/"),
    ),
    PageType("registration-cancel", _registration_cancel, True, "Cancel your registration"),
    PageType(
        "event-detail-registrant",
        _registrant_event_detail,
        True,
        FORUM,
        landmark=Landmark("section", "class", "join-box"),
    ),
    PageType("my-programme", _my_programme, True, "My programme"),
    PageType("my-proposals", _my_proposals, True, "My proposals"),
    PageType("my-saved-searches", _my_searches, True, "My saved searches"),
    PageType("unsubscribe", _unsubscribe, False, "Stop these e-mails"),
]


def resolve(path_or_factory, user=None) -> str:
    """The page's English path; a factory builds its data first (for `user` on signed-in
    pages). Built in English whatever the thread's language: a request to /ko/ leaves Korean
    active, and a Korean get_absolute_url() would be prefixed twice by localised()."""
    if not callable(path_or_factory):
        return path_or_factory
    with translation.override("en"):
        return path_or_factory(user)


def localised(path: str, language: str) -> str:
    """The page's address in a language; the admin has no prefixed twin (the language
    cookie chooses its language)."""
    if language == "en" or path.startswith("/admin/"):
        return path
    return f"/{language}{path}"


class _Identity(HTMLParser):
    """The texts of a page's <h1> elements and whether the landmark is there. A heading's
    text leaves out the marker of a text shown in the other language ("(영어)": a Korean
    reader shown the English title, common.bilingual)."""

    def __init__(self, landmark: Landmark | None):
        super().__init__()
        self.landmark = landmark
        self.landmark_found = landmark is None
        self.headings: list[str] = []
        self._in_heading = False
        self._in_language_note = False

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._in_heading = True
            self.headings.append("")
        if tag == "small" and "lang-note" in (dict(attrs).get("class") or ""):
            self._in_language_note = True
        if self.landmark and self.landmark.found_in(tag, dict(attrs)):
            self.landmark_found = True

    def handle_endtag(self, tag):
        if tag == "small":
            self._in_language_note = False
        if tag == "h1":
            self._in_heading = False
            self.headings[-1] = " ".join(self.headings[-1].split())

    def handle_data(self, data):
        if self._in_heading and not self._in_language_note:
            self.headings[-1] += data


def identity_problems(page: PageType, language: str, *, status: int, html: str) -> list[str]:
    """What shows that the response is not the page the entry means (empty when it is)."""
    problems = []
    if status != page.status:
        problems.append(f"status {status}, expected {page.status}")
    parser = _Identity(page.landmark)
    parser.feed(html)
    expected = page.expected_heading(language)
    if parser.headings != [expected]:
        problems.append(f"headings {parser.headings}, expected [{expected!r}]")
    if not parser.landmark_found:
        problems.append(f"no {page.landmark}")
    return [f"{page.name} ({language}): {problem}" for problem in problems]
