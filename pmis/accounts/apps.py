from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pmis.accounts"
    label = "accounts"
    verbose_name = _("People and organizations")

    def ready(self) -> None:
        from pmis.accounts import signals  # noqa: F401  (sign-in audit log)

        name_security_apps()


def name_security_apps() -> None:
    """Translatable admin names for django-axes and django-otp, whose own are fixed English ("Axes",
    "Otp_Totp", "TOTP devices", "Static devices"). Only the runtime names change: `_meta.original_attrs`,
    which migrations read, stays as the apps wrote it, so no migration is asked for."""
    names = {
        "axes": _("Sign-in protection"),
        "otp_totp": _("Authenticator apps (TOTP)"),
        "otp_static": _("Backup codes"),
    }
    for label, verbose_name in names.items():
        try:
            apps.get_app_config(label).verbose_name = verbose_name
        except LookupError:
            continue
    models = {
        ("otp_totp", "totpdevice"): (_("authenticator app (TOTP)"), _("authenticator apps (TOTP)")),
        ("otp_static", "staticdevice"): (_("backup code set"), _("backup code sets")),
    }
    for (label, model_name), (singular, plural) in models.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
