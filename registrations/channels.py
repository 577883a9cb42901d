from django.utils.translation import gettext as _

from events.models import LANGUAGE_NAMES


def channel_choices(event) -> list[tuple[str, str]]:
    """The channels a registrant can listen in: the languages spoken, then the interpretations."""
    choices = []
    for code in event.languages or ["en"]:
        choices.append(
            (code, _("%(language)s (floor)") % {"language": LANGUAGE_NAMES.get(code, code)})
        )
    for code in event.interpretation_languages:
        if code not in dict(choices):
            label = _("%(language)s (interpretation)") % {
                "language": LANGUAGE_NAMES.get(code, code)
            }
            choices.append((code, label))
    return choices
