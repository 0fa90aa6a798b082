from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from pmis.accounts.views import set_language

admin.site.__class__ = OTPAdminSite  # the admin demands a verified second factor
admin.site.site_header = "PMIS"
admin.site.site_title = _("PMIS administration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("pmis.core.urls")),
    path("accounts/", include("pmis.accounts.urls")),
    path("notifications/", include("pmis.notifications.urls")),
    path("projects/", include("projects.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("expertise/", include("expertise.urls")),
    path("audits/", include("audits.urls")),
    path("surveys/", include("surveys.urls")),
    path(
        "i18n/setlang/", set_language, name="set_language"
    ),  # Django's switcher, which also updates the profile
    path("admin/", admin.site.urls),
    # open data (no language: the files are the same in every language) and robots.txt / sitemap.xml
    path("open-data/", include("portfolio.opendata.urls")),
    path("", include("portfolio.public.root_urls")),
]
# The public side for citizens, with the language in the address (/kk/…, /ru/…, /en/…): no sign-in
urlpatterns += i18n_patterns(path("", include("portfolio.public.urls")), prefix_default_language=True)

# No settings module serves MEDIA_URL: uploaded and generated files go out only through the access-checked
# download views (pmis.core.files.file_response), never by a path anyone could guess or pass on.

handler403 = "pmis.core.views.error_403"
handler404 = "pmis.core.views.error_404"
handler500 = "pmis.core.views.error_500"
