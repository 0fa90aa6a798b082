from django.urls import path

from pmis.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
    path("healthz", views.healthz, name="healthz"),
    path("ping/", views.ping, name="ping"),
]
