"""Mentors' profiles: invited by staff or proposed through the public form, approved, paused, charter signed."""


from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from cohorts.models import Membership
from roubaix_incubator.core.emails import absolute_url, send_templated_email

from ..enums import MatchStatus, MentorStatus
from ..models import Match, Mentor, MentorConflict, StaffNotice

PROFILE_FIELDS = (
    "kind",
    "organisation",
    "bio",
    "expertise",
    "sectors",
    "languages",
    "capacity_projects",
    "hours_per_month",
)


def _already_mentor_error() -> ValidationError:
    return ValidationError({"email": _("Cette personne a déjà un profil de mentor.")})


@transaction.atomic
def mentor_invite(*, email: str, full_name: str, by, kind: str, organisation: str = "") -> Mentor:
    """Staff invite someone as a mentor: an account without a password if there is none yet, an approved
    profile, and an e-mail with a link to choose a password (queued after the commit)."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
        # The address was typed by staff and the only way in is the link sent to it: the person who sets a
        # password has proven they read that mailbox, so allauth need not ask for a confirmation again.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif Mentor.objects.filter(user=user).exists():
        raise _already_mentor_error()
    now = timezone.now()
    mentor = Mentor.objects.create(
        user=user, kind=kind, organisation=organisation.strip(), approved=True, approved_at=now, invited_by=by
    )
    _queue_invitation(mentor.pk)
    return mentor


def _queue_invitation(mentor_id: int) -> None:
    from ..tasks import send_invitation_task

    transaction.on_commit(lambda: send_invitation_task.delay(mentor_id=mentor_id), robust=True)


@transaction.atomic
def mentor_resend_invitation(*, mentor: Mentor) -> bool:
    """Sends the invitation again (the link expires after a few days). Not for someone who already logged in."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.user.last_login is not None:
        return False
    Mentor.objects.filter(pk=mentor.pk).update(invitation_sent_at=None)
    _queue_invitation(mentor.pk)
    return True


def set_password_url(user) -> str:
    """allauth's own "choose a new password" page, with a one-time key that dies once the password is set."""
    key = default_token_generator.make_token(user)
    return absolute_url(
        reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    )


@transaction.atomic
def mentor_send_invitation(*, mentor_id: int) -> bool:
    """The invitation e-mail, once: claimed by a conditional update, rolled back if the sending fails."""
    claimed = Mentor.objects.filter(pk=mentor_id, invitation_sent_at__isnull=True).update(
        invitation_sent_at=timezone.now()
    )
    if not claimed:
        return False
    mentor = Mentor.objects.select_related("user", "invited_by").get(pk=mentor_id)
    send_templated_email(
        to=mentor.user.email,
        template="mentors/emails/invitation",
        context={
            "mentor": mentor,
            "user": mentor.user,
            "set_password_url": set_password_url(mentor.user),
            "portal_url": absolute_url(reverse("mentors:portal")),
        },
        language=mentor.user.preferred_language,
    )
    return True


@transaction.atomic
def mentor_apply(*, user, accept_charter: bool, neighbourhoods=(), **fields) -> Mentor:
    """The public "Devenir mentor" form: a profile waiting for staff approval, the charter signed."""
    if not accept_charter:
        raise ValidationError({"accept_charter": _("Pour devenir mentor, il faut accepter la charte.")})
    if Mentor.objects.filter(user=user).exists():
        raise ValidationError(_("Vous avez déjà proposé votre aide : votre profil de mentor existe."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown mentor fields: {sorted(unknown)}")
    mentor = Mentor.objects.create(user=user, charter_signed_at=timezone.now(), approved=False, **fields)
    mentor.neighbourhoods.set(neighbourhoods)
    from ..tasks import notify_staff_of_application_task

    transaction.on_commit(lambda: notify_staff_of_application_task.delay(mentor_id=mentor.pk), robust=True)
    return mentor


def staff_to_notify():
    """Who hears of a new "Devenir mentor" proposal: active staff who may change mentors (directly, through a
    group, or as superusers)."""
    permission = Permission.objects.filter(content_type__app_label="mentors", codename="change_mentor")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
        .distinct()
        .order_by("email")
    )


@transaction.atomic
def mentor_notify_staff(*, mentor_id: int) -> bool:
    """Tells the programme team a new mentor proposal waits for them, once (claimed on `staff_notified_at`): lists
    the recipients (one `StaffNotice` each) and, after the commit, queues one e-mail task per recipient. Nothing
    is sent here, so a mailbox that fails never rolls the claim back nor makes the others hear twice."""
    claimed = Mentor.objects.filter(pk=mentor_id, staff_notified_at__isnull=True, approved=False).update(
        staff_notified_at=timezone.now()
    )
    if not claimed:
        return False
    StaffNotice.objects.bulk_create(
        [StaffNotice(mentor_id=mentor_id, recipient=member) for member in staff_to_notify()],
        ignore_conflicts=True,  # rows left by a claim staff undid by hand: kept, not doubled
    )
    from ..tasks import send_staff_notice_task

    # bulk_create with ignore_conflicts does not give the ids back on every database: read them.
    pending = StaffNotice.objects.filter(mentor_id=mentor_id, sent_at__isnull=True).order_by("pk")
    for notice_id in pending.values_list("pk", flat=True):
        # A lambda, not a partial: Django logs a failing robust callback by its __qualname__, which a partial lacks.
        transaction.on_commit(
            lambda notice_id=notice_id: send_staff_notice_task.delay(notice_id=notice_id), robust=True
        )
    return True


@transaction.atomic
def mentor_send_staff_notice(*, notice_id: int) -> bool:
    """One team member's e-mail about a new mentor proposal, once: claimed on the notice's `sent_at`, rolled back
    if the sending fails (the task retries it). Not sent once the proposal is approved or gone."""
    claimed = StaffNotice.objects.filter(
        pk=notice_id, sent_at__isnull=True, mentor__approved=False, recipient__is_active=True
    ).update(sent_at=timezone.now())
    if not claimed:
        return False
    notice = StaffNotice.objects.select_related("mentor__user", "recipient").get(pk=notice_id)
    member, mentor = notice.recipient, notice.mentor
    send_templated_email(
        to=member.email,
        template="mentors/emails/new_application_staff",
        context={
            "user": member,
            "mentor": mentor,
            "url": absolute_url(reverse("admin:mentors_mentor_change", kwargs={"object_id": mentor.pk})),
        },
        language=member.preferred_language,
    )
    return True


@transaction.atomic
def mentor_update_profile(*, mentor: Mentor, fields: dict, neighbourhoods=None) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    allowed = set(PROFILE_FIELDS) | {"status"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown mentor fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(mentor, name, value)
    mentor.save(update_fields=[*fields, "updated_at"])
    if neighbourhoods is not None:
        mentor.neighbourhoods.set(neighbourhoods)
    return mentor


@transaction.atomic
def mentor_approve(*, mentor: Mentor) -> Mentor:
    """Staff approve a "Devenir mentor" proposal (even one declined before): the person gets an e-mail."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.approved:
        return mentor
    mentor.approved, mentor.approved_at = True, timezone.now()
    mentor.declined_at, mentor.decline_reason = None, ""
    mentor.save(update_fields=["approved", "approved_at", "declined_at", "decline_reason", "updated_at"])
    from ..tasks import send_approval_task

    transaction.on_commit(lambda: send_approval_task.delay(mentor_id=mentor.pk), robust=True)
    return mentor


@transaction.atomic
def mentor_decline(*, mentor: Mentor, reason: str) -> Mentor:
    """Staff decline a proposal that is waiting, with a reason the person reads in a kind e-mail. Declining twice
    does nothing; an approved mentor is paused or ended, never declined."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez en quelques mots pourquoi la proposition n'est pas retenue.")})
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.approved:
        raise ValidationError(
            _("%(name)s est déjà mentor : mettez son profil en pause plutôt que de refuser.") % {"name": mentor}
        )
    if mentor.declined_at is not None:
        return mentor
    mentor.declined_at, mentor.decline_reason = timezone.now(), reason.strip()
    mentor.save(update_fields=["declined_at", "decline_reason", "updated_at"])
    from ..tasks import send_decline_task

    transaction.on_commit(lambda: send_decline_task.delay(mentor_id=mentor.pk), robust=True)
    return mentor


@transaction.atomic
def mentor_send_approval(*, mentor_id: int) -> bool:
    """The "welcome, you are a mentor" e-mail, once; with a link to choose a password if the account has none."""
    claimed = Mentor.objects.filter(pk=mentor_id, approved=True, approval_email_sent_at__isnull=True).update(
        approval_email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    mentor = Mentor.objects.select_related("user").get(pk=mentor_id)
    user = mentor.user
    send_templated_email(
        to=user.email,
        template="mentors/emails/approved",
        context={
            "mentor": mentor,
            "user": user,
            "set_password_url": "" if user.has_usable_password() else set_password_url(user),
            "login_url": absolute_url(reverse("account_login")),
            "portal_url": absolute_url(reverse("mentors:portal")),
        },
        language=user.preferred_language,
    )
    return True


@transaction.atomic
def mentor_send_decline(*, mentor_id: int) -> bool:
    """The kind "not this time" e-mail, once, with the reason staff gave."""
    claimed = Mentor.objects.filter(
        pk=mentor_id, approved=False, declined_at__isnull=False, decline_email_sent_at__isnull=True
    ).update(decline_email_sent_at=timezone.now())
    if not claimed:
        return False
    mentor = Mentor.objects.select_related("user").get(pk=mentor_id)
    send_templated_email(
        to=mentor.user.email,
        template="mentors/emails/declined",
        context={"mentor": mentor, "user": mentor.user, "agenda_url": absolute_url(reverse("events:agenda"))},
        language=mentor.user.preferred_language,
    )
    return True


@transaction.atomic
def mentor_set_status(*, mentor: Mentor, status: str) -> Mentor:
    """Pausing keeps the mentor's running matches; they are only left out of new proposals."""
    if status not in MentorStatus.values:
        raise ValueError(status)
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.status != status:
        mentor.status = status
        mentor.save(update_fields=["status", "updated_at"])
    return mentor


@transaction.atomic
def mentor_sign_charter(*, mentor: Mentor) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.charter_signed_at is None:
        mentor.charter_signed_at = timezone.now()
        mentor.save(update_fields=["charter_signed_at", "updated_at"])
    return mentor


def _conflict_check(*, reason: str, membership, application) -> None:
    if (membership is None) == (application is None):
        raise ValidationError(_("Choisissez le projet concerné : un projet de la promotion ou une candidature."))
    if not reason.strip():
        raise ValidationError({"reason": _("Décrivez le conflit d'intérêts.")})


def _set_aside_proposals(*, conflict: MentorConflict, by) -> int:
    """Pending proposals of the mentor for the conflicted project are rejected at once; a running match is left
    to staff, who end it with the reason they choose."""
    from .matches import match_transition

    proposals = Match.objects.filter(mentor_id=conflict.mentor_id, status=MatchStatus.PROPOSED)
    if conflict.membership_id:
        proposals = proposals.filter(membership_id=conflict.membership_id)
    else:
        proposals = proposals.filter(membership__application_id=conflict.application_id)
    count = 0
    for match in proposals.order_by("pk"):
        match_transition(match=match, to=MatchStatus.REJECTED, by=by, reason=_("Conflit d'intérêts déclaré"))
        count += 1
    return count


@transaction.atomic
def conflict_declare(
    *,
    mentor: Mentor,
    reason: str,
    membership: Membership | None = None,
    application: Application | None = None,
    by=None,
) -> MentorConflict:
    """Records a conflict of interest (declared by the mentor on the portal, or recorded by staff in the admin).
    A pending proposal for that project is set aside at once; a running match is left to staff. The mentor's row
    is locked, so a confirmation running at the same time sees the conflict or is seen by it."""
    _conflict_check(reason=reason, membership=membership, application=application)
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    conflict = MentorConflict.objects.create(
        mentor=mentor, membership=membership, application=application, reason=reason.strip()
    )
    _set_aside_proposals(conflict=conflict, by=by)
    return conflict


@transaction.atomic
def conflict_update(
    *,
    conflict: MentorConflict,
    reason: str,
    membership: Membership | None = None,
    application: Application | None = None,
    by=None,
) -> MentorConflict:
    """Staff correct a recorded conflict (in the admin); if it now names another project, that project's pending
    proposal with this mentor is set aside too."""
    _conflict_check(reason=reason, membership=membership, application=application)
    list(Mentor.objects.select_for_update().filter(pk=conflict.mentor_id).values_list("pk", flat=True))
    conflict = MentorConflict.objects.select_for_update().get(pk=conflict.pk)
    conflict.membership, conflict.application, conflict.reason = membership, application, reason.strip()
    conflict.save(update_fields=["membership", "application", "reason"])
    _set_aside_proposals(conflict=conflict, by=by)
    return conflict
