from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import AccountDeletionForm, add_validation_errors
from .selectors import account_data_for, account_deletion_blockers_for
from .services import user_delete_account, user_set_preferred_language


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on the account (for the e-mails)."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=request.POST.get("language", ""))
    return response


@login_required
def account_delete(request):
    form = AccountDeletionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete_account(user=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Votre compte et vos données personnelles ont été supprimés."))
            return redirect("applications:home")
    blockers = account_deletion_blockers_for(request.user)
    return render(request, "account/delete.html", {"form": form, "blockers": blockers})


@login_required
def account_data_download(request):
    """The person's own copy of everything the platform keeps about them (RGPD, access and portability)."""
    response = JsonResponse(account_data_for(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-roubaix-innovation-sociale.json"'
    response["Cache-Control"] = "no-store"
    return response
