"""Month names for our own catalogs (never imported: `makemessages` reads the marks).

Django's Kazakh catalog leaves the genitive "alt. month" names untranslated and capitalises the
nominative ones, so `date_format` gave "2026 ж. 15 Наурыз". Marking the names here puts them into
locale/*/django.po, which LOCALE_PATHS puts ahead of Django's own catalog.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

NOMINATIVE = [
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
]

GENITIVE = [
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
]
