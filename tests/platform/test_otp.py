"""Two-factor sign-in with TOTP (django-otp): enrolment, the second step, administrators, Django admin."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts import roles, services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def _wrong(token: str) -> str:
    return f"{(int(token) + 500_000) % 1_000_000:06d}"


def _sign_in(client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def user():
    return UserFactory(username="aidos", roles=[roles.DEPARTMENT_OFFICER])


@pytest.fixture
def administrator():
    return UserFactory(username="timur", roles=[roles.ADMINISTRATOR], is_staff=True, is_superuser=True)


def _enrol(client) -> TOTPDevice:
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=response.wsgi_request.user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert response.context["secret"].replace(" ", "") == secret  # typed by hand into the app
    response = client.post(reverse("accounts:otp-setup"), {"token": _token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_user_turns_on_2fa_and_must_pass_it_on_next_sign_in(client, user):
    _sign_in(client, "aidos")
    device = _enrol(client)
    assert client.get(reverse("core:ping")).status_code == 200

    client.post(reverse("accounts:logout"))
    response = _sign_in(client, "aidos")
    assert response.status_code == 302
    for path in (reverse("core:home"), reverse("core:ping"), reverse("notifications:list")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:otp-verify')}?next={path}"

    # the next TOTP step, so the token differs from the one used for enrolment (replays are refused)
    device.refresh_from_db()
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1):06d}"
    response = client.post(f"{reverse('accounts:otp-verify')}?next=/notifications/", {"token": token})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert client.get(reverse("core:ping")).status_code == 200


def test_wrong_token_shows_a_field_error(client, user):
    _sign_in(client, "aidos")
    device = _enrol(client)
    client.post(reverse("accounts:logout"))
    _sign_in(client, "aidos")
    response = client.post(reverse("accounts:otp-verify"), {"token": _wrong(_token(device))})
    assert response.status_code == 200
    form = response.context["form"]
    assert "token" in form.errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.get(reverse("core:ping")).status_code == 302

    response = client.post(reverse("accounts:otp-verify"), {"token": "12ab56"})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors


def test_wrong_token_during_enrolment_keeps_2fa_off(client, user):
    _sign_in(client, "aidos")
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:otp-setup"), {"token": _wrong(_token(device))})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    device.refresh_from_db()
    assert device.confirmed is False


def test_user_may_turn_2fa_off(client, user):
    _sign_in(client, "aidos")
    _enrol(client)
    response = client.post(reverse("accounts:otp-disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:logout"))
    _sign_in(client, "aidos")
    assert client.get(reverse("core:ping")).status_code == 200


def test_administrator_without_a_device_is_sent_to_setup_on_every_page(client, administrator):
    response = _sign_in(client, "timur")
    assert response.status_code == 302
    for path in (reverse("core:home"), reverse("accounts:profile"), reverse("core:job-list"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{reverse('accounts:otp-setup')}?next={path}"
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 200
    # the first device of an administrator comes from an e-mailed link (tests/platform/test_signin_probes.py)
    assert "accounts/otp_enrol_link.html" in [t.name for t in response.templates]
    # the health check stays reachable
    assert client.get(reverse("core:healthz")).status_code == 200


def test_administrator_cannot_disable_2fa(client, administrator):
    _sign_in(client, "timur")
    session = client.session
    session["pmis_otp_enrol_device"] = services.otp_enrolment_open(
        user=administrator,
        uidb64=urlsafe_base64_encode(force_bytes(administrator.pk)),
        token=services.otp_enrolment_tokens.make_token(administrator),
    ).pk
    session.save()
    device = _enrol(client)
    assert client.get(reverse("core:ping")).status_code == 200
    response = client.post(reverse("accounts:otp-disable"))
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_django_admin_requires_a_verified_administrator(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client.force_login(administrator)  # signed in with the password only, no second factor
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:otp-verify')}?next=/admin/"

    # even if the middleware let it through, the OTP admin site itself refuses an unverified session
    session = client.session
    session["pmis_otp_required"] = False
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 200


def test_django_admin_never_shows_a_device_secret(client, administrator, user):
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    other = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(administrator)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get(f"/admin/otp_totp/totpdevice/{other.pk}/change/")
    assert response.status_code == 200
    assert other.key not in response.content.decode()


def test_django_admin_refuses_a_verified_non_staff_user(client, user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_token_is_checked_against_the_current_time(client, user):
    """A token from ten minutes ago is refused (tolerance is one step either side)."""
    _sign_in(client, "aidos")
    device = _enrol(client)
    client.post(reverse("accounts:logout"))
    _sign_in(client, "aidos")
    old = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=-20):06d}"
    response = client.post(reverse("accounts:otp-verify"), {"token": old})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors


def test_admin_device_pages_for_an_unknown_device_are_404(client, administrator):
    from tests.conftest import login

    login(client, administrator)
    missing = 987654
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[missing])).status_code == 404
    assert client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[missing])).status_code == 404
    device = TOTPDevice.objects.get(user=administrator)
    # OTP_ADMIN_HIDE_SENSITIVE_DATA: the QR code (it carries the secret) is never shown by the admin
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
