from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from pmis.accounts import services
from pmis.accounts.models import Organization, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin[User]):
    list_display = ["username", "last_name", "first_name", "organization", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "organization__kind"]
    list_select_related = ["organization"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (
            "PMIS",
            {
                "fields": [
                    "middle_name",
                    "position",
                    "phone",
                    "organization",
                    "language",
                    "email_notifications",
                ]
            },
        ),
    ]
    actions = ["send_otp_enrolment_link"]

    @admin.action(description=gettext_lazy("Send a two-factor set-up link by e-mail"))
    def send_otp_enrolment_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Another administrator starts a user's first enrolment: the link goes to the address on file."""
        base_url = request.build_absolute_uri("/").rstrip("/")
        sent = sum(services.otp_enrolment_link_request(user=user, base_url=base_url) for user in queryset)
        skipped = len(queryset) - sent
        if sent:
            self.message_user(request, _("Set-up links sent: %(n)s.") % {"n": sent}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("Not sent (no e-mail address or inactive): %(n)s.") % {"n": skipped},
                messages.WARNING,
            )


@admin.register(Organization)
class OrganizationAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_ru", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    """django-otp's device admin, but an unknown device is a 404 (its config/QR views raised DoesNotExist: a 500)."""

    def config_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(TOTPDevice, pk=pk)
        response: HttpResponse = super().config_view(request, pk)
        return response

    def qrcode_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(TOTPDevice, pk=pk)
        response: HttpResponse = super().qrcode_view(request, pk)
        return response


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
