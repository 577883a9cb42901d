"""E-mails rendered by the worker rather than by the request that causes them.

A request that queues a :class:`DeferredEmail` stores only what to render (a function's dotted
path and its keyword arguments) and the Message-ID; the worker renders the message when it
delivers it, stores the exact bytes and sends them, so every retry still sends the same
message. Rendering templates, time zones and calendar files costs several milliseconds that
a busy page (the registration race) should not spend while people wait.

Outside the outbox (Django's other mail backends, e.g. the test suite's locmem backend) a
DeferredEmail renders itself when it is sent, so it behaves like any EmailMessage.
"""

from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string


class NothingToSend(Exception):
    """The renderer found nothing to send any more (e.g. the registration was deleted)."""


def render(renderer: str, kwargs: dict) -> EmailMultiAlternatives:
    return import_string(renderer)(**kwargs)


class DeferredEmail(EmailMultiAlternatives):
    """An e-mail made later by ``renderer(**kwargs)``, which returns an EmailMultiAlternatives."""

    def __init__(self, *, renderer: str, kwargs: dict, to: list[str]):
        super().__init__(to=to)
        self.renderer = renderer
        self.renderer_kwargs = kwargs
        self._rendered = False

    def render(self) -> None:
        if self._rendered:
            return
        made = render(self.renderer, self.renderer_kwargs)
        self.subject, self.body, self.from_email = made.subject, made.body, made.from_email
        self.to, self.alternatives, self.attachments = made.to, made.alternatives, made.attachments
        self.extra_headers = {**made.extra_headers, **self.extra_headers}
        self._rendered = True

    def message(self, *args, **kwargs):
        self.render()
        return super().message(*args, **kwargs)
