"""``{% event_card event %}`` (``featured=True`` for the home page's large card) and
``{% event_organisers event %}`` (the organisers in a line, as in the cards)."""

from django import template

from events.cards import EventCardHTML

register = template.Library()


def _renderer(context) -> EventCardHTML:
    # One renderer per page render: its words are translated once for all the cards.
    render = context.render_context.get(EventCardHTML)
    if render is None:
        render = context.render_context[EventCardHTML] = EventCardHTML()
    return render


@register.simple_tag(takes_context=True)
def event_card(context, event, featured=False):
    return _renderer(context)(event, featured=featured)


@register.simple_tag(takes_context=True)
def event_organisers(context, event):
    return _renderer(context).organisers(event)
