"""Each line of an event's free-text `extra_questions` becomes an optional short-text EventQuestion, and the answers
stored under the line's wording move to the question's id (as a string), so rewording a question no longer
orphans its answers.

Answers whose wording matches no current line (the question was edited since) keep their key: nothing is lost,
and the reverse leaves them as they were. The reverse writes the questions back as lines and the answers back
under the labels (a yes / no answer as "Oui" / "Non")."""

from django.db import migrations

YES_NO = {"yes": "Oui", "no": "Non"}


def _lines(text: str) -> list[str]:
    # The rule of the old `Event.extra_question_list`: one question per non-blank line, stripped.
    return [line.strip() for line in text.splitlines() if line.strip()]


def _rekey_registrations(Registration, event, rekey) -> None:
    for registration in Registration.objects.filter(event=event).only("pk", "answers"):
        if not registration.answers:
            continue
        answers = rekey(registration.answers)
        if answers != registration.answers:
            registration.answers = answers
            registration.save(update_fields=["answers"])


def extra_questions_to_rows(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventQuestion = apps.get_model("events", "EventQuestion")
    Registration = apps.get_model("events", "Registration")
    for event in Event.objects.exclude(extra_questions="").only("pk", "extra_questions"):
        ids: dict[str, str] = {}
        for order, line in enumerate(_lines(event.extra_questions)):
            if line in ids:  # a repeated line had one answer under its wording: one question
                continue
            question = EventQuestion.objects.create(
                event=event, label=line[:300], kind="short_text", required=False, order=order
            )
            ids[line] = str(question.pk)
        if ids:
            _rekey_registrations(
                Registration, event, lambda answers: {ids.get(key, key): value for key, value in answers.items()}
            )


def rows_to_extra_questions(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventQuestion = apps.get_model("events", "EventQuestion")
    Registration = apps.get_model("events", "Registration")
    for event in Event.objects.filter(pk__in=EventQuestion.objects.values("event_id")):
        questions = {str(q.pk): q for q in EventQuestion.objects.filter(event=event).order_by("order", "pk")}
        event.extra_questions = "\n".join(" ".join(q.label.split()) for q in questions.values())
        event.save(update_fields=["extra_questions"])

        def back(answers, questions=questions):
            result = {}
            for key, value in answers.items():
                question = questions.get(key)
                if question is None:
                    result[key] = value
                else:
                    label = " ".join(question.label.split())
                    result[label] = YES_NO.get(value, value) if question.kind == "yes_no" else value
            return result

        _rekey_registrations(Registration, event, back)
        EventQuestion.objects.filter(event=event).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_eventquestion"),
    ]

    operations = [
        migrations.RunPython(extra_questions_to_rows, rows_to_extra_questions, elidable=False),
    ]
