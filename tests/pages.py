"""Every page type of the portal, for the site-wide accessibility and HTML checks.

Each entry builds whatever data its page needs and returns its path; `signed_in` pages are
checked as an ordinary signed-in attendee. Add new page types here when they land.
"""

from django.core import signing

from feedback.models import PageFeedback
from feedback.views import SIGNING_SALT


def _feedback_details(user=None):
    vote = PageFeedback.objects.create(kind="vote", path="/about/", language="en", useful=False)
    return f"/feedback/{signing.dumps(vote.pk, salt=SIGNING_SALT)}/"


def _resource(user=None):
    from resources.models import Resource
    from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

    title = "Measures undertaken by a municipality to prevent COVID-19 infection"
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


def _forum(user=None):
    from events.models import Event
    from tests.factories import (
        EventFactory,
        OrganizationFactory,
        SessionFactory,
        SessionSpeakerFactory,
        StreamLinkFactory,
    )

    if existing := Event.objects.filter(slug="forum-page-check").first():
        return existing
    forum = EventFactory(
        slug="forum-page-check",
        title="International Urban Resilience Forum (check)",
        kind=Event.Kind.FORUM,
        organisers=[OrganizationFactory(), (OrganizationFactory(), "co_organiser")],
        description="Urban safety is a **fundamental value**.",
        objectives=["Share the best practices"],
        audience=["Mayors and governors"],
        languages=["en"],
        interpretation_languages=["ko"],
        theme="Safe Cities in the New Normal",
        registration_mode=Event.Registration.PORTAL,
    )
    StreamLinkFactory(event=forum, label="Seoul On")
    session = SessionFactory(event=forum, title="Opening session")
    SessionSpeakerFactory(session=session)
    EventFactory(hosted_by=Event.Host.PARTNER, title="Partner webinar (check)")
    return forum


def _event_detail(user=None):
    return _forum().get_absolute_url()


def _event_list(user=None):
    _forum()
    return "/events/"


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
    from tests.factories import EventFactory

    event = EventFactory(
        registration_mode="portal", languages=["en"], interpretation_languages=["ko"], seats=20
    )
    return f"/events/{event.slug}/register/"


def _my_registrations(user):
    _registration(user)
    return "/registrations/"


def _registration_detail(user):
    return _registration(user).get_absolute_url().removeprefix("/ko")


def _registration_cancel(user):
    return _registration_detail(user) + "cancel/"


# (name, path or a function returning one, signed in?)
PAGE_TYPES = [
    ("home", "/", False),
    ("about", "/about/", False),
    ("privacy", "/privacy/", False),
    ("contact", "/contact/", False),
    ("sign-in", "/accounts/login/", False),
    ("sign-up", "/accounts/signup/", False),
    ("sign-in-by-code", "/accounts/login/code/", False),
    ("password-reset", "/accounts/password/reset/", False),
    ("event-list", _event_list, False),
    ("event-list-partner", "/events/?hosted=partner", False),
    ("event-list-filtered-bad", "/events/?kind=nonsense&start_after=yesterday", False),
    ("event-detail", _event_detail, False),
    ("speaker", _speaker, False),
    ("library-search-results", _library_search, False),
    ("library-search-none", "/resources/?q=zzzqqqxxyy", False),
    ("library-table", "/resources/?view=table", False),
    ("resource-detail", _resource_detail, False),
    ("resource-submit", "/resources/submit/", True),
    ("feedback-report", "/feedback/report/?path=/about/", False),
    ("feedback-details", _feedback_details, False),
    ("not-found", "/no-such-page/", False),
    ("forbidden", "/admin/login/?next=/admin/", True),
    ("profile", "/accounts/profile/", True),
    ("e-mail-addresses", "/accounts/email/", True),
    ("delete-account", "/accounts/delete/", True),
    ("two-factor", "/accounts/2fa/", True),
    ("register-form", _register_form, True),
    ("my-registrations", _my_registrations, True),
    ("registration-detail", _registration_detail, True),
    ("registration-cancel", _registration_cancel, True),
]


def resolve(path_or_factory, user=None) -> str:
    """The page's path; a factory builds its data first (for `user` on signed-in pages)."""
    return path_or_factory(user) if callable(path_or_factory) else path_or_factory


def localised(path: str, language: str) -> str:
    """The page's address in a language; the admin has no prefixed twin (the language
    cookie chooses its language)."""
    if language == "en" or path.startswith("/admin/"):
        return path
    return f"/{language}{path}"
