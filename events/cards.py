"""What an event's card (or its row in the partner table) shows, as the key its cached
template is kept under.

``events/includes/_card.html`` renders a card inside ``{% cache %}``, and
``events/includes/_event_table.html`` each row: a page of the event list holds twenty
cards, the partner table fifty rows, and through the templates, with their organisers, they
would cost a third of the page each time. The key holds every value the card reads (the event's own
fields and its organisers, already loaded by ``with_organisers()``), so any change, made in
the admin or by a bulk update alike, shows at once.
"""

from events.models import Event


def card_stamp(event: Event) -> tuple:
    """Every value of ``event`` its card or table row shows (with the language, the whole
    key)."""
    return (
        event.pk,
        event.slug,
        event.title,
        event.title_ko,
        event.kind,
        event.hosted_by,
        event.status,
        event.schedule,
        event.start,
        event.end,
        event.time_zone,
        event.theme,
        event.summary,
        event.summary_ko,
        event.image_thumbnail.name,
        event.image_alt,
        event.took_place,
        event.outcomes_url,
        event.recordings_url,
        tuple(
            (row.role, row.organisation.name, row.organisation.acronym)
            for row in event.organiser_rows
        ),
    )
