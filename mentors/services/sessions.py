"""Mentoring sessions: logged by the mentor of an active match, rated by the project holder."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import SESSION_EDIT_WINDOW, MatchStatus, SessionMode, SupportNeed, Usefulness
from ..models import Match, MentoringSession


def _check_dates(*, session_date: date, next_meeting_on: date | None, today: date) -> None:
    errors = {}
    if session_date > today:
        errors["date"] = _("La séance doit avoir eu lieu : sa date ne peut pas être dans le futur.")
    if next_meeting_on is not None and next_meeting_on <= session_date:
        errors["next_meeting_on"] = _("Le prochain rendez-vous doit être après la séance.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_log(
    *,
    match: Match,
    by,
    idempotency_key: uuid.UUID,
    date: date,
    duration_minutes: int,
    mode: str = SessionMode.IN_PERSON,
    topics: list[str] = (),
    notes: str = "",
    private_notes: str = "",
    agreed_actions: str = "",
    next_meeting_on: date | None = None,
) -> tuple[MentoringSession, bool]:
    """Logs a session of an active match; returns (session, created).

    The form carries a key generated when it was shown: sending the same form twice (a slow page clicked again)
    returns the session the first click created instead of a copy. The match row is locked before the key is
    looked up, so two clicks arriving together take turns and the second one finds the first one's row."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    existing = MentoringSession.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.match_id != match.pk:
            raise ValidationError(_("Ce formulaire a déjà servi. Rechargez la page pour saisir une nouvelle séance."))
        return existing, False
    if match.status != MatchStatus.ACTIVE:
        raise ValidationError(_("Ce binôme n'est pas en cours : aucune séance ne peut y être ajoutée."))
    _check_dates(session_date=date, next_meeting_on=next_meeting_on, today=timezone.localdate())
    topics = [topic for topic in topics if topic in SupportNeed.values]
    try:
        with transaction.atomic():
            session = MentoringSession.objects.create(
                match=match,
                logged_by=by,
                idempotency_key=idempotency_key,
                date=date,
                duration_minutes=duration_minutes,
                mode=mode,
                topics=topics,
                notes=notes.strip(),
                private_notes=private_notes.strip(),
                agreed_actions=agreed_actions.strip(),
                next_meeting_on=next_meeting_on,
            )
    except IntegrityError:
        # Only a concurrent insert of the same key gets here (the match lock makes it rare outside tests).
        return MentoringSession.objects.get(idempotency_key=idempotency_key, match=match), False
    return session, True


EDITABLE_FIELDS = (
    "date",
    "duration_minutes",
    "mode",
    "topics",
    "notes",
    "private_notes",
    "agreed_actions",
    "next_meeting_on",
)


class SessionEditClosed(ValidationError):
    """The session was logged more than SESSION_EDIT_WINDOW ago: it is part of the record now."""

    def __init__(self):
        days = SESSION_EDIT_WINDOW.days
        super().__init__(
            ngettext(
                "Cette séance a été saisie il y a plus de %(days)d jour : elle ne peut plus être modifiée. Écrivez "
                "à l'équipe du programme si une correction est nécessaire.",
                "Cette séance a été saisie il y a plus de %(days)d jours : elle ne peut plus être modifiée. Écrivez "
                "à l'équipe du programme si une correction est nécessaire.",
                days,
            )
            % {"days": days}
        )


@transaction.atomic
def session_update(*, session: MentoringSession, by, **fields) -> MentoringSession:
    """The mentor who logged a session corrects it, within SESSION_EDIT_WINDOW of logging it. The holder's
    feedback stays; moving the next meeting re-arms its reminders (they are claimed per date)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    session = MentoringSession.objects.select_for_update().select_related("match__mentor").get(pk=session.pk)
    if session.match.mentor.user_id != by.pk:
        raise PermissionError("Only the session's mentor corrects it.")
    if not session.is_editable:
        raise SessionEditClosed()
    session_date = fields.get("date", session.date)
    next_meeting_on = fields.get("next_meeting_on", session.next_meeting_on)
    _check_dates(session_date=session_date, next_meeting_on=next_meeting_on, today=timezone.localdate())
    if "topics" in fields:
        fields["topics"] = [topic for topic in fields["topics"] if topic in SupportNeed.values]
    for name in ("notes", "private_notes", "agreed_actions"):
        if name in fields:
            fields[name] = fields[name].strip()
    changed = [name for name, value in fields.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, fields[name])
    if changed:
        session.save(update_fields=changed)
    return session


@transaction.atomic
def session_give_feedback(*, session: MentoringSession, by, usefulness: int, comment: str = "") -> MentoringSession:
    """The project holder says how useful the session was (1 to 4) and may comment; they can change it later."""
    session = (
        MentoringSession.objects.select_for_update().select_related("match__membership__application").get(pk=session.pk)
    )
    if session.match.membership.application.applicant_id != by.pk:
        raise PermissionError("Only the project holder rates a session.")
    if usefulness not in Usefulness.values:
        raise ValidationError({"usefulness": _("Choisissez une note de 1 à 4.")})
    session.holder_feedback_usefulness = usefulness
    session.holder_feedback_comment = comment.strip()
    session.holder_feedback_at = timezone.now()
    session.save(update_fields=["holder_feedback_usefulness", "holder_feedback_comment", "holder_feedback_at"])
    return session
