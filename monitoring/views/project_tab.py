"""The project card's Indicators tab: target vs actual (verified and waiting apart), achievement, RAG with the
policy version, a small chart per indicator and the ways to enter values. Access exactly as the card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from monitoring import selectors_indicators as sel
from monitoring.models import Alert
from monitoring.permissions import can_enter_actual, can_manage_indicator, can_manage_indicators
from pmis.core.htmx import AuthedHtmxRequest
from projects.selectors.card import project_for_card
from projects.views.card import card_context


@login_required
@require_GET
def project_indicators(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    project = project_for_card(request.user, pk)
    context = card_context(request, project, "indicators")
    editable = context["can_edit"]  # the card already asked whether the user edits this project
    indicators = sel.project_indicators(project)
    for ind in indicators:
        ind.project = project  # spare a lookup per row in the access checks below
        ind.can_enter = can_enter_actual(request.user, ind, project_editable=editable)
        ind.can_manage = can_manage_indicator(request.user, ind, project_editable=editable)
    open_alerts = Alert.objects.filter(project=project, closed_at__isnull=True).count()
    return render(
        request,
        "monitoring/project_indicators.html",
        {
            **context,
            "indicators": [i for i in indicators if i.retired_at is None],
            "retired": [i for i in indicators if i.retired_at is not None],
            "can_add_indicator": can_manage_indicators(request.user) or editable,
            "open_alerts": open_alerts,
        },
    )
