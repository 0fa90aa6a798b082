"""Where the surveys' results show elsewhere: the customers' CSAT by basic direction, offered to apps that must
not import surveys (audits shows it beside audit compliance)."""

from __future__ import annotations

from pmis.core.portal import DirectionScore, register_direction_scores


def _csat(direction_ids: list[int]) -> dict[int, DirectionScore]:
    from surveys.selectors_integrations import csat_by_direction

    return csat_by_direction(direction_ids)


register_direction_scores("csat", _csat)
