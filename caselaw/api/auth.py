"""Who is calling: reads are public; writes need an API key whose role allows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from caselaw.api.services import ServicesDep
from caselaw.errors import Forbidden, Unauthorized
from caselaw.store.keys import ApiKey, Role

# Declared so that OpenAPI documents the scheme; errors are ours (problem+json), not FastAPI's.
bearer = HTTPBearer(auto_error=False, description="An API key from `caselaw keys create`: `Bearer clk_…`.")


def optional_key(
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> ApiKey | None:
    """The caller's key, or None for an anonymous caller; a key that is presented but invalid is refused."""
    presented = credentials.credentials if credentials is not None else x_api_key
    if not presented:
        return None
    key = services.keys.verify(presented)
    if key is None:
        raise Unauthorized("the API key is unknown or revoked")
    return key


def require(*roles: Role) -> Callable[..., ApiKey]:
    """A dependency admitting only keys with one of `roles`."""

    def dependency(key: Annotated[ApiKey | None, Depends(optional_key)]) -> ApiKey:
        if key is None:
            raise Unauthorized("this operation needs an API key (Authorization: Bearer clk_…)")
        if key.role not in roles:
            raise Forbidden(f"a {key.role} key may not do this; it needs one of: {', '.join(roles)}")
        return key

    return dependency


def actor(key: ApiKey) -> str:
    """How a key's holder is named in audit logs."""
    return f"{key.name} (key {key.key_id}, {key.role})"
