"""An SMTP sink on 127.0.0.1 for the registration bench: it accepts every message and writes
one line per message (arrival time, Message-ID, recipients) to a log the bench reads.

It runs in a process of its own (``python -m bench.sink --port N --log PATH``), so that its
CPU time is measured apart from the load generator's and the two do not share an interpreter
lock. aiosmtpd, a development requirement, is imported only in that process: the portal and
the other benches never need it.
"""

import argparse
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Delivery:
    at: float  # time.time() when the sink accepted the message
    message_id: str
    recipients: tuple[str, ...]


class Sink:
    """The sink's process: start, read what it received, stop."""

    def __init__(self, *, port: int, log: Path):
        self.port, self.log = port, log
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15) -> None:
        if find_spec("aiosmtpd") is None:
            raise RuntimeError(
                "The registration bench's SMTP sink needs aiosmtpd, a development requirement: "
                "run `pip install -r requirements-dev.txt` (make bench-registrations does)."
            )
        self.log.write_bytes(b"")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.sink", "--port", str(self.port), "--log", str(self.log)],
            cwd=settings.BASE_DIR,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("The SMTP sink stopped as it started.")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.1)
            else:
                return
        raise RuntimeError(f"The SMTP sink did not listen within {timeout:.0f} seconds.")

    def deliveries(self) -> list[Delivery]:
        found = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            at, message_id, recipients = line.split("\t")
            found.append(Delivery(float(at), message_id, tuple(recipients.split(","))))
        return found

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RecordingHandler:
    """aiosmtpd's handler: one log line per accepted message, written before the reply."""

    def __init__(self, log):
        self.log = log
        self.parser = BytesHeaderParser()

    async def handle_DATA(self, server, session, envelope):
        headers = self.parser.parsebytes(envelope.content)
        message_id = (headers["Message-ID"] or "").strip()
        self.log.write(f"{time.time():.6f}\t{message_id}\t{','.join(envelope.rcpt_tos)}\n")
        self.log.flush()
        return "250 Message accepted for delivery"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    arguments = parser.parse_args()
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)  # the server's thread inherits it
    with open(arguments.log, "a", encoding="utf-8") as log:
        controller = Controller(RecordingHandler(log), hostname="127.0.0.1", port=arguments.port)
        controller.start()
        try:
            signal.sigwait(stop_signals)
        finally:
            controller.stop()


if __name__ == "__main__":
    main()
