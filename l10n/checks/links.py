"""URLs and email addresses (`url`, `email`): copied into the translation as they are."""

from __future__ import annotations

from .base import Add, Pair, compare_kind


def check_links(pair: Pair, add: Add) -> None:
    """Every URL and email address of the source is in the translation (a relaxed plural form may drop them)."""
    compare_kind("url", "url", "URL", pair, add)
    compare_kind("email", "email", "email address", pair, add)
