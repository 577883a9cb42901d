"""RSS and Atom feeds of newly published resources, for the whole library and per topic."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.bilingual import shown_language
from common.feeds import LanguageAtomFeed, LanguageRssFeed
from directory.models import Topic
from resources.models import Resource

FEED_LENGTH = 30


class LatestResourcesFeed(Feed):
    feed_type = LanguageRssFeed
    title = _("Forum Portal: new resources")
    description = _("Reports, case studies and tools newly added to the resource library.")

    def link(self):
        return reverse("resources:search")

    def items(self):
        return self.newest(Resource.objects.published())

    @staticmethod
    def newest(resources):
        return (
            resources.with_publishers()
            .prefetch_related("topics")
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(item.display_summary_text).words(80)

    def item_extra_kwargs(self, item):
        """The title's language: the reader's, or English where there is no Korean yet."""
        return {"language": shown_language(item, "title")}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(organization.name for organization in item.ordered_publishers) or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestResourcesAtomFeed(LatestResourcesFeed):
    feed_type = LanguageAtomFeed
    subtitle = LatestResourcesFeed.description


class TopicResourcesFeed(LatestResourcesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return _("Forum Portal: new resources on %(topic)s") % {"topic": topic.name}

    def description(self, topic):
        return _("Resources on %(topic)s newly added to the library.") % {"topic": topic.name}

    def link(self, topic):
        return reverse("resources:search") + f"?topic={topic.slug}"

    def items(self, topic):
        return self.newest(Resource.objects.published().filter(topic_ids__contains=[topic.pk]))


class TopicResourcesAtomFeed(TopicResourcesFeed):
    feed_type = LanguageAtomFeed

    def subtitle(self, topic):
        return self.description(topic)
