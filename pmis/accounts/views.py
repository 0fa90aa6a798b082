"""Sign-in, second factor and the user's own profile. Django's auth views do the password work."""

from __future__ import annotations

import base64
import textwrap

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts import services
from pmis.accounts.forms import LoginForm, PasswordResetForm, PreferencesForm, TokenForm
from pmis.accounts.middleware import set_language_cookie
from pmis.accounts.roles import ROLES, is_administrator, role_names
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """The e-mail is sent by a task (PasswordResetForm.save only queues it): the answer never depends on the address."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = services.PASSWORD_RESET_BODY
    subject_template_name = services.PASSWORD_RESET_SUBJECT
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


# session key: the unconfirmed device an enrolment link opened (pmis.accounts.services.otp_enrolment_open)
ENROL_DEVICE_KEY = "pmis_otp_enrol_device"


def _code_error(check: services.TokenCheck) -> str:
    """A wrong code, or a code not checked because wrong codes paused the checks: say which, and until when."""
    if check.paused_until is None:
        return _("The code is not valid. Check the time on your phone and try again.")
    values = {
        "time": formats.time_format(timezone.localtime(check.paused_until), "H:i"),
        "minutes": check.wait_minutes,
    }
    if not check.checked:
        return (
            _(
                "Too many wrong codes: code checks are paused until %(time)s (%(minutes)s min). "
                "The code you entered was not checked."
            )
            % values
        )
    return (
        _(
            "The code is not valid. After repeated wrong codes the next check is possible at %(time)s (in %(minutes)s min)."
        )
        % values
    )


def _mask_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}" if domain else ""


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthedHtmxRequest) -> HttpResponse:
    """Second step of sign-in for users with a confirmed TOTP device."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.otp_token_check(device=device, token=form.cleaned_data["token"])
        if check.ok:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _code_error(check))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthedHtmxRequest) -> HttpResponse:
    """Turn on the TOTP second factor: scan the QR code, confirm with a code.

    Where the factor is required (administrators) and not yet passed, only a device opened by an e-mailed
    enrolment link is offered; otherwise the page offers to send that link.
    """
    # is_verified() is put on request.user by django-otp's middleware: no model or stub declares it
    if services.user_has_confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:otp-verify")
    if services.otp_enrolment_needs_link(request.user):
        device = services.otp_enrolment_device(
            user=request.user, device_id=request.session.get(ENROL_DEVICE_KEY)
        )
        if device is None:
            return _otp_enrolment_link(request)
    else:
        device = services.otp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.otp_device_confirm(device=device, token=form.cleaned_data["token"])
        if check.ok:
            otp_login(request, device)
            request.session.pop(ENROL_DEVICE_KEY, None)
            request.session["pmis_otp_required"] = True
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_next_url(request))
        form.add_error("token", _code_error(check))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            # authenticator apps expect the key typed in by hand as base32, grouped for readability
            "secret": " ".join(textwrap.wrap(base64.b32encode(device.bin_key).decode().rstrip("="), 4)),
            "config_url": device.config_url,
            "mandatory": is_administrator(request.user),
            "next": request.GET.get("next", ""),
        },
    )


def _otp_enrolment_link(request: AuthedHtmxRequest) -> HttpResponse:
    """The set-up page of a required factor before the link was opened: send the link, never show a QR code."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "send-link":
        base_url = request.build_absolute_uri("/").rstrip("/")
        if services.otp_enrolment_link_request(user=user, base_url=base_url):
            messages.success(
                request,
                _("We sent a link to %(email)s. Open it to set up two-factor authentication.")
                % {"email": _mask_email(user.email)},
            )
        else:
            messages.error(
                request, _("Your account has no e-mail address. Ask another administrator for the link.")
            )
        return redirect(
            f"{reverse('accounts:otp-setup')}?{request.GET.urlencode()}"
            if request.GET
            else "accounts:otp-setup"
        )
    return render(
        request,
        "accounts/otp_enrol_link.html",
        {"email": _mask_email(user.email), "next": request.GET.get("next", "")},
    )


@login_required
@require_GET
def otp_enrol(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open an e-mailed enrolment link (signed in as its addressee): the set-up page then shows a QR code."""
    device = services.otp_enrolment_open(user=request.user, uidb64=uidb64, token=token)
    if device is None:
        messages.error(
            request,
            _(
                "This link cannot be used: it was opened already, has expired or was sent to another user. Ask for a new one."
            ),
        )
    else:
        request.session[ENROL_DEVICE_KEY] = device.pk
    return redirect("accounts:otp-setup")


@login_required
@require_http_methods(["POST"])
def otp_disable(request: AuthedHtmxRequest) -> HttpResponse:
    if is_administrator(request.user):
        messages.error(request, _("Administrators must keep two-factor authentication on."))
        return redirect("accounts:profile")
    services.otp_disable(user=request.user)
    request.session["pmis_otp_required"] = False
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedHtmxRequest) -> HttpResponse:
    """The signed-in user's own page: roles, organization, language, e-mail digest, second factor."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_preferences(
            user=request.user,
            language=form.cleaned_data["language"],
            email_notifications=form.cleaned_data["email_notifications"],
        )
        request.session["_language"] = form.cleaned_data["language"]
        messages.success(request, _("Your preferences have been saved."))
        response = redirect("accounts:profile")
        set_language_cookie(response, form.cleaned_data["language"])
        return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": [ROLES[name] for name in sorted(role_names(request.user)) if name in ROLES],
            "has_otp": services.user_has_confirmed_device(request.user),
            "history": history_rows(request.user, limit=20),
        },
    )


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher (Django's: cookie and safe redirect); a signed-in user's choice also becomes the
    preferred language of their profile, so the next sign-in and the e-mails follow it."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
        request.session["_language"] = language
    return response
