from django.urls import include, path

from expertise.views import cases, models_fin, opinions, registry

app_name = "expertise"

urlpatterns = [
    path("", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/export/", cases.case_export, name="case-export"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/history/", cases.case_history, name="case-history"),
    path("cases/<int:pk>/documents/add/", cases.document_add, name="document-add"),
    path("cases/<int:pk>/documents/<int:doc>/", cases.document_download, name="document-download"),
    path("cases/<int:pk>/checklist/", cases.case_checklist, name="case-checklist"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case-assign"),
    path("cases/<int:pk>/remarks/add/", cases.remark_add, name="remark-add"),
    path("cases/<int:pk>/remarks/<int:remark>/", cases.remark_update, name="remark-update"),
    path("cases/<int:pk>/return/", cases.case_return, name="case-return"),
    path("cases/<int:pk>/resubmit/", cases.case_resubmit, name="case-resubmit"),
    path("cases/<int:pk>/model/", models_fin.model_edit, name="model-edit"),
    path("cases/<int:pk>/model/upload/", models_fin.model_upload, name="model-upload"),
    path("cases/<int:pk>/model/template/", models_fin.model_template, name="model-template"),
    path("cases/<int:pk>/model/<int:model>/", models_fin.model_detail, name="model-detail"),
    path("cases/<int:pk>/opinion/", opinions.opinion_draft, name="opinion-draft"),
    path("cases/<int:pk>/opinion/sections/<slug:key>/", opinions.opinion_section, name="opinion-section"),
    path("cases/<int:pk>/opinions/<int:opinion>/", opinions.opinion_detail, name="opinion-detail"),
    path("cases/<int:pk>/opinions/<int:opinion>/return/", opinions.opinion_return, name="opinion-return"),
    path("cases/<int:pk>/opinions/<int:opinion>/issue/", opinions.opinion_issue, name="opinion-issue"),
    path("cases/<int:pk>/opinions/<int:opinion>/correct/", opinions.opinion_correct, name="opinion-correct"),
    path("cases/<int:pk>/opinions/<int:opinion>/pdf/", opinions.opinion_pdf, name="opinion-pdf"),
    path("cases/<int:pk>/opinions/<int:opinion>/pdf/render/", opinions.opinion_pdf_render, name="opinion-pdf-render"),
    path("opinions/", registry.opinion_list, name="opinion-list"),
    path("opinions/export/", registry.opinion_export, name="opinion-export"),
    path("stats/", registry.stats, name="stats"),
    path("imports/", registry.import_list, name="import-list"),
    path("imports/template/", registry.import_template, name="import-template"),
    path("imports/<int:pk>/", registry.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", registry.import_confirm, name="import-confirm"),
    path("tariffs/", include("expertise.urls_tariffs")),
]
