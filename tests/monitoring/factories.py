from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from monitoring import models


class IndicatorFactory(DjangoModelFactory[models.Indicator]):
    class Meta:
        model = models.Indicator

    code = factory.Sequence(lambda n: f"IND-{n + 1:04d}")
    name_ru = factory.Sequence(lambda n: f"Показатель {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    level = models.Indicator.Level.PROJECT
    frequency = models.Frequency.QUARTERLY
    higher_is_better = True


class TargetFactory(DjangoModelFactory[models.Target]):
    class Meta:
        model = models.Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    period = 1
    value = Decimal("100")


class ActualFactory(DjangoModelFactory[models.Actual]):
    class Meta:
        model = models.Actual

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    period = 1
    value = Decimal("97")
    status = models.Actual.Status.VERIFIED
