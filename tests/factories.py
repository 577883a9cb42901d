import datetime
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from directory.models import GlossaryTerm, Organization, Topic
from events.models import (
    Event,
    EventOrganiser,
    EventSeries,
    Session,
    SessionSpeaker,
    Speaker,
    StreamLink,
)
from resources.models import Resource
from resources.services import save_resource


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@city.example")
    name = factory.Sequence(lambda n: f"Attendee {n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.CITY
    country = "Republic of Korea"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    english = factory.Sequence(lambda n: f"term {n}")
    korean = factory.Sequence(lambda n: f"용어{n}")
    synonyms = ""


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published resource, saved through the service so its search columns are filled."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://library.example.org/documents/{n}")
    kind = Resource.Kind.REPORT
    status = Resource.Status.PUBLISHED
    published_on = datetime.date(2020, 1, 1)
    languages = factory.LazyFunction(lambda: ["en"])

    @classmethod
    def _create(cls, model_class, *args, publishers=(), topics=(), **kwargs):
        resource = model_class(*args, **kwargs)
        return save_resource(resource=resource, publishers=list(publishers), topics=list(topics))


# --- Events ---------------------------------------------------------------------------------


def _in_a_month():
    return timezone.now().replace(microsecond=0) + timedelta(days=30)


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resilience webinar {n}")
    slug = factory.Sequence(lambda n: f"resilience-webinar-{n}")
    kind = Event.Kind.WEBINAR
    hosted_by = Event.Host.NETWORK
    status = Event.Status.PUBLISHED
    schedule = Event.Schedule.EXACT
    time_zone = "Asia/Seoul"
    start = factory.LazyFunction(_in_a_month)
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))
    is_online = True
    summary = "A webinar on urban resilience."

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        """``organisers=[org, (org, "co_organiser")]`` adds organiser rows in order."""
        for order, item in enumerate(extracted or []):
            organisation, role = item if isinstance(item, tuple) else (item, "organiser")
            EventOrganiser.objects.create(
                event=self, organisation=organisation, role=role, sort_order=order
            )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)


class EventOrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganiser

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganizationFactory)
    role = EventOrganiser.Role.ORGANISER


class StreamLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreamLink

    event = factory.SubFactory(EventFactory)
    label = "YouTube"
    url = "https://www.youtube.com/watch?v=resilience"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    position = "Director of Safety"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = Session.Kind.PLENARY
    start = factory.LazyAttribute(lambda session: session.event.start)
    end = factory.LazyAttribute(lambda session: session.start + timedelta(hours=1))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = SessionSpeaker.Role.SPEAKER


# --- Registrations ----------------------------------------------------------------------


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as the service leaves it (seat counting is the service's job: use
    ``registrations.services.register_attendee`` where the seats matter)."""

    class Meta:
        model = "registrations.Registration"

    event = factory.SubFactory(EventFactory, registration_mode=Event.Registration.PORTAL)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"
    channel = "en"
    name = factory.Sequence(lambda n: f"Registrant {n}")
    country = "Republic of Korea"
    category = "expert"
    privacy_consent_at = factory.LazyFunction(timezone.now)
