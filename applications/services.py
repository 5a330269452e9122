"""Every write on calls' applications. Views, forms, admin actions and tasks call these, nothing else."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from roubaix_incubator.core.filetypes import extension_of, sniff_document_type

from .enums import DRAFT_DEADLINE_PASSED, Status
from .models import Answer, Application, Attachment, Call, Question, StatusChange
from .selectors import MissingField, application_missing_fields, applications_awaiting_confirmation

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REFERRED, Status.REJECTED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.SHORTLISTED, Status.REFERRED, Status.REJECTED, Status.WITHDRAWN},
    Status.SHORTLISTED: {Status.ACCEPTED, Status.WAITLISTED, Status.REFERRED, Status.REJECTED, Status.WITHDRAWN},
    Status.WAITLISTED: {Status.ACCEPTED, Status.REFERRED, Status.REJECTED},
    Status.ACCEPTED: set(),
    Status.REFERRED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}


class InvalidTransition(Exception):
    def __init__(self, before: str, after: str):
        self.before, self.after = before, after
        super().__init__(
            _("Une candidature « %(before)s » ne peut pas passer au statut « %(after)s ».")
            % {"before": Status(before).label, "after": Status(after).label}
        )


class IncompleteApplication(ValidationError):
    def __init__(self, missing: list[MissingField]):
        self.missing = missing
        super().__init__(_("Il manque des réponses avant de pouvoir envoyer votre candidature."))


def _deadline_passed_message(call: Call) -> str:
    deadline = formats.date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
    return _(
        "La date limite de dépôt de cet appel est passée (%(deadline)s) : la candidature ne peut plus être envoyée."
    ) % {"deadline": deadline}


@transaction.atomic
def application_transition(*, application: Application, to: str, by=None, reason: str = "") -> Application:
    """The one way to change an application's status: checks the allowed moves under a row lock and keeps
    the history."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to not in ALLOWED_TRANSITIONS[application.status]:
        raise InvalidTransition(application.status, to)
    StatusChange.objects.create(application=application, before=application.status, after=to, by=by, reason=reason)
    application.status = to
    update_fields = ["status", "updated_at"]
    if to == Status.SUBMITTED:
        application.submitted_at = timezone.now()
        update_fields.append("submitted_at")
    application.save(update_fields=update_fields)
    return application


def _name_key(name: str) -> str:
    """How two project names are compared: case and Unicode form ignored, accents kept ("Épicerie" and
    "épicerie" are the same name). Done in Python because SQLite's LOWER() only lowercases ASCII."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def _duplicate_name_error() -> ValidationError:
    return ValidationError(
        {"project_name": _("Vous avez déjà une candidature pour un projet de ce nom dans cet appel.")}
    )


def _check_project_name_free(*, call: Call, applicant, project_name: str, exclude_pk=None) -> None:
    # An applicant has a handful of applications per call: comparing their names in Python costs one query.
    names = Application.objects.filter(call=call, applicant=applicant)
    if exclude_pk:
        names = names.exclude(pk=exclude_pk)
    key = _name_key(project_name)
    if any(_name_key(name) == key for name in names.values_list("project_name", flat=True)):
        raise _duplicate_name_error()


@transaction.atomic
def application_create(*, call: Call, applicant, project_name: str, **fields) -> Application:
    """Starts a draft; the call must be open now."""
    if not call.is_open():
        raise ValidationError(_deadline_passed_message(call) if call.has_closed() else _("Cet appel n'est pas encore ouvert."))
    _check_project_name_free(call=call, applicant=applicant, project_name=project_name)
    try:
        with transaction.atomic():
            return Application.objects.create(
                call=call, applicant=applicant, project_name=project_name.strip(), **fields
            )
    except IntegrityError as error:  # the same name saved by a double click in the same instant
        raise _duplicate_name_error() from error


def _ensure_editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(_("Cette candidature a déjà été envoyée : elle ne peut plus être modifiée."))
    if application.call.has_closed():
        raise ValidationError(str(DRAFT_DEADLINE_PASSED))


@transaction.atomic
def application_update(
    *, application: Application, fields: dict, neighbourhoods=None, answers: dict | None = None
) -> Application:
    """Saves one step of a draft. Empty values are allowed: completeness is checked on submission."""
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    _ensure_editable(application)
    if "project_name" in fields:
        fields["project_name"] = fields["project_name"].strip()
        _check_project_name_free(
            call=application.call,
            applicant=application.applicant,
            project_name=fields["project_name"],
            exclude_pk=application.pk,
        )
    for name, value in fields.items():
        setattr(application, name, value)
    try:
        with transaction.atomic():
            application.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as error:  # the database's own check (LOWER of the name) caught a twin saved meanwhile
        raise _duplicate_name_error() from error
    if neighbourhoods is not None:
        application.neighbourhoods.set(neighbourhoods)
    if answers:
        _save_answers(application=application, answers=answers)
    return application


def _save_answers(*, application: Application, answers: dict[Question, object]) -> None:
    for question, value in answers.items():
        if question.call_id != application.call_id:
            raise ValueError("A question of another call cannot be answered here.")
        Answer.objects.update_or_create(application=application, question=question, defaults={"value": value})


@transaction.atomic
def application_submit(*, application: Application, by) -> Application:
    """Sends a draft to the programme team. Submitting an application already sent does nothing."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.status != Status.DRAFT:
        if application.submitted_at:
            return application
        raise InvalidTransition(application.status, Status.SUBMITTED)
    if application.call.has_closed():
        raise ValidationError(_deadline_passed_message(application.call))
    missing = application_missing_fields(application=application)
    if missing:
        raise IncompleteApplication(missing)
    application = application_transition(application=application, to=Status.SUBMITTED, by=by)
    from .tasks import send_submission_confirmation_task

    # robust: a broker outage must not turn a saved submission into an error page; the failure is logged.
    transaction.on_commit(
        lambda: send_submission_confirmation_task.delay(application_id=application.pk), robust=True
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str = "") -> Application:
    """The applicant takes their application back, at any time before a decision."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Status.WITHDRAWN:
        return application
    return application_transition(application=application, to=Status.WITHDRAWN, by=by, reason=reason)


@transaction.atomic
def application_send_submission_confirmation(*, application_id: int) -> bool:
    """Sends the confirmation e-mail once, for any application that was submitted, even if its status has moved
    on since. The timestamp is claimed by a conditional update before sending, in the same transaction: a
    repeated or concurrent task claims nothing and stops; a failed send rolls the claim back, so the task's
    retry or the sweep (`reminders.submission_confirmations_send_due`) sends it later."""
    from .reminders import submission_confirmation_email

    if not applications_awaiting_confirmation().filter(pk=application_id).exists():
        return False
    # The claim filters on the row's own columns only: PostgreSQL re-checks those after a concurrent update,
    # not a join (a filter through the holder would make Django write `id IN (subquery)`, claimed twice).
    claimed = Application.objects.filter(pk=application_id, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return False
    application = Application.objects.select_related("call", "applicant").get(pk=application_id)
    submission_confirmation_email(application).send()
    return True


def _format_size(size: int) -> str:
    # "Mo" as people write it in France (Django's filesizeformat says "Mio"); the English catalogue says "MB".
    return _("%(size)s Mo") % {"size": formats.number_format(round(size / (1024 * 1024), 1), 1)}


@transaction.atomic
def attachment_add(*, application: Application, uploaded_file, kind: str) -> Attachment:
    """Adds a document to a draft after checking its size and its real type (read from its content)."""
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    _ensure_editable(application)
    name = uploaded_file.name
    if application.attachments.count() >= settings.MAX_ATTACHMENTS_PER_APPLICATION:
        raise ValidationError(
            _("Vous avez atteint le nombre maximum de documents (%(max)d). Supprimez-en un pour en ajouter un autre.")
            % {"max": settings.MAX_ATTACHMENTS_PER_APPLICATION}
        )
    if uploaded_file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Le fichier « %(name)s » est trop lourd (%(size)s). La taille maximale est de %(max)s.")
            % {"name": name, "size": _format_size(uploaded_file.size), "max": _format_size(settings.MAX_UPLOAD_SIZE)}
        )
    doc_type = sniff_document_type(uploaded_file)
    if doc_type is None:
        raise ValidationError(
            _(
                "Le fichier « %(name)s » n'est pas un document accepté. Envoyez un PDF, une image (JPEG, PNG, WebP) "
                "ou un document bureautique (Word, Excel, PowerPoint, OpenDocument)."
            )
            % {"name": name}
        )
    if extension_of(name) not in doc_type.extensions:
        raise ValidationError(
            _(
                "Le nom du fichier « %(name)s » ne correspond pas à son contenu (%(label)s). "
                "Renommez-le avec la bonne extension (.%(extension)s) ou choisissez un autre fichier."
            )
            % {"name": name, "label": doc_type.label, "extension": doc_type.extensions[0]}
        )
    return Attachment.objects.create(
        application=application,
        kind=kind,
        file=uploaded_file,
        original_name=name[:255],
        content_type=doc_type.content_type,
        size=uploaded_file.size,
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    _ensure_editable(attachment.application)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name), robust=True)
