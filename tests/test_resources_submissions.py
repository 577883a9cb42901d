import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from resources import services
from resources.models import Resource
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBMIT = "/resources/submit/"


def _proposal(**changes):
    data = {
        "title": "Busan heatwave shelters",
        "url": "https://busan.example.org/heatwave?utm_source=mail",
        "publisher": "",
        "publisher_name": "Busan Metropolitan City",
        "kind": "case_study",
        "summary": "Cooling shelters <script>alert(1)</script> in **every** district.",
        "country": "Republic of Korea",
    }
    data.update(changes)
    return data


def test_submission_requires_sign_in(client):
    response = client.get(SUBMIT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.post(SUBMIT, _proposal()).status_code == 302
    assert Resource.objects.count() == 0


def test_member_proposes_a_resource_that_waits_for_moderation(client, user):
    topic = TopicFactory(name="Climate change")
    client.force_login(user)

    response = client.post(SUBMIT, _proposal(topics=[topic.pk]), follow=True)

    html = response.content.decode()
    assert "Thank you. The secretariat will review your proposal" in html
    assert "Busan heatwave shelters" in html and "Awaiting moderation" in html
    resource = Resource.objects.get()
    assert (resource.status, resource.moderation) == ("draft", "pending")
    assert resource.submitted_by == user
    assert resource.suggested_publisher == "Busan Metropolitan City"
    assert resource.normalized_url == "https://busan.example.org/heatwave"
    assert resource.countries == ["Republic of Korea"]
    assert list(resource.topics.all()) == [topic]
    assert (
        "Busan heatwave shelters"
        not in client.get("/resources/", {"q": "heatwave"}).content.decode()
    )


def test_submission_with_existing_publisher(client, user):
    publisher = OrganizationFactory(name="Busan Metropolitan City", country="Republic of Korea")
    client.force_login(user)

    client.post(SUBMIT, _proposal(publisher=publisher.pk, publisher_name="", country=""))

    resource = Resource.objects.get()
    assert list(resource.publishers.all()) == [publisher]
    assert resource.countries == ["Republic of Korea"]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"url": "ftp://files.example.org/x"}, "Enter a complete http:// or https:// address."),
        ({"url": "http://127.0.0.1:5432/"}, "Enter the public address of the document."),
        ({"title": ""}, "This field is required."),
        ({"publisher_name": ""}, "Choose the publisher, or type its name"),
        ({"summary": "x" * 3001}, "Ensure this value has at most 3000 characters"),
    ],
)
def test_submission_is_validated(client, user, changes, error):
    client.force_login(user)

    response = client.post(SUBMIT, _proposal(**changes))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Resource.objects.count() == 0


def test_submission_of_a_link_already_in_the_library(client, user):
    ResourceFactory(title="Heatwave shelters in Busan", url="https://busan.example.org/heatwave/")
    client.force_login(user)

    response = client.post(SUBMIT, _proposal(url="HTTP://busan.example.org/heatwave#map"))

    assert "This link is already in the library as “Heatwave shelters in Busan”." in (
        response.content.decode()
    )
    assert Resource.objects.count() == 1


def test_submissions_are_rate_limited(client, user):
    client.force_login(user)
    for number in range(services.SUBMISSIONS_PER_HOUR):
        client.post(SUBMIT, _proposal(url=f"https://busan.example.org/doc/{number}"))

    response = client.post(SUBMIT, _proposal(url="https://busan.example.org/doc/extra"))

    assert "You have proposed 5 resources in the last hour." in response.content.decode()
    assert Resource.objects.count() == services.SUBMISSIONS_PER_HOUR
    other = UserFactory()
    client.force_login(other)
    client.post(SUBMIT, _proposal(url="https://busan.example.org/doc/other"))
    assert Resource.objects.count() == services.SUBMISSIONS_PER_HOUR + 1


def _pending(user):
    return services.submit_resource(
        user=user,
        title="Busan heatwave shelters",
        url="https://busan.example.org/heatwave",
        publisher_name="Busan Metropolitan City",
        summary="Cooling shelters.",
    )


def test_approving_publishes_creates_publisher_and_emails(user, staff, mailoutbox, client):
    resource = _pending(user)

    services.approve_submission(resource=resource, moderator=staff)

    resource.refresh_from_db()
    assert (resource.status, resource.moderation) == ("published", "approved")
    assert resource.moderated_by == staff and resource.published_at is not None
    assert [o.name for o in resource.publishers.all()] == ["Busan Metropolitan City"]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "[Forum Portal] Your proposed resource is now in the library"
    assert "http://127.0.0.1:8000" + resource.get_absolute_url() in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert (
        "Busan heatwave shelters" in client.get("/resources/", {"q": "heatwave"}).content.decode()
    )


def test_rejecting_records_reason_and_emails(user, staff, mailoutbox):
    resource = _pending(user)

    services.reject_submission(
        resource=resource, moderator=staff, reason="The page is a <press release>."
    )

    resource.refresh_from_db()
    assert (resource.status, resource.moderation) == ("draft", "rejected")
    assert resource.rejection_reason == "The page is a <press release>."
    assert len(mailoutbox) == 1
    assert "The page is a <press release>." in mailoutbox[0].body
    assert "The page is a &lt;press release&gt;." in mailoutbox[0].alternatives[0].content


def test_rejecting_without_reason_is_refused(user, staff, mailoutbox):
    resource = _pending(user)

    with pytest.raises(services.ValidationError):
        services.reject_submission(resource=resource, moderator=staff, reason="  ")

    resource.refresh_from_db()
    assert resource.moderation == "pending"
    assert mailoutbox == []


def test_korean_member_gets_korean_subject_line(staff, mailoutbox):
    member = UserFactory(preferred_language="ko")

    services.approve_submission(resource=_pending(member), moderator=staff)

    assert mailoutbox[0].subject.startswith("[Forum Portal] ")
    assert mailoutbox[0].to == [member.email]


@pytest.mark.parametrize(("language", "korean"), [("en", ""), ("ko", "서울의 봉쇄 대응")])
def test_a_proposal_sent_in_korean_is_stored_as_korean(user, language, korean):
    from django.utils import translation

    with translation.override(language):
        resource = services.submit_resource(
            user=user,
            title="서울의 봉쇄 대응" if language == "ko" else "Seoul's lockdown response",
            url=f"https://example.org/{language}",
            summary="요약" if language == "ko" else "Summary",
        )

    resource.refresh_from_db()
    # The English is required: it holds the member's words until the secretariat translates.
    assert resource.title_en == (korean or "Seoul's lockdown response")
    assert resource.title_ko == korean
    assert resource.summary_ko == ("요약" if korean else "")


def test_approval_refuses_an_english_title_still_in_korean(user, staff, mailoutbox):
    resource = _pending(user)
    Resource.objects.filter(pk=resource.pk).update(
        title_en="부산 폭염 쉼터", title_ko="부산 폭염 쉼터"
    )

    with pytest.raises(ValidationError) as error:
        services.approve_submission(resource=resource, moderator=staff)

    assert error.value.messages == [
        "Translate the English title first: it still holds the Korean text."
    ]
    resource.refresh_from_db()
    assert (resource.status, resource.moderation) == ("draft", "pending")
    assert resource.moderated_by is None and resource.published_at is None
    assert list(resource.publishers.all()) == []
    assert mailoutbox == []
