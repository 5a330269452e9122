"""The mentors of the demo programme (for `manage.py load_demo`, which the demo's owner wires in). Safe to run
again: nothing is duplicated.

Four mentors with verified accounts (one paused, one still to approve), the projects' sectors and languages (as
suggested by their applications), the matching run on the running cohort,
the first proposals confirmed, and a few sessions logged — so the portal, the holder's page and the staff
follow-up have something to show. Confirming sends the introduction e-mails (printed to the console in `make run`).
"""

import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from roubaix_incubator.core.models import Neighbourhood

from . import selectors, services
from .enums import MentorKind, MentorStatus, SessionMode
from .models import Match, Mentor

MENTORS = [
    # e-mail, full name, kind, organisation, expertise, sectors, languages, neighbourhoods, capacity, extra
    (
        "marraine@demo.roubaix-innovation.fr",
        "Hélène Verhaeghe",
        MentorKind.LENT,
        "Crédit Coopératif",
        ["funding", "business_model", "legal_structure"],
        ["food", "retail"],
        ["fr", "en"],
        ["alma", "epeule"],
        2,
        {},
    ),
    (
        "parrain@demo.roubaix-innovation.fr",
        "Rachid Bouzid",
        MentorKind.VOLUNTEER,
        "Ancien directeur de centre social",
        ["partnerships", "hr", "impact"],
        ["employment", "education"],
        ["fr", "ar"],
        ["pile", "alma"],
        2,
        {},
    ),
    (
        "experte@demo.roubaix-innovation.fr",
        "Marie Desmet",
        MentorKind.PAID_EXPERT,
        "Cabinet Desmet Conseil",
        ["marketing", "digital", "sales"],
        ["textile", "culture"],
        ["fr", "nl"],
        [],
        1,
        {"status": MentorStatus.PAUSED},
    ),
    (
        "candidat-mentor@demo.roubaix-innovation.fr",
        "Thomas Lemaire",
        MentorKind.VOLUNTEER,
        "",
        ["premises"],
        ["housing"],
        ["fr"],
        ["epeule"],
        1,
        {"approved": False},
    ),
]


@transaction.atomic
def load_demo(*, cohort: Cohort, by, password: str) -> list[Mentor]:
    User = get_user_model()
    mentors = []
    for email, name, kind, organisation, expertise, sectors, languages, hoods, capacity, extra in MENTORS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        approved = extra.get("approved", True)
        mentor, created = Mentor.objects.get_or_create(
            user=user,
            defaults={
                "kind": kind,
                "organisation": organisation,
                "bio": "",
                "expertise": expertise,
                "sectors": sectors,
                "languages": languages,
                "capacity_projects": capacity,
                "hours_per_month": 3,
                "charter_signed_at": timezone.now(),
                "status": extra.get("status", MentorStatus.ACTIVE),
                "approved": approved,
                "approved_at": timezone.now() if approved else None,
                "invited_by": by if approved else None,
            },
        )
        if created:
            mentor.neighbourhoods.set(Neighbourhood.objects.filter(slug__in=hoods))
        mentors.append(mentor)

    if Match.objects.filter(membership__cohort=cohort).exists():
        return mentors
    # The projects' sectors and languages, as staff would confirm them on the cohort's "Secteurs et langues"
    # page: what their application suggests (kept if already saved).
    profiles = {}
    for membership in selectors.cohort_project_profiles(cohort=cohort):
        initial, _suggested = selectors.project_profile_initial(membership=membership)
        profiles[membership.pk] = initial
    services.project_profiles_save(cohort=cohort, profiles=profiles)
    result = services.matching_run(cohort=cohort, by=by)
    today = timezone.localdate()
    for index, match in enumerate(result.proposed[:2]):
        match = services.match_confirm(match=match, by=by)
        Match.objects.filter(pk=match.pk).update(confirmed_at=timezone.now() - timedelta(days=60))
        services.session_log(
            match=match,
            by=match.mentor.user,
            idempotency_key=uuid.uuid4(),
            date=today - timedelta(days=45 - 20 * index),
            duration_minutes=90,
            mode=SessionMode.IN_PERSON,
            topics=["funding", "business_model"],
            notes="Premier rendez-vous : tour du projet, des chiffres et des envies.",
            agreed_actions="Préparer un budget prévisionnel sur 12 mois.",
            next_meeting_on=today + timedelta(days=1) if index else None,
        )
    return mentors
