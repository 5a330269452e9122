"""An event's extra questions (EventQuestion): the model's checks, the move from the free-text field, the forms
(registration, the participant's changes, the walk-in at the door), the service's rules and where staff read the
answers."""

from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import ActorKind, QuestionKind
from events.forms import RegistrationDetailsForm, RegistrationForm, WalkInForm
from events.models import EventQuestion, Registration

from .factories import EventFactory, EventQuestionFactory, RegistrationFactory, registration_form_data


@pytest.fixture
def questions(event):
    """A required short text, an optional yes / no, a required single choice."""
    return SimpleNamespace(
        project=EventQuestionFactory(event=event, label="Quel est votre projet ?", required=True, order=1),
        childcare=EventQuestionFactory(
            event=event, label="Avez-vous besoin d'une garde d'enfants ?", kind=QuestionKind.YES_NO, order=2
        ),
        source=EventQuestionFactory(
            event=event,
            label="Comment avez-vous connu l'événement ?",
            kind=QuestionKind.SINGLE_CHOICE,
            choices="Par le centre social\nPar une affiche\n",
            required=True,
            order=3,
        ),
    )


# The model


@pytest.mark.parametrize("choices", ["", "Une seule réponse", "Une seule réponse\n\n   \n"])
def test_question_clean_choice_question_with_fewer_than_two_choices_refused(choices):
    question = EventQuestion(label="Votre créneau ?", kind=QuestionKind.SINGLE_CHOICE, choices=choices)
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert error.value.message_dict == {
        "choices": ["Une question à choix a besoin d'au moins deux choix possibles, un par ligne."]
    }


@pytest.mark.parametrize(
    ("kind", "choices"),
    [(QuestionKind.SINGLE_CHOICE, "Matin\nAprès-midi"), (QuestionKind.SHORT_TEXT, ""), (QuestionKind.YES_NO, "")],
)
def test_question_clean_accepts_two_choices_and_other_kinds_without_choices(kind, choices):
    EventQuestion(label="Votre créneau ?", kind=kind, choices=choices).clean()


def test_question_display_answer_reads_yes_no_in_french():
    question = EventQuestion(label="Garde d'enfants ?", kind=QuestionKind.YES_NO)
    assert [question.display_answer(value) for value in ("yes", "no", "")] == ["Oui", "Non", ""]


# The move from the free-text field (migrations 0006 to 0008)

BEFORE = ("events", "0006_eventquestion")
AFTER = ("events", "0008_remove_event_extra_questions")


@pytest.mark.django_db(transaction=True)  # the migration executor cannot run inside the test's transaction
def test_migration_turns_lines_into_questions_rekeys_answers_and_goes_back():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state(BEFORE).apps
    now = timezone.now()
    common = {"kind": "neighbourhood_meetup", "venue": "Avant-Poste", "capacity": 20, "starts_at": now,
              "ends_at": now + timedelta(hours=2)}
    event = old.get_model("events", "Event").objects.create(
        title="CaféLabo", slug="cafelabo", extra_questions="Votre projet ?\n\n  Comment nous avez-vous connus ?  \n",
        **common,
    )
    without = old.get_model("events", "Event").objects.create(title="Matinale", slug="matinale", **common)
    OldRegistration = old.get_model("events", "Registration")
    answered = OldRegistration.objects.create(
        event=event, full_name="Samia", actor_kind="resident", consent_given_at=now, token="a",
        # The second answer's question was reworded before the move: its answer keeps its key.
        answers={"Votre projet ?": "Une épicerie solidaire", "Ancienne question ?": "gardée"},
    )
    silent = OldRegistration.objects.create(
        event=event, full_name="Karim", actor_kind="resident", consent_given_at=now, token="b", answers={}
    )

    executor.loader.build_graph()
    executor.migrate([AFTER])

    project, source = EventQuestion.objects.filter(event_id=event.pk).order_by("order")
    assert [(q.label, q.kind, q.required, q.order) for q in (project, source)] == [
        ("Votre projet ?", QuestionKind.SHORT_TEXT, False, 0),
        ("Comment nous avez-vous connus ?", QuestionKind.SHORT_TEXT, False, 1),
    ]
    assert not EventQuestion.objects.filter(event_id=without.pk).exists()
    assert Registration.objects.get(pk=answered.pk).answers == {
        str(project.pk): "Une épicerie solidaire",
        "Ancienne question ?": "gardée",
    }
    assert Registration.objects.get(pk=silent.pk).answers == {}

    executor.loader.build_graph()
    executor.migrate([BEFORE])
    old = executor.loader.project_state(BEFORE).apps
    assert old.get_model("events", "Event").objects.get(pk=event.pk).extra_questions == (
        "Votre projet ?\nComment nous avez-vous connus ?"
    )
    assert old.get_model("events", "Registration").objects.get(pk=answered.pk).answers == {
        "Votre projet ?": "Une épicerie solidaire",
        "Ancienne question ?": "gardée",
    }
    assert not old.get_model("events", "EventQuestion").objects.exists()

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_permissions_migration_gives_question_permissions_to_whoever_changes_events(db):
    migration = import_module("events.migrations.0009_eventquestion_permissions")
    state = MigrationExecutor(connection).loader.project_state(("events", "0009_eventquestion_permissions"))
    editors = Group.objects.create(name="Équipe événements")
    editors.permissions.add(Permission.objects.get(content_type__app_label="events", codename="change_event"))
    readers = Group.objects.create(name="Lecture seule")
    readers.permissions.add(Permission.objects.get(content_type__app_label="events", codename="view_event"))

    for _ in range(2):  # running it again changes nothing
        migration.grant(state.apps, SimpleNamespace(connection=connection))

    assert set(editors.permissions.values_list("codename", flat=True)) == {
        "change_event", "add_eventquestion", "change_eventquestion", "delete_eventquestion", "view_eventquestion"
    }
    assert set(readers.permissions.values_list("codename", flat=True)) == {"view_event"}


# The registration form


def test_registration_form_builds_one_field_per_question(event, questions):
    form = RegistrationForm(event=event)
    fields = {name: form.fields[name] for name in form.fields if name.startswith("question_")}
    assert [(field.label, field.required, type(field.widget).__name__) for field in fields.values()] == [
        ("Quel est votre projet ?", True, "TextInput"),
        ("Avez-vous besoin d'une garde d'enfants ?", False, "RadioSelect"),
        ("Comment avez-vous connu l'événement ?", True, "RadioSelect"),
    ]
    assert list(fields[questions.childcare.field_name].choices) == [("yes", "Oui"), ("no", "Non")]
    assert list(fields[questions.source.field_name].choices) == [
        ("Par le centre social", "Par le centre social"), ("Par une affiche", "Par une affiche")
    ]
    assert list(form.fields)[-1] == "consent"


def test_register_required_question_missing_shows_french_error_and_keeps_what_was_typed(client, event, questions):
    response = client.post(
        reverse("events:register", args=[event.slug]),
        registration_form_data(**{questions.source.field_name: "Par une affiche", questions.childcare.field_name: "yes"}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {questions.project.field_name: ["Répondez à cette question."]}
    assert form[questions.source.field_name].value() == "Par une affiche"
    assert form["full_name"].value() == "Samia Benali"
    page = response.content.decode()
    assert f'name="{questions.source.field_name}" value="Par une affiche"  id="id_{questions.source.field_name}_1" required checked>' in page
    assert f'<a href="#id_{questions.project.field_name}">Quel est votre projet ?</a> : Répondez à cette question.' in page
    assert not Registration.objects.exists()


def test_register_choice_outside_the_list_is_refused_in_french(client, event, questions):
    response = client.post(
        reverse("events:register", args=[event.slug]),
        registration_form_data(**{questions.project.field_name: "Un garage", questions.source.field_name: "Par la radio"}),
    )
    assert response.context["form"].errors[questions.source.field_name] == ["Choisissez une des réponses proposées."]


def test_register_stores_answers_keyed_by_question_id(client, event, questions):
    response = client.post(
        reverse("events:register", args=[event.slug]),
        registration_form_data(
            **{
                questions.project.field_name: "  Un garage solidaire  ",
                questions.childcare.field_name: "no",
                questions.source.field_name: "Par le centre social",
            }
        ),
    )
    assert response.status_code == 302
    assert Registration.objects.get().answers == {
        str(questions.project.pk): "Un garage solidaire",
        str(questions.childcare.pk): "no",
        str(questions.source.pk): "Par le centre social",
    }


def test_register_page_shows_the_questions(client, event, questions):
    page = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "Questions de l'équipe" in page
    assert "Avez-vous besoin d&#x27;une garde d&#x27;enfants ?" in page


# The participant's changes


def test_change_form_is_prefilled_with_the_answers_even_after_a_rewording(client, event, questions):
    registration = RegistrationFactory(
        event=event, answers={str(questions.project.pk): "Une épicerie", str(questions.childcare.pk): "yes"}
    )
    questions.project.label = "Quel projet portez-vous ?"
    questions.project.save()

    form = client.get(registration.get_absolute_url()).context["details_form"]

    assert form.fields[questions.project.field_name].label == "Quel projet portez-vous ?"
    assert form[questions.project.field_name].value() == "Une épicerie"
    assert form[questions.childcare.field_name].value() == "yes"
    assert form[questions.source.field_name].value() is None


def test_changing_details_keeps_the_answers(client, event, questions):
    answers = {
        str(questions.project.pk): "Une épicerie",
        str(questions.childcare.pk): "yes",
        str(questions.source.pk): "Par une affiche",
        "Ancienne question ?": "gardée",  # moved from the free-text field, its question reworded before
    }
    registration = RegistrationFactory(event=event, answers=answers)
    form = RegistrationDetailsForm(instance=registration, event=event)
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["full_name"] = "Samia B."

    response = client.post(registration.get_absolute_url(), data)

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.full_name, registration.answers) == ("Samia B.", answers)


def test_changing_details_without_a_required_answer_is_refused(client, event, questions):
    registration = RegistrationFactory(event=event, answers={str(questions.source.pk): "Par une affiche"})
    response = client.post(
        registration.get_absolute_url(),
        registration_form_data(**{questions.source.field_name: "Par une affiche", questions.childcare.field_name: "no"}),
    )
    assert response.status_code == 200
    assert response.context["details_form"].errors == {questions.project.field_name: ["Répondez à cette question."]}
    assert response.context["details_form"][questions.childcare.field_name].value() == "no"
    registration.refresh_from_db()
    assert registration.answers == {str(questions.source.pk): "Par une affiche"}


def test_registration_update_replaces_the_answers_to_the_events_questions(event, questions):
    registration = RegistrationFactory(
        event=event,
        answers={str(questions.project.pk): "Une épicerie", str(questions.childcare.pk): "yes"},
    )
    services.registration_update(
        registration=registration,
        fields={"answers": {str(questions.project.pk): "Un garage", str(questions.source.pk): "Par une affiche"}},
    )
    registration.refresh_from_db()
    assert registration.answers == {str(questions.project.pk): "Un garage", str(questions.source.pk): "Par une affiche"}


# The service


def test_registration_create_refuses_a_missing_required_answer(event, questions):
    with pytest.raises(ValidationError) as error:
        services.registration_create(
            event=event, full_name="Samia", email="samia@example.org", actor_kind=ActorKind.RESIDENT, consent=True,
            answers={str(questions.source.pk): "Par une affiche"},
        )
    assert error.value.message_dict == {questions.project.field_name: ["Répondez à cette question."]}
    assert not Registration.objects.exists()


def test_registration_create_keeps_only_this_events_questions(event, questions):
    other = EventQuestionFactory(event=EventFactory(), label="Ailleurs ?")
    registration = services.registration_create(
        event=event, full_name="Samia", email="samia@example.org", actor_kind=ActorKind.RESIDENT, consent=True,
        answers={
            questions.project.pk: "Un garage",  # an int key is read as the id it is
            str(questions.source.pk): "Par une affiche",
            str(other.pk): "Intrus",
            str(questions.childcare.pk): "   ",
        },
    )
    assert registration.answers == {str(questions.project.pk): "Un garage", str(questions.source.pk): "Par une affiche"}


# The walk-in at the door


def test_walk_in_form_shows_the_questions_without_requiring_them(event, questions):
    form = WalkInForm(event=event)
    assert [(form.fields[q.field_name].label, form.fields[q.field_name].required) for q in vars(questions).values()] == [
        ("Quel est votre projet ?", False),
        ("Avez-vous besoin d'une garde d'enfants ?", False),
        ("Comment avez-vous connu l'événement ?", False),
    ]
    assert list(form.fields)[-1] == "consent"


def test_walk_in_without_answers_registers_and_with_answers_keeps_them(staff_client, event, questions):
    url = reverse("events:walk_in", args=[event.slug])
    assert "Quel est votre projet ?" in staff_client.get(url).content.decode()
    base = {"full_name": "Jean-Christophe L.", "email": "", "organisation": "", "actor_kind": ActorKind.CULTURAL,
            "neighbourhood": "", "consent": "on"}

    assert staff_client.post(url, base).status_code == 302
    assert staff_client.post(url, {**base, "full_name": "Awa D.", questions.childcare.field_name: "yes"}).status_code == 302

    assert dict(Registration.objects.values_list("full_name", "answers")) == {
        "Jean-Christophe L.": {},
        "Awa D.": {str(questions.childcare.pk): "yes"},
    }


# Where staff read the answers


@pytest.fixture
def answered(event, questions):
    return RegistrationFactory(
        event=event,
        answers={
            str(questions.project.pk): "Une épicerie solidaire",
            str(questions.childcare.pk): "yes",
            "Ancienne question ?": "gardée",
        },
    )


def test_checkin_person_page_shows_the_answers(staff_client, answered, questions):
    page = staff_client.get(reverse("events:checkin_person", args=[answered.pk])).content.decode()
    assert "<dt>Quel est votre projet ?</dt><dd>Une épicerie solidaire</dd>" in page
    assert "<dt>Avez-vous besoin d&#x27;une garde d&#x27;enfants ?</dt><dd>Oui</dd>" in page
    assert "Comment avez-vous connu" not in page  # unanswered


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="equipe@ville-roubaix.test", password="x"))
    return client


def test_registration_admin_lists_the_answers_readably(superuser_client, answered):
    page = superuser_client.get(reverse("admin:events_registration_change", args=[answered.pk])).content.decode()
    assert (
        '<ul class="mb-0"><li>Quel est votre projet ? : Une épicerie solidaire</li>'
        "<li>Avez-vous besoin d&#x27;une garde d&#x27;enfants ? : Oui</li>"
        "<li>Ancienne question ? : gardée</li></ul>"
    ) in page
    assert "{&quot;" not in page  # no raw JSON


def _event_change_data(client, event) -> dict:
    """The event's admin form as the page sends it, without the inlines' rows."""
    form = client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for name in ("starts_at", "ends_at"):
        value = timezone.localtime(data.pop(name))
        data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%d/%m/%Y"), value.strftime("%H:%M:%S")
    for name in ("registration_opens_at", "registration_closes_at", "neighbourhood", "cohort"):
        data.pop(name, None)
    data["published"] = "on"
    data.update({"tables-TOTAL_FORMS": "0", "tables-INITIAL_FORMS": "0"})
    return data


def test_admin_inline_adds_a_question_and_refuses_a_choice_question_with_one_choice(superuser_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    page = superuser_client.get(url).content.decode()
    assert 'name="questions-TOTAL_FORMS"' in page
    question = {
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-order": "1",
        "questions-0-label": "Quel créneau vous convient ?",
        "questions-0-help_text": "",
        "questions-0-kind": QuestionKind.SINGLE_CHOICE,
        "questions-0-required": "on",
        "questions-0-choices": "Le matin",
    }
    data = _event_change_data(superuser_client, event)

    refused = superuser_client.post(url, {**data, **question})

    assert refused.status_code == 200
    assert "Une question à choix a besoin d&#x27;au moins deux choix possibles, un par ligne." in refused.content.decode()
    assert not EventQuestion.objects.exists()

    accepted = superuser_client.post(url, {**data, **question, "questions-0-choices": "Le matin\nL'après-midi"})

    assert accepted.status_code == 302
    [saved] = EventQuestion.objects.all()
    assert (saved.event, saved.label, saved.kind, saved.required, saved.choice_list()) == (
        event, "Quel créneau vous convient ?", QuestionKind.SINGLE_CHOICE, True, ["Le matin", "L'après-midi"]
    )
