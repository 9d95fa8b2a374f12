"""A real SMTP server inside the test run (aiosmtpd): the notifications service delivers to it
over the network as to any relay, and tests read what arrived. It can be stopped and started again
on the same port, to play a relay that is away for a while."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class ReceivedEmail:
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def calendar(self) -> str | None:
        for part in self.message.walk():
            if part.get_content_type() == "text/calendar":
                return part.get_content()
        return None

    def attachments(self) -> list[str]:
        return [part.get_filename() for part in self.message.iter_attachments()]


@dataclass
class _Handler:
    received: list[ReceivedEmail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(ReceivedEmail(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self.handler = _Handler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def received(self, matching: Callable[[ReceivedEmail], bool] = lambda _email: True) -> list[ReceivedEmail]:
        with self.handler.lock:
            return [item for item in self.handler.received if matching(item)]

    def wait_for(
        self, matching: Callable[[ReceivedEmail], bool], count: int = 1, timeout: float = 30
    ) -> list[ReceivedEmail]:
        """At least `count` emails that match, waiting for them to arrive; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while len(found := self.received(matching)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} emails arrived in {timeout}s")
            time.sleep(0.1)
        return found
