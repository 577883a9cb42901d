from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns

# Only web links are stored: Django's own URL check also lets ftp:// through. (A code of its
# own, or the field's "Enter a valid URL." replaces the message.)
HTTP_URL = URLValidator(
    schemes=["http", "https"],
    message=_("Links must start with http:// or https://."),
    code="not_http",
)


# ``Organization.display_name`` for a row aliased ``o``, for queries that build labels in SQL.
DISPLAY_NAME_SQL = (
    "CASE WHEN o.acronym <> '' AND strpos(lower(o.name), lower(o.acronym)) = 0 "
    "THEN o.name || ' (' || o.acronym || ')' ELSE o.name END"
)
# The same in Korean, from the Korean name and acronym only; NULL without a Korean name.
DISPLAY_NAME_KO_SQL = (
    "CASE WHEN COALESCE(o.name_ko, '') = '' THEN NULL "
    "WHEN o.acronym_ko <> '' AND strpos(lower(o.name_ko), lower(o.acronym_ko)) = 0 "
    "THEN o.name_ko || ' (' || o.acronym_ko || ')' ELSE o.name_ko END"
)


class OrganizationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_member=True)


class Organization(EnglishInOriginalColumns):
    """A city, agency, NGO or other body that organises events or publishes resources."""

    class Kind(models.TextChoices):
        CITY = "city", _("City or municipality")
        NATIONAL_GOVERNMENT = "national_government", _("National government")
        UN_AGENCY = "un_agency", _("UN agency")
        INTERNATIONAL = "international", _("International organisation")
        NGO = "ngo", _("NGO")
        ACADEMIA = "academia", _("Academia")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty for international bodies."),
    )
    website = models.URLField(_("website"), blank=True, max_length=500, validators=[HTTP_URL])
    is_member = models.BooleanField(_("member of the network"), default=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(website="")
                | models.Q(website__startswith="http://")
                | models.Q(website__startswith="https://"),
                name="directory_organization_website_http",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name, followed by the acronym only where it adds something: "World Health
        Organization (WHO)", but "CityNet" and "TheCityFix (WRI)", never "CityNet (CityNet)".
        (The library's publisher facet builds the same label in SQL: ``DISPLAY_NAME_SQL``.)"""
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def short_name(self):
        return self.acronym or self.name

    @property
    def display_names(self) -> tuple[str, str | None]:
        """The display name in English and in Korean (None without a Korean name), built like
        ``display_name`` from each language's own name and acronym (``DISPLAY_NAME_KO_SQL``)."""
        names = []
        for name, acronym in ((self.name_en, self.acronym_en), (self.name_ko, self.acronym_ko)):
            if name and acronym and acronym.casefold() not in name.casefold():
                name = f"{name} ({acronym})"
            names.append(name or None)
        return names[0] or "", names[1]


class Topic(EnglishInOriginalColumns):
    """A subject that events and resources are filed under (urban resilience, COVID-19...)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GlossaryTerm(models.Model):
    """One idea in English and Korean, with its other names: the library's search looks for
    all of them when a reader types any one (``resources.search.expansion``)."""

    english = models.CharField(_("English term"), max_length=120, unique=True)
    korean = models.CharField(_("Korean term"), max_length=120)
    synonyms = models.TextField(
        _("synonyms and abbreviations"),
        blank=True,
        help_text=_(
            "Other names in either language, one per line: abbreviations, older names, "
            "other spellings."
        ),
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["english"]

    def __str__(self):
        return f"{self.english} = {self.korean}"

    def clean(self):
        for name in ("english", "korean", "synonyms"):
            if '"' in getattr(self, name):
                raise ValidationError({name: _("A term cannot contain double quotes.")})
        self.english, self.korean = " ".join(self.english.split()), " ".join(self.korean.split())

    @property
    def forms(self) -> list[str]:
        """Every name of the term, English first, each once (whatever its case)."""
        forms, seen = [], set()
        for form in [self.english, self.korean, *self.synonyms.splitlines()]:
            form = " ".join(form.split())
            if form and form.casefold() not in seen:
                seen.add(form.casefold())
                forms.append(form)
        return forms
