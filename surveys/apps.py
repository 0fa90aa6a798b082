from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # the event listeners of the customer campaigns (gate passed, project closed, opinion issued)
        import surveys.signals  # noqa: F401
