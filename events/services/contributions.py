from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Contribution, Registration, Table, Vote
from .errors import ContributionsClosed, format_datetime


def _ensure_can_contribute(registration: Registration, now) -> None:
    if not registration.is_confirmed:
        raise ValidationError(_("Seules les personnes inscrites (hors liste d'attente) peuvent contribuer."))
    event = registration.event
    if now < event.starts_at:
        raise ContributionsClosed(
            _("Les contributions ouvriront au début de l'événement, le %(date)s.")
            % {"date": format_datetime(event.starts_at)}
        )
    if now >= event.contributions_close_at:
        raise ContributionsClosed(
            _("Les contributions sont closes depuis le %(date)s.") % {"date": format_datetime(event.contributions_close_at)}
        )


@transaction.atomic
def contribution_post(
    *, registration: Registration, kind: str, text: str, table: Table | None = None, now=None
) -> Contribution:
    """A participant posts an idea, a need or a resource, during the event and for a week after it."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    _ensure_can_contribute(registration, now)
    if table is not None and table.event_id != registration.event_id:
        raise ValidationError({"table": _("Cette table n'appartient pas à cet événement.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Écrivez votre contribution.")})
    return Contribution.objects.create(
        event=registration.event, table=table, author=registration, kind=kind, text=text
    )


def _votable(contribution: Contribution, registration: Registration, now) -> None:
    if contribution.event_id != registration.event_id:
        raise ValidationError(_("Cette contribution appartient à un autre événement."))
    _ensure_can_contribute(registration, now)
    if not contribution.is_visible:
        raise ValidationError(_("Cette contribution n'est plus proposée au vote."))
    if contribution.author_id == registration.pk:
        raise ValidationError(_("Vous ne pouvez pas voter pour votre propre contribution."))


def contribution_vote(*, contribution: Contribution, registration: Registration, now=None) -> bool:
    """One vote per participant per contribution: voting again changes nothing. Returns whether a vote was added."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    contribution = Contribution.objects.get(pk=contribution.pk)
    _votable(contribution, registration, now)
    try:
        with transaction.atomic():
            Vote.objects.create(contribution=contribution, registration=registration)
    except IntegrityError:  # already voted, maybe by a double tap in the same instant
        return False
    return True


def contribution_unvote(*, contribution: Contribution, registration: Registration, now=None) -> bool:
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if contribution.event_id != registration.event_id:
        raise ValidationError(_("Cette contribution appartient à un autre événement."))
    _ensure_can_contribute(registration, now)
    deleted, _details = Vote.objects.filter(contribution=contribution, registration=registration).delete()
    return bool(deleted)


@transaction.atomic
def contribution_hide(*, contribution: Contribution, hidden: bool = True) -> Contribution:
    """Moderation: a hidden contribution leaves the participants' pages, the votes and the synthesis."""
    Contribution.objects.filter(pk=contribution.pk).update(hidden=hidden)
    contribution.hidden = hidden
    return contribution


@transaction.atomic
def contribution_keep(*, contribution: Contribution, kept: bool = True) -> Contribution:
    """Staff mark what they keep from the event; the synthesis lists it."""
    Contribution.objects.filter(pk=contribution.pk).update(kept_by_staff=kept)
    contribution.kept_by_staff = kept
    return contribution


@transaction.atomic
def contributions_merge(*, duplicates: list[Contribution], into: Contribution) -> Contribution:
    """Merges duplicates into one contribution: their votes move to it (one per participant, never its author's
    own), they leave the lists, and what staff kept stays kept."""
    into = Contribution.objects.select_for_update().get(pk=into.pk)
    duplicate_pks = [c.pk for c in duplicates if c.pk != into.pk]
    duplicates = list(Contribution.objects.select_for_update().filter(pk__in=duplicate_pks))
    if any(c.event_id != into.event_id for c in duplicates):
        raise ValidationError(_("On ne peut fusionner que des contributions du même événement."))
    if not duplicates:
        return into
    voters = set(into.votes.values_list("registration_id", flat=True)) | {into.author_id}
    for vote in Vote.objects.filter(contribution__in=duplicates).order_by("pk"):
        if vote.registration_id in voters:
            vote.delete()
        else:
            voters.add(vote.registration_id)
            vote.contribution = into
            vote.save(update_fields=["contribution"])
    # Earlier merges into a duplicate now point at the contribution that survives.
    Contribution.objects.filter(merged_into__in=duplicates).update(merged_into=into)
    Contribution.objects.filter(pk__in=duplicate_pks).update(merged_into=into, kept_by_staff=False)
    if any(c.kept_by_staff for c in duplicates) and not into.kept_by_staff:
        into.kept_by_staff = True
        into.save(update_fields=["kept_by_staff"])
    return into
