"""Events the secretariat curates: the forum, the network's webinars and partner initiatives."""

import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import MD5, Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns
from common.markdown import render_markdown
from directory.models import Organization, Topic
from events import timefmt
from events.fields import ChoiceArrayField, LinesArrayField
from events.models.base import (
    HTTP_URL,
    LANGUAGE_CHOICES,
    http_url_or_empty,
    language_names,
    uid_for,
)
from events.models.organiser import EventOrganiser
from events.models.session import Session, SessionSpeaker

# Event slugs that would collide with the fixed addresses under /events/.
# A registrant's "Join" button is live from this long before the start.
JOIN_OPENS_BEFORE = timedelta(minutes=15)

RESERVED_SLUGS = ["feed", "speakers", "calendar", "calendar.ics", "register"]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Asia/Seoul or Europe/London."),
            code="invalid_time_zone",
            params={"value": value},
        )


def local_midnight(day: date, tz) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def normalise_schedule(schedule: str, start, end, tz) -> tuple:
    """Store what is known and no more: when the end time is not announced, the end is the
    midnight after the last day (exclusive, as iCalendar counts), and for date-only events the
    start is midnight of the first day. Exact and undated events are returned as they are."""
    if schedule not in {"date_only", "start_only"} or start is None:
        return start, end
    first_day = start.astimezone(tz).date()
    last_day = max((end or start).astimezone(tz).date(), first_day)
    if schedule == "date_only":
        start = local_midnight(first_day, tz)
    return start, local_midnight(last_day + timedelta(days=1), tz)


def local_start_date():
    """The day an event starts in its own time zone (PostgreSQL's ``timezone(zone, ts)``)."""
    return Cast(
        models.Func(
            F("time_zone"), F("start"), function="timezone", output_field=models.DateTimeField()
        ),
        models.DateField(),
    )


def last_day_of(end: datetime, tz) -> date:
    """The last day of an event whose end is stored as the following midnight."""
    return (end.astimezone(tz) - timedelta(microseconds=1)).date()


def _digest(rows, group: str, fields: tuple[str, ...]) -> Subquery:
    """The MD5 of ``rows``' ``fields`` (each row as PostgreSQL's text of a record, which
    quotes its parts, so no two different rows read the same), one value per ``group``."""
    record = Cast(Func(*map(F, fields), function="ROW", output_field=TextField()), TextField())
    digest = MD5(StringAgg(record, "\n", order_by=F("pk")))
    return Subquery(rows.order_by().values(group).annotate(digest=digest).values("digest"))


def _registration_count(registrations, status: str) -> Subquery:
    rows = registrations.filter(event=OuterRef("pk"), status=status).order_by().values("event")
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def organiser_rows() -> Prefetch:
    """An event's organisers with their organisations, as a list per event (Event.organiser_rows):
    no queryset is made for each of a page's twenty events, a third of the prefetch's cost."""
    return Prefetch(
        "event_organisers",
        queryset=EventOrganiser.objects.select_related("organisation"),
        to_attr="prefetched_organiser_rows",
    )


def sessions_with_speaker_rows() -> Prefetch:
    """An event's sessions, each with its speakers and their organisations as a list
    (Session.speaker_rows): no queryset is made for each of hundreds of sessions."""
    return Prefetch(
        "sessions",
        queryset=Session.objects.prefetch_related(
            Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker", "speaker__organisation"),
                to_attr="prefetched_speaker_rows",
            )
        ),
    )


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events anyone may see: published, postponed or cancelled; never drafts."""
        return self.exclude(status=Event.Status.DRAFT)

    def visible_to(self, user):
        """Staff also see drafts (to preview them); everyone else sees published events
        (``Event.is_visible_to`` for one event)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def dated(self):
        return self.exclude(schedule=Event.Schedule.TBA)

    def upcoming(self, now: datetime | None = None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gt=now or timezone.now()).order_by("start", "pk")

    def past(self, now: datetime | None = None):
        return self.filter(end__lte=now or timezone.now()).order_by("-start", "pk")

    def featured(self):
        return self.filter(featured=True)

    def with_organisers(self):
        return self.select_related("series").prefetch_related(organiser_rows())

    def with_facts(self):
        """What the event page shows besides its programme (``selectors.programme_by_day``)."""
        return self.with_organisers().prefetch_related("stream_links", "featured_links", "topics")

    def with_programme_stamp(self):
        """Each event with ``programme_stamp``: a digest of everything its programme shows
        (the sessions, their speakers' parts, the speakers and their organisations), empty
        when it has no sessions.

        The event page keeps its rendered programme under this stamp (``{% cache %}`` in
        ``events/includes/_programme.html``): a change shows at once, whoever made it and
        however (the admin, a bulk update, a shell), and an unchanged programme is neither
        read nor rendered. PostgreSQL hashes the rows inside the event's own query.
        """
        sessions = _digest(
            Session.objects.filter(event=OuterRef("pk")),
            "event",
            (
                "pk",
                "kind",
                "start",
                "end",
                # Both languages of each translated text (the page may show either).
                "title_en",
                "title_ko",
                "channel_en",
                "channel_ko",
                "description_en",
                "description_ko",
                "sort_order",
            ),
        )
        speakers = _digest(
            SessionSpeaker.objects.filter(session__event=OuterRef("pk")),
            "session__event",
            (
                "pk",
                "session_id",
                "role",
                "sort_order",
                "speaker__slug",
                "speaker__name",
                "speaker__position_en",
                "speaker__position_ko",
                "speaker__organisation__acronym_en",
                "speaker__organisation__acronym_ko",
                "speaker__organisation__name_en",
                "speaker__organisation__name_ko",
            ),
        )
        return self.annotate(programme_stamp=Concat(sessions, speakers, output_field=TextField()))

    def with_registration_counts(self):
        """Each event with ``confirmed_count`` and ``waiting_count``: its registrations by
        status, counted inside the event's own query (one subquery each)."""
        # The registrations app sits above this one: its table is reached through the
        # reverse relation's name and its statuses by value.
        if "confirmed_count" in self.query.annotations:
            return self
        registrations = self.model._meta.get_field("registrations").related_model.objects
        return self.annotate(
            confirmed_count=_registration_count(registrations, "confirmed"),
            waiting_count=_registration_count(registrations, "waiting"),
        )

    def needing_seats_attention(self, now: datetime | None = None):
        """Upcoming, published events registering on the portal with a seat limit
        (``with_registration_counts`` applied)."""
        return self.filter(
            status=Event.Status.PUBLISHED,
            registration_mode=Event.Registration.PORTAL,
            seats__isnull=False,
            end__gt=now or timezone.now(),
        ).with_registration_counts()

    def nearly_full(self, now: datetime | None = None):
        """Nine seats in ten or more taken, but not all."""
        return (
            self.needing_seats_attention(now)
            .alias(tenfold_confirmed=F("confirmed_count") * 10)
            .filter(confirmed_count__lt=F("seats"), tenfold_confirmed__gte=F("seats") * 9)
        )

    def full_with_waiting(self, now: datetime | None = None):
        """Every seat taken and people on the waiting list."""
        return self.needing_seats_attention(now).filter(
            confirmed_count__gte=F("seats"), waiting_count__gt=0
        )

    def closing_soon(self, now: datetime | None = None, days: int = 3):
        """Published events whose portal registration closes within ``days``."""
        now = now or timezone.now()
        return self.filter(
            status=Event.Status.PUBLISHED,
            registration_mode=Event.Registration.PORTAL,
            registration_closes__gt=now,
            registration_closes__lte=now + timedelta(days=days),
        )

    def with_details(self):
        """The event with its sessions and speakers as instances (calendars, e-mails)."""
        return self.with_facts().prefetch_related(sessions_with_speaker_rows())

    def in_listing_order(self, now: datetime | None = None):
        """Upcoming events first (soonest first), then past ones (latest first), then undated."""
        now = now or timezone.now()
        return self.alias(
            listing_group=Case(
                When(start__isnull=True, then=Value(2)),
                When(end__gt=now, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            upcoming_start=Case(When(end__gt=now, then=F("start"))),
            past_start=Case(When(end__lte=now, then=F("start"))),
        ).order_by(
            "listing_group",
            F("upcoming_start").asc(nulls_last=True),
            F("past_start").desc(nulls_last=True),
            "title",
            "pk",
        )


class Event(EnglishInOriginalColumns):
    """An event on the portal: the forum, a webinar, a workshop, an interview, a launch..."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        WEBINAR = "webinar", _("Webinar")
        WORKSHOP = "workshop", _("Workshop")
        INTERVIEW = "interview", _("Interview")
        LAUNCH = "launch", _("Launch")
        OTHER = "other", _("Other")

    class Host(models.TextChoices):
        NETWORK = "network", _("The network")
        PARTNER = "partner", _("A partner organisation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Schedule(models.TextChoices):
        EXACT = "exact", _("Date and times known")
        START_ONLY = "start_only", _("Start time known, end time not announced")
        DATE_ONLY = "date_only", _("Date known, time of day not announced")
        TBA = "tba", _("Date not announced")

    class Registration(models.TextChoices):
        NONE = "none", _("No registration")
        PORTAL = "portal", _("On this portal")
        EXTERNAL = "external", _("At an external address")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("The last part of the page's address, e.g. iurf-seoul-2020."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WEBINAR)
    series = models.ForeignKey(
        "events.EventSeries",
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    hosted_by = models.CharField(
        _("hosted by"), max_length=16, choices=Host.choices, default=Host.NETWORK
    )
    organisers = models.ManyToManyField(
        Organization,
        verbose_name=_("organisers"),
        through="EventOrganiser",
        related_name="events",
        blank=True,
    )
    schedule = models.CharField(
        _("what is known of the timing"),
        max_length=16,
        choices=Schedule.choices,
        default=Schedule.EXACT,
    )
    start = models.DateTimeField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("In the event's own time zone. Empty only when the date is not announced."),
    )
    end = models.DateTimeField(
        _("end"),
        null=True,
        blank=True,
        help_text=_(
            "In the event's own time zone. When only the date is known, enter the last day: "
            "the portal shows dates only."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Seoul",
        validators=[validate_time_zone],
        help_text=_("The IANA name of the zone the event is held in, e.g. Asia/Seoul."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    languages = ChoiceArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    interpretation_languages = ChoiceArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("simultaneous interpretation into"),
        default=list,
        blank=True,
    )
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. HTML is removed when shown.")
    )
    objectives = LinesArrayField(
        models.TextField(),
        verbose_name=_("objectives"),
        default=list,
        blank=True,
        help_text=_("One objective per line, in order."),
    )
    audience = LinesArrayField(
        models.TextField(),
        verbose_name=_("target audience"),
        default=list,
        blank=True,
        help_text=_("One audience group per line, in order."),
    )
    website = models.URLField(_("event website"), max_length=500, blank=True, validators=[HTTP_URL])
    outcomes_url = models.URLField(
        _("outcomes address"),
        max_length=500,
        blank=True,
        validators=[HTTP_URL],
        help_text=_("Once the event has taken place: where its outcomes or report are published."),
    )
    recordings_url = models.URLField(
        _("recordings address"),
        max_length=500,
        blank=True,
        validators=[HTTP_URL],
        help_text=_("Once the event has taken place: where its recordings can be watched."),
    )
    image = models.ImageField(_("image"), upload_to="events/%Y/", blank=True)
    image_thumbnail = models.ImageField(
        _("thumbnail"), upload_to="events/thumbnails/%Y/", blank=True, editable=False
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="events", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Only one event can be featured at a time."),
    )
    registration_mode = models.CharField(
        _("registration"),
        max_length=16,
        choices=Registration.choices,
        default=Registration.NONE,
    )
    registration_url = models.URLField(
        _("external registration address"), max_length=500, blank=True, validators=[HTTP_URL]
    )
    seats = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many people can attend. Leave empty for no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When every seat is taken, further registrations wait for a free seat."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    programme_is_illustrative = models.BooleanField(
        _("illustrative programme"),
        default=False,
        help_text=_(
            "The sessions outline the event's themes; the detailed agenda was not published. "
            "The page says so."
        ),
    )
    needs_review = models.BooleanField(
        _("needs review by the secretariat"),
        default=False,
        help_text=_("Something is missing or uncertain; see the notes."),
    )
    review_notes = models.TextField(_("notes for the secretariat"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the event last became visible to everyone (empty for a draft)."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [F("start").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="events_event_end_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(schedule="tba", start__isnull=True, end__isnull=True)
                | (~Q(schedule="tba") & Q(start__isnull=False, end__isnull=False)),
                name="events_event_dates_match_schedule",
                violation_error_message=_(
                    "Give a start and an end, or choose “Date not announced” and leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "postponed", "cancelled"]),
                name="events_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")),
                name="events_event_registration_closes_after_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=~Q(registration_mode="external") | ~Q(registration_url=""),
                name="events_event_external_registration_has_url",
                violation_error_message=_("Give the address where people register."),
            ),
            models.CheckConstraint(
                condition=http_url_or_empty("website"),
                name="events_event_website_http",
                violation_error_message=_("Links must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=http_url_or_empty("registration_url"),
                name="events_event_registration_url_http",
                violation_error_message=_("Links must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=http_url_or_empty("outcomes_url"),
                name="events_event_outcomes_url_http",
                violation_error_message=_("Links must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=http_url_or_empty("recordings_url"),
                name="events_event_recordings_url_http",
                violation_error_message=_("Links must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="events_event_slug_not_reserved",
                violation_error_message=_("This slug is reserved for another page."),
            ),
            models.UniqueConstraint(
                fields=["featured"],
                condition=Q(featured=True),
                name="events_event_single_featured",
                violation_error_message=_("Another event is already featured. Unfeature it first."),
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="events_event_status_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # Publication time: set when a draft becomes visible (by any path: the admin form, the
        # publish action, the demo data), cleared when it goes back to being a draft.
        if self.status == self.Status.DRAFT:
            self.published_at = None
        elif self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "published_at"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.schedule == self.Schedule.TBA:
            if self.start or self.end:
                errors["schedule"] = _(
                    "Leave the start and end empty when the date is not announced."
                )
        else:
            if self.start is None:
                errors["start"] = _("Give the start, or choose “Date not announced”.")
            if self.end is None:
                errors["end"] = _("Give the end.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.registration_mode == self.Registration.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Give the address where people register.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This slug is reserved for another page.")
        if errors:
            raise ValidationError(errors)

    # --- Reading the event in the visitor's language ---------------------------------

    @property
    def display_title(self) -> str:
        """The title in the reader's language (modeltranslation falls back to English)."""
        return self.title

    @property
    def display_summary(self) -> str:
        return self.summary

    @property
    def description_html(self):
        return render_markdown(self.description)

    # --- Time ---------------------------------------------------------------------------

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @cached_property
    def when(self) -> timefmt.When:
        return timefmt.describe(self.schedule, self.start, self.end, self.tz)

    @property
    def local_start(self) -> datetime | None:
        return self.start.astimezone(self.tz) if self.start else None

    @property
    def local_end(self) -> datetime | None:
        return self.end.astimezone(self.tz) if self.end else None

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.end is not None and self.end <= (now or timezone.now())

    @property
    def took_place(self) -> bool:
        """Whether the event is over (and was not cancelled): its page and card say when it
        took place."""
        return self.has_ended() and self.status != self.Status.CANCELLED

        # --- Facts for the page ---------------------------------------------------------------

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def is_visible_to(self, user) -> bool:
        """``EventQuerySet.visible_to`` for this event: drafts for staff only."""
        return self.is_public or (user.is_authenticated and user.is_staff)

    @property
    def organiser_rows(self) -> list:
        """Organiser links in order (prefetched by ``with_organisers``)."""
        if not hasattr(self, "prefetched_organiser_rows"):
            self.prefetched_organiser_rows = list(
                self.event_organisers.select_related("organisation")
            )
        return self.prefetched_organiser_rows

    @property
    def organiser_names(self) -> str:
        return ", ".join(row.organisation.name for row in self.organiser_rows)

    @property
    def organiser_short_names(self) -> str:
        return ", ".join(row.organisation.short_name for row in self.organiser_rows)

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)

    @property
    def interpretation_language_names(self) -> list[str]:
        return language_names(self.interpretation_languages)

    @property
    def attendance_mode(self) -> str:
        """``online``, ``offline``, ``mixed`` or ``""`` when the source does not say."""
        if self.is_online and self.venue_name:
            return "mixed"
        if self.is_online:
            return "online"
        if self.venue_name:
            return "offline"
        return ""

    @property
    def registration_path(self) -> str:
        """Where the portal's own registration form lives (built by the registrations app)."""
        return f"{self.get_absolute_url()}register/"

    def registration_state(self, now: datetime | None = None) -> str:
        """One of ``none``, ``cancelled``, ``ended``, ``not_open``, ``closed``, ``open``,
        ``external``."""
        now = now or timezone.now()
        if self.registration_mode == self.Registration.NONE:
            return "none"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.has_ended(now):
            return "ended"
        if self.registration_opens and now < self.registration_opens:
            return "not_open"
        if self.registration_closes and now >= self.registration_closes:
            return "closed"
        if self.registration_mode == self.Registration.EXTERNAL:
            return "external"
        return "open"

    @property
    def registration_url_for_visitors(self) -> str:
        if self.registration_mode == self.Registration.EXTERNAL:
            return self.registration_url
        if self.registration_mode == self.Registration.PORTAL:
            return self.registration_path
        return ""

    @property
    def registration_opens_text(self) -> str:
        return timefmt.moment(self.registration_opens, self.tz) if self.registration_opens else ""

    @property
    def registration_closes_text(self) -> str:
        return timefmt.moment(self.registration_closes, self.tz) if self.registration_closes else ""

    @property
    def uid(self) -> str:
        """A stable identifier for calendars and feeds."""
        return uid_for("event", self.pk)

    # --- Joining links --------------------------------------------------------------------

    @property
    def public_stream_links(self) -> list:
        """The stream links anyone may follow (prefetch ``stream_links``)."""
        return [link for link in self.stream_links.all() if not link.is_protected]

    @property
    def protected_stream_links(self) -> list:
        """The links only confirmed registrants receive, each for their channel."""
        return [link for link in self.stream_links.all() if link.is_protected]

    def join_opens_at(self) -> datetime | None:
        """The "Join" button goes live this long before the start."""
        return self.start - JOIN_OPENS_BEFORE if self.start else None

    def can_join(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        opens = self.join_opens_at()
        return opens is not None and opens <= now and not self.has_ended(now)
