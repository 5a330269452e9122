from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .selectors import user_is_approved_mentor


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Each person lands where their work is: staff in the admin, mentors in their portal, the others on
        their applications. A `next` address, when there is one, still wins (allauth checks it first)."""
        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        if user_is_approved_mentor(user):
            return reverse("mentors:portal")
        return super().get_login_redirect_url(request)
