from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .services import user_set_preferred_language


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on the account (for the e-mails)."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=request.POST.get("language", ""))
    return response
