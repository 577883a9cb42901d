"""A real SMTP server on 127.0.0.1 (aiosmtpd) that records what it receives."""

import asyncio
import socket
import threading
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


class StallingHandler(RecordingHandler):
    """Holds the first message's DATA until released, like a mail server slow to reply.

    ``messages`` are those the server accepted; ``transmissions`` the Message-IDs of every
    DATA it received, accepted or not. ``commits_before_reply`` chooses when the held message
    counts as accepted: only when the server can reply (a client that disconnects before the
    reply cancels it; aiosmtpd cancels the handler), or as soon as its data is in, before the
    reply, as Postfix commits a message on the final dot.
    """

    def __init__(self, *, commits_before_reply: bool):
        super().__init__()
        self.commits_before_reply = commits_before_reply
        self.transmissions = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.transmissions.append(message["Message-ID"])
        if self.stalled.is_set():
            self.messages.append(message)
            return "250 Message accepted for delivery"
        self.stalled.set()
        if self.commits_before_reply:
            self.messages.append(message)
        while not self.release.is_set():  # cancelled here if the client goes away
            await asyncio.sleep(0.05)
        if not self.commits_before_reply:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start and stop at will, on a fixed port, to simulate an outage."""

    def __init__(self, handler=None):
        self.port = free_port()
        self.handler = handler or RecordingHandler()
        self._controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
