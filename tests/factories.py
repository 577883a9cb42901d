import datetime

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from directory.models import Organization, Topic
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
