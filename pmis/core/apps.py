from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pmis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from pmis.core import publiccache  # noqa: F401  (connects the public pages' cache to publication events)
        from pmis.core.seeding import reseed

        # each app's portal.py registers navigation and home panels; jobs.py registers job handlers
        autodiscover_modules("portal")
        autodiscover_modules("jobs")
        # data seeded by migrations comes back after a flush (see pmis.core.seeding)
        post_migrate.connect(reseed, dispatch_uid="pmis.core.seeding.reseed")
