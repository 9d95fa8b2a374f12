"""Sending stored emails through the SMTP relay (aiosmtplib), over one connection kept open.

A connection (TCP, EHLO, STARTTLS, login) for every email cost more than composing it; the
connection is kept and reused, and made anew when the relay has closed it meanwhile.

The Message-ID is the email's own id, so a message sent twice (the relay took it, then this
service stopped before it could record that) is one message to mail clients that thread by it.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import default
from email.utils import formatdate, parseaddr

import aiosmtplib

from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.service_layer.outgoing import OutgoingEmail

ICS_NAMES = {"REQUEST": "invitation.ics", "CANCEL": "cancellation.ics"}


class _HeaderClasses(HeaderRegistry):
    """The standard registry makes a new class (a `type()` call) for every header it parses, some 27
    of them an email: most of building one. The class for a header's name is the same each time, so
    it is made once and kept; the headers, and so the bytes sent, are the same."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


# email.policy.default with the registry above; the relay gets what aiosmtplib writes under its own
# (SMTP) policy either way.
MESSAGE_POLICY = default.clone(header_factory=_HeaderClasses())


class SmtpUnavailable(Exception):
    """The relay could not be reached or refused the message for now; try again later."""


@dataclass
class SmtpMailer:
    settings: NotificationsServiceSettings
    _client: aiosmtplib.SMTP | None = field(default=None, init=False, repr=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    @property
    def from_address(self) -> str:
        return parseaddr(self.settings.mail_from)[1]

    def message(self, email: OutgoingEmail) -> EmailMessage:
        message = EmailMessage(policy=MESSAGE_POLICY)
        message["From"] = self.settings.mail_from
        message["To"] = email.to_address
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False)
        domain = self.from_address.rpartition("@")[2] or "clinic-appointment-requests"
        message["Message-ID"] = f"<{email.email_id}@{domain}>"
        message.set_content(email.text_body)
        message.add_alternative(email.html_body, subtype="html")
        if email.calendar:
            method = email.calendar_method or "REQUEST"
            # The iTIP part calendar clients act on (RFC 6047), and the same as a file to open.
            message.add_alternative(email.calendar, subtype="calendar", params={"method": method})
            message.add_attachment(
                email.calendar.encode(),
                maintype="application",
                subtype="ics",
                filename=ICS_NAMES.get(method, "invitation.ics"),
            )
        return message

    async def send(self, email: OutgoingEmail) -> None:
        message = self.message(email)
        async with self._lock:
            try:
                reused = self._client is not None and self._client.is_connected
                try:
                    await (await self._connected()).send_message(message)
                except aiosmtplib.SMTPServerDisconnected:
                    if not reused:
                        raise
                    # The relay closed the idle connection before this message: once more, anew.
                    await self.close()
                    await (await self._connected()).send_message(message)
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                await self.close()
                raise SmtpUnavailable(f"{type(error).__name__}: {error}") from error

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        settings = self.settings
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password.get_secret_value() or None,
            use_tls=settings.smtp_security == "tls",
            start_tls=True if settings.smtp_security == "starttls" else False,
            timeout=settings.smtp_timeout_seconds,
        )
        await client.connect()
        self._client = client
        return client

    @asynccontextmanager
    async def in_use(self) -> AsyncIterator["SmtpMailer"]:
        """While the service runs; its connection to the relay is closed after."""
        try:
            yield self
        finally:
            await self.close()

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()
