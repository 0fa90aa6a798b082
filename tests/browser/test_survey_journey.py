"""Issue 12's journey in a real browser: a Project Office user builds the customer survey from the library
template and opens it, launches a quarterly campaign to a department and sends this quarter's wave; the
department's officer, not signed in, answers from the e-mail's link (which then says it was used); the owner
builds the city-wide citizen survey from its template, makes it feed S-02 weighted by district, sex and age
band, and opens it; a citizen answers its public link on a phone (375 px) in Kazakh; the results pages show
CSAT and NPS with their intervals and the weighted share with Kish's effective sample size; the owner feeds the
indicator and monitoring holds the year's actual of S-02, awaiting verification, equal to the weighted share
the results page shows.

Setup outside the journey: users, two districts, the population shares, a few earlier answers (so that the
figures have intervals worth the name and every weighting category has answers)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from monitoring.models import Actual, Indicator
from pmis.core.templatetags.pmis import number, percent
from surveys import stats
from surveys.models import Campaign, Invitation, Response, Survey
from surveys.services.campaigns import period_bounds
from surveys.services.population import population_create
from surveys.services.responses import quarter_start
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.factories import PASSWORD, DistrictFactory
from tests.monitoring.factories import IndicatorFactory
from tests.surveys.factories import make_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
TOKEN_LINK = re.compile(r"https?://\S+/surveys/t/[^/\s]+/")
PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s*%")

# earlier answers of the customer survey (the previous quarter): overall 1–5 and recommend 0–10
EARLIER_OVERALL = [5, 4, 4, 3, 2, 5]
EARLIER_RECOMMEND = [10, 9, 7, 6, 3, 8]
OFFICER_OVERALL, OFFICER_RECOMMEND = 5, 9
CITIZEN_SATISFACTION = 4


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _figure(text: str) -> Decimal:
    """The first percentage or plain number of a figure as shown in English ("62.3%", "62.3 %")."""
    found = PERCENT.search(text) or re.search(r"-?\d+(?:\.\d+)?", text)
    assert found, text
    return Decimal(found.group(1) if found.re is PERCENT else found.group(0))


def _new_page(browser: Any, **options: Any) -> Any:
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def _setup(pmo: Any, officer: Any) -> list[Any]:
    """English pages for the two signed-in people, two districts, the strategic indicator S-02."""
    for user in (pmo, officer):
        user.language = "en"
        user.save(update_fields=["language"])
    districts = [
        DistrictFactory(code="jr-north", name_ru="Северный", name_kk="Солтүстік", name_en="North"),
        DistrictFactory(code="jr-south", name_ru="Южный", name_kk="Оңтүстік", name_en="South"),
    ]
    if not Indicator.objects.filter(
        code="S-02"
    ).exists():  # seeded by monitoring's migration; a flush drops it
        IndicatorFactory(
            code="S-02",
            name_en="Share of residents satisfied with the work of local executive bodies",
            level=Indicator.Level.STRATEGIC,
            frequency="annual",
        )
    return districts


def _population(pmo: Any, districts: list[Any], today: datetime.date) -> None:
    """The city's shares by district, sex and age band (the statistics bureau's, entered before)."""
    valid_from = datetime.date(today.year, 1, 1)
    source = "Bureau of National Statistics, 1 January"
    north, south = (d.code for d in districts)
    for dimension, shares in (
        ("district", {north: "0.4", south: "0.6"}),
        ("sex", {"female": "0.53", "male": "0.47"}),
        ("age_band", {"18-29": "0.25", "30-44": "0.3", "45-59": "0.25", "60+": "0.2"}),
    ):
        population_create(actor=pmo, dimension=dimension, valid_from=valid_from, source=source, shares=shares)


def _earlier_citizen_answers(survey: Survey, districts: list[Any], today: datetime.date) -> None:
    """This quarter's answers so far, in every cell of district × sex × age band; the north over-sampled."""
    start = quarter_start(today)
    for d, district in enumerate(districts):
        for sex in ("female", "male"):
            for a, age_band in enumerate(("18-29", "30-44", "45-59", "60+")):
                for i in range(3 if d == 0 else 1):
                    satisfied = (2 * d + a + i) % 3 != 0
                    make_response(
                        survey,
                        {
                            "satisfaction": 5 if satisfied else 2,
                            "district": district.code,
                            "sex": sex,
                            "age_band": age_band,
                        },
                        channel=Response.Channel.PUBLIC,
                        period_start=start,
                        submitted_on=today,
                        district=district,
                        sex=sex,
                        age_band=age_band,
                    )


def test_survey_journey_from_template_to_indicator(
    browser: Any,
    browser_page: Any,
    live_server: Any,
    settings: Any,
    pmo: Any,
    officer: Any,
    department_a: Any,
    screenshot: Any,
) -> None:
    settings.PMIS_SITE_URL = live_server.url  # the address the invitation e-mails link to
    districts = _setup(pmo, officer)
    today = timezone.localdate()
    page = browser_page

    # 1. the Project Office user builds the customer survey from the library template and opens it
    sign_in(page, live_server, pmo.username, PASSWORD)
    _submit(page, "#main-nav a[href='/surveys/']")
    _submit(page, "[data-testid=survey-create]")
    page.select_option("select[name=template_key]", "customer_project_office")
    _submit(page, "[data-testid=survey-save]")
    customer = Survey.objects.get(template_key="customer_project_office")
    assert page.url.rstrip("/").endswith(f"/surveys/{customer.pk}")
    assert page.inner_text("h1").strip() == "Satisfaction with the Project Office"
    assert page.locator("[data-testid=missing-texts]").count() == 0  # the template brings all three languages
    _submit(page, "[data-testid=survey-open]")
    assert page.inner_text("[data-testid=survey-status]").strip() == "Open for answers"
    customer.refresh_from_db()
    assert customer.status == Survey.Status.OPEN

    # earlier answers (last quarter's wave), so that this quarter's results have intervals worth the name
    last_quarter, _end = period_bounds("quarter", quarter_start(today) - datetime.timedelta(days=1))
    for overall, recommend in zip(EARLIER_OVERALL, EARLIER_RECOMMEND, strict=True):
        make_response(
            customer,
            {"overall": overall, "timeliness": 4, "methodology": 4, "recommend": recommend},
            period_start=last_quarter,
            submitted_on=last_quarter,
            department=department_a,
        )

    # 2. a quarterly campaign to the department, launched, this quarter's wave sent now
    _submit(page, "[data-testid=survey-new-campaign]")
    assert page.input_value("input[name=name]") == "Satisfaction with the Project Office"
    page.check("input[name=audience_kind][value=departments]")
    page.select_option("select[name=departments]", str(department_a.pk))
    page.check("input[name=trigger][value=schedule]")
    assert page.input_value("select[name=period]") == "quarter"
    _submit(page, "[data-testid=campaign-save]")
    campaign = Campaign.objects.get(survey=customer)
    assert page.url.rstrip("/").endswith(f"/campaigns/{campaign.pk}")
    _submit(page, "[data-testid=campaign-launch]")
    assert page.inner_text("[data-testid=campaign-status]").strip() == "Active"
    mail.outbox.clear()
    _submit(page, "[data-testid=campaign-send]")
    assert page.locator("[data-testid=campaign-waves] tbody tr").count() == 1
    assert "0 answered of 1 invited" in page.inner_text("[data-testid=campaign-rate]")
    invitation = Invitation.objects.get(wave__campaign=campaign)
    assert invitation.recipient_id == officer.pk
    screenshot(page, "campaign-sent")

    # the officer's invitation e-mail (the live server runs in this process with the locmem backend)
    to_officer = [m for m in mail.outbox if m.to == [officer.email]]
    assert len(to_officer) == 1, [m.to for m in mail.outbox]
    assert "Satisfaction with the Project Office" in to_officer[0].body
    found = TOKEN_LINK.search(to_officer[0].body)
    assert found, to_officer[0].body
    link = found.group(0)
    assert link.startswith(live_server.url)

    # 3. the department's officer, not signed in, answers from the e-mail's link
    officer_page = _new_page(browser, locale="ru-RU")
    officer_page.goto(link)
    assert officer_page.inner_text("h1").strip() == "Satisfaction with the Project Office"  # their language
    officer_page.click(f"label[for=id_q_overall_{OFFICER_OVERALL - 1}]")
    officer_page.click("label[for=id_q_timeliness_3]")
    officer_page.click("label[for=id_q_methodology_3]")
    officer_page.click(f"label[for=id_q_recommend_{OFFICER_RECOMMEND}]")
    assert officer_page.locator("#row-q_improve").is_hidden()  # asked only after a low overall score
    _submit(officer_page, "button.sv-submit")
    assert "/surveys/thanks/" in officer_page.url
    assert officer_page.locator("[data-testid=answer-done]").is_visible()
    screenshot(officer_page, "officer-thanks")
    again = officer_page.goto(link)
    assert again is not None
    assert again.status == 410
    assert "You have already answered" in officer_page.inner_text("[data-testid=respond-message]")
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    answered = Response.objects.get(survey=customer, wave__campaign=campaign)
    assert answered.channel == Response.Channel.INVITATION
    assert answered.department_id == department_a.pk
    officer_page.context.close()

    # the owner sees the live response rate
    page.reload()
    assert "1 answered of 1 invited" in page.inner_text("[data-testid=campaign-rate]")

    # 4. the city-wide citizen survey from its template: feeds S-02, weighted by district, sex and age band
    page.goto(f"{live_server.url}/surveys/")
    _submit(page, "[data-testid=survey-create]")
    page.select_option("select[name=template_key]", "citizen_city")
    _submit(page, "[data-testid=survey-save]")
    city = Survey.objects.get(template_key="citizen_city")
    assert page.url.rstrip("/").endswith(f"/surveys/{city.pk}")
    _submit(page, f"a[href='/surveys/{city.pk}/edit/']")
    page.fill("input[name=feeds_indicator_code]", "S-02")
    assert page.input_value("select[name=headline_key]") == "satisfaction"
    for dimension in ("district", "sex", "age_band"):
        page.check(f"input[name=weighting][value={dimension}]")
    _submit(page, "[data-testid=survey-save]")
    assert page.get_by_test_id("survey-feed-link").inner_text().strip() == "Feed indicator S-02"
    _submit(page, "[data-testid=survey-open]")
    city.refresh_from_db()
    assert city.status == Survey.Status.OPEN
    assert city.feeds_indicator_code == "S-02"
    assert city.weighting == ["district", "sex", "age_band"]
    public_link = page.input_value("[data-testid=survey-public-link]")  # the field the owner copies
    assert public_link
    assert public_link.startswith(live_server.url)
    assert city.public_slug in public_link
    _population(pmo, districts, today)
    _earlier_citizen_answers(city, districts, today)

    # a citizen on a phone opens the public link, switches to Kazakh and answers
    phone = _new_page(browser, viewport=PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    phone.goto(public_link)
    assert phone.locator("html").get_attribute("lang") == "ru"
    _submit(phone, "a[data-lang=kk]")
    assert phone.locator("html").get_attribute("lang") == "kk"
    assert phone.inner_text("h1").strip() == city.title_kk
    assert phone.locator("legend", has_text="Жергілікті атқарушы органдардың").count() == 1
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    phone.click(f"label[for=id_q_satisfaction_{CITIZEN_SATISFACTION - 1}]")
    phone.click("label[for=id_q_change_0]")
    for key, value in (("transport", 3), ("utilities", 4), ("public_spaces", 5), ("responsiveness", 4)):
        phone.click(f"label[for=id_q_{key}_{value - 1}]")
    phone.check(f"input[name=q_district][value={districts[1].code}]")
    phone.check("input[name=q_sex][value=female]")
    phone.check("input[name=q_age_band][value='30-44']")
    screenshot(phone, "citizen-form")
    _submit(phone, "button.sv-submit")
    assert "/surveys/thanks/" in phone.url
    assert phone.locator("html").get_attribute("lang") == "kk"
    assert phone.locator("[data-testid=answer-done]").is_visible()
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "citizen-thanks")
    phone.context.close()
    citizen = Response.objects.get(survey=city, channel=Response.Channel.PUBLIC, language="kk")
    assert (citizen.district_id, citizen.sex, citizen.age_band) == (districts[1].pk, "female", "30-44")
    assert citizen.answers.get(question_key="satisfaction").value_int == CITIZEN_SATISFACTION

    # 5. the citizen survey's results: CSAT with its interval, the weighted share with Kish's n_eff
    page.goto(f"{live_server.url}/surveys/{city.pk}/")
    _submit(page, "[data-testid=survey-results-link]")
    assert page.inner_text("[data-testid=responses]").strip() == "33"
    assert "%" in page.inner_text("[data-testid=csat]")
    assert "95 % interval" in page.inner_text("[data-testid=csat-interval]")
    weighting = page.get_by_test_id("weighting")
    assert weighting.get_by_test_id("not-weighted").count() == 0, weighting.inner_text()
    weighted_shown = page.inner_text("[data-testid=weighted-csat]").strip()
    weighted = _figure(weighted_shown)
    assert "95 % interval" in page.inner_text("[data-testid=weighted-interval]")
    n_eff_text = page.inner_text("[data-testid=n-eff]")
    assert "Effective sample size (Kish)" in n_eff_text
    n_eff = float(n_eff_text.rsplit(":", 1)[1].strip().replace(",", ""))
    assert 0 < n_eff < 33  # unequal weights: fewer effective answers than answers
    assert "Raking" in weighting.inner_text()
    assert weighted != _figure(page.inner_text("[data-testid=csat]"))  # the weighting changed the share
    screenshot(page, "city-results")

    # the customer survey's results: CSAT and NPS, each with its interval
    overall = stats.counts_of([*EARLIER_OVERALL, OFFICER_OVERALL])
    recommend = stats.counts_of([*EARLIER_RECOMMEND, OFFICER_RECOMMEND])
    csat, nps = stats.csat(overall), stats.nps(recommend)
    assert csat is not None
    assert nps is not None
    page.goto(f"{live_server.url}/surveys/{customer.pk}/")
    _submit(page, "[data-testid=survey-results-link]")
    with translation.override("en"):
        assert page.inner_text("[data-testid=csat]").strip() == percent(csat.share.value, 1)
        low, high = percent(csat.share.interval.low, 1), percent(csat.share.interval.high, 1)
        assert page.inner_text("[data-testid=csat-interval]").strip() == f"95 % interval {low} … {high}"
        assert page.inner_text("[data-testid=nps]").strip() == number(nps.score, 1)
        low, high = number(nps.interval.low, 2), number(nps.interval.high, 2)
        assert (
            page.inner_text("[data-testid=nps-interval]").strip().startswith(f"95 % interval {low} … {high}")
        )
    assert page.locator("[data-testid=weighting]").count() == 0  # customers' answers are not weighted
    screenshot(page, "customer-results")

    # 6. the owner feeds S-02: the confirmation shows the weighted share; monitoring holds it, awaiting the SAC
    page.goto(f"{live_server.url}/surveys/{city.pk}/")
    _submit(page, "[data-testid=survey-feed-link]")
    assert page.input_value("select[name=year]") == str(today.year)
    assert _figure(page.inner_text("[data-testid=feed-value]")) == weighted
    assert page.inner_text("[data-testid=feed-n]").strip().startswith("33")
    _submit(page, "[data-testid=feed-submit]")
    assert page.locator(".alert-success", has_text="S-02").count() == 1
    screenshot(page, "fed")
    actual = Actual.objects.get(indicator__code="S-02", year=today.year, period=1)
    assert actual.status == Actual.Status.SUBMITTED
    assert actual.entered_by_id == pmo.pk
    assert actual.value == weighted, (actual.value, weighted_shown)
