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


def channel_name(event, code: str) -> str:
    """How a registration's channel reads in its messages and pages: the language, and
    "Korean interpretation" where it is an interpretation channel of the event."""
    language = LANGUAGE_NAMES.get(code, code)
    if code in (event.languages or ["en"]) or code not in event.interpretation_languages:
        return str(language)
    return _("%(language)s interpretation") % {"language": language}
