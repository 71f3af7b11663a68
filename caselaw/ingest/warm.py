"""Preloaded by the ingest workers' fork server (`caselaw.ingest.workers`) and imported nowhere else.

The one module of the package whose import does work, on purpose: the fork server imports it once, so the models
it loads are in every worker it forks (warm, and sharing those pages), as when workers were forked from a warmed
parent. A failure here must not stop the fork server: workers then load what they need on their first file.
"""

import contextlib
import gc

from caselaw.ingest.extract import warm_up
from caselaw.ingest.states import places_in

with contextlib.suppress(Exception):
    warm_up()
    # The table of provinces and regions (0.4 s) is built on the first place name a document prints, which
    # `warm_up`'s sentence has none of: built here once, not again in every worker.
    list(places_in("Warm Up"))
# What was loaded lives as long as the workers: out of the collector's sight, its full collections in each worker
# no longer walk it (the collector's time reading the real corpus halved, 0.2 -> 0.1 s).
gc.freeze()
