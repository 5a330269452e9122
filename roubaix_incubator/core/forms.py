from django import forms
from django.utils.translation import gettext_lazy as _


class SignupProfileForm(forms.Form):
    """Extra fields of allauth's sign-up form."""

    full_name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr")[:2]
        user.save(update_fields=["full_name", "preferred_language"])


def add_validation_errors(form: forms.Form, error) -> None:
    """Shows a service's ValidationError on the form: next to its field when it names one, on top otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class AccountDeletionForm(forms.Form):
    """Deleting an account cannot be undone: the person confirms with their password."""

    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password
