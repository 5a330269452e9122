from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from roubaix_incubator.core.forms import add_validation_errors

from . import selectors, services
from .enums import MembershipStatus
from .forms import ImpactReportForm


@login_required
def decision_detail(request, application_pk):
    decision = selectors.decision_get_released_for_applicant(user=request.user, application_pk=application_pk)
    membership = getattr(decision.application, "membership", None)
    return render(
        request,
        "cohorts/decision_detail.html",
        {
            "decision": decision,
            "application": decision.application,
            "membership": membership,
            "has_left": membership is not None and membership.status == MembershipStatus.LEFT,
        },
    )


@login_required
def my_cohorts(request):
    memberships = list(selectors.memberships_for_member(user=request.user))
    return render(request, "cohorts/my_cohorts.html", {"memberships": memberships})


@login_required
def membership_detail(request, pk):
    membership = selectors.membership_get_for_member(user=request.user, pk=pk)
    return render(
        request,
        "cohorts/membership_detail.html",
        {
            "membership": membership,
            "cohort": membership.cohort,
            "fellows": selectors.cohort_fellow_projects(cohort=membership.cohort),
            "reports": membership.impact_reports.order_by("-year", "-quarter"),
            "can_report": membership.status != MembershipStatus.LEFT,
            "mentors": selectors.membership_active_mentors(membership=membership),
        },
    )


@login_required
def impact_report_create(request, pk):
    membership = selectors.membership_get_for_member(user=request.user, pk=pk)
    if membership.status == MembershipStatus.LEFT:
        messages.info(request, _("Ce projet a quitté la promotion : il ne déclare plus de chiffres."))
        return redirect("cohorts:membership", pk=membership.pk)
    today = timezone.localdate()
    form = ImpactReportForm(request.POST or None, initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.impact_report_submit(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Merci ! Vos chiffres du trimestre sont enregistrés."))
            return redirect("cohorts:membership", pk=membership.pk)
    return render(request, "cohorts/impact_report_form.html", {"membership": membership, "form": form})
