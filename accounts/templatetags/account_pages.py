"""``{% sign_in_purpose %}``: what the person reaching a sign-in or sign-up page was about to
do (``accounts.intents``)."""

from django import template

from accounts.intents import purpose_of

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_purpose(context) -> str:
    request = context["request"]
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return purpose_of(next_url, host=request.get_host())
