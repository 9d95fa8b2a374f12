"""Sending one stored email through the SMTP relay (aiosmtplib).

The Message-ID is the email's own id, so a message sent twice (the relay took it, then this
service stopped before it could record that) is one message to mail clients that thread by it.
"""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

import aiosmtplib

from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.service_layer.outgoing import OutgoingEmail

ICS_NAMES = {"REQUEST": "invitation.ics", "CANCEL": "cancellation.ics"}


class SmtpUnavailable(Exception):
    """The relay could not be reached or refused the message for now; try again later."""


@dataclass
class SmtpMailer:
    settings: NotificationsServiceSettings

    @property
    def from_address(self) -> str:
        return parseaddr(self.settings.mail_from)[1]

    def message(self, email: OutgoingEmail) -> EmailMessage:
        message = EmailMessage()
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
        settings = self.settings
        try:
            await aiosmtplib.send(
                self.message(email),
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username or None,
                password=settings.smtp_password.get_secret_value() or None,
                use_tls=settings.smtp_security == "tls",
                start_tls=True if settings.smtp_security == "starttls" else False,
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise SmtpUnavailable(f"{type(error).__name__}: {error}") from error
