"""The rights, issue, forum and region taxonomy: data files in five languages, loaded and validated."""

from caselaw.taxonomy.loader import FACETS, LANGUAGES, get_taxonomy, load_taxonomy
from caselaw.taxonomy.schema import Entry, Forum, Instrument, Keyword, Outcome, Right, Taxonomy

__all__ = [
    "FACETS",
    "LANGUAGES",
    "Entry",
    "Forum",
    "Instrument",
    "Keyword",
    "Outcome",
    "Right",
    "Taxonomy",
    "get_taxonomy",
    "load_taxonomy",
]
