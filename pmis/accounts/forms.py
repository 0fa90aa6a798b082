from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from pmis.accounts.models import User
from pmis.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Queues the reset e-mail instead of sending it (see pmis.accounts.services.password_reset_request)."""

    def save(  # type: ignore[override]
        self, domain_override: str | None = None, use_https: bool = False, request: Any = None, **kwargs: Any
    ) -> None:
        from pmis.accounts.services import password_reset_request

        domain = domain_override or (request.get_host() if request is not None else "")
        password_reset_request(email=self.cleaned_data["email"], domain=domain, use_https=use_https)


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from the authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits shown by the app."))
        return token


class PreferencesForm(StyledFormMixin, forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["language", "email_notifications"]
