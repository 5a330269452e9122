from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Each person lands where their work is: staff in the admin, mentors in their portal, the others on
        their applications. A `next` address, when there is one, still wins (allauth checks it first)."""
        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        # `mentor_profile` is the mentors app's one-to-one to the user; core does not import that app.
        mentor = getattr(user, "mentor_profile", None)
        if mentor is not None and mentor.approved:
            return reverse("mentors:portal")
        return super().get_login_redirect_url(request)
