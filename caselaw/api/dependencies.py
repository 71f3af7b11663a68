"""The parameters routes and pages share, as `Annotated` aliases: services, language, API keys, search parameters.

A route or page declares `services: ServicesDep` instead of repeating `Annotated[Services, Depends(...)]`; the
JSON routes and the HTML pages meet here (and in `params`, `case_detail`) instead of importing each other.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from caselaw.api.auth import require
from caselaw.api.language import ui_language
from caselaw.api.params import SearchParams, search_params
from caselaw.api.services import ServicesDep
from caselaw.store.keys import ApiKey

__all__ = ["CommitteeKey", "EditorKey", "LanguageDep", "MemberKey", "SearchParamsDep", "ServicesDep"]

LanguageDep = Annotated[str, Depends(ui_language)]
"""The UI language of the request: `lang`, else `Accept-Language`."""
SearchParamsDep = Annotated[SearchParams, Depends(search_params)]
"""The search parameters of the query string, validated in one call (`params.search_params`)."""
EditorKey = Annotated[ApiKey, Depends(require("editor"))]
"""The caller's key, which must be an editor's."""
MemberKey = Annotated[ApiKey, Depends(require("steering-committee", "member"))]
"""The caller's key, which must be a steering-committee member's or a member's (reading the selection)."""
CommitteeKey = Annotated[ApiKey, Depends(require("steering-committee"))]
"""The caller's key, which must be a steering-committee member's (deciding in the selection)."""
