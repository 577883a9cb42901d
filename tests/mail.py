"""Read links and codes out of sent messages, as a person reading the e-mail would."""

import re


def path_of_link(message) -> str:
    """The path of the first link in a message's text part."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def login_code(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)
