from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from monitoring.services.ratings import project_indicator_rating
        from projects.rag import register_indicator_rating

        # project RAG (projects.rag.project_rag) includes the indicator dimension computed here
        register_indicator_rating(project_indicator_rating)
