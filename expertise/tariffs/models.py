"""Tariff and subsidy verification: carriers, routes, subsidy contracts, norms, and the verification case.

The calculation itself is pure and lives in `expertise.tariffs`; these models hold its inputs and the
recorded outcome (claim checks, the verified subsidy).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from simple_history.models import HistoricalRecords

from expertise.tariffs import engine
from pmis.core.models import BaseModel

NON_NEGATIVE = [MinValueValidator(Decimal(0))]

# The field helpers return DecimalField[Any, Any]: whether a field may be null is up to each call.


def _money(verbose_name: StrOrPromise, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=18, decimal_places=2, validators=NON_NEGATIVE, **kwargs
    )


def _quantity(verbose_name: StrOrPromise, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=3, validators=NON_NEGATIVE, **kwargs
    )


class Carrier(BaseModel):
    name = models.CharField(_("name"), max_length=255)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", _("A BIN has exactly 12 digits."))],
        help_text=_("Business identification number, 12 digits."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self) -> str:
        return self.name


class Route(BaseModel):
    number = models.CharField(_("route number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    length_km = models.DecimalField(_("length, km"), max_digits=8, decimal_places=2, validators=NON_NEGATIVE)
    socially_significant = models.BooleanField(_("socially significant"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self) -> str:
        return f"{self.number} · {self.name}"


class FareBasis(models.TextChoices):
    PER_TRIP = engine.PER_TRIP, _("per paying trip")
    PER_PKM = engine.PER_PKM, _("per passenger-km")


class SubsidyContract(BaseModel):
    number = models.CharField(_("contract number"), max_length=60, unique=True)
    carrier = models.ForeignKey(
        Carrier, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("carrier")
    )
    routes = models.ManyToManyField(Route, related_name="contracts", verbose_name=_("routes"))
    period_start = models.DateField(_("valid from"))
    period_end = models.DateField(_("valid to"))
    cap_amount = _money(
        _("subsidy cap"), null=True, blank=True, help_text=_("Leave empty if the contract sets no cap.")
    )
    fare = models.DecimalField(_("fare"), max_digits=12, decimal_places=4, validators=NON_NEGATIVE)
    fare_basis = models.CharField(
        _("fare basis"), max_length=10, choices=FareBasis.choices, default=FareBasis.PER_TRIP
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=500,
        help_text=_("The acts the contract rests on, e.g. the subsidy rules and the standard agreement."),
    )
    history = HistoricalRecords(m2m_fields=[routes])

    class Meta:
        ordering = ["-period_start", "number"]
        verbose_name = _("subsidy contract")
        verbose_name_plural = _("subsidy contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="tariff_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.carrier}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period is before its start.")})


class NormCode(models.TextChoices):
    FUEL_RATE = engine.FUEL_RATE, _("Fuel consumption norm")
    FUEL_PRICE = engine.FUEL_PRICE, _("Fuel price")
    LUBRICANTS_PCT = engine.LUBRICANTS_PCT, _("Lubricants, % of fuel")
    TYRES_PER_KM = engine.TYRES_PER_KM, _("Tyres per km")
    MAINTENANCE_PER_KM = engine.MAINTENANCE_PER_KM, _("Maintenance and repair per km")
    PAYROLL_TAX_PCT = engine.PAYROLL_TAX_PCT, _("Payroll taxes, % of wages")
    WAGE_RATE = engine.WAGE_RATE, _("Wage fund per employee for the period")
    OVERHEAD_PCT = engine.OVERHEAD_PCT, _("Overhead, % of direct costs")
    PROFIT_PCT = engine.PROFIT_PCT, _("Normative profit, % of costs")
    COST_PER_KM = engine.COST_PER_KM, _("Cost per vehicle-km")
    KM_TOLERANCE_PCT = engine.KM_TOLERANCE_PCT, _("Tolerance of actual km against plan, %")
    GPS_TOLERANCE_PCT = engine.GPS_TOLERANCE_PCT, _("Tolerance of actual km against GPS, %")
    TRIPS_THRESHOLD_PCT = engine.TRIPS_THRESHOLD_PCT, _("Minimum share of timetable trips completed, %")
    FUEL_TOLERANCE_PCT = engine.FUEL_TOLERANCE_PCT, _("Tolerance of fuel against the norm, %")
    PASSENGERS_TOLERANCE_PCT = (
        engine.PASSENGERS_TOLERANCE_PCT,
        _("Tolerance of passengers against e-ticket validations, %"),
    )


class TariffNormQuerySet(models.QuerySet["TariffNorm"]):
    def valid_on(self, day: object) -> TariffNormQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class TariffNorm(BaseModel):
    """One parameter of the tariff methodology with its unit, legal source and period of validity."""

    code = models.CharField(_("parameter"), max_length=40, choices=NormCode.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    legal_source = models.CharField(_("legal source"), max_length=500)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TariffNormQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("tariff norm")
        verbose_name_plural = _("tariff norms")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="tariff_norm_code_from")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value.normalize():f} {self.unit}".strip()

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})

    def covers(self, day: object) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)  # type: ignore[operator]


class CostMethod(models.TextChoices):
    ITEMIZED = engine.ITEMIZED, _("by cost item")
    PER_KM = engine.PER_KM_METHOD, _("by cost per vehicle-km")


class TariffCaseQuerySet(models.QuerySet["TariffCase"]):
    def with_parties(self) -> TariffCaseQuerySet:
        return self.select_related("contract__carrier", "assigned_expert")


class TariffCase(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    contract = models.ForeignKey(
        SubsidyContract,
        on_delete=models.PROTECT,
        related_name="tariff_cases",
        verbose_name=_("subsidy contract"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    assigned_expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tariff_cases",
        verbose_name=_("assigned expert"),
    )
    netting = models.BooleanField(
        _("net profitable routes against losing ones"),
        default=False,
        help_text=_("Policy of the contract: whether profits of some routes offset losses of others."),
    )
    cost_method = models.CharField(
        _("cost method"), max_length=10, choices=CostMethod.choices, default=CostMethod.ITEMIZED
    )
    claimed_subsidy = _money(_("claimed subsidy"), null=True, blank=True)
    verified_subsidy = _money(_("verified subsidy"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    unchecked_reason = models.TextField(
        _("reason to verify with checks not run"),
        blank=True,
        help_text=_("Needed to confirm the subsidy while some checks could not run for want of data."),
    )
    issued_basis = models.JSONField(
        _("norms and contract terms at issue"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Frozen when the verification is issued, so later edits of norms or contracts do not change it."
        ),
    )
    history = HistoricalRecords()

    objects = TariffCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("tariff case")
        verbose_name_plural = _("tariff cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="tariff_case_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.carrier} · {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:tariff-detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period is before its start.")})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)


class RoutePeriodData(BaseModel):
    """A carrier's planned and actual figures for one route in the case's period."""

    case = models.ForeignKey(
        TariffCase, on_delete=models.CASCADE, related_name="route_data", verbose_name=_("tariff case")
    )
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="period_data", verbose_name=_("route")
    )
    planned_km = _quantity(_("planned vehicle-km"), null=True, blank=True)
    actual_km = _quantity(_("actual vehicle-km"))
    gps_km = _quantity(_("vehicle-km by GPS"), null=True, blank=True)
    trips_planned = models.PositiveIntegerField(_("trips by timetable"), default=0)
    trips_completed = models.PositiveIntegerField(_("trips completed"), default=0)
    passengers_paying = _quantity(_("paying passengers"), default=Decimal(0))
    passengers_benefit = _quantity(_("benefit passengers"), default=Decimal(0))
    passenger_km = _quantity(_("passenger-km"), default=Decimal(0))
    e_ticket_validations = _quantity(_("e-ticket validations"), null=True, blank=True)
    fuel_litres = _quantity(_("fuel used, litres"), null=True, blank=True)
    headcount = models.DecimalField(
        _("headcount"), max_digits=8, decimal_places=2, default=Decimal(0), validators=NON_NEGATIVE
    )
    wage_fund = _money(_("wage fund"), default=Decimal(0))
    depreciation = _money(_("depreciation or lease"), default=Decimal(0))
    depreciation_register = _money(_("depreciation by the asset register"), null=True, blank=True)
    non_route_costs = _money(_("costs of non-route activity"), default=Decimal(0))
    other_revenue = _money(_("other revenue"), default=Decimal(0))
    claimed_subsidy = _money(_("claimed subsidy"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["route__number"]
        verbose_name = _("route data for the period")
        verbose_name_plural = _("route data for the period")
        constraints = [models.UniqueConstraint(fields=["case", "route"], name="tariff_route_data_unique")]

    def __str__(self) -> str:
        return str(self.route)


class CostItem(models.TextChoices):
    FUEL = engine.FUEL, _("Fuel")
    LUBRICANTS = engine.LUBRICANTS, _("Lubricants")
    TYRES = engine.TYRES, _("Tyres")
    MAINTENANCE = engine.MAINTENANCE, _("Maintenance and repair")
    WAGES = engine.WAGES, _("Wages")
    PAYROLL_TAXES = engine.PAYROLL_TAXES, _("Payroll taxes")
    DEPRECIATION = engine.DEPRECIATION, _("Depreciation or lease")
    INSURANCE = engine.INSURANCE, _("Insurance and fees")
    DISPATCHING = engine.DISPATCHING, _("Dispatching and ticketing")
    OTHER = engine.OTHER, _("Other route costs")
    OVERHEAD = engine.OVERHEAD, _("Overhead")
    PER_KM = engine.PER_KM, _("Costs by the per-km rate")
    NON_ROUTE = engine.NON_ROUTE, _("Non-route activity")


class CostLine(BaseModel):
    """A cost the carrier claims for a route, by item, with the norm it refers to."""

    case = models.ForeignKey(
        TariffCase, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("tariff case")
    )
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="cost_lines", verbose_name=_("route")
    )
    item = models.CharField(_("cost item"), max_length=20, choices=CostItem.choices)
    amount = _money(_("amount"))
    norm = models.ForeignKey(
        TariffNorm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_lines",
        verbose_name=_("norm"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["route__number", "item", "pk"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")

    def __str__(self) -> str:
        return f"{self.route.number} · {self.get_item_display()}"


class CheckCode(models.TextChoices):
    KM = engine.CHECK_KM, _("Actual km within tolerance of plan and GPS")
    TRIPS = engine.CHECK_TRIPS, _("Trips completed against the timetable")
    FUEL = engine.CHECK_FUEL, _("Fuel within the norm")
    PASSENGERS = engine.CHECK_PASSENGERS, _("Passengers match e-ticket validations")
    WAGES = engine.CHECK_WAGES, _("Wage fund = headcount × rate")
    DEPRECIATION = engine.CHECK_DEPRECIATION, _("Depreciation matches the asset register")
    NON_ROUTE = engine.CHECK_NON_ROUTE, _("No costs of non-route activity")
    CAP = engine.CHECK_CAP, _("Subsidy within the contract cap")
    ARITHMETIC = engine.CHECK_ARITHMETIC, _("Claimed amount reproduced from the carrier's figures")


class ClaimCheck(BaseModel):
    """The recorded result of one check of the claim when the case went to review."""

    case = models.ForeignKey(
        TariffCase, on_delete=models.CASCADE, related_name="checks", verbose_name=_("tariff case")
    )
    route = models.ForeignKey(
        Route,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_checks",
        verbose_name=_("route"),
    )
    code = models.CharField(_("check"), max_length=20, choices=CheckCode.choices)
    # None: the check could not run (its data is missing): shown as "not checked", never as passed
    passed = models.BooleanField(_("passed"), null=True)
    expected = models.DecimalField(_("expected"), max_digits=20, decimal_places=3, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=20, decimal_places=3, null=True, blank=True)
    adjustment = models.DecimalField(_("adjustment"), max_digits=18, decimal_places=2, default=Decimal(0))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["route__number", "pk"]
        verbose_name = _("claim check")
        verbose_name_plural = _("claim checks")

    def __str__(self) -> str:
        return self.get_code_display()


__all__ = [
    "Carrier",
    "CheckCode",
    "ClaimCheck",
    "CostItem",
    "CostLine",
    "CostMethod",
    "FareBasis",
    "NormCode",
    "Route",
    "RoutePeriodData",
    "SubsidyContract",
    "TariffCase",
    "TariffNorm",
]
