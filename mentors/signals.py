"""Remembers in the session whether the person who signs in is a mentor, so the site's navigation can show
"Mon espace mentor" without a query on every page (`request.session.is_mentor` in templates)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from roubaix_incubator.core.signals import account_deletion_blockers

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
    """A mentor's account carries matches and sessions the projects rely on: the programme team ends them first."""
    from .models import Mentor

    if Mentor.objects.filter(user=user).exists():
        return [
            _(
                "Vous êtes inscrit·e comme mentor : écrivez à l'équipe du programme, qui met fin à votre "
                "engagement et supprime votre compte."
            )
        ]
    return []
