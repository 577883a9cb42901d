"""Forms the secretariat edits events and speakers with (used by the admin)."""

import zoneinfo

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from events import images
from events.models import Event, Speaker, last_day_of, local_midnight, normalise_schedule

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
DAY_ONLY = {Event.Schedule.DATE_ONLY, Event.Schedule.START_ONLY}


def _reencoded(upload):
    """A new upload comes back re-encoded by Pillow; a kept file is left alone."""
    if isinstance(upload, UploadedFile):
        return images.reencode(upload)
    return upload


class EventAdminForm(forms.ModelForm):
    """Times are entered in the event's own zone (the admin activates it while editing)."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        initial="Asia/Seoul",
        help_text=_("The zone the event is held in. Start, end and session times are in it."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "series",
            "hosted_by",
            "status",
            "featured",
            "schedule",
            "time_zone",
            "start",
            "end",
            "is_online",
            "venue_name",
            "venue_address",
            "languages",
            "interpretation_languages",
            "theme",
            "summary",
            "description",
            "objectives",
            "audience",
            "website",
            "topics",
            "image",
            "image_alt",
            "registration_mode",
            "registration_url",
            "registration_opens",
            "registration_closes",
            "programme_is_illustrative",
            "needs_review",
            "review_notes",
        ]
        # Django's own check with Pillow fails alike for a file that is no image and for a
        # decompression bomb (a small file claiming billions of pixels): say what is accepted.
        error_messages = {"image": {"invalid_image": images.INVALID_IMAGE}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk and event.schedule in DAY_ONLY and event.end:
            # Stored as the midnight after the last day; shown as the last day itself.
            self.initial["end"] = local_midnight(last_day_of(event.end, event.tz), event.tz)

    def clean_image(self):
        return _reencoded(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        schedule, zone = cleaned.get("schedule"), cleaned.get("time_zone")
        if schedule in DAY_ONLY and zone and cleaned.get("start"):
            cleaned["start"], cleaned["end"] = normalise_schedule(
                schedule, cleaned["start"], cleaned.get("end"), zoneinfo.ZoneInfo(zone)
            )
        return cleaned


class SpeakerAdminForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "slug", "position", "organisation", "bio", "photo"]
        error_messages = {"photo": {"invalid_image": images.INVALID_IMAGE}}

    def clean_photo(self):
        return _reencoded(self.cleaned_data.get("photo"))
