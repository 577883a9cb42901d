"""What an e-mail address may contain beyond Django's EmailValidator."""

import unicodedata

import idna
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator


def validate_email_address(value: str) -> None:
    """Refuse an address that Django's EmailValidator accepts but that cannot be trusted or
    carried: one with a control, format (direction overrides, zero-width characters),
    private-use, unassigned or separator character anywhere, or a domain that is not a valid
    internationalised name (IDNA 2008, as mail servers and browsers read it).

    Such an address is refused before anything is written; before this, a direction
    override in a domain reached the outbox, which could not encode it, and the sign-up that
    queued the message failed after creating the account.
    """
    if any(unicodedata.category(character)[0] in "CZ" for character in value):
        raise ValidationError(EmailValidator.message, code="invalid")
    _local, _at, domain = value.rpartition("@")
    try:
        idna.encode(domain, uts46=True)
    except (idna.IDNAError, UnicodeError):
        raise ValidationError(EmailValidator.message, code="invalid") from None
