"""Keep the library's search text in step when the directory renames something.

The directory app does not know about resources (dependencies point one way), so the
resources app listens; the receivers only hand over to the service.
"""

import contextlib

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from procrastinate.exceptions import AlreadyEnqueued

from directory.models import GlossaryTerm, Organization, Topic
from resources.models import Resource
from resources.services import refresh_search_columns
from resources.tasks import build_search_groups

# The directory's fields that the library copies onto its resources' search columns.
SEARCHED_FIELDS = {Organization: ("name", "acronym"), Topic: ("name",)}


def _searched_values(instance) -> tuple:
    return tuple(getattr(instance, name) for name in SEARCHED_FIELDS[type(instance)])


@receiver(pre_save, sender=Organization, dispatch_uid="resources_organization_saving")
@receiver(pre_save, sender=Topic, dispatch_uid="resources_topic_saving")
def directory_entry_saving(sender, instance, raw=False, **kwargs):
    """Remember the searched names as stored: a save that keeps them (load_demo saves every
    organisation and topic again) need not rewrite thousands of resources' search columns."""
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(*SEARCHED_FIELDS[sender]).first()
    instance._searched_before = stored


def _names_changed(instance) -> bool:
    return getattr(instance, "_searched_before", None) != _searched_values(instance)


@receiver(post_save, sender=Organization, dispatch_uid="resources_organization_saved")
def organization_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw and _names_changed(instance):
        refresh_search_columns(instance.resource_links.values_list("resource_id", flat=True))


@receiver(post_save, sender=Topic, dispatch_uid="resources_topic_saved")
def topic_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw and _names_changed(instance):
        refresh_search_columns(instance.resources.values_list("pk", flat=True))


@receiver(pre_delete, sender=Topic, dispatch_uid="resources_topic_deleting")
def topic_deleting(sender, instance, **kwargs):
    instance._resource_ids = list(instance.resources.values_list("pk", flat=True))


@receiver(post_delete, sender=Topic, dispatch_uid="resources_topic_deleted")
def topic_deleted(sender, instance, **kwargs):
    refresh_search_columns(getattr(instance, "_resource_ids", []))


@receiver(m2m_changed, sender=Resource.topics.through, dispatch_uid="resources_topics_changed")
def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Topics changed from the topic's side (e.g. topic.resources.add) or by admin code."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        refresh_search_columns(pk_set or [])
    else:
        refresh_search_columns([instance.pk])


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="resources_glossary_saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="resources_glossary_deleted")
def glossary_changed(sender, instance, raw=False, **kwargs):
    """The glossary widens searches in other ways: their search groups are built by a job
    (in the same transaction as the change; one job however many terms change at once)."""
    if raw:
        return
    # A job already waiting will read the glossary as it is then (its queueing lock refuses
    # a second); the savepoint keeps the refusal from breaking the change's transaction.
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
        build_search_groups.defer()
