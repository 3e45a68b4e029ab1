"""Who may do what: roles as data, each a set of permissions, granted for some languages or
for all; the server checks them on every request, whatever the page shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Permission(StrEnum):
    READ = "read"  # the catalog, the built files, the editor's pages
    TRANSLATE = "translate"  # save a language's texts (and check them as one types)
    REVIEW = "review"  # confirm a language's translation as checked
    STAFF = "staff"  # invite and revoke people, start a release build


ROLES: dict[str, frozenset[Permission]] = {
    "staff": frozenset({Permission.READ, Permission.STAFF}),
    "translator": frozenset({Permission.READ, Permission.TRANSLATE}),
    # a reviewer corrects what they read before confirming it
    "reviewer": frozenset({Permission.READ, Permission.TRANSLATE, Permission.REVIEW}),
    # the one person at the computer `serve` runs on
    "owner": frozenset(Permission),
}
BY_LANGUAGE = frozenset({Permission.TRANSLATE, Permission.REVIEW})  # granted per language


@dataclass(frozen=True)
class Grant:
    """One role, for one language or (`lang` None) for every language."""

    role: str
    lang: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone the server knows: a display name (a pseudonym is fine) and what they may do.
    Nothing else about them is kept."""

    name: str
    grants: tuple[Grant, ...]
    id: int = 0  # their row in the team's people; 0 for serve's owner

    def may(self, permission: Permission, lang: str | None = None) -> bool:
        """Whether they may do this, for this language where it is done per language."""
        return any(
            permission in ROLES[g.role]
            and (permission not in BY_LANGUAGE or g.lang is None or g.lang == lang)
            for g in self.grants
        )

    def languages(self, permission: Permission) -> list[str]:
        """The languages they may do this in; ["*"] for every language."""
        langs = {g.lang or "*" for g in self.grants if permission in ROLES[g.role]}
        return ["*"] if "*" in langs else sorted(langs)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)


OWNER = Person("you", (Grant("owner"),))


def grants_of(staff: bool, translate: Iterable[str], review: Iterable[str]) -> tuple[Grant, ...]:
    """The grants of an invitation: staff, translator and reviewer of some languages."""
    return (
        *((Grant("staff"),) if staff else ()),
        *(Grant("translator", lang) for lang in sorted(set(translate))),
        *(Grant("reviewer", lang) for lang in sorted(set(review))),
    )
