"""Comments (threaded by replies) and the history of every change to a candidate."""

from __future__ import annotations

import json
from datetime import datetime

from caselaw.errors import CommentNotFound
from caselaw.selection.models import Comment, CommentDraft, HistoryAction, HistoryEntry
from caselaw.selection.store.base import StoreBase, utcnow


class CommentStore(StoreBase):
    """Comments and history of candidates."""

    def comment(self, candidate_id: str, draft: CommentDraft, *, author: str) -> Comment:
        """Add a comment, or a reply to a comment on the same candidate (CommentNotFound otherwise)."""
        with self._transaction() as conn:
            self._load(conn, candidate_id)
            if draft.parent_id is not None:
                parent = conn.execute(
                    "SELECT 1 FROM selection_comments WHERE id = ? AND candidate_id = ?",
                    (draft.parent_id, candidate_id),
                ).fetchone()
                if parent is None:
                    raise CommentNotFound(f"candidate {candidate_id} has no comment {draft.parent_id}")
            now = utcnow()
            cursor = conn.execute(
                "INSERT INTO selection_comments (candidate_id, parent_id, author, body, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (candidate_id, draft.parent_id, author, draft.body, now.isoformat()),
            )
            comment = Comment(
                id=int(cursor.lastrowid or 0),
                candidate_id=candidate_id,
                parent_id=draft.parent_id,
                author=author,
                body=draft.body,
                created_at=now,
            )
            self._log(
                conn,
                candidate_id,
                author,
                HistoryAction.COMMENTED,
                at=now,
                field=f"comment:{comment.id}",
                new={"body": draft.body, "parent_id": draft.parent_id},
            )
        return comment

    def comments(self, candidate_id: str) -> list[Comment]:
        """Every comment on a candidate, oldest first; `parent_id` links replies into threads."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            rows = conn.execute(
                "SELECT id, candidate_id, parent_id, author, body, created_at FROM selection_comments "
                "WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            ).fetchall()
        return [
            Comment(
                id=r[0],
                candidate_id=r[1],
                parent_id=r[2],
                author=r[3],
                body=r[4],
                created_at=datetime.fromisoformat(r[5]),
            )
            for r in rows
        ]

    def history(self, candidate_id: str) -> list[HistoryEntry]:
        """Every change to a candidate, oldest first."""
        with self.cases.reading() as conn:
            self._load(conn, candidate_id)
            rows = conn.execute(
                "SELECT id, candidate_id, at, actor, action, field, old, new, reason FROM selection_history "
                "WHERE candidate_id = ? ORDER BY id",
                (candidate_id,),
            ).fetchall()
        return [
            HistoryEntry(
                id=r[0],
                candidate_id=r[1],
                at=datetime.fromisoformat(r[2]),
                actor=r[3],
                action=HistoryAction(r[4]),
                field=r[5],
                old=None if r[6] is None else json.loads(r[6]),
                new=None if r[7] is None else json.loads(r[7]),
                reason=r[8],
            )
            for r in rows
        ]
