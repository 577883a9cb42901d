"""Reads for pages that show resources next to other things (home, detail page)."""

from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from resources.models import Resource, ResourcePublisher


def newest_resources(limit: int = 4) -> list[Resource]:
    """The latest published resources with their publishers (two queries)."""
    return list(Resource.objects.published().with_publishers().newest()[:limit])


def other_resources_by_publisher(resource: Resource, *, per_publisher: int = 5) -> list:
    """(organisation, its other published resources) for each publisher, in one query."""
    links = (
        ResourcePublisher.objects.filter(
            organization_id__in=resource.publisher_ids,
            resource__status=Resource.Status.PUBLISHED,
        )
        .exclude(resource_id=resource.pk)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("organization_id")],
                order_by=[
                    F("resource__published_on").desc(nulls_last=True),
                    F("resource_id").desc(),
                ],
            )
        )
        .filter(row__lte=per_publisher)
        .select_related("resource")
        .order_by("organization_id", "row")
    )
    by_organization = {}
    for link in links:
        by_organization.setdefault(link.organization_id, []).append(link.resource)
    return [
        (organization, by_organization.get(organization.pk, []))
        for organization in resource.ordered_publishers
    ]


def related_resources(resource: Resource, *, limit: int = 5) -> list[Resource]:
    """Published resources sharing the most topics with this one (one query)."""
    if not resource.topic_ids:
        return []
    shared = RawSQL(
        "cardinality(ARRAY(SELECT unnest(topic_ids) INTERSECT SELECT unnest(%s::bigint[])))",
        (list(resource.topic_ids),),
    )
    return list(
        Resource.objects.published()
        .filter(topic_ids__overlap=list(resource.topic_ids))
        .exclude(pk=resource.pk)
        .annotate(shared_topics=shared)
        .order_by("-shared_topics", F("published_on").desc(nulls_last=True), "-id")[:limit]
    )
