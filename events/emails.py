"""The events' e-mails: core's templated e-mails, for one registration, with the calendar entry and the QR code
attached."""

import io

import segno
from django.conf import settings
from django.urls import reverse

from roubaix_incubator.core.emails import Attachment, absolute_url, send_templated_email

from .ics import ICS_CONTENT_TYPE, calendar_filename, event_calendar
from .models import Registration


def checkin_url(registration: Registration) -> str:
    """What the QR code opens: the staff check-in page of this person (staff only, so the number is no secret)."""
    return absolute_url(reverse("events:checkin_person", kwargs={"pk": registration.pk}))


def checkin_qr_svg(registration: Registration, *, title: str = "") -> str:
    return segno.make(checkin_url(registration), error="m").svg_inline(
        scale=5, title=title or None, svgclass="qr-code", lineclass=None
    )


def _qr_attachments(registration: Registration) -> list[Attachment]:
    """The QR code as a PNG, which every mail client shows (Gmail and Outlook do not show SVG), and as an SVG,
    sharp at any size for printing."""
    qr = segno.make(checkin_url(registration), error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=8, border=4)
    svg = b'<?xml version="1.0" encoding="utf-8"?>\n' + qr.svg_inline(scale=6).encode()
    return [
        Attachment("qr-code-accueil.png", png.getvalue(), "image/png"),
        Attachment("qr-code-accueil.svg", svg, "image/svg+xml"),
    ]


def registration_attachments(registration: Registration) -> list[Attachment]:
    """A confirmed participant gets the calendar entry and the QR code shown at the door."""
    if not registration.is_confirmed:
        return []
    return [
        Attachment(
            calendar_filename(registration.event),
            event_calendar(event=registration.event, registration=registration),
            ICS_CONTENT_TYPE,
        ),
        *_qr_attachments(registration),
    ]


def send_registration_email(
    *, registration: Registration, template: str, attachments: list[Attachment] = ()
) -> None:
    """Sends `events/emails/<template>` to the participant, in their account's language (French without one)."""
    if not registration.email:
        return
    send_templated_email(
        to=registration.email,
        template=f"events/emails/{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "manage_url": absolute_url(registration.get_absolute_url()),
            "event_url": absolute_url(registration.event.get_absolute_url()),
        },
        language=registration.user.preferred_language if registration.user_id else settings.LANGUAGE_CODE,
        attachments=attachments,
    )
