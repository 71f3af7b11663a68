"""Preloaded by the ingest workers' fork server (`caselaw.ingest.workers`) and imported nowhere else.

The one module of the package whose import does work, on purpose: the fork server imports it once, so the models
it loads are in every worker it forks (warm, and sharing those pages), as when workers were forked from a warmed
parent. A failure here must not stop the fork server: workers then load what they need on their first file.
"""

import contextlib

from caselaw.ingest.extract import warm_up

with contextlib.suppress(Exception):
    warm_up()
