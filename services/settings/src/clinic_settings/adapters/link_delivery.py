"""Telling the log that a one-time link was made.

The link itself reaches its person by email: the unit of work that stores it stages an
AccountLinkIssued event, which the notifications service mails (service_layer.one_time_links).
This log line says that a link was made, for whom and until when; the link's URL is in it only
where LOG_ONE_TIME_LINKS is set (local starts and tests, deploy/stack.py), since whoever reads the
URL can set the account's password.
"""

import logging

from clinic_settings.domain.one_time_links import OneTimeLink

log = logging.getLogger("clinic_settings.links")


class LoggedLinks:
    def __init__(self, *, with_url: bool = False) -> None:
        self.with_url = with_url

    def deliver(self, link: OneTimeLink, url: str) -> None:
        log.info(
            "%s link for %s user %s of clinic %s, valid until %s: %s",
            link.purpose.value,
            link.user_kind.value,
            link.user_id,
            link.clinic_id,
            link.expires_at.isoformat(timespec="seconds"),
            url if self.with_url else "(mailed to the account's address)",
        )
