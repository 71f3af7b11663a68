"""Search state kept in the URL: read from the query string, turned into a request, and varied into links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from caselaw.api.params import SearchParams
from caselaw.errors import ValidationFailed
from caselaw.search.facets import FACET_KEYS

LIST_KEYS = frozenset(FACET_KEYS)
SCALAR_KEYS = ("q", "mode", "date_from", "date_to", "sort", "page", "expand", "lang")
"""What the search page reads; anything else in a URL (an old bookmark, a tracking tag) is ignored."""
ORDER = ("q", "mode", *FACET_KEYS, "date_from", "date_to", "sort", "expand", "page", "lang")
PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchState:
    """The query-string items of a search, in a stable order, empty values dropped."""

    items: tuple[tuple[str, str], ...]

    @classmethod
    def from_query(cls, query: QueryParams, *, keep: frozenset[str] | None = None) -> SearchState:
        """The state in a query string, keeping only the keys the page understands (or those in `keep`)."""
        allowed = keep if keep is not None else LIST_KEYS | set(SCALAR_KEYS)
        pairs: list[tuple[str, str]] = []
        for key in ORDER:
            if key not in allowed:
                continue
            values = query.getlist(key) if key in LIST_KEYS else query.getlist(key)[-1:]
            pairs.extend((key, value.strip()) for value in dict.fromkeys(values) if value.strip())
        return cls(tuple(pairs))

    def get(self, key: str, default: str = "") -> str:
        """The value of a single-valued key."""
        return next((value for k, value in self.items if k == key), default)

    def values(self, key: str) -> list[str]:
        """Every value of a repeatable key."""
        return [value for k, value in self.items if k == key]

    def has(self, key: str, value: str) -> bool:
        """Whether the state selects `value` for `key`."""
        return (key, value) in self.items

    @property
    def filtered(self) -> bool:
        """Whether any facet or date filter is set."""
        return any(k in LIST_KEYS or k in ("date_from", "date_to") for k, _ in self.items)

    def _with(self, pairs: list[tuple[str, str]]) -> SearchState:
        ordered = sorted(pairs, key=lambda pair: ORDER.index(pair[0]))
        return SearchState(tuple(ordered))

    def toggled(self, key: str, value: str) -> SearchState:
        """The state with `value` of `key` switched on or off, back on the first page."""
        pairs = [p for p in self.items if p[0] != "page"]
        pairs = [p for p in pairs if p != (key, value)] if (key, value) in pairs else [*pairs, (key, value)]
        return self._with(pairs)

    def without(self, *keys: str) -> SearchState:
        """The state without these keys, back on the first page."""
        return self._with([p for p in self.items if p[0] not in keys and p[0] != "page"])

    def replaced(self, key: str, value: str | None) -> SearchState:
        """The state with `key` set to `value` (removed when None); the page is kept only when it is the key."""
        pairs = [p for p in self.items if p[0] != key and (key == "page" or p[0] != "page")]
        if value is not None:
            pairs.append((key, value))
        return self._with(pairs)

    def query(self) -> str:
        """The query string (without `?`)."""
        return urlencode(self.items)

    def href(self, path: str = "/") -> str:
        """`path` with this state's query string."""
        query = self.query()
        return f"{path}?{query}" if query else path

    def params(self, size: int = PAGE_SIZE) -> SearchParams:
        """The API's search parameters for this state; ValidationFailed names the first bad value."""
        data: dict[str, Any] = {key: self.values(key) for key in LIST_KEYS if self.values(key)}
        for key in SCALAR_KEYS:
            if self.get(key) and key != "lang":
                data[key] = self.get(key)
        data["size"] = size
        try:
            return SearchParams.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "request"
            raise ValidationFailed(f"{where}: {first['msg']}") from exc
