"""Builds the notifications service from its configuration."""

from datetime import timedelta
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from clinic_notifications.adapters.notice_texts import NoticeTexts
from clinic_notifications.adapters.orm import emails, metadata
from clinic_notifications.adapters.smtp_mailer import SmtpMailer
from clinic_notifications.config import NotificationsServiceSettings
from clinic_notifications.entrypoints.background import digest_clock
from clinic_notifications.entrypoints.consumers import follow_requests_and_calendar
from clinic_notifications.entrypoints.http import router
from clinic_notifications.service_layer.composing import Composer, Links
from clinic_notifications.service_layer.delivery import Sender
from clinic_notifications.service_layer.outgoing import RetryPolicy
from servicekit.runtime import ServiceRuntime
from servicekit.settings_sync import follow_settings, settings_replica_router

MIGRATIONS = str(Path(__file__).parent / "adapters" / "migrations")


def retry_policy(settings: NotificationsServiceSettings) -> RetryPolicy:
    return RetryPolicy(
        attempts=settings.delivery_attempts,
        first=timedelta(seconds=settings.retry_first_seconds),
        longest=timedelta(seconds=settings.retry_longest_seconds),
    )


def create_app(settings: NotificationsServiceSettings | None = None) -> FastAPI:
    settings = settings or NotificationsServiceSettings()
    runtime = ServiceRuntime("notifications", settings, metadata, MIGRATIONS)
    mailer = SmtpMailer(settings)
    sender = Sender(runtime, mailer.send, retry_policy(settings), settings.delivery_poll_seconds)
    composer = Composer(
        runtime,
        NoticeTexts(),
        Links(settings.public_base_url),
        organizer_email=mailer.from_address,
        on_stored=sender.wake.set,
    )
    follow_settings(runtime)
    follow_requests_and_calendar(runtime, composer)
    runtime.metrics.rows_by_status("clinic_emails", "Emails by delivery status", runtime.sessions, emails.c.status)
    app = runtime.http_app(
        router,
        settings_replica_router(),
        title="Notifications service",
        # Stopped in reverse: the mailer's connection closes once nothing sends any more.
        background=[
            mailer.in_use,
            sender.running,
            partial(digest_clock, composer, settings.digest_hour, settings.digest_check_seconds),
        ],
    )
    app.state.sender = sender
    return app
