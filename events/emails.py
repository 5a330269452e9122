"""The events' e-mails: like core's templated e-mails, with attachments (calendar entry, QR code)."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from roubaix_incubator.core.emails import absolute_url

from .ics import ICS_CONTENT_TYPE, calendar_filename, event_calendar
from .models import Registration


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def checkin_url(registration: Registration) -> str:
    """What the QR code opens: the staff check-in page of this person (staff only, so the number is no secret)."""
    return absolute_url(reverse("events:checkin_person", kwargs={"pk": registration.pk}))


def checkin_qr_svg(registration: Registration, *, title: str = "") -> str:
    return segno.make(checkin_url(registration), error="m").svg_inline(
        scale=5, title=title or None, svgclass="qr-code", lineclass=None
    )


def _qr_attachment(registration: Registration) -> Attachment:
    content = segno.make(checkin_url(registration), error="m").svg_inline(scale=6).encode()
    return Attachment("qr-code-accueil.svg", b'<?xml version="1.0" encoding="utf-8"?>\n' + content, "image/svg+xml")


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
        _qr_attachment(registration),
    ]


def send_registration_email(*, registration: Registration, template: str, attachments: list[Attachment] = ()) -> None:
    """Renders `events/emails/<template>_subject.txt`, `.txt` and `.html` for one registration and sends them."""
    if not registration.email:
        return
    language = registration.user.preferred_language if registration.user_id else settings.LANGUAGE_CODE
    context = {
        "site_url": settings.SITE_URL,
        "registration": registration,
        "event": registration.event,
        "manage_url": absolute_url(registration.get_absolute_url()),
        "event_url": absolute_url(registration.event.get_absolute_url()),
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"events/emails/{template}_subject.txt", context).split())
        text = render_to_string(f"events/emails/{template}.txt", context)
        html = render_to_string(f"events/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send()
