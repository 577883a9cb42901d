"""Digests of saved searches: what newly matches each, e-mailed daily or weekly.

Any number of workers may run ``send_due_digests`` at once, and one may die at any point:
each saved search is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` in its own
transaction, which also writes the period's Digest row (unique per search and period), the
items it lists (unique per search) and the e-mail into the outbox. A worker that dies rolls
all of it back and releases the claim; the next run sends the digest, once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events.filters import EventFilter
from events.models import Event
from personal.models import Digest, DigestItem, SavedSearch
from resources.filters import ResourceFilter
from resources.models import Resource
from resources.search.query import text_matches

UNSUBSCRIBE_SALT = "personal.digest-unsubscribe"
# Items committed a little after their publication time still reach the next digest (the
# window reaches back this far; DigestItem keeps each one to a single digest).
LATE_COMMITS = timedelta(hours=1)
MAX_ITEMS = 50


def period_of(frequency: str, now: datetime) -> str:
    day = timezone.localtime(now, timezone.get_default_timezone()).date()
    if frequency == SavedSearch.Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def unsubscribe_token(search: SavedSearch) -> str:
    """A signed link for one search's e-mails; it works without signing in, and stays the
    same for the search (the unsubscribe link of an old digest keeps working)."""
    signer = signing.Signer(salt=UNSUBSCRIBE_SALT)
    return signer.sign_object({"search": search.pk, "user": search.user_id})


def search_from_token(token: str) -> SavedSearch | None:
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return SavedSearch.objects.filter(pk=data.get("search"), user_id=data.get("user")).first()


def matches(search: SavedSearch):
    """Everything the saved search matches now (published resources, or published events)."""
    params = QueryDict(search.query)
    if search.kind == SavedSearch.Kind.EVENTS:
        return EventFilter(params, queryset=Event.objects.published()).qs, "published_at"
    filterset = ResourceFilter(params, queryset=Resource.objects.published())
    found, _rank, _query = text_matches(filterset.cleaned("q", ""))
    return found.filter(*filterset.conditions().values()), "published_at"


def new_items(search: SavedSearch, *, until: datetime) -> list:
    """What matches and appeared since the search's last digest, not listed before."""
    found, stamp = matches(search)
    listed = DigestItem.objects.filter(saved_search=search, item_id=OuterRef("pk"))
    return list(
        found.filter(
            **{
                f"{stamp}__gt": search.last_digest_at - LATE_COMMITS,
                f"{stamp}__lte": until,
            }
        )
        .exclude(Exists(listed))
        .order_by(stamp, "pk")[:MAX_ITEMS]
    )


def due(now: datetime):
    """Saved searches whose digest for the current period is not made yet."""
    made = Digest.objects.filter(saved_search=OuterRef("pk"))
    return SavedSearch.objects.filter(
        (
            Q(frequency=SavedSearch.Frequency.DAILY)
            & ~Exists(made.filter(period=period_of(SavedSearch.Frequency.DAILY, now)))
        )
        | (
            Q(frequency=SavedSearch.Frequency.WEEKLY)
            & ~Exists(made.filter(period=period_of(SavedSearch.Frequency.WEEKLY, now)))
        ),
        user__is_active=True,
    )


def send_due_digests(*, now: datetime | None = None) -> int:
    """Make every due digest; return how many e-mails were queued."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            search = (
                due(now)
                .select_related("user")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .first()
            )
            if search is None:
                return sent
            sent += make_digest(search, now=now)


def make_digest(search: SavedSearch, *, now: datetime) -> int:
    """One digest for a claimed search (inside the claiming transaction). Returns 1 when an
    e-mail was queued, 0 when nothing new matched (the period is still marked done)."""
    items = new_items(search, until=now)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                saved_search=search, period=period_of(search.frequency, now), item_count=len(items)
            )
    except IntegrityError:  # another worker made this period's digest a moment ago
        return 0
    if not items:
        return 0
    DigestItem.objects.bulk_create(
        [DigestItem(saved_search=search, digest=digest, item_id=item.pk) for item in items]
    )
    search.last_digest_at = now
    search.save(update_fields=["last_digest_at"])
    digest_message(search, items).send()
    return 1


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def digest_message(search: SavedSearch, items: list) -> EmailMultiAlternatives:
    """The digest e-mail with one-click unsubscribe (RFC 8058)."""
    user = search.user
    unsubscribe_url = _absolute(
        reverse("personal:unsubscribe", kwargs={"token": unsubscribe_token(search)})
    )
    with translation.override(user.preferred_language):
        context = {
            "search": search,
            "search_url": _absolute(search.get_absolute_url()),
            "items": [
                {
                    "title": getattr(item, "display_title", None) or item.title,
                    "url": _absolute(item.get_absolute_url()),
                }
                for item in items
            ],
            "unsubscribe_url": unsubscribe_url,
            "searches_url": _absolute(reverse("personal:searches")),
        }
        subject = render_to_string("personal/email/digest_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("personal/email/digest.txt", context),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("personal/email/digest.html", context), "text/html"
        )
    return message


def unsubscribe(search: SavedSearch) -> None:
    """Stop the search's e-mails (the search itself is kept)."""
    SavedSearch.objects.filter(pk=search.pk).update(frequency=SavedSearch.Frequency.NEVER)
