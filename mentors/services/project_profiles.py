"""Projects' sectors and languages, as the matching sees them (`ProjectMatchingProfile`), saved by staff for a
whole cohort at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, Membership

from ..enums import LANGUAGE_LABELS, Sector
from ..models import ProjectMatchingProfile


@transaction.atomic
def project_profiles_save(*, cohort: Cohort, profiles: dict[int, dict]) -> int:
    """`profiles` maps a membership id of the cohort to {"sectors": [...], "languages": [...]}. Every project
    keeps at least one language. Creates or updates the rows; returns how many changed. The cohort's row is locked
    so a matching run of the cohort does not read half of the new profiles."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).values_list("pk", flat=True).first()
    memberships = set(
        Membership.objects.filter(cohort=cohort, status=MembershipStatus.ACTIVE, pk__in=profiles).values_list(
            "pk", flat=True
        )
    )
    if set(profiles) - memberships:
        raise ValidationError(_("Un des projets n'est plus dans cette promotion : rechargez la page."))
    existing = {
        p.membership_id: p
        for p in ProjectMatchingProfile.objects.select_for_update().filter(membership_id__in=memberships)
    }
    changed = 0
    for membership_id, values in profiles.items():
        sectors = [s for s in dict.fromkeys(values.get("sectors") or ()) if s in Sector.values]
        languages = [code for code in dict.fromkeys(values.get("languages") or ()) if code in LANGUAGE_LABELS]
        if not languages:
            raise ValidationError({"languages": _("Choisissez au moins une langue de travail.")})
        profile = existing.get(membership_id)
        if profile is None:
            ProjectMatchingProfile.objects.create(membership_id=membership_id, sectors=sectors, languages=languages)
            changed += 1
        elif (profile.sectors, profile.languages) != (sectors, languages):
            profile.sectors, profile.languages = sectors, languages
            profile.save(update_fields=["sectors", "languages"])
            changed += 1
    return changed
