from django.db import transaction
from django.utils import timezone

from feedback.models import PageFeedback


def record_vote(
    *,
    path: str,
    language: str,
    useful: bool,
    user=None,
    query: str = "",
    result_count: int | None = None,
) -> PageFeedback:
    """Store one 'Is this page useful?' answer (with the page's query and, on a search, its
    result count)."""
    return PageFeedback.objects.create(
        kind=PageFeedback.Kind.VOTE,
        path=path,
        query=query,
        result_count=result_count,
        language=language,
        useful=useful,
        user=user if user and user.is_authenticated else None,
    )


def add_details(*, feedback: PageFeedback, reason: str, comment: str) -> PageFeedback:
    """Add 'What went wrong?' (or 'anything else?') to an answer already stored."""
    feedback.reason = reason
    feedback.comment = comment
    feedback.save(update_fields=["reason", "comment"])
    return feedback


def report_issue(
    *,
    path: str,
    language: str,
    reason: str,
    comment: str,
    contact_email: str = "",
    user=None,
    query: str = "",
    result_count: int | None = None,
) -> PageFeedback:
    """Store one 'Report an issue with this page' report."""
    return PageFeedback.objects.create(
        kind=PageFeedback.Kind.ISSUE,
        path=path,
        query=query,
        result_count=result_count,
        language=language,
        reason=reason,
        comment=comment,
        contact_email=contact_email,
        user=user if user and user.is_authenticated else None,
    )


def mark_handled(*, feedback, user, handled: bool = True) -> int:
    """Mark feedback rows as handled (or not) by a member of the secretariat."""
    with transaction.atomic():
        return feedback.update(
            handled=handled,
            handled_at=timezone.now() if handled else None,
            handled_by=user if handled else None,
        )
