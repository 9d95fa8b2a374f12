"""Example values several test packages build their events from."""

from clinic_contracts.events import RequestPolicy

# A clinic's usual request rules: a day's notice, two months ahead, quarter-hour slots.
REQUEST_POLICY = RequestPolicy(
    minimum_notice_hours=24,
    booking_horizon_days=60,
    slot_interval_minutes=15,
    pending_request_holds_slot=True,
    pending_request_expiry_hours=72,
    max_pending_requests_per_case=3,
)
