"""Remembers in the session whether the person who signs in is a mentor, so the site's navigation can show
"Mon espace mentor" without a query on every page (`request.session.is_mentor` in templates)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.selectors import export_fields
from roubaix_incubator.core.signals import account_data_export, account_deletion_blockers

SESSION_KEY = "is_mentor"


def remember_mentor(request, *, is_mentor: bool) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = is_mentor


@receiver(user_logged_in, dispatch_uid="mentors.remember_mentor_on_login")
def _remember_mentor_on_login(sender, request, user, **kwargs):
    from .models import Mentor

    remember_mentor(request, is_mentor=Mentor.objects.filter(user=user).exists())


@receiver(account_deletion_blockers, dispatch_uid="mentors.account_deletion_blockers")
def _mentoring_commitment(sender, user, **kwargs) -> list[str]:
    """A mentor's matches and sessions are the projects' history (`Match.mentor` is PROTECT): the programme team
    ends them first. A profile without any match (a proposal waiting or declined, a mentor never matched) goes with
    the account."""
    from .models import Match

    if Match.objects.filter(mentor__user=user).exists():
        return [
            _(
                "Vous êtes inscrit·e comme mentor : écrivez à l'équipe du programme, qui met fin à votre "
                "engagement et supprime votre compte."
            )
        ]
    return []


@receiver(account_data_export, dispatch_uid="mentors.account_data_export")
def _mentor_profile(sender, user, **kwargs) -> list[tuple[str, list[dict]]]:
    from .models import Mentor

    mentor = Mentor.objects.filter(user=user).prefetch_related("neighbourhoods").first()
    if mentor is None:
        return []
    fields = ["kind", "organisation", "bio", "neighbourhoods", "capacity_projects", "hours_per_month",
              "charter_signed_at", "status", "approved_at"]  # fmt: skip
    row = {
        **export_fields(mentor, fields),
        str(Mentor._meta.get_field("expertise").verbose_name): mentor.expertise_labels,
        str(Mentor._meta.get_field("sectors").verbose_name): mentor.sector_labels,
        str(Mentor._meta.get_field("languages").verbose_name): mentor.language_labels,
    }
    return [(_("Profil de mentor"), [row])]
