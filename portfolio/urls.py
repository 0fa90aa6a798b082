from django.urls import path

from portfolio.views import assignments, dashboards, meetings, submissions

app_name = "portfolio"

urlpatterns = [
    path("", dashboards.city, name="city"),
    path("directions/<int:pk>/", dashboards.direction, name="direction"),
    path("directions/<int:pk>/pdf/", dashboards.direction_pdf, name="direction-pdf"),
    path("committee/", dashboards.committee, name="committee"),
    path("queue/", submissions.queue, name="queue"),
    path("submissions/", submissions.submission_list, name="submissions"),
    path("submissions/new/", submissions.submission_create, name="submission-create"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission"),
    path("submissions/<int:pk>/screen/", submissions.submission_screen, name="submission-screen"),
    path("submissions/<int:pk>/schedule/", submissions.submission_schedule, name="submission-schedule"),
    path("submissions/<int:pk>/return/", submissions.submission_return, name="submission-return"),
    path("submissions/<int:pk>/resubmit/", submissions.submission_resubmit, name="submission-resubmit"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_update, name="meeting-update"),
    path("meetings/<int:pk>/held/", meetings.meeting_hold, name="meeting-hold"),
    path("meetings/<int:pk>/attendees/", meetings.attendee_add, name="attendee-add"),
    path(
        "meetings/<int:pk>/attendees/<int:attendance_pk>/remove/",
        meetings.attendee_remove,
        name="attendee-remove",
    ),
    path("meetings/<int:pk>/items/", meetings.item_create, name="item-create"),
    path("meetings/<int:pk>/pack/", meetings.pack_publish, name="pack-publish"),
    path("items/<int:pk>/", meetings.item_detail, name="item"),
    path("items/<int:pk>/edit/", meetings.item_update, name="item-update"),
    path("items/<int:pk>/decide/", meetings.item_decide, name="item-decide"),
    path("items/<int:pk>/vote/", meetings.item_vote, name="item-vote"),
    path("items/<int:pk>/conflict/", meetings.item_conflict, name="item-conflict"),
    path("items/<int:pk>/opinion/", meetings.item_opinion, name="item-opinion"),
    path("items/<int:pk>/assignments/", meetings.item_assignment, name="item-assignment"),
    path("packs/<int:pk>/", meetings.pack_detail, name="pack"),
    path("packs/<int:pk>/pdf/", meetings.pack_download, name="pack-download"),
    path("assignments/", assignments.assignment_list, name="assignments"),
    path("assignments/execution/", assignments.assignment_stats, name="assignment-stats"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/report/", assignments.assignment_report, name="assignment-report"),
    path("assignments/<int:pk>/accept/", assignments.assignment_accept, name="assignment-accept"),
    path("tolerance/", assignments.tolerance, name="tolerance"),
    path("tolerance/<int:pk>/", assignments.tolerance, name="tolerance-edit"),
]
