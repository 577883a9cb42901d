"""The event page's joining links for the signed-in reader, from the registrations app.

The events app knows nothing of registrations (they sit above it), so its page asks here,
through a template tag, whether the reader holds a confirmed registration for the event.
"""

from django import template

from registrations.models import Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def confirmed_registration(context, event):
    """The reader's confirmed registration for ``event`` (with the event's stream links),
    or None; one query per page for a signed-in reader, none for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or event.pk is None:
        return None
    found = getattr(request, "_confirmed_registrations", None)
    if found is None:
        found = request._confirmed_registrations = {}
    if event.pk not in found:
        registration = (
            Registration.objects.confirmed().filter(event_id=event.pk, user_id=user.pk).first()
        )
        if registration is not None:
            # The page's event already holds its prefetched links.
            registration.event = event
        found[event.pk] = registration
    return found[event.pk]
