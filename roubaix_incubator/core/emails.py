"""Sending e-mails written as templates, in the recipient's language."""

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


class Attachment(NamedTuple):
    """A file sent with an e-mail; a plain `(filename, content, mimetype)` tuple works as well."""

    filename: str
    content: bytes | str
    mimetype: str


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "fr",
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
) -> None:
    """Renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language` and sends them, with
    the attachments. The subject is squeezed onto one line: a line break in a header would break the message."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
