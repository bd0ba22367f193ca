"""The actors' record: one person, organization or country as one article describes it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...records import Evidence


@dataclass
class ActorRecord:
    """One actor as one article describes it; `key` is unique within the article."""

    key: str
    kind: str  # "person" | "organization" | "country"
    name: str
    labels: set[str] = field(default_factory=set)
    mentions: list[Evidence] = field(default_factory=list)
