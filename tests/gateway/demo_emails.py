"""The demo clinic's emails about a request: the notifications service's record of them, as an
operator reads it, and what arrived at the SMTP server (tests/mail_sink.py)."""

from dataclasses import dataclass
from typing import Any

import httpx

from clinic_settings import demo_data as demo
from tests.gateway.gateway_api import wait_for
from tests.mail_sink import MailSink, ReceivedEmail


@dataclass
class DemoEmails:
    stack: Any  # deploy/stack.py's LocalStack
    mail_sink: MailSink

    def of(self, request_id: str, kind: str | None = None) -> list[dict]:
        """The notifications service's record of the request's emails, as an operator reads it."""
        params = {"request_id": request_id, "limit": 200}
        answer = httpx.get(
            f"{self.stack.url('notifications')}/clinics/{demo.CLINIC_ID}/emails",
            params=params,
            auth=self.stack.operator_auth("notifications"),
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return [item for item in answer.json()["items"] if kind is None or item["kind"] == kind]

    def sent(self, request_id: str, kind: str, to: str) -> tuple[dict, ReceivedEmail]:
        """The one email of `kind` to `to` about the request, once it is sent, and what arrived."""

        def sent() -> dict:
            found = [item for item in self.of(request_id, kind) if item["to_address"] == to]
            assert len(found) <= 1, found
            return found and found[0]["status"] == "sent" and found[0]

        record = wait_for(sent, timeout=60)
        [arrived] = self.mail_sink.wait_for(lambda email: record["email_id"] in str(email.message["Message-ID"]))
        assert arrived.to == [to]
        return record, arrived
