"""Sign-in probes of issue 10 §3b: password spraying, TOTP throttling, first TOTP enrolment, reset e-mail timing."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts import roles, services
from tests.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _spray(client, usernames: list[str], *, per_user: int) -> list[int]:
    """Wrong passwords for each user name from one address; the status of each answer."""
    return [
        client.post(LOGIN_URL, {"username": username, "password": f"Qwerty-{attempt}!"}).status_code
        for username in usernames
        for attempt in range(per_user)
    ]


def test_spraying_a_few_passwords_over_many_user_names_locks_the_address_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PMIS_SIGNIN_IP_FAILURE_LIMIT = 12
    victim = UserFactory(username="victim")
    sprayed = [UserFactory(username=f"user{n}").username for n in range(6)]
    # two passwords per user name: no account reaches its own limit of five
    statuses = _spray(client, sprayed, per_user=2)
    assert max(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 2

    # the twelfth failure from this address locks the address out: even a right password is refused here...
    assert statuses == [200] * 11 + [429]
    response = client.post(LOGIN_URL, {"username": victim.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert client.get(reverse("core:ping")).status_code == 302

    # ...while the same user signs in from another address
    response = client.post(
        LOGIN_URL, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302


def test_failures_below_the_address_limit_lock_nobody_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PMIS_SIGNIN_IP_FAILURE_LIMIT = 12
    victim = UserFactory(username="victim")
    sprayed = [UserFactory(username=f"user{n}").username for n in range(5)]
    # ten failures, then an eleventh for a user name nobody has
    statuses = _spray(client, sprayed, per_user=2) + _spray(client, ["nobody-at-all"], per_user=1)
    assert statuses == [200] * 11
    response = client.post(LOGIN_URL, {"username": victim.username, "password": PASSWORD})
    assert response.status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, settings, security_log):
    """One proxy: the last X-Forwarded-For entry; entries the client wrote itself cannot dodge the limit."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.PMIS_SIGNIN_IP_FAILURE_LIMIT = 4
    settings.PMIS_TRUSTED_PROXY_COUNT = 1
    victim = UserFactory(username="victim")
    statuses = [
        client.post(
            LOGIN_URL,
            {"username": f"user{n}", "password": "Qwerty-1!"},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",  # a forged entry, then what the proxy saw
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert "login failure user=user0 ip=203.0.113.9" in security_log.messages

    # another citizen behind the same proxy is not locked out with the attacker
    response = client.post(
        LOGIN_URL,
        {"username": victim.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert response.status_code == 302


def test_the_address_limit_is_a_setting_above_the_account_limit(settings):
    assert settings.PMIS_SIGNIN_IP_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    assert settings.AXES_HANDLER == "pmis.accounts.lockout.SignInLockoutHandler"


# --- TOTP: a paused check says so, and until when ---------------------------------------------------------------


def _token(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _wrong(token: str) -> str:
    return f"{(int(token) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def officer_with_device(client):
    user = UserFactory(username="aidos", roles=[roles.DEPARTMENT_OFFICER], language="en")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert client.post(LOGIN_URL, {"username": "aidos", "password": PASSWORD}).status_code == 302
    return device


def test_after_twelve_wrong_codes_the_right_code_is_told_checks_are_paused_and_until_when(
    client, officer_with_device
):
    device = officer_with_device
    device.throttling_failure_count = 12  # the next check waits 2 ** 11 s, about half an hour
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    until = device.throttling_failure_timestamp + timedelta(seconds=2**11)

    response = client.post(reverse("accounts:otp-verify"), {"token": _token(device)})
    assert response.status_code == 200
    [error] = response.context["form"].errors["token"]
    assert error == (
        f"Too many wrong codes: code checks are paused until {timezone.localtime(until):%H:%M} (35 min). "
        "The code you entered was not checked."
    )
    assert client.get(reverse("core:ping")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 12  # a refused check is not another failure


def test_a_wrong_code_that_starts_a_long_pause_says_when_the_next_check_is_possible(
    client, officer_with_device
):
    device = officer_with_device
    device.throttling_failure_count = 5  # the sixth failure makes the next check wait 32 s
    device.throttling_failure_timestamp = timezone.now() - timedelta(hours=1)
    device.save()

    response = client.post(reverse("accounts:otp-verify"), {"token": _wrong(_token(device))})
    device.refresh_from_db()
    until = device.throttling_failure_timestamp + timedelta(seconds=32)
    [error] = response.context["form"].errors["token"]
    assert error == (
        "The code is not valid. After repeated wrong codes the next check is possible at "
        f"{timezone.localtime(until):%H:%M} (in 1 min)."
    )


def test_a_first_wrong_code_is_only_invalid(client, officer_with_device):
    response = client.post(reverse("accounts:otp-verify"), {"token": _wrong(_token(officer_with_device))})
    assert response.context["form"].errors["token"] == [
        "The code is not valid. Check the time on your phone and try again."
    ]


# --- An administrator's first device: by an e-mailed one-time link ----------------------------------------------


@pytest.fixture
def administrator():
    return UserFactory(
        username="timur", roles=[roles.ADMINISTRATOR], is_staff=True, is_superuser=True, language="en"
    )


def _link_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/2fa/enrol/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_administrators_password_alone_cannot_enrol_a_device(client, administrator):
    assert client.post(LOGIN_URL, {"username": "timur", "password": PASSWORD}).status_code == 302
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 200
    assert "accounts/otp_enrol_link.html" in [t.name for t in response.templates]
    assert "secret" not in response.context
    assert not TOTPDevice.objects.filter(user=administrator).exists()

    response = client.post(reverse("accounts:otp-setup"), {"token": "123456"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=administrator).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_the_emailed_link_enrols_the_administrator_once(
    client, administrator, django_capture_on_commit_callbacks
):
    client.post(LOGIN_URL, {"username": "timur", "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:otp-setup"), {"action": "send-link"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["timur@pmis.example"]
    assert message.subject == "PMIS: setting up two-factor authentication"
    link = _link_path(message)

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp-setup")
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    assert response.context["secret"].replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip(
        "="
    )
    response = client.post(reverse("accounts:otp-setup"), {"token": _token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:ping")).status_code == 200

    # the link is spent: opening it again is refused, the confirmed device stays the only one
    response = client.get(link, follow=True)
    assert "This link cannot be used" in response.content.decode()
    confirmed = TOTPDevice.objects.filter(user=administrator, confirmed=True)
    assert list(confirmed.values_list("pk", flat=True)) == [device.pk]


def test_a_link_opened_once_cannot_be_opened_again_before_enrolment(
    client, administrator, django_capture_on_commit_callbacks
):
    client.post(LOGIN_URL, {"username": "timur", "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:otp-setup"), {"action": "send-link"})
    link = _link_path(mail.outbox[0])
    client.get(link)
    first = TOTPDevice.objects.get(user=administrator)

    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.post(LOGIN_URL, {"username": "timur", "password": PASSWORD})
    other.get(link)
    assert list(TOTPDevice.objects.filter(user=administrator).values_list("pk", flat=True)) == [first.pk]
    response = other.get(reverse("accounts:otp-setup"))
    assert "accounts/otp_enrol_link.html" in [t.name for t in response.templates]


def test_a_link_works_only_for_its_addressee_and_only_for_a_day(client, administrator):
    intruder = UserFactory(username="intruder", roles=[roles.ADMINISTRATOR], is_staff=True, language="en")
    uid = urlsafe_base64_encode(force_bytes(administrator.pk))
    fresh = reverse("accounts:otp-enrol", args=[uid, services.otp_enrolment_tokens.make_token(administrator)])
    client.post(LOGIN_URL, {"username": "intruder", "password": PASSWORD})
    response = client.get(fresh)
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()

    client.post(reverse("accounts:logout"))
    client.post(LOGIN_URL, {"username": "timur", "password": PASSWORD})
    issued = services.otp_enrolment_tokens._num_seconds(services.otp_enrolment_tokens._now()) - 25 * 3600
    old = services.otp_enrolment_tokens._make_token_with_timestamp(
        administrator, issued, services.otp_enrolment_tokens.secret
    )
    client.get(reverse("accounts:otp-enrol", args=[uid, old]))
    assert not TOTPDevice.objects.exists()
    client.get(fresh)
    assert TOTPDevice.objects.filter(user=administrator, confirmed=False).count() == 1
    assert intruder.pk not in TOTPDevice.objects.values_list("user_id", flat=True)


def test_another_administrator_sends_the_link_from_the_user_admin(
    client, administrator, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="asel", roles=[roles.ADMINISTRATOR], is_staff=True, is_superuser=True)
    login(client, colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_otp_enrolment_link", "_selected_action": [administrator.pk]},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["timur@pmis.example"]
    assert "/accounts/2fa/enrol/" in message.body


# --- Password reset: the request never looks the address up -----------------------------------------------------


def _reset(client, email: str, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    return [q["sql"] for q in queries.captured_queries], callbacks


def test_password_reset_answers_the_same_without_looking_the_address_up(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="aidos", language="kk")
    known_sql, known_callbacks = _reset(client, "aidos@pmis.example", django_capture_on_commit_callbacks)
    unknown_sql, unknown_callbacks = _reset(client, "nobody@pmis.example", django_capture_on_commit_callbacks)
    assert known_sql == unknown_sql
    assert not [sql for sql in known_sql if "accounts_user" in sql]
    assert len(known_callbacks) == len(unknown_callbacks) == 1
    assert mail.outbox == []

    unknown_callbacks[0]()
    assert mail.outbox == []
    known_callbacks[0]()
    [message] = mail.outbox
    assert message.to == ["aidos@pmis.example"]
    assert message.subject == "PMIS: жаңа құпиясөз орнату"  # the recipient's language, not the requester's
    assert "/accounts/password/reset/" in message.body
