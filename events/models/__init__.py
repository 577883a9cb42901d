"""The events app's models, one module per family; importing the package registers them all
(``from events.models import Event`` keeps working)."""

from events.models.base import (
    HTTP_URL,
    LANGUAGE_CHOICES,
    LANGUAGE_NAMES,
    http_url_or_empty,
    language_names,
    uid_for,
)
from events.models.event import (
    RESERVED_SLUGS,
    Event,
    EventQuerySet,
    last_day_of,
    local_midnight,
    local_start_date,
    normalise_schedule,
    organiser_rows,
    sessions_with_speaker_rows,
    validate_time_zone,
)
from events.models.link import FeaturedLink, OrderedLink, StreamLink
from events.models.organiser import EventOrganiser
from events.models.series import EventSeries
from events.models.session import Session, SessionSpeaker
from events.models.speaker import Speaker, SpeakerQuerySet
from events.models.star import Star, StarQuerySet

__all__ = [
    "HTTP_URL",
    "LANGUAGE_CHOICES",
    "LANGUAGE_NAMES",
    "RESERVED_SLUGS",
    "Event",
    "EventOrganiser",
    "EventQuerySet",
    "EventSeries",
    "FeaturedLink",
    "OrderedLink",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "SpeakerQuerySet",
    "Star",
    "StarQuerySet",
    "StreamLink",
    "http_url_or_empty",
    "language_names",
    "last_day_of",
    "local_midnight",
    "local_start_date",
    "normalise_schedule",
    "organiser_rows",
    "sessions_with_speaker_rows",
    "uid_for",
    "validate_time_zone",
]
