from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import MembershipStatus
from ..models import ImpactReport, Membership

# The most a young social enterprise plausibly declares for one quarter; well within the columns' limits
# (jobs: small integers up to 32 767; beneficiaries and revenue: integers up to 2 147 483 647), so a typo such
# as 40 000 jobs or 3 billion euros is a clear message, never a database overflow.
IMPACT_MAXIMA = {
    "jobs_created": 1_000,
    "inclusive_jobs_created": 1_000,
    "beneficiaries": 1_000_000,
    "revenue": 100_000_000,
}


def impact_too_big_message(name: str):
    return {
        "jobs_created": _("Au plus %(limit)s emplois par trimestre : vérifiez le chiffre."),
        "inclusive_jobs_created": _("Au plus %(limit)s emplois par trimestre : vérifiez le chiffre."),
        "beneficiaries": _("Au plus %(limit)s personnes bénéficiaires par trimestre : vérifiez le chiffre."),
        "revenue": _("Au plus %(limit)s euros de chiffre d'affaires par trimestre : vérifiez le chiffre."),
    }[name] % {"limit": f"{IMPACT_MAXIMA[name]:,}".replace(",", "\u202f")}


def _current_quarter(today) -> tuple[int, int]:
    return today.year, (today.month - 1) // 3 + 1


@transaction.atomic
def impact_report_submit(
    *,
    membership: Membership,
    by,
    year: int,
    quarter: int,
    jobs_created: int,
    inclusive_jobs_created: int,
    beneficiaries: int,
    revenue: int,
    comment: str = "",
) -> ImpactReport:
    """A member declares the figures of one quarter, once; the quarter may be the current one or a past one."""
    membership = Membership.objects.select_for_update().select_related("application").get(pk=membership.pk)
    if by.pk != membership.application.applicant_id and not by.has_perm("cohorts.add_impactreport"):
        raise PermissionDenied(_("Seul le porteur du projet déclare ses chiffres."))
    if membership.status == MembershipStatus.LEFT:
        raise ValidationError(_("Ce projet a quitté la promotion : il ne déclare plus de chiffres."))
    errors = {}
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choisissez un trimestre.")
    elif (year, quarter) > _current_quarter(timezone.localdate()):
        errors["quarter"] = _("Ce trimestre n'est pas encore commencé.")
    for name, value in (
        ("jobs_created", jobs_created),
        ("inclusive_jobs_created", inclusive_jobs_created),
        ("beneficiaries", beneficiaries),
        ("revenue", revenue),
    ):
        if value is None or value < 0:
            errors[name] = _("Indiquez un nombre positif ou zéro.")
        elif value > IMPACT_MAXIMA[name]:
            errors[name] = impact_too_big_message(name)
    if (
        "jobs_created" not in errors
        and "inclusive_jobs_created" not in errors
        and inclusive_jobs_created > jobs_created
    ):
        errors["inclusive_jobs_created"] = _("Ce nombre fait partie des emplois créés : il ne peut pas le dépasser.")
    if errors:
        raise ValidationError(errors)
    already = _("Les chiffres de ce trimestre sont déjà déclarés.")
    if ImpactReport.objects.filter(membership=membership, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": already})
    try:
        with transaction.atomic():
            return ImpactReport.objects.create(
                membership=membership,
                year=year,
                quarter=quarter,
                jobs_created=jobs_created,
                inclusive_jobs_created=inclusive_jobs_created,
                beneficiaries=beneficiaries,
                revenue=revenue,
                comment=comment.strip(),
                submitted_by=by,
            )
    except IntegrityError as error:  # the same quarter sent twice in the same instant
        raise ValidationError({"quarter": already}) from error
