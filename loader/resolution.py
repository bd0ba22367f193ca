"""Transitional: the derivation moved to loader/derive.py (the driver) and each kind's
loader/facts/<kind>/derive.py; these names stay importable from here only for the tests of
other owners that still import them (test_extract_meetings, test_office_events, test_pages,
test_service_sparql). Delete this module once their import lines name the new homes."""
from __future__ import annotations

from .derive import DERIVATION_VERSION, articles_digest, rebuild  # noqa: F401
from .facts.meetings.derive import MeetingReport, cluster_reports  # noqa: F401
from .facts.meetings.derive import cluster_place as _cluster_place  # noqa: F401
from .facts.offices.derive import _former_before_current, _next_holder_began  # noqa: F401
