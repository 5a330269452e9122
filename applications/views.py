from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roubaix_incubator.core.files import private_file_response
from roubaix_incubator.core.forms import add_validation_errors

from . import selectors, services
from .enums import DRAFT_DEADLINE_PASSED
from .forms import AttachmentForm, NewApplicationForm, QuestionsForm, WithdrawForm, step_form_class
from .steps import DOCUMENTS, REVIEW, STEPS, STEPS_BY_SLUG, step_after, step_before, step_number


def home(request):
    return render(request, "applications/home.html", {"calls": selectors.calls_open_and_upcoming()})


def call_list(request):
    return render(request, "applications/call_list.html", {"calls": selectors.calls_open_and_upcoming()})


def call_detail(request, slug):
    call = selectors.call_get_published(slug=slug)
    return render(request, "applications/call_detail.html", {"call": call, "is_open": call.is_open()})


@login_required
def application_start(request, slug):
    call = selectors.call_get_published(slug=slug)
    if not call.is_open() and not call.has_closed():
        opens = formats.date_format(timezone.localtime(call.opens_at), "DATETIME_FORMAT")
        messages.info(
            request,
            _("Cet appel ouvrira le %(date)s (heure de Paris) : vous pourrez candidater à partir de cette date.")
            % {"date": opens},
        )
        return redirect(call)
    form = NewApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(call=call, applicant=request.user, **form.step_values())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Votre brouillon est enregistré. Vous pouvez continuer maintenant ou plus tard."))
            return redirect("applications:step", pk=application.pk, step=step_after(STEPS[0]).slug)
    return render(
        request,
        "applications/step.html",
        {"call": call, "form": form, "step": STEPS[0], "steps": STEPS, "step_number": 1, "is_open": call.is_open()},
    )


@login_required
def dashboard(request):
    applications = selectors.applications_for_applicant(user=request.user)
    rows = [(application, selectors.application_next_step(application)) for application in applications]
    return render(request, "applications/dashboard.html", {"rows": rows})


@login_required
def application_detail(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    application = selectors.application_with_everything(application=application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "next_step": selectors.application_next_step(application),
            "answers": _answers_in_order(application),
        },
    )


def _answers_in_order(application):
    by_question = {answer.question_id: answer for answer in application.answers.all()}
    return [(question, by_question.get(question.pk)) for question in application.call.questions.all()]


def _step_context(application, step, **extra):
    missing = selectors.application_missing_fields(application=application)
    missing_steps = {field.step.slug for field in missing}
    return {
        "application": application,
        "call": application.call,
        "step": step,
        "steps": STEPS,
        "missing": missing,
        "missing_steps": missing_steps,
        "previous_step": step_before(step),
        "step_number": step_number(step),
        "is_open": application.call.is_open(),
        "read_only": application.deadline_passed,
        **extra,
    }


def _editable_application(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if not application.is_editable:
        messages.info(request, _("Cette candidature a déjà été envoyée : elle ne peut plus être modifiée."))
        return application, redirect(application)
    return application, None


@login_required
def application_step(request, pk, step):
    application, leave = _editable_application(request, pk)
    if leave:
        return leave
    step = STEPS_BY_SLUG.get(step)
    if step is None:
        raise Http404
    if step == DOCUMENTS:
        return redirect("applications:documents", pk=application.pk)
    if step == REVIEW:
        return redirect("applications:review", pk=application.pk)

    read_only = application.deadline_passed
    data = None if read_only else request.POST or None
    form = step_form_class(step)(data, instance=application, step=step)
    questions_form = None
    if step.has_questions:
        questions_form = QuestionsForm(
            data,
            questions=selectors.questions_for_call(call=application.call),
            answers=selectors.answers_by_question(application=application),
        )
    if read_only:
        # After the deadline the answers stay readable, never changeable.
        for each in (form, questions_form):
            for field in each.fields.values() if each else ():
                field.disabled = True
        if request.method == "POST":
            messages.error(request, str(DRAFT_DEADLINE_PASSED))
    elif request.method == "POST":
        forms_valid = form.is_valid() and (questions_form is None or questions_form.is_valid())
        if forms_valid:
            try:
                services.application_update(
                    application=application,
                    fields=form.step_values(),
                    neighbourhoods=form.cleaned_data.get("neighbourhoods"),
                    answers=questions_form.answers() if questions_form else None,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if "save_and_leave" in request.POST:
                    messages.success(
                        request, _("C'est enregistré. Vous pourrez reprendre votre candidature quand vous voulez.")
                    )
                    return redirect("applications:dashboard")
                messages.success(request, _("Étape enregistrée."))
                return redirect("applications:step", pk=application.pk, step=step_after(step).slug)
    return render(
        request, "applications/step.html", _step_context(application, step, form=form, questions_form=questions_form)
    )


@login_required
def application_documents(request, pk):
    application, leave = _editable_application(request, pk)
    if leave:
        return leave
    if application.deadline_passed:
        if request.method == "POST":
            messages.error(request, str(DRAFT_DEADLINE_PASSED))
        form = None
    else:
        form = AttachmentForm(request.POST or None, request.FILES or None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(
                application=application, uploaded_file=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Le document « %(name)s » est ajouté.") % {"name": attachment.original_name})
            if "save_and_leave" in request.POST:
                return redirect("applications:dashboard")
            return redirect("applications:documents", pk=application.pk)
    return render(
        request,
        "applications/documents.html",
        _step_context(application, DOCUMENTS, form=form, attachments=application.attachments.all()),
    )


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    attachment = selectors.attachment_get_for_user(user=request.user, application_pk=pk, pk=attachment_pk)
    if attachment.application.applicant_id != request.user.pk:
        raise Http404
    try:
        services.attachment_delete(attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le document « %(name)s » est supprimé.") % {"name": attachment.original_name})
    return redirect("applications:documents", pk=pk)


def _staff_applications(request):
    """The applications this staff member may open: the admin's rule serves their documents too."""
    if not request.user.is_staff:
        return None
    return selectors.applications_visible_to_staff(user=request.user)


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = selectors.attachment_get_for_user(
        user=request.user, application_pk=pk, pk=attachment_pk, staff_applications=_staff_applications(request)
    )
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
def application_review(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if not application.is_editable:
        return redirect(application)
    application = selectors.application_with_everything(application=application)
    if request.method == "POST":
        try:
            services.application_submit(application=application, by=request.user)
        except services.IncompleteApplication:
            messages.error(request, _("Il manque des réponses : complétez les étapes indiquées ci-dessous."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Votre candidature est envoyée. Un e-mail de confirmation vous a été adressé."),
            )
            return redirect("applications:dashboard")
    return render(
        request,
        "applications/review.html",
        _step_context(application, REVIEW, answers=_answers_in_order(application)),
    )


@login_required
def application_withdraw(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if not application.can_be_withdrawn:
        messages.info(request, _("Cette candidature ne peut plus être retirée."))
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.application_withdraw(application=application, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Votre candidature « %(name)s » est retirée.") % {"name": application.project_name})
        return redirect("applications:dashboard")
    return render(request, "applications/withdraw.html", {"application": application, "form": form})

