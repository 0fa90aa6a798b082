"""Navigation, section menu and home panels of the surveys. Each area registers its own entries in
`surveys/portal_<area>.py`, imported here (the top-level "Surveys" menu entry is the builder's)."""

from __future__ import annotations

import surveys.portal_builder  # noqa: F401
import surveys.portal_campaigns  # noqa: F401
import surveys.portal_feedback  # noqa: F401
import surveys.portal_integrations  # noqa: F401
import surveys.portal_population  # noqa: F401
import surveys.portal_respond  # noqa: F401
import surveys.portal_results  # noqa: F401
import surveys.portal_texts  # noqa: F401
