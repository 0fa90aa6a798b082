from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from monitoring.escalation import register_escalation_handler
        from portfolio.services import escalation_receive

        # a project Red for two consecutive periods becomes a status-exception submission in the review queue
        register_escalation_handler(escalation_receive)

        from pmis.core import events
        from portfolio.opendata.services import request_refresh

        # every publication change rebuilds the open-data files (one queued refresh for a burst of changes)
        events.publication_changed.connect(request_refresh, dispatch_uid="portfolio.opendata.request_refresh")
