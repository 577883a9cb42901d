"""``event|card_stamp``: what an event's card or table row is cached under
(``events/includes/_card.html``, ``events/includes/_event_table.html``)."""

from django import template

from events import cards

register = template.Library()

register.filter("card_stamp", cards.card_stamp)
