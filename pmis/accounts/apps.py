from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pmis.accounts"
    label = "accounts"
    verbose_name = _("People and organizations")

    def ready(self) -> None:
        from pmis.accounts import signals  # noqa: F401  (sign-in audit log)
