"""Tariff verification URLs, included by expertise/urls.py under "tariffs/" (the "expertise" namespace)."""

from django.urls import path

from expertise.tariffs.views import cases as views
from expertise.tariffs.views import reference as reference

urlpatterns = [
    path("", views.tariff_list, name="tariff-list"),
    path("new/", views.tariff_create, name="tariff-create"),
    path("<int:pk>/", views.tariff_detail, name="tariff-detail"),
    path("<int:pk>/settings/", views.tariff_update, name="tariff-update"),
    path("<int:pk>/assign/", views.tariff_assign, name="tariff-assign"),
    path("<int:pk>/routes/add/", views.tariff_route_edit, name="tariff-route-add"),
    path("<int:pk>/routes/<int:data_pk>/", views.tariff_route_edit, name="tariff-route-edit"),
    path("<int:pk>/routes/<int:data_pk>/delete/", views.tariff_route_delete, name="tariff-route-delete"),
    path("<int:pk>/costs/add/", views.tariff_cost_add, name="tariff-cost-add"),
    path("<int:pk>/costs/<int:line_pk>/edit/", views.tariff_cost_edit, name="tariff-cost-edit"),
    path("<int:pk>/costs/<int:line_pk>/row/", views.tariff_cost_row, name="tariff-cost-row"),
    path("<int:pk>/costs/<int:line_pk>/delete/", views.tariff_cost_delete, name="tariff-cost-delete"),
    path("<int:pk>/status/", views.tariff_transition, name="tariff-transition"),
    path("<int:pk>/report/", views.tariff_report, name="tariff-report"),
    path("<int:pk>/history/", views.tariff_history, name="tariff-history"),
    path("reference/<slug:kind>/", reference.reference_list_view, name="tariff-ref-list"),
    path("reference/<slug:kind>/new/", reference.reference_edit, name="tariff-ref-create"),
    path("reference/<slug:kind>/<int:pk>/", reference.reference_edit, name="tariff-ref-edit"),
    path("reference/<slug:kind>/<int:pk>/history/", reference.reference_history, name="tariff-ref-history"),
    path(
        "reference/norms/<int:from_pk>/new-version/",
        reference.reference_edit,
        {"kind": "norms"},
        name="tariff-norm-version",
    ),
]
