"""Delivering one-time links to the person they are for.

There is no notifications service yet to mail them. Until there is (and in development), each
link is written to this service's log, one INFO line naming the user and the link, which an
operator passes on; an admin also gets the link in the API's answer to copy. A self-service
password reset only reaches this log: its caller is not necessarily the account's owner.
"""

import logging

from clinic_settings.domain.one_time_links import OneTimeLink

log = logging.getLogger("clinic_settings.links")


class LoggedLinks:
    def deliver(self, link: OneTimeLink, url: str) -> None:
        log.info(
            "%s link for %s user %s of clinic %s, valid until %s: %s",
            link.purpose.value,
            link.user_kind.value,
            link.user_id,
            link.clinic_id,
            link.expires_at.isoformat(timespec="seconds"),
            url,
        )
