from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import DRAFT_DEADLINE_PASSED, LEFT_COHORT, STATUS_NEXT_STEP
from .models import Answer, Application, Attachment, Call, Question
from .steps import FORM_STEPS, SUPPORT, Step


def calls_open_and_upcoming(*, now=None) -> QuerySet[Call]:
    """Published calls that have not closed yet, the soonest deadline first."""
    now = now or timezone.now()
    return Call.objects.filter(is_published=True, closes_at__gt=now).order_by("closes_at")


def call_has_submissions(*, call: Call) -> bool:
    """Whether any application was ever sent to this call (whatever its status since)."""
    return Application.objects.filter(call=call, submitted_at__isnull=False).exists()


def call_get_published(*, slug: str) -> Call:
    return get_object_or_404(Call.objects.filter(is_published=True), slug=slug)


def applications_for_applicant(*, user) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=user)
        .select_related("call")
        # The cohorts app's reverse relation, named rather than imported (cohorts sits above applications): an
        # accepted project that since left its cohort says so on "Mes candidatures".
        .annotate(attachment_count=Count("attachments"), cohort_status=F("membership__status"))
        .order_by("-created_at")
    )


def application_next_step(application: Application) -> str:
    """What the status means for the applicant and what comes next, in plain French; `application.call` loaded."""
    if application.deadline_passed:
        return DRAFT_DEADLINE_PASSED
    if getattr(application, "cohort_status", None) == "left":  # annotated by `applications_for_applicant`
        return LEFT_COHORT
    return STATUS_NEXT_STEP[application.status]


def application_get_for_applicant(*, user, pk: int) -> Application:
    """The applicant's own application; anyone else gets a 404, never a 403 that would confirm it exists."""
    return get_object_or_404(Application.objects.select_related("call"), pk=pk, applicant=user)


def application_with_everything(*, application: Application) -> Application:
    return (
        Application.objects.select_related("call")
        .prefetch_related(
            "neighbourhoods",
            "attachments",
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("call__questions", queryset=Question.objects.order_by("order", "pk")),
            "status_changes",
        )
        .get(pk=application.pk)
    )


def staff_sees_only_assigned_files(user) -> bool:
    """The one rule for what a jury member sees: a staff user without `cohorts.view_all_reviews` sees only the
    files assigned to them, in every admin page and in the documents they download (the cohorts app's
    permission, named rather than imported: cohorts sits above applications)."""
    return not user.has_perm("cohorts.view_all_reviews")


def applications_visible_to_staff(*, user, queryset: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """The files `user` may open as staff: every one, or only those with a review of theirs (`reviews` is the
    cohorts app's reverse relation; one review per reviewer and file, so the join never duplicates a row)."""
    queryset = Application.objects.all() if queryset is None else queryset
    if staff_sees_only_assigned_files(user):
        queryset = queryset.filter(reviews__reviewer=user)
    return queryset


def attachment_get_for_user(
    *, user, application_pk: int, pk: int, staff_applications: QuerySet[Application] | None = None
) -> Attachment:
    """An attachment for its applicant, or for staff who can see its application (`staff_applications`: the
    files the admin shows them — a jury member only sees the files assigned to them); a 404 for anyone else."""
    attachments = Attachment.objects.select_related("application")
    if user.is_staff and user.has_perm("applications.view_application") and staff_applications is not None:
        attachments = attachments.filter(
            Q(application__applicant=user) | Q(application__in=staff_applications.values("pk"))
        )
    else:
        attachments = attachments.filter(application__applicant=user)
    return get_object_or_404(attachments, pk=pk, application_id=application_pk)


def questions_for_call(*, call: Call) -> list[Question]:
    return list(call.questions.order_by("order", "pk"))


def answers_by_question(*, application: Application) -> dict[int, object]:
    return {answer.question_id: answer.value for answer in application.answers.all()}


@dataclass(frozen=True)
class MissingField:
    step: Step
    name: str
    label: str


def _is_blank(value) -> bool:
    return value is None or value == "" or value == []


def application_missing_fields(*, application: Application) -> list[MissingField]:
    """Every required field or answer still empty, in the order of the form, with the step it lives on."""
    missing = []
    for step in FORM_STEPS:
        for name in step.required:
            if name == "neighbourhoods":
                empty = not application.neighbourhoods.all()
            else:
                empty = _is_blank(getattr(application, name))
            if empty:
                missing.append(MissingField(step, name, str(Application._meta.get_field(name).verbose_name)))
    answers = answers_by_question(application=application)
    for question in application.call.questions.all():
        if question.required and _is_blank(answers.get(question.pk)):
            missing.append(MissingField(SUPPORT, question.field_name, question.label))
    return missing



def applications_awaiting_confirmation() -> QuerySet[Application]:
    """Submitted once (whatever the status since: withdrawn, under review…), not confirmed yet, and its holder
    still has an active account to receive it."""
    return Application.objects.filter(
        submitted_at__isnull=False, confirmation_sent_at__isnull=True, applicant__is_active=True
    )
