"""Types of the native one-pass search (native/src/lib.rs, built by setup.py into caselaw/search/embedded)."""

Stored = str | bytes | int
"""A stored value: text, bytes or an integer, as the field holds."""

class Searchable:
    """An index generation's directory, read for searches; it reads a new commit only when reloaded."""

    def __init__(self, path: str, /) -> None: ...
    def reload(self) -> None:
        """Read the index's last commit from now on."""
    def num_docs(self) -> int:
        """Number of live documents."""
    def search(
        self,
        query: str,
        filters: list[tuple[str, str]],
        counted: list[tuple[str, int]],
        offset: int,
        limit: int,
        order: tuple[str, bool] | None,
        fields: list[str],
        /,
    ) -> tuple[int, list[tuple[float | int | None, list[list[Stored]]]], list[tuple[str, list[tuple[str, int]]]]]:
        """One posting walk: the total, the page and the disjunctive counts.

        `query` is the JSON spec of the text and date part (`translate.spec_json`); `filters` one (facet key, JSON
        spec) per selected facet; `counted` the facets to count with the most values each lists; `order` a fast
        field and whether descending (None: by score). Each hit is (score, or the sort field's value, None when
        the document has none; the values of each of `fields`); each facet's values come most frequent first,
        ties by value. Raises ValueError when the index cannot be read or a spec is malformed.
        """
