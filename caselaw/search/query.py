"""The query language: a safe default (words, "phrases", -exclusion, OR) and an opt-in advanced mode.

Advanced mode adds field queries (`forum:un-cescr`, `title:"…"`), parentheses, AND/NOT and a trailing `*`.
Parsing yields an engine-neutral tree; every engine translates the same tree. Malformed input raises
`QuerySyntaxError` naming the character position and the reason.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from caselaw.errors import QuerySyntaxError
from caselaw.search.facets import FACET_KEYS

TEXT_FIELDS: tuple[str, ...] = ("title", "text", "name")
"""Advanced-mode fields searched as analysed text: titles, body text (summaries, documents), names and numbers."""
KEYWORD_FIELDS: tuple[str, ...] = ("id", *FACET_KEYS)
"""Advanced-mode fields matched exactly against stored codes."""
MAX_CLAUSES = 64
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Term:
    """One word. `field` None means every text field; `language` restricts it to that language's fields."""

    text: str
    field: str | None = None
    prefix: bool = False
    language: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order."""

    words: tuple[str, ...]
    field: str | None = None
    language: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Excludes what its child matches."""

    child: Node


@dataclass(frozen=True)
class And:
    """Every child must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one child must match; `best` scores by the best-matching child instead of the sum."""

    children: tuple[Node, ...]
    boost: float = 1.0
    best: bool = False


@dataclass(frozen=True)
class Concept:
    """Cases whose text mentions a keyword of a taxonomy concept in one of `languages` (cross-lingual expansion).

    Engines find the concepts a case mentions when they index it (`expansion.ConceptFinder`), so matching a
    concept is one term lookup instead of one phrase query per keyword and language.
    """

    facet: str
    code: str
    languages: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class MatchAll:
    """Matches every case (an empty query)."""


Node = Term | Phrase | Not | And | Or | Concept | MatchAll


@dataclass
class _Token:
    kind: str  # word, phrase, lparen, rparen, or, and, not, minus
    text: str
    pos: int
    field: str | None = None
    field_pos: int = 0
    words: tuple[str, ...] = dataclasses.field(default_factory=tuple)


def _fail(query: str, pos: int, reason: str) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"query syntax error at position {pos + 1}: {reason}", position=pos + 1, reason=reason, query=query
    )


def _tokenize(query: str, advanced: bool) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
            continue
        if char == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise _fail(query, i, 'unclosed quote: add the closing "')
            body = query[i + 1 : end]
            if not _WORDLIKE.search(body):
                raise _fail(query, i, "empty phrase: put words between the quotes")
            tokens.append(_Token("phrase", body, i, words=tuple(body.split())))
            i = end + 1
            continue
        if advanced and char in "()":
            tokens.append(_Token("lparen" if char == "(" else "rparen", char, i))
            i += 1
            continue
        if char == "-" and (i + 1 >= n or query[i + 1].isspace()):
            raise _fail(query, i, "'-' must be followed by a word or a phrase, without a space")
        if char == "-":
            tokens.append(_Token("minus", char, i))
            i += 1
            continue
        start = i
        stops = ' \t\n\r"()' if advanced else ' \t\n\r"'
        while i < n and query[i] not in stops and not query[i].isspace():
            i += 1
        word = query[start:i]
        if word == "OR":
            tokens.append(_Token("or", word, start))
        elif advanced and word in ("AND", "NOT"):
            tokens.append(_Token(word.lower(), word, start))
        elif advanced and ":" in word and re.fullmatch(r"[A-Za-z_]+:.*", word):
            name, _, rest = word.partition(":")
            _check_field(query, name, start)
            if rest:
                tokens.append(_Token("word", rest, start + len(name) + 1, field=name, field_pos=start))
            elif i < n and query[i] in '"(':
                tokens.append(_Token("field", name, start))
            else:
                raise _fail(query, start, f"field {name!r} needs a value after ':'")
        else:
            tokens.append(_Token("word", word, start))
    return tokens


def _check_field(query: str, name: str, pos: int) -> None:
    if name not in TEXT_FIELDS and name not in KEYWORD_FIELDS:
        known = ", ".join((*TEXT_FIELDS, *KEYWORD_FIELDS))
        raise _fail(query, pos, f"unknown field {name!r}; fields are: {known}")


class _Parser:
    def __init__(self, query: str, tokens: list[_Token], advanced: bool) -> None:
        self.query = query
        self.tokens = tokens
        self.advanced = advanced
        self.at = 0
        self.clauses = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.sequence(top=True)
        token = self.peek()
        if token is not None:  # only a stray ')' stops a top-level sequence
            raise _fail(self.query, token.pos, "unmatched ')'")
        return node

    def sequence(self, top: bool) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None and token.kind != "rparen":
            if token.kind == "and":
                self.take()
                if not children or self.peek() is None or self.peek_kind() in ("or", "and", "rparen"):
                    raise _fail(self.query, token.pos, "AND needs a word or phrase on both sides")
                continue
            children.append(self.alternatives())
        if not children and not top:
            closing = self.peek()
            raise _fail(self.query, closing.pos if closing else len(self.query), "empty parentheses")
        return MatchAll() if not children else children[0] if len(children) == 1 else And(tuple(children))

    def peek_kind(self) -> str | None:
        token = self.peek()
        return token.kind if token else None

    def alternatives(self) -> Node:
        first_token = self.peek()
        options = [self.unary()]
        while self.peek_kind() == "or":
            or_token = self.take()
            if self.peek_kind() in (None, "or", "and", "rparen"):
                raise _fail(self.query, or_token.pos, "OR needs a word or phrase on both sides")
            options.append(self.unary())
        if len(options) == 1:
            return options[0]
        if any(isinstance(option, Not) for option in options):
            pos = first_token.pos if first_token else 0
            raise _fail(self.query, pos, "an exclusion cannot be one of the alternatives of OR")
        return Or(tuple(options))

    def unary(self) -> Node:
        token = self.take()
        if token.kind in ("minus", "not"):
            if self.peek_kind() in (None, "or", "and", "rparen", "minus", "not"):
                raise _fail(self.query, token.pos, f"{token.text!r} must be followed by a word or a phrase")
            return Not(self.primary())
        if token.kind == "or":
            raise _fail(self.query, token.pos, "OR needs a word or phrase on both sides")
        self.at -= 1
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise _fail(self.query, token.pos, f"too many words: at most {MAX_CLAUSES}")
        if token.kind == "lparen":
            node = self.sequence(top=False)
            closing = self.peek()
            if closing is None:
                raise _fail(self.query, token.pos, "unclosed '(': add the closing ')'")
            self.take()
            return node
        if token.kind == "field":
            return self.field_value(token)
        if token.kind == "phrase":
            return Phrase(token.words)
        if token.kind == "word":
            return self.word(token)
        raise _fail(self.query, token.pos, f"unexpected {token.text!r}")

    def field_value(self, field_token: _Token) -> Node:
        token = self.peek()
        if token is None:
            raise _fail(self.query, field_token.pos, f"field {field_token.text!r} needs a value")
        if token.kind == "phrase":
            self.take()
            if field_token.text in KEYWORD_FIELDS:
                return Term(token.text.strip(), field=field_token.text)
            return Phrase(token.words, field=field_token.text)
        node = self.primary()
        return _with_field(node, field_token.text, self.query, field_token.pos)

    def word(self, token: _Token) -> Node:
        text = token.text
        prefix = self.advanced and text.endswith("*") and len(text) > 1
        if prefix:
            text = text.rstrip("*")
        if token.field is not None:
            return _with_field(Term(text, prefix=prefix), token.field, self.query, token.field_pos)
        return Term(text, prefix=prefix)


def _with_field(node: Node, name: str, query: str, pos: int) -> Node:
    if isinstance(node, Term):
        if name in KEYWORD_FIELDS and node.prefix:
            raise _fail(query, pos, f"field {name!r} takes exact codes, not a prefix")
        return Term(node.text, field=name, prefix=node.prefix)
    if isinstance(node, Phrase):
        return Phrase(node.words, field=name)
    if isinstance(node, Not):
        return Not(_with_field(node.child, name, query, pos))
    if isinstance(node, And):
        return And(tuple(_with_field(child, name, query, pos) for child in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_field(child, name, query, pos) for child in node.children))
    return node


def _searchable(node: Node) -> bool:
    if isinstance(node, Term):
        return node.field in KEYWORD_FIELDS or bool(_WORDLIKE.search(node.text))
    if isinstance(node, Phrase):
        return any(_WORDLIKE.search(word) for word in node.words)
    if isinstance(node, Not):
        return _searchable(node.child)
    if isinstance(node, And | Or):
        return any(_searchable(child) for child in node.children)
    return True


def parse_query(query: str, *, advanced: bool = False) -> Node:
    """Parse `query` into a tree; raise QuerySyntaxError (position and reason) when it is malformed."""
    return _parse(query, advanced)


@lru_cache(maxsize=4096)
def _parse(query: str, advanced: bool) -> Node:
    # Memoised (errors are not, they are raised again): the tree is immutable.
    if not query.strip():
        return MatchAll()
    node = _Parser(query, _tokenize(query, advanced), advanced).parse()
    if not _searchable(node):
        raise _fail(query, 0, "no searchable words: use letters or digits")
    return node
