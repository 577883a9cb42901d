from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns
from common.markdown import SUMMARY, markdown_to_text, render_markdown
from directory.models import Organization, Topic
from resources.links import archive_url, normalize_url

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("id", _("Indonesian")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("ms", _("Malay")),
    ("hi", _("Hindi")),
    ("ne", _("Nepali")),
    ("bn", _("Bengali")),
    ("mn", _("Mongolian")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
# Paths under /resources/ that a resource's slug must never shadow.
RESERVED_SLUGS = {"feed", "submit", "topics", "export"}


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def featured(self):
        return self.filter(featured=True)

    def newest(self):
        return self.order_by(
            F("published_on").desc(nulls_last=True), F("published_at").desc(nulls_last=True), "-id"
        )

    def broken(self):
        return self.filter(broken_since__isnull=False)

    def redirected(self):
        """Links whose last check ended at another address (the checker keeps it)."""
        return self.exclude(final_url="")

    def awaiting_moderation(self):
        return self.filter(moderation=Resource.Moderation.PENDING)

    def with_publishers(self):
        """Prefetch the publishers in their order (one query for the whole list).

        Into a plain list (``to_attr``): a prefetch into the related manager makes Django build
        a queryset per resource, which costs more than the query itself on a page of hits.
        """
        return self.prefetch_related(
            Prefetch(
                "publisher_links",
                queryset=ResourcePublisher.objects.select_related("organization").order_by(
                    "position", "id"
                ),
                to_attr="prefetched_publisher_links",
            )
        )

    def linkable(self):
        """Resources whose link the checker should visit."""
        return (
            self.exclude(url="")
            .exclude(status=Resource.Status.WITHDRAWN)
            .filter(is_synthetic=False)
        )


class Resource(EnglishInOriginalColumns):
    """A curated link to a report, case study, tool or other document useful to member cities."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        CASE_STUDY = "case_study", _("Case study / best practice")
        GUIDELINE = "guideline", _("Guideline / protocol")
        PLANNING_TOOL = "planning_tool", _("Planning tool")
        POLICY_TRACKER = "policy_tracker", _("Policy tracker")
        ARTICLE = "article", _("Article")
        VIDEO = "video", _("Video")
        DATASET = "dataset", _("Dataset")
        WEBINAR_RECORDING = "webinar_recording", _("Webinar recording")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DatePrecision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Month")
        DAY = "day", _("Day")

    class Moderation(models.TextChoices):
        CURATED = "curated", _("Curated by the secretariat")
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    url = models.URLField(
        _("link"),
        max_length=2000,
        blank=True,
        help_text=_("The document's own address (http or https)."),
    )
    # NULL, not "", for resources without a link: NULLs never clash in the unique constraint.
    normalized_url = models.CharField(  # noqa: DJ001
        _("normalised link"), max_length=2000, null=True, blank=True, editable=False
    )
    needs_review = models.BooleanField(
        _("needs the secretariat's attention"),
        default=False,
        help_text=_("For example, the link is still missing."),
    )
    publishers = models.ManyToManyField(
        Organization,
        through="ResourcePublisher",
        related_name="resources",
        verbose_name=_("publishers"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.REPORT)
    topics = models.ManyToManyField(
        Topic, related_name="resources", blank=True, verbose_name=_("topics")
    )
    countries = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("countries"),
        default=list,
        blank=True,
        help_text=_("By default, the countries of the publishers."),
    )
    cities = ArrayField(
        models.CharField(max_length=120), verbose_name=_("cities"), default=list, blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the publication date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to="resources/thumbnails/", blank=True, max_length=200
    )
    featured = models.BooleanField(_("featured"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_resources",
        verbose_name=_("curated by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_resources",
        verbose_name=_("submitted by"),
    )
    suggested_publisher = models.CharField(
        _("publisher suggested by the submitter"),
        max_length=255,
        blank=True,
        help_text=_("Created as an organisation on approval when no publisher is chosen."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=16, choices=Moderation.choices, default=Moderation.CURATED
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_resources",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic (benchmark data)"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Link health, written by the link checker.
    last_checked_at = models.DateTimeField(_("link last checked"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last link error"), max_length=200, blank=True)
    final_url = models.URLField(_("final link after redirects"), max_length=2000, blank=True)
    broken_since = models.DateTimeField(_("link broken since"), null=True, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(
        _("failed link checks in a row"), default=0
    )

    # Search columns: the service layer keeps the text of related rows here, the database
    # derives the stored tsvector and the year from them.
    summary_text = models.TextField(_("summary as plain text"), blank=True, editable=False)
    search_publishers = models.TextField(_("publishers (search)"), blank=True, editable=False)
    search_topics = models.TextField(_("topics (search)"), blank=True, editable=False)
    publisher_ids = ArrayField(
        models.BigIntegerField(), verbose_name=_("publisher ids"), default=list, editable=False
    )
    topic_ids = ArrayField(
        models.BigIntegerField(), verbose_name=_("topic ids"), default=list, editable=False
    )
    # The database's analysis of the text columns (migration 0008: English stemming, Hangul
    # as two-syllable pairs), so every writer gets the same vector.
    search_vector = models.GeneratedField(
        expression=models.Func(
            F("title"),
            F("title_ko"),
            F("search_publishers"),
            F("search_topics"),
            F("summary_text"),
            F("summary_ko"),
            function="resources_search_document",
            output_field=SearchVectorField(),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search vector"),
    )
    published_year = models.GeneratedField(
        expression=ExtractYear("published_on"),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("publication year"),
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="resources_resource_url_http",
            ),
            models.CheckConstraint(
                condition=Q(url="", normalized_url__isnull=True)
                | (~Q(url="") & Q(normalized_url__isnull=False)),
                name="resources_resource_normalized_url_iff_url",
            ),
            models.UniqueConstraint(
                fields=["normalized_url"],
                name="resources_resource_normalized_url_unique",
                violation_error_message=_("This link is already in the library."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="resources_resource_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(moderation="rejected") | ~Q(rejection_reason=""),
                name="resources_resource_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(date_precision="day")
                | Q(date_precision="month", published_on__day=1)
                | Q(date_precision="year", published_on__day=1, published_on__month=1),
                name="resources_resource_date_matches_precision",
                violation_error_message=_(
                    "A date given to the year starts on 1 January, one given to the month on "
                    "its first day."
                ),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="resources_search_vector_gin"),
            models.Index(
                F("published_on").desc(nulls_last=True),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="resources_published_newest",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["title", "id"],
                name="resources_published_title",
                condition=Q(status="published"),
            ),
            # Facet counts without search words read only this index (an index-only scan),
            # not the wide rows.
            models.Index(
                fields=["kind"],
                include=[
                    "id",
                    "published_year",
                    "topic_ids",
                    "publisher_ids",
                    "countries",
                    "languages",
                ],
                name="resources_published_facets",
                condition=Q(status="published"),
            ),
            # A year's resources in the newest-first order, without reading the newer years.
            models.Index(
                F("published_year"),
                F("published_on").desc(nulls_last=True),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="resources_published_year",
                condition=Q(status="published"),
            ),
            # Hits of words and one facet among several: the search reads only the rows that
            # pass all but one facet, found through these.
            GinIndex(
                fields=["topic_ids"],
                name="resources_published_topics",
                condition=Q(status="published"),
            ),
            GinIndex(
                fields=["publisher_ids"],
                name="resources_published_publishers",
                condition=Q(status="published"),
            ),
            GinIndex(
                fields=["countries"],
                name="resources_published_countries",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["moderation"],
                name="resources_pending_moderation",
                condition=Q(moderation="pending"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def clean(self):
        """Friendly messages for the rules the database enforces anyway."""
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another.")})
        if self.url:
            try:
                normalized = normalize_url(self.url)
            except ValueError:
                raise ValidationError(
                    {"url": _("Enter a complete http:// or https:// address.")}
                ) from None
            duplicate = (
                Resource.objects.filter(normalized_url=normalized).exclude(pk=self.pk).first()
            )
            if duplicate is not None:
                raise ValidationError(
                    {
                        "url": _("This link is already in the library as “%(title)s”.")
                        % {"title": duplicate.title}
                    }
                )
        if self.moderation == self.Moderation.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason for the rejection.")})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_broken(self):
        return self.broken_since is not None

    @property
    def archive_url(self):
        return archive_url(self.url)

    @property
    def link(self):
        """Where a reader goes to read the resource: the source, or our page without one."""
        return self.url or self.get_absolute_url()

    @property
    def display_title(self):
        """The title in the reader's language (modeltranslation falls back to English)."""
        return self.title

    @property
    def display_summary_html(self):
        return render_markdown(self.summary, SUMMARY)

    @property
    def kind_label(self):
        """The kind in words: ``get_kind_display`` without hashing every choice's label
        (each hash translates it), which a page of hits would do a couple of hundred times."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def display_summary_text(self):
        """The summary without markup, in Korean for Korean readers when there is one."""
        if self.summary_ko and (get_language() or "").startswith("ko"):
            return markdown_to_text(self.summary_ko, SUMMARY)
        return self.summary_text

    @cached_property
    def ordered_publishers(self):
        """Publishers in their order; uses the prefetch from ``with_publishers()``."""
        links = getattr(self, "prefetched_publisher_links", None)
        if links is None:
            links = self.publisher_links.select_related("organization").order_by("position", "id")
        return [link.organization for link in links]

    @property
    def publication_date_display(self):
        if self.published_on is None:
            return ""
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.published_on.year)
        if self.date_precision == self.DatePrecision.MONTH:
            return formats.date_format(self.published_on, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.published_on, "DATE_FORMAT")

    @property
    def language_names(self):
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages]


KIND_LABELS = dict(Resource.Kind.choices)


class ResourcePublisher(models.Model):
    """One publisher of a resource, in the order the resource credits them."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="publisher_links",
        verbose_name=_("resource"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="resource_links",
        verbose_name=_("organisation"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        ordering = ["resource", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "organization"], name="resources_publisher_once_per_resource"
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.resource}"  # noqa: RUF001 - an en dash


class Submission(Resource):
    """A resource proposed by a member, as the moderators see it."""

    class Meta:
        proxy = True
        verbose_name = _("member submission")
        verbose_name_plural = _("member submissions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """A word that occurs in the library, for correcting misspelt searches with pg_trgm.

    Filled by ``services.refresh_search_columns``; a word is never removed, which at worst
    suggests a spelling that finds nothing.
    """

    word = models.CharField(_("word"), max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["word"]
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="resources_searchword_trgm"),
        ]

    def __str__(self):
        return self.word


class SearchEntry(models.Model):
    """A published resource as the search reads it: its search vector and the columns the
    facets filter and the pages sort by, in a narrow table of its own.

    Never written by Python: a trigger on the resource table (migration 0005) keeps one row
    per published resource, whoever changes it. A search that matches thousands of resources
    reads each one's vector to rank it; here a row is a third of a resource's width, so that
    costs a third of the pages the wide rows (with their summaries) would.
    """

    # In the table's column order (migration 0006): fixed-width columns first, so the dates
    # of a hit are read without stepping over its vector.
    id = models.BigIntegerField(_("resource id"), primary_key=True)
    published_on = models.DateField(_("publication date"), null=True)
    published_at = models.DateTimeField(_("published at"), null=True)
    published_year = models.IntegerField(_("publication year"), null=True)
    search_vector = SearchVectorField(_("search vector"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32)
    countries = ArrayField(models.CharField(max_length=120), verbose_name=_("countries"))
    languages = ArrayField(models.CharField(max_length=8), verbose_name=_("languages"))
    topic_ids = ArrayField(models.BigIntegerField(), verbose_name=_("topic ids"))
    publisher_ids = ArrayField(models.BigIntegerField(), verbose_name=_("publisher ids"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="resources_searchentry_gin"),
        ]

    def __str__(self):
        return self.title


class LibraryVersion(models.Model):
    """A number that changes whenever the published library's facets may have changed.

    Never written by Python: a trigger on the resource table (migration 0003) sets it from a
    sequence before every statement that adds, removes or changes a resource's status or facet
    columns, whoever runs it (services, admin, imports, raw updates). The new number becomes
    visible with the change itself, at commit, and a number is never reused, even after a
    rollback, so a copy of the facets made at one number is the library at that number.
    """

    number = models.BigIntegerField(_("number"))

    class Meta:
        verbose_name = _("library version")
        verbose_name_plural = _("library versions")
        ordering = ["id"]

    def __str__(self):
        return str(self.number)


class SearchLog(models.Model):
    """One search made in the library, for the figures: what was asked and how much it found.

    Nothing that identifies who searched (no user, no address, no time of day); kept for
    twelve months (``services.purge_search_log``, nightly).
    """

    query = models.CharField(_("words"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    searched_on = models.DateField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("library search")
        verbose_name_plural = _("library searches")
        ordering = ["-searched_on", "-id"]

    def __str__(self):
        return self.query or str(_("(filters only)"))


class ResourceOpen(models.Model):
    """How many times a day readers followed a resource's link from its page (no one's
    identity: a count per day)."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="opens", verbose_name=_("resource")
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("times opened"), default=0)

    class Meta:
        verbose_name = _("resource opened")
        verbose_name_plural = _("resources opened")
        ordering = ["-day", "resource"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "day"], name="resources_open_once_a_day"),
        ]

    def __str__(self):
        return f"{self.resource} ({self.day}): {self.count}"


class LinkHealthSnapshot(models.Model):
    """The library's link health on one day, kept by the link checker's task for the figures."""

    day = models.DateField(_("day"), unique=True)
    working = models.PositiveIntegerField(_("working"), default=0)
    failing = models.PositiveIntegerField(_("failed the last check"), default=0)
    broken = models.PositiveIntegerField(_("broken"), default=0)
    redirected = models.PositiveIntegerField(_("redirected"), default=0)
    unchecked = models.PositiveIntegerField(_("not checked yet"), default=0)

    class Meta:
        verbose_name = _("link health on a day")
        verbose_name_plural = _("link health by day")
        ordering = ["day"]

    def __str__(self):
        return str(self.day)
