"""API keys: created and revoked from the command line, checked on every write; only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from caselaw.errors import NotFound, ValidationFailed
from caselaw.store.cases import CaseStore

Role = Literal["editor", "steering-committee", "member"]
ROLES: tuple[str, ...] = get_args(Role)
PREFIX = "clk"
"""Keys look like `clk_<key id>_<secret>`: the prefix makes a leaked key easy to find in logs and repositories."""
USE_NOTE_SECONDS = 60


@dataclass(frozen=True)
class ApiKey:
    """A stored key, without its secret."""

    key_id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the key may still be used."""
        return self.revoked_at is None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _row(row: tuple[str, str, str, str, str | None, str | None]) -> ApiKey:
    return ApiKey(
        key_id=row[0],
        name=row[1],
        role=row[2],  # type: ignore[arg-type]  # the table's CHECK constraint allows only the three roles
        created_at=datetime.fromisoformat(row[3]),
        revoked_at=datetime.fromisoformat(row[4]) if row[4] else None,
        last_used_at=datetime.fromisoformat(row[5]) if row[5] else None,
    )


class KeyStore:
    """API keys kept in the store's database."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def create(self, name: str, role: str) -> tuple[ApiKey, str]:
        """A new key for `name` with `role`; returns the record and the full key, which is shown only once."""
        if role not in ROLES:
            raise ValidationFailed(f"role {role!r} is not one of {', '.join(ROLES)}")
        name = name.strip()
        if not name or len(name) > 200:
            raise ValidationFailed("name: 1 to 200 characters (who holds the key, e.g. an organisation and person)")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO api_keys (key_id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (key_id, name, role, _hash(secret), now.isoformat()),
            )
        return self.get(key_id), f"{PREFIX}_{key_id}_{secret}"

    def get(self, key_id: str) -> ApiKey:
        """The key with this id (revoked or not); NotFound otherwise."""
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT key_id, name, role, created_at, revoked_at, last_used_at FROM api_keys WHERE key_id = ?",
                (key_id,),
            ).fetchone()
        if row is None:
            raise NotFound(f"no API key has id {key_id!r}")
        return _row(row)

    def list(self) -> list[ApiKey]:
        """Every key, oldest first."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT key_id, name, role, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at"
            ).fetchall()
        return [_row(row) for row in rows]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key at once; revoking twice keeps the first date."""
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?",
                (datetime.now(UTC).isoformat(), key_id),
            )
        if cursor.rowcount == 0:
            raise NotFound(f"no API key has id {key_id!r}")
        return self.get(key_id)

    def check(self, presented: str) -> ApiKey | None:
        """The active key `presented` is, or None; compares hashes in constant time and writes nothing."""
        parts = presented.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        _, key_id, secret = parts
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT secret_hash, revoked_at, key_id, name, role, created_at, revoked_at, last_used_at "
                "FROM api_keys WHERE key_id = ?",
                (key_id,),
            ).fetchone()
        if row is None or row[1] is not None or not hmac.compare_digest(row[0], _hash(secret)):
            return None
        return _row(row[2:])

    def verify(self, presented: str) -> ApiKey | None:
        """`check`, and note when the key was last used (at most once a minute: each note is a durable write)."""
        key = self.check(presented)
        if key is None:
            return None
        now = datetime.now(UTC)
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= USE_NOTE_SECONDS:
            with self.store.transaction() as conn:
                conn.execute("UPDATE api_keys SET last_used_at = ? WHERE key_id = ?", (now.isoformat(), key.key_id))
        return key
