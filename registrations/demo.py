"""A clearly labelled sample upcoming event, so that registration can be tried.

The seed events keep their real, past dates; this one is always two weeks ahead (its dates
are set relative to today each time load_demo runs) and has a few sample registrations.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from directory.models import Organization, Topic
from events.models import Event, EventOrganiser, StreamLink
from registrations import services

SLUG = "sample-webinar-try-registration"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

# Sample registrants, named by role: they stand for no real person.
SAMPLE_REGISTRANTS = [
    ("sample-attendee-1@forum.example", "Sample attendee 1 (city official)", "executive", "en"),
    ("sample-attendee-2@forum.example", "Sample attendee 2 (researcher)", "academic", "ko"),
    ("sample-attendee-3@forum.example", "Sample attendee 3 (NGO)", "ngo", "en"),
]


def load() -> dict:
    """Create or refresh the sample event; add the sample registrations once."""
    created = {"sample events": 0, "sample registrations": 0}
    day = timezone.localdate(timezone=SEOUL) + timedelta(days=14)
    start = datetime.combine(day, time(10, 0), tzinfo=SEOUL)
    event, made = Event.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "Sample webinar: try registering (not a real event)",
            "title_ko": "샘플 웨비나: 등록을 시험해 보십시오 (실제 행사가 아닙니다)",
            "kind": Event.Kind.WEBINAR,
            "hosted_by": Event.Host.NETWORK,
            "schedule": Event.Schedule.EXACT,
            "time_zone": "Asia/Seoul",
            "start": start,
            "end": start + timedelta(hours=2),
            "is_online": True,
            "languages": ["en"],
            "interpretation_languages": ["ko"],
            "summary": (
                "A sample event that lets you try the portal's registration: choose English or "
                "Korean interpretation, get a confirmation with a calendar file, and cancel. "
                "It is not a real event."
            ),
            "summary_ko": (
                "포털의 등록 기능을 시험해 볼 수 있는 샘플 행사입니다. 영어 또는 한국어 통역을 "
                "고르고, 캘린더 파일이 담긴 확인 메일을 받고, 취소해 보십시오. 실제 행사가 아닙니다."
            ),
            "description": (
                "This **sample** event exists so that anyone can try registration on the demo "
                "portal. Its date moves with the calendar: it is always about two weeks ahead."
            ),
            "description_ko": (
                "누구나 데모 포털에서 등록을 시험해 볼 수 있도록 만든 **샘플** 행사입니다. 날짜는 "
                "달력을 따라 움직여 언제나 약 2주 뒤에 있습니다."
            ),
            "status": Event.Status.PUBLISHED,
            "registration_mode": Event.Registration.PORTAL,
            "registration_opens": timezone.now() - timedelta(days=1),
            "registration_closes": start - timedelta(hours=1),
            "seats": 100,
            "waiting_list": True,
            "needs_review": False,
        },
    )
    created["sample events"] += made
    network = Organization.objects.filter(name="CityNet").first()
    if network:
        EventOrganiser.objects.update_or_create(
            event=event, organisation=network, defaults={"role": "organiser", "sort_order": 0}
        )
    event.topics.set(Topic.objects.filter(slug__in=["urban-resilience", "covid-19"]))
    for order, (label, label_ko, channel) in enumerate(
        [("English floor", "영어 원음", "en"), ("Korean interpretation", "한국어 통역", "ko")]
    ):
        StreamLink.objects.update_or_create(
            event=event,
            label=label,
            defaults={
                "url": f"https://stream.example.org/sample-webinar/{channel}",
                "channel": channel,
                "sort_order": order,
                "label_ko": label_ko,
            },
        )
    for email, name, category, channel in SAMPLE_REGISTRANTS:
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if event.registrations.filter(user=user).exists():
            continue
        services.register_attendee(
            event=event,
            user=user,
            attendee=services.Attendee(
                name=name,
                channel=channel,
                category=category,
                time_zone="Asia/Seoul",
                organisation="Sample organisation",
                language=channel,
            ),
            consent=True,
        )
        created["sample registrations"] += 1
    return created
