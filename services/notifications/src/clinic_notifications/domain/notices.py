"""The notices this service sends, and who may want each.

A notice tells one person one thing that happened to a request they asked for or look after. Its
kind names the template it is written with (templates/<language>/<kind>.*), so a new notice is a
kind here, its templates, and the event that makes it.
"""

from enum import StrEnum


class NoticeKind(StrEnum):
    # To the portal user who asked.
    REQUEST_RECEIVED = "request-received"
    REQUEST_REFUSED = "request-refused"
    REQUEST_MOVED = "request-moved"
    REQUEST_APPROVED = "request-approved"
    REQUEST_DECLINED = "request-declined"
    REQUEST_EXPIRED = "request-expired"
    APPOINTMENT_CANCELLED = "appointment-cancelled"
    OTHER_TIMES_OFFERED = "other-times-offered"
    OFFER_EXPIRED = "offer-expired"
    PREFERRED_TIMES_RECEIVED = "preferred-times-received"
    WAITLIST_TIME_OFFERED = "waitlist-time-offered"
    WAITLIST_OFFER_LAPSED = "waitlist-offer-lapsed"
    # To a person with a one-time link to their account: always sent, whatever their choice,
    # since it is the only way to the link (and an invited person has made no choice yet).
    ACCOUNT_INVITATION = "account-invitation"
    PASSWORD_RESET = "password-reset"
    # To schedulers who may see the patient.
    NEW_PENDING_REQUEST = "new-pending-request"
    NEW_PREFERRED_TIMES_REQUEST = "new-preferred-times-request"
    WAITING_DIGEST = "waiting-digest"


STAFF_NOTICES = frozenset(
    {NoticeKind.NEW_PENDING_REQUEST, NoticeKind.NEW_PREFERRED_TIMES_REQUEST, NoticeKind.WAITING_DIGEST}
)

# Notices whose words open an account: sent whatever the person chose, and their words are not
# kept once sent.
CARRIES_A_SECRET = frozenset({NoticeKind.ACCOUNT_INVITATION, NoticeKind.PASSWORD_RESET})


class RecipientKind(StrEnum):
    """The prefixes of the actor references ("portal:<id>", "staff:<id>")."""

    PORTAL = "portal"
    STAFF = "staff"


class Delivery(StrEnum):
    """A person's choice of what reaches them: nothing, each notice as it happens, or (staff
    only) the daily digest alone."""

    OFF = "off"
    IMMEDIATE = "immediate"
    DIGEST = "digest"


# What everyone gets until they choose: every notice meant for them.
DEFAULT_DELIVERY = Delivery.IMMEDIATE


class DigestIsForStaff(ValueError):
    """A portal user has no digest to choose: their notices are about their own requests."""


def check_delivery_choice(recipient: RecipientKind, delivery: Delivery) -> None:
    if recipient is RecipientKind.PORTAL and delivery is Delivery.DIGEST:
        raise DigestIsForStaff("Only clinic staff can choose the daily digest; choose off or immediate.")


def wants(delivery: Delivery, kind: NoticeKind) -> bool:
    """Whether a person who chose `delivery` gets a notice of `kind`: `immediate` gets each one
    (schedulers the digest too), `digest` only the digest, `off` nothing but a link to their
    own account, which nothing else can bring them."""
    if kind in CARRIES_A_SECRET:
        return True
    if delivery is Delivery.OFF:
        return False
    if delivery is Delivery.DIGEST:
        return kind is NoticeKind.WAITING_DIGEST
    return True
