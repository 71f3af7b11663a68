"""`/committee`: the steering committee's web page over the selection API (sign in with a key, table, candidates)."""

from caselaw.api.committee.page import COMMITTEE_CSP, mount_committee

__all__ = ["COMMITTEE_CSP", "mount_committee"]
