"""URLs of the projects app. Card tabs are /projects/<pk>/<tab>/; other engineers add their lines below theirs."""

from django.urls import path

from projects.views import card

app_name = "projects"

urlpatterns = [
    # project card (views/card.py)
    path("new/", card.project_create, name="create"),
    path("<int:pk>/", card.project_detail, name="detail"),
    path("<int:pk>/edit/", card.project_update, name="update"),
    path("<int:pk>/passport/", card.project_passport, name="passport"),
    path("<int:pk>/passport/new/", card.passport_draft, name="passport-draft"),
    path("<int:pk>/passport/<int:version_pk>/edit/", card.passport_edit, name="passport-edit"),
    path("<int:pk>/passport/<int:version_pk>/submit/", card.passport_submit, name="passport-submit"),
    path("<int:pk>/passport/<int:version_pk>/decide/", card.passport_decide, name="passport-decide"),
    path("<int:pk>/gates/new/", card.gate_record, name="gate-record"),
    path("<int:pk>/stage/next/", card.stage_advance, name="stage-advance"),
    path("<int:pk>/documents/", card.project_documents, name="documents"),
    path("<int:pk>/documents/upload/", card.document_upload, name="document-upload"),
    path("<int:pk>/documents/<int:document_pk>/download/", card.document_download, name="document-download"),
    path("<int:pk>/team/", card.project_team, name="team"),
    path("<int:pk>/team/add/", card.member_add, name="member-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", card.member_remove, name="member-remove"),
    path("<int:pk>/history/", card.project_history, name="history"),
    path("<int:pk>/pdf/", card.card_pdf, name="card-pdf"),
    path("methodology/", card.methodology, name="methodology"),
    path("methodology/publish/", card.methodology_publish, name="methodology-publish"),
    path("methodology/versions/<int:version_pk>/download/", card.methodology_download, name="methodology-download"),
]
