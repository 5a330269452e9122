"""Releasing a call's decisions from the admin: a confirmation page first, listing what will be sent and the
files the release would leave without an answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import selectors, services
from ..forms import ReleaseConfirmForm
from .common import action_form_page, is_applying, report_error


def release_with_confirmation(modeladmin, request, *, calls, action: str, selected):
    """Shows the confirmation page, or, when it was confirmed, releases each call's decisions."""
    calls = list(calls)
    if is_applying(request):
        for call in calls:
            try:
                released = services.decisions_release(call=call, by=request.user)
            except ValidationError as error:
                report_error(modeladmin, request, error)
                continue
            modeladmin.message_user(
                request,
                ngettext(
                    "%(call)s : %(count)d décision publiée, l'e-mail part au porteur.",
                    "%(call)s : %(count)d décisions publiées, les e-mails partent aux porteurs.",
                    len(released),
                )
                % {"call": call, "count": len(released)},
                messages.SUCCESS,
            )
        return None
    preview = selectors.release_preview(calls=calls)
    items = [
        _("%(call)s — « %(project)s » : %(outcome)s ; e-mail à %(applicant)s")
        % {
            "call": d.application.call.title,
            "project": d.application.project_name,
            "outcome": d.get_outcome_display(),
            # The holder may have deleted their account since (the decision then cannot be sent).
            "applicant": d.application.applicant or _("compte supprimé"),
        }
        for d in preview.pending
    ]
    warnings = [
        _("« %(project)s » (%(status)s) n'a pas de décision préparée : la publication le laisse sans réponse.")
        % {"project": a.project_name, "status": a.get_status_display()}
        for a in preview.undecided
    ]
    intro = [
        ngettext(
            "Cette décision va être publiée : le porteur la lira dans son espace et recevra un e-mail.",
            "Ces %(count)d décisions vont être publiées ensemble : chaque porteur la lira dans son espace et "
            "recevra un e-mail.",
            len(items),
        )
        % {"count": len(items)}
        if items
        else _("Aucune décision préparée à publier pour ces appels.")
    ]
    return action_form_page(
        modeladmin,
        request,
        action=action,
        title=_("Publier les décisions"),
        form=ReleaseConfirmForm(),
        submit_label=_("Publier et envoyer les e-mails"),
        selected=selected,
        items=items,
        intro=intro,
        warnings=warnings,
    )
