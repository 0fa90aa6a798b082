"""Platform part of the synthetic city: reference data, the bench user (every role, known password and
TOTP key), a staff of department users, and unread notifications for the bench user's home page.

Later builders (`bench/builders/NN_<app>.py`, run in file-name order) can rely on all of this.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command

BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-password-not-secret-1"
# A fixed TOTP key (hex, as django-otp stores it): the harness computes the code to pass the second factor.
BENCH_OTP_KEY = "3132333435363738393031323334353637383930"


def build(scale: int, stdout: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pmis.accounts import roles
    from pmis.accounts.models import Organization, User
    from pmis.notifications.models import Notification

    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    groups = [Group.objects.get_or_create(name=name)[0] for name in roles.ROLES]

    adc = Organization.objects.filter(kind=Organization.Kind.PROJECT_OFFICE).first()
    bench, _ = User.objects.update_or_create(
        username=BENCH_USERNAME,
        defaults={
            "first_name": "Bench",
            "last_name": "User",
            "email": "bench@pmis.example",
            "organization": adc,
            "is_staff": True,
            "is_superuser": False,
            "language": "ru",
        },
    )
    bench.set_password(BENCH_PASSWORD)
    bench.save()
    bench.groups.set(groups)
    TOTPDevice.objects.filter(user=bench).delete()
    TOTPDevice.objects.create(user=bench, name="bench", key=BENCH_OTP_KEY, confirmed=True, tolerance=2)

    # Department staff: one user per 100 scale units (at least 20), roles spread over the personas.
    departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("pk"))
    password = make_password(BENCH_PASSWORD)
    count = max(20, scale // 100)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-user-{i:05d}",
                first_name="User",
                last_name=f"{i:05d}",
                email=f"bench-user-{i:05d}@pmis.example",
                organization=departments[i % len(departments)] if departments else adc,
                password=password,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=groups[i % (len(groups) - 1)].pk) for i, user in enumerate(users)],
        batch_size=1000,
    )

    notes = min(scale, 2000)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=bench,
                kind="info",
                title=f"Notification {i}",
                body="Synthetic notification " * 4,
                url="/",
            )
            for i in range(notes)
        ],
        batch_size=1000,
    )
    stdout.write(f"platform: bench user, {count} users, {notes} notifications\n")
