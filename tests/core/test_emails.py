from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from roubaix_incubator.core.emails import Attachment, send_templated_email

TEMPLATES = {
    # A subject template spread over lines, as template tags tend to make them.
    "mail/hello_subject.txt": "\nRendez-vous le\n  {{ day|date:'j F' }}\n",
    "mail/hello.txt": "{% load i18n %}{% get_current_language as lang %}[{{ lang }}] {{ day|date:'j F Y' }} {{ site_url }}",
    "mail/hello.html": "{% load i18n %}{% get_current_language as lang %}<p lang=\"{{ lang }}\">{{ day|date:'j F Y' }}</p>",
}


@pytest.fixture(autouse=True)
def _mail_templates(settings, tmp_path):
    for name, content in TEMPLATES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://innovation-sociale.roubaix.test"


def send(**extra):
    send_templated_email(to="nadia@example.org", template="mail/hello", context={"day": date(2026, 3, 7)}, **extra)
    [message] = mail.outbox
    return message


def test_templated_email_has_a_one_line_subject_and_text_and_html_parts():
    message = send()
    assert message.subject == "Rendez-vous le 7 mars"
    assert message.to == ["nadia@example.org"]
    assert message.body == "[fr] 7 mars 2026 https://innovation-sociale.roubaix.test"
    assert message.alternatives == [('<p lang="fr">7 mars 2026</p>', "text/html")]
    assert message.attachments == []


def test_templated_email_in_the_recipients_language():
    with translation.override("fr"):
        message = send(language="en")
        assert translation.get_language() == "fr"  # the page being served stays in its own language
    assert message.subject == "Rendez-vous le 7 March"
    assert message.body.startswith("[en] 7 March 2026")
    assert message.alternatives[0].content == '<p lang="en">7 March 2026</p>'


def test_templated_email_carries_the_attachments():
    message = send(
        attachments=[
            Attachment("rendez-vous.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
            ("note.txt", "À bientôt", "text/plain"),
        ]
    )
    assert [(name, mimetype) for name, _content, mimetype in message.attachments] == [
        ("rendez-vous.ics", "text/calendar"),
        ("note.txt", "text/plain"),
    ]
    assert message.attachments[1][1] == "À bientôt"
    raw = message.message()
    assert raw.get_content_type() == "multipart/mixed"
    assert 'filename="rendez-vous.ics"' in raw.as_string()
