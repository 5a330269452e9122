from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..enums import MANAGE_LINK_RESEND_INTERVAL, REMINDER_BEFORE, YES_NO_ANSWERS, QuestionKind, RegistrationStatus
from ..models import Event, EventQuestion, Registration
from .errors import AlreadyRegistered, RegistrationClosed, format_datetime

EDITABLE_FIELDS = {"full_name", "organisation", "actor_kind", "neighbourhood", "accessibility_needs", "answers"}


def _queue(task_name: str, **kwargs) -> None:
    """Queues an e-mail task once the transaction has committed (a rolled-back change sends nothing).

    robust: a broker outage must not turn a saved registration into an error page; the failure is logged and the
    beat job (`reminders_send_due`) sends what was never sent."""
    from .. import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(**kwargs), robust=True)


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _reminder_already_covered(event: Event, now) -> bool:
    # Someone who registers (or leaves the waitlist) less than two days before gets no separate reminder:
    # the e-mail they receive now is the reminder.
    return now >= event.starts_at - REMINDER_BEFORE


def _check_window(event: Event, now) -> None:
    if not event.published:
        raise RegistrationClosed(_("Les inscriptions à cet événement ne sont pas ouvertes."))
    if event.registration_not_open_yet(now):
        raise RegistrationClosed(
            _("Les inscriptions ouvriront le %(opens)s (heure de Paris) et fermeront le %(closes)s.")
            % {"opens": format_datetime(event.registration_opens_at), "closes": format_datetime(event.registration_deadline)}
        )
    if event.registration_has_closed(now):
        raise RegistrationClosed(
            _("Les inscriptions sont closes depuis le %(closes)s (heure de Paris).")
            % {"closes": format_datetime(event.registration_deadline)}
        )


def _active_registration_id(event: Event, email: str) -> int | None:
    if not email:
        return None
    return (
        Registration.objects.annotate(lower_email=Lower("email"))
        .filter(event=event, lower_email=email.lower())
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("pk", flat=True)
        .first()
    )


def _questions(event_id: int) -> list[EventQuestion]:
    return list(EventQuestion.objects.filter(event_id=event_id).order_by("order", "pk"))


def _clean_answers(*, questions: list[EventQuestion], answers: dict, require: bool) -> dict[str, str]:
    """The answers to the event's questions, keyed by the question's id as a string, blank ones left out.

    Keys that are not a question of this event are dropped (a question deleted meanwhile). With `require`, a
    required question left blank is refused; a choice outside the choices offered always is. Staff at the door
    register with `require=False`: nobody waits outside for a questionnaire."""
    given = {str(key): value for key, value in (answers or {}).items()}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = given.get(question.answer_key)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            if require and question.required:
                errors[question.field_name] = _("Répondez à cette question.")
            continue
        if question.kind == QuestionKind.SINGLE_CHOICE and value not in question.choice_list():
            errors[question.field_name] = _("Choisissez une des réponses proposées.")
        elif question.kind == QuestionKind.YES_NO and value not in YES_NO_ANSWERS:
            errors[question.field_name] = _("Répondez par oui ou par non.")
        else:
            cleaned[question.answer_key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_place(event: Event) -> tuple[str, int | None]:
    """Confirmed while seats remain and nobody waits; otherwise the next place on the waitlist."""
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        last_position=Max("waitlist_position"),
    )
    if counts["last_position"] is None and counts["confirmed"] < event.capacity:
        return RegistrationStatus.CONFIRMED, None
    return RegistrationStatus.WAITLISTED, (counts["last_position"] or 0) + 1


def _renumber_waitlist(event: Event) -> None:
    """Positions 1..n with no gap. Rows move one by one in ascending order, so each lands on a free position
    and the unique (event, position) constraint holds at every step, on every database."""
    waiting = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )
    for expected, (pk, position) in enumerate(list(waiting), start=1):
        if position != expected:
            Registration.objects.filter(pk=pk).update(waitlist_position=expected, updated_at=timezone.now())


def _fill_from_waitlist(event: Event, now) -> list[Registration]:
    """Gives free seats to the first people waiting, tells them by e-mail, and closes the gaps in the waitlist.
    Once the event has started nobody is promoted: "a seat is free" would come too late (staff let people in at
    the door instead). The caller holds the event's row lock."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    free = event.capacity - confirmed
    promoted = []
    if free > 0 and now < event.starts_at:
        promoted = list(
            event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_position")[:free]
        )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.promoted_at = now
        fields = ["status", "waitlist_position", "promoted_at", "updated_at"]
        if _reminder_already_covered(event, now):
            registration.reminder_sent_for = event.starts_at
            fields.append("reminder_sent_for")
        registration.save(update_fields=fields)
        _queue("send_promotion_task", registration_id=registration.pk)
    _renumber_waitlist(event)
    return promoted


def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    actor_kind: str,
    consent: bool,
    organisation: str = "",
    neighbourhood=None,
    accessibility_needs: str = "",
    answers: dict | None = None,
    user=None,
    now=None,
) -> Registration:
    """Registers someone, with or without an account: a seat while there is one, else the waitlist.

    An e-mail already registered for the event is refused (AlreadyRegistered) and its manage link is sent again. A
    cohort-only event takes the members of its cohort only (RegistrationClosed, code "cohort_only")."""
    try:
        return _registration_create(
            event=event,
            full_name=full_name,
            email=email,
            actor_kind=actor_kind,
            consent=consent,
            organisation=organisation,
            neighbourhood=neighbourhood,
            accessibility_needs=accessibility_needs,
            answers=answers or {},
            user=user,
            now=now or timezone.now(),
        )
    except AlreadyRegistered as error:
        existing = Registration.objects.filter(pk=error.registration_id).values(
            "status", "waitlist_position", "manage_link_sent_at"
        ).first() or {"status": "", "waitlist_position": None, "manage_link_sent_at": None}
        sent_at = existing["manage_link_sent_at"]
        link_resent = sent_at is None or sent_at <= (now or timezone.now()) - MANAGE_LINK_RESEND_INTERVAL
        if link_resent:
            # Outside the rolled-back transaction, so the e-mail does go (the task checks the interval again).
            _queue("send_manage_link_task", registration_id=error.registration_id)
        raise AlreadyRegistered(
            error.registration_id,
            waitlisted=existing["status"] == RegistrationStatus.WAITLISTED,
            waitlist_position=existing["waitlist_position"],
            link_resent=link_resent,
        ) from None


@transaction.atomic
def _registration_create(*, event, full_name, email, actor_kind, consent, organisation, neighbourhood,
                         accessibility_needs, answers, user, now) -> Registration:
    if not consent:
        raise ValidationError({"consent": _("Votre accord est nécessaire pour vous inscrire.")})
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Indiquez votre adresse e-mail.")})
    event = _lock_event(event.pk)
    if event.is_cohort_only and not selectors.user_may_register(event=event, user=user or AnonymousUser()):
        raise RegistrationClosed(_("Cet événement est réservé aux membres de sa promotion."), code="cohort_only")
    _check_window(event, now)
    existing_id = _active_registration_id(event, email)
    if existing_id:
        raise AlreadyRegistered(existing_id)
    answers = _clean_answers(questions=_questions(event.pk), answers=answers, require=True)
    status, position = _next_place(event)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                user=user if user is not None and user.is_authenticated else None,
                full_name=full_name.strip(),
                email=email,
                organisation=organisation.strip(),
                actor_kind=actor_kind,
                neighbourhood=neighbourhood,
                accessibility_needs=accessibility_needs.strip(),
                answers=answers,
                consent_given_at=now,
                status=status,
                waitlist_position=position,
                schedule_known_for=event.starts_at,
                reminder_sent_for=event.starts_at if _reminder_already_covered(event, now) else None,
            )
    except IntegrityError as error:  # cannot happen under the lock; kept as the last line of defence
        existing_id = _active_registration_id(event, email)
        if existing_id:
            raise AlreadyRegistered(existing_id) from error
        raise
    _queue("send_confirmation_task", registration_id=registration.pk)
    return registration


@transaction.atomic
def registration_update(*, registration: Registration, fields: dict) -> Registration:
    """The participant changes their details. The e-mail and the status are not changed here."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable by the participant: {sorted(unknown)}")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        raise ValidationError(_("Cette inscription est annulée : elle ne peut plus être modifiée."))
    if "answers" in fields:
        # Every question of the event is on the form, so the new answers replace the old ones; an answer kept
        # under a key that is no question of the event (see migration 0007) stays.
        questions = _questions(registration.event_id)
        question_keys = {question.answer_key for question in questions}
        kept = {key: value for key, value in (registration.answers or {}).items() if key not in question_keys}
        fields = {
            **fields,
            "answers": {**kept, **_clean_answers(questions=questions, answers=fields["answers"], require=True)},
        }
    for name, value in fields.items():
        setattr(registration, name, value.strip() if isinstance(value, str) else value)
    registration.save(update_fields=[*fields, "updated_at"])
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, now=None) -> Registration:
    """Cancels a registration; a freed seat goes to the first person waiting, who is told by e-mail.
    Cancelling a cancelled registration does nothing."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.table = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waitlist_position", "table", "cancelled_at", "updated_at"])
    _fill_from_waitlist(event, now)
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, now=None) -> Registration:
    """Marks the person as arrived; doing it again changes nothing. Someone on the waitlist who is let in at the
    door (the staff's call) leaves the waitlist."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        raise ValidationError(_("Cette inscription est annulée."))
    if registration.checked_in_at:
        return registration
    registration.checked_in_at = now
    fields = ["checked_in_at", "updated_at"]
    if registration.is_waitlisted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        fields += ["status", "waitlist_position"]
    registration.save(update_fields=fields)
    if "status" in fields:
        _renumber_waitlist(event)
    return registration


@transaction.atomic
def registration_undo_check_in(*, registration: Registration) -> Registration:
    """Corrects a mistaken tap at the door."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.checked_in_at is not None:
        registration.checked_in_at = None
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def registration_walk_in(
    *,
    event: Event,
    full_name: str,
    actor_kind: str,
    email: str = "",
    organisation: str = "",
    neighbourhood=None,
    accessibility_needs: str = "",
    answers: dict | None = None,
    now=None,
) -> tuple[Registration, bool]:
    """Registers and checks in someone who comes to the door. The person is here: the seat count does not stop
    them, staff decide at the door. An e-mail already registered is simply checked in.

    The event's questions are asked but never required. Returns the registration and whether it is new (someone
    already registered keeps their details and answers)."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    event = _lock_event(event.pk)
    existing_id = _active_registration_id(event, email)
    if existing_id:
        return registration_check_in(registration=Registration.objects.get(pk=existing_id), now=now), False
    registration = Registration.objects.create(
        event=event,
        full_name=full_name.strip(),
        email=email,
        organisation=organisation.strip(),
        actor_kind=actor_kind,
        neighbourhood=neighbourhood,
        accessibility_needs=accessibility_needs.strip(),
        answers=_clean_answers(questions=_questions(event.pk), answers=answers or {}, require=False),
        consent_given_at=now,
        status=RegistrationStatus.CONFIRMED,
        walk_in=True,
        checked_in_at=now,
        schedule_known_for=event.starts_at,
        reminder_sent_for=event.starts_at,
    )
    if email:
        # The e-mail carries the private link: walk-ins contribute and vote like everyone else.
        _queue("send_confirmation_task", registration_id=registration.pk)
    return registration, True
