from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pmis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # each app's portal.py registers navigation and home panels; jobs.py registers job handlers
        autodiscover_modules("portal")
        autodiscover_modules("jobs")
