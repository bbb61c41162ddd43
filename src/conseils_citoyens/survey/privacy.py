"""Disclosure control: which figures of a training-needs report may be published.

The unit of protection is a group of people, not a cell. Every published
figure describes a set of respondents: the report's population, one group of
a breakdown, the people of a group who answered a question. Every such set
has at least ``k`` people (``min_group``), and so has every set that can be
worked out by subtraction: the population minus the groups shown, one report's
group minus the groups of another report that it contains (a council inside
its EPCI), one release minus the one before (see :class:`ReleaseLog`).

- **Groups** of a breakdown with fewer than ``k`` people (« non renseigné »
  included) are merged into « Autres groupes » when together they reach ``k``;
  otherwise the next smallest groups join them, so that the population minus
  the groups shown has 0 or at least ``k`` people. That block of « other
  groups » is shown with its figures: anyone could work them out (everyone
  minus the groups shown), so showing them says nothing more.
  :func:`plan_groups` decides this for every possible breakdown at once
  (councils, communes, EPCIs and every single-choice question), so that two
  reports of the same responses never differ by a small set.
- **Inside a published set**, ordinary answer counts are shown whatever their
  size: « 3 of the 24 residents are already trained » says who no one is.
- **Sensitive answers** (health, disability, literacy, family, feelings:
  questions or choices flagged ``sensitive``) keep cell protection: a count
  ``c`` of ``n`` is shown only when ``c = 0`` or ``c ≥ k`` and ``n − c ≥ k``
  (:func:`protect_cells`), with complementary hiding that accounts for what the
  mark itself says (a hidden count is never zero).

A figure hidden for one of these reasons is ``None`` with a :class:`Hidden`
reason. This module decides; :mod:`conseils_citoyens.survey.analysis` counts
and builds the result.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import Problem, ValidationError

#: Key of the block of small groups merged together (« Autres groupes »).
OTHERS: Final = "*"
#: Version of the release log's format.
RELEASE_LOG_VERSION: Final = 1
RELEASE_LOG_KIND: Final = "conseils_citoyens_release_log"


class Hidden(enum.Enum):
    """Why a figure is not shown."""

    #: The set of people it describes has fewer than ``min_group`` people.
    SMALL = "small"
    #: Its set is large enough, but hidden so that a hidden figure cannot be worked out.
    COMPLEMENTARY = "complementary"
    #: It is computed from a hidden figure (a share or a mean) and would give it back.
    DERIVED = "derived"
    #: A count of a sensitive answer: shown only when 0, or when at least
    #: ``min_group`` people gave it and at least ``min_group`` did not. The same
    #: mark for a count hidden as a complement, so that the mark says nothing more.
    SENSITIVE = "sensitive"
    #: Its set differs by 1 to ``min_group`` − 1 people from a set already published.
    RELEASE = "release"


# --- sensitive counts --------------------------------------------------------------------


def protect_cells(
    counts: Sequence[int],
    sensitive: Sequence[bool],
    answered: int,
    k: int,
    *,
    total: bool,
) -> tuple[list[bool], bool]:
    """Return which counts of one distribution to hide, and whether even that is not enough.

    ``counts``: how many people gave each answer, among ``answered`` people;
    ``sensitive``: which answers are sensitive; ``total``: the counts add up
    to ``answered`` (a single choice), so the hidden ones add up to a known
    sum; otherwise (several answers allowed) each person gave at least one. A sensitive count is hidden unless it is 0 or at least ``k`` people
    gave the answer and at least ``k`` did not. With ``total``, more non-zero
    counts are hidden (smallest first) until each hidden count could be
    anything from 1 to at least ``k``: someone reading the report knows that
    a hidden count is not 0 and what the hidden counts add up to, no more.
    The second value is True when hiding every count is still not enough
    (then the number who answered must be hidden too).
    """
    hide = [
        bool(s) and c != 0 and not (c >= k and answered - c >= k)
        for c, s in zip(counts, sensitive, strict=True)
    ]
    if not any(hide):
        return hide, False
    if not total:
        # each person who answered gave at least one answer: with one count hidden,
        # it is at least (answered - the others); keep that bound at or below answered - k
        while sum(hide) == 1:
            others = sum(c for c, h in zip(counts, hide, strict=True) if not h)
            if others >= k:
                break
            candidates = [i for i, c in enumerate(counts) if c > 0 and not hide[i]]
            if not candidates:
                return [c > 0 for c in counts], True
            hide[min(candidates, key=lambda i: (counts[i], i))] = True
        return hide, False
    while True:
        hidden = [c for c, h in zip(counts, hide, strict=True) if h]
        if len(hidden) >= 2 and sum(hidden) - (len(hidden) - 1) >= k:
            return hide, False
        candidates = [i for i, c in enumerate(counts) if c > 0 and not hide[i]]
        if not candidates:
            return [c > 0 for c in counts], True
        hide[min(candidates, key=lambda i: (counts[i], i))] = True


# --- groups and the sets derived from them -------------------------------------------------


@attrs.frozen(kw_only=True)
class PartitionInput:
    """One possible breakdown of the respondents: its groups as sets of atoms.

    An *atom* is a set of respondents who share every breakdown key (same
    council, commune, EPCI and the same answer to each single-choice
    question); ``masks[i]`` is the bit mask of the atoms of group ``keys[i]``.
    ``sizes_hidden``: groups whose size is itself not published (a hidden
    count of a sensitive answer): they are never shown on their own.
    """

    name: str
    keys: tuple[str, ...]
    masks: tuple[int, ...]
    sizes_hidden: Mapping[str, Hidden] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class GroupPlan:
    """What a breakdown shows: its groups shown on their own, and those merged together.

    ``merged``: the groups shown together as one block (:data:`OTHERS`);
    ``hidden``: why each of them is not shown on its own.
    """

    name: str
    shown: tuple[str, ...]
    merged: tuple[str, ...]
    hidden: Mapping[str, Hidden]

    def blocks(self) -> tuple[str, ...]:
        """The sets shown with figures: the groups shown, then :data:`OTHERS` when merged."""
        return self.shown + ((OTHERS,) if self.merged else ())


#: Tells whether publishing a set (an atom mask) conflicts with an earlier release.
Conflict = Callable[[int], bool]


class _Table:
    """Blocks of every partition with their counts, and which are shown."""

    def __init__(
        self,
        k: int,
        total: int,
        blocks: Mapping[str, Mapping[str, tuple[int, int]]],
        shown: Mapping[str, set[str]],
        conflict: Conflict | None,
        owners: Iterable[str],
    ) -> None:
        self.k = k
        self.total = total
        self.blocks = blocks  # partition -> block -> (mask, count)
        self.shown = shown
        self.conflict = conflict
        self.owners = frozenset(owners)  # partitions whose sets this report publishes
        #: also make sure no single hidden block can be worked out (figures per question)
        self.strict = False
        self.why: dict[tuple[str, str], Hidden] = {}
        self.all_atoms = 0
        for per in blocks.values():
            for mask, _ in per.values():
                self.all_atoms |= mask

    def residual(self, name: str) -> tuple[int, int]:
        per = self.blocks[name]
        mask = self.all_atoms
        count = self.total
        for key in self.shown[name]:
            block_mask, block_count = per[key]
            mask &= ~block_mask
            count -= block_count
        return mask, count

    def _hide(self, name: str, key: str, why: Hidden) -> None:
        self.shown[name].discard(key)
        self.why.setdefault((name, key), why)

    def _hide_smallest(
        self, name: str, within: int | None, why: Hidden = Hidden.COMPLEMENTARY
    ) -> bool:
        per = self.blocks[name]
        candidates = [
            key
            for key in self.shown[name]
            if per[key][1] > 0 and (within is None or per[key][0] & ~within == 0)
        ]
        if not candidates:
            return False
        self._hide(name, min(candidates, key=lambda key: (per[key][1], key)), why)
        return True

    def settle(self) -> None:
        """Hide blocks until no derivable set has between 1 and k − 1 people."""
        k = self.k
        names = list(self.blocks)
        changed = True
        while changed:
            changed = False
            for name in names:
                if self.conflict is not None and name in self.owners:
                    for key in sorted(self.shown[name]):
                        if self.conflict(self.blocks[name][key][0]):
                            self._hide(name, key, Hidden.RELEASE)
                            changed = True
                mask, count = self.residual(name)
                conflicting = (
                    self.conflict is not None
                    and name in self.owners
                    and count > 0
                    and self.conflict(mask)
                )
                if (0 < count < k or conflicting) and self._hide_smallest(name, None):
                    changed = True
            if changed:
                continue
            for name_a in [None, *names]:
                published = (
                    [(self.all_atoms, self.total)]
                    if name_a is None
                    else [self.blocks[name_a][key] for key in self.shown[name_a]]
                    + [self.residual(name_a)]
                )
                for mask_a, count_a in published:
                    if count_a <= 0:
                        continue
                    for name_b in names:
                        if name_b == name_a:
                            continue
                        if self._check_inside(mask_a, count_a, name_b):
                            changed = True
                            break
                    if changed:
                        break
                if changed:
                    break
            if not changed and self.strict:
                changed = self._no_lone_hidden_block()

    def _hidden_blocks(self, name: str, within: int | None = None) -> list[str]:
        per = self.blocks[name]
        return [
            key
            for key, (mask, count) in per.items()
            if key not in self.shown[name] and count > 0 and (within is None or mask & ~within == 0)
        ]

    def _no_lone_hidden_block(self) -> bool:
        """Hide one more block where a single hidden block could be worked out on its own.

        A block hidden as a complement still describes at least k people, but
        a figure marked hidden must not be computable: when the rest of a
        breakdown (everyone minus the blocks shown), or a block of another
        breakdown minus the blocks shown inside it, is exactly one hidden
        block, another block is hidden with it.
        """
        names = list(self.blocks)
        for name_b in names:
            if len(self._hidden_blocks(name_b)) == 1 and self._hide_smallest(name_b, None):
                return True
        for name_a in names:
            per_a = self.blocks[name_a]
            for key_a in sorted(self.shown[name_a]):
                mask_a, count_a = per_a[key_a]
                for name_b in names:
                    if name_b == name_a:
                        continue
                    per_b = self.blocks[name_b]
                    hidden = self._hidden_blocks(name_b, mask_a)
                    if len(hidden) != 1:
                        continue
                    inside = [k for k in self.shown[name_b] if per_b[k][0] & ~mask_a == 0]
                    left = count_a - sum(per_b[k][1] for k in inside)
                    if left != per_b[hidden[0]][1]:
                        continue
                    if self._hide_smallest(name_b, mask_a) or self._hide_smallest(name_a, None):
                        return True
        return False

    def _check_inside(self, mask_a: int, count_a: int, name_b: str) -> bool:
        """Hide a block of ``name_b`` when set ``a`` minus the ``name_b`` sets inside it is small."""
        per = self.blocks[name_b]
        inside = [key for key in self.shown[name_b] if per[key][0] & ~mask_a == 0]
        covered = sum(per[key][1] for key in inside)
        res_mask, res_count = self.residual(name_b)
        residual_inside = res_count > 0 and res_mask & ~mask_a == 0
        if residual_inside:
            covered += res_count
        if not inside and not residual_inside:
            return False
        left = count_a - covered
        if not 0 < left < self.k:
            return False
        if self._hide_smallest(name_b, mask_a):
            return True
        return self._hide_smallest(name_b, None)


def _block_table(
    partitions: Sequence[PartitionInput],
    counts: Sequence[int],
    plans: Mapping[str, GroupPlan] | None,
) -> dict[str, dict[str, tuple[int, int]]]:
    table: dict[str, dict[str, tuple[int, int]]] = {}
    for partition in partitions:
        per: dict[str, tuple[int, int]] = {}
        others_mask = 0
        others_count = 0
        merged = set(plans[partition.name].merged) if plans is not None else set()
        for key, mask in zip(partition.keys, partition.masks, strict=True):
            count = _count(mask, counts)
            if key in merged:
                others_mask |= mask
                others_count += count
            else:
                per[key] = (mask, count)
        if merged:
            per[OTHERS] = (others_mask, others_count)
        table[partition.name] = per
    return table


@functools.lru_cache(maxsize=4096)
def atoms_in(mask: int) -> tuple[int, ...]:
    """Return the atoms of a mask, in order (one pass over its bits, not one per bit)."""
    bits = bin(mask)[:1:-1]
    return tuple(i for i, bit in enumerate(bits) if bit == "1")


def _count(mask: int, counts: Sequence[int]) -> int:
    return sum(counts[i] for i in atoms_in(mask))


def plan_groups(
    partitions: Sequence[PartitionInput],
    atom_sizes: Sequence[int],
    k: int,
    *,
    conflict: Conflict | None = None,
    published: Iterable[str] = (),
) -> dict[str, GroupPlan]:
    """Decide, for every breakdown at once, which groups are shown, merged or hidden.

    ``conflict`` (from a :class:`ReleaseLog`) refuses sets of the partitions
    named in ``published`` (those of the report being written) that differ
    from a set published before by 1 to ``k`` − 1 people.
    """
    total = sum(atom_sizes)
    plans: dict[str, GroupPlan] = {}
    for partition in partitions:
        sizes = {
            key: _count(mask, atom_sizes)
            for key, mask in zip(partition.keys, partition.masks, strict=True)
        }
        small = [
            key for key in partition.keys if 0 < sizes[key] < k or key in partition.sizes_hidden
        ]
        merged: tuple[str, ...] = ()
        hidden: dict[str, Hidden] = {}
        if small and all(sizes[key] < k for key in small) and sum(sizes[key] for key in small) >= k:
            merged = tuple(small)
        else:
            hidden = {
                key: partition.sizes_hidden.get(
                    key, Hidden.SMALL if sizes[key] < k else Hidden.COMPLEMENTARY
                )
                for key in small
            }
        shown = tuple(key for key in partition.keys if key not in small and sizes[key] > 0)
        plans[partition.name] = GroupPlan(
            name=partition.name, shown=shown, merged=merged, hidden=hidden
        )
    table = _Table(
        k,
        total,
        _block_table(partitions, atom_sizes, plans),
        {name: set(plan.blocks()) for name, plan in plans.items()},
        conflict,
        published,
    )
    table.settle()
    result: dict[str, GroupPlan] = {}
    for partition in partitions:
        name = partition.name
        plan = plans[name]
        shown_now = table.shown[name]
        extra = {key: why for (owner, key), why in table.why.items() if owner == name}
        others_why = extra.pop(OTHERS, None)
        shown = tuple(key for key in plan.shown if key in shown_now)
        # everything not shown can be worked out together (everyone minus the groups
        # shown), so it is shown together, as one block of at least k people
        merged = tuple(
            key
            for key, mask in zip(partition.keys, partition.masks, strict=True)
            if key not in shown and (_count(mask, atom_sizes) > 0 or key in partition.sizes_hidden)
        )
        hidden = {
            key: plan.hidden.get(key)
            or extra.get(key)
            or (others_why if key in plan.merged and others_why is not None else Hidden.SMALL)
            for key in merged
        }
        result[name] = GroupPlan(name=name, shown=shown, merged=merged, hidden=hidden)
    return result


def plan_measure(
    partitions: Sequence[PartitionInput],
    plans: Mapping[str, GroupPlan],
    answered: Sequence[int],
    k: int,
) -> dict[str, dict[str, Hidden]]:
    """Decide which blocks show their figures for one question (or topic).

    ``answered[a]``: how many people of atom ``a`` answered. A block shows
    the figures of the people who answered when they are 0 or at least
    ``k``, and when nothing derivable (all who answered minus the blocks
    shown, a block of another breakdown minus those inside it) counts 1 to
    ``k`` − 1 of them. Returns, per partition, the blocks hidden and why
    (blocks of hidden groups are left out: they show nothing anyway).
    """
    total = sum(answered)
    table = _Table(
        k,
        total,
        _block_table(partitions, answered, plans),
        {name: set(plan.blocks()) for name, plan in plans.items()},
        None,
        (),
    )
    table.strict = True
    for name, per in table.blocks.items():
        for key in list(table.shown[name]):
            if 0 < per[key][1] < k:
                table._hide(name, key, Hidden.SMALL)
    if 0 < total < k:
        for name in table.blocks:
            for key in list(table.shown[name]):
                table._hide(name, key, Hidden.SMALL)
    table.settle()
    result: dict[str, dict[str, Hidden]] = {name: {} for name in plans}
    for (name, key), why in table.why.items():
        result[name][key] = why
    return result


# --- the release log ----------------------------------------------------------------------------


def fingerprint(data: Any, salt: str) -> str:
    """Return a short salted fingerprint of one response's content (never its content)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((salt + "\x00" + text).encode("utf-8")).hexdigest()[:20]


@attrs.frozen(kw_only=True)
class ReleasedSet:
    """A set of respondents whose figures were published, as fingerprints."""

    label: str
    members: frozenset[str]


@attrs.frozen(kw_only=True)
class ReleaseConflict:
    """A set not published because it differs from an earlier one by too few people."""

    label: str
    earlier: str
    difference: int
    when: str

    def message(self, lang: str = "fr") -> str:
        """Say in words what was withheld and why."""
        if lang == "en":
            return (
                f"figures of '{self.label}' not published: this set differs by "
                f"{self.difference} {'person' if self.difference == 1 else 'people'} from "
                f"'{self.earlier}', published on {self.when}; comparing the two reports would "
                "give their answers away (wait for more responses, or leave the release log "
                "out if the earlier report was never shared)"
            )
        return (
            f"chiffres de « {self.label} » non publiés : cet ensemble diffère de "
            f"{self.difference} personne{'s' if self.difference > 1 else ''} de « {self.earlier} », "
            f"publié le {self.when} ; comparer les deux rapports donnerait leurs réponses "
            "(attendez d'autres réponses, ou laissez le journal des publications de côté si le "
            "rapport précédent n'a jamais été diffusé)"
        )


@attrs.define
class ReleaseLog:
    """The sets of respondents already published from a responses file.

    Kept as a small JSON file next to the responses (by default), holding
    salted fingerprints of the responses, never their content. A new report
    does not publish the figures of a set that differs from a published one
    by 1 to ``min_group`` − 1 people: subtracting the two reports would give
    those people's answers.
    """

    salt: str = attrs.field(factory=lambda: secrets.token_hex(8))
    releases: list[dict[str, Any]] = attrs.field(factory=list)

    def sets(self) -> list[tuple[ReleasedSet, str]]:
        """Every set published, with the date of its release."""
        found: list[tuple[ReleasedSet, str]] = []
        for release in self.releases:
            members: list[str] = release["members"]
            for item in release["sets"]:
                chosen = frozenset(members[i] for i in item["members"])
                found.append((ReleasedSet(label=item["label"], members=chosen), release["date"]))
        return found

    def record(self, when: str, report: str, sets: Sequence[ReleasedSet]) -> None:
        """Add one release (``sets`` published by ``report`` on ``when``)."""
        if not sets:
            return
        members = sorted(set().union(*(s.members for s in sets)))
        index = {m: i for i, m in enumerate(members)}
        self.releases.append(
            {
                "date": when,
                "report": report,
                "members": members,
                "sets": [
                    {"label": s.label, "members": sorted(index[m] for m in s.members)} for s in sets
                ],
            }
        )

    def to_data(self) -> dict[str, Any]:
        """Return the log as JSON data."""
        return {
            "kind": RELEASE_LOG_KIND,
            "version": RELEASE_LOG_VERSION,
            "salt": self.salt,
            "releases": self.releases,
        }

    @classmethod
    def from_data(cls, data: Any, source: str = "") -> ReleaseLog:
        """Read a log written by :meth:`to_data`; raise ValidationError when it is not one."""
        try:
            if data.get("kind") != RELEASE_LOG_KIND or data.get("version") != RELEASE_LOG_VERSION:
                raise ValueError
            salt = data["salt"]
            releases = data["releases"]
            if not isinstance(salt, str) or not isinstance(releases, list):
                raise ValueError
            for release in releases:
                members = release["members"]
                if not isinstance(release["date"], str) or not all(
                    isinstance(m, str) for m in members
                ):
                    raise ValueError
                for item in release["sets"]:
                    if not isinstance(item["label"], str) or not all(
                        isinstance(i, int) and 0 <= i < len(members) for i in item["members"]
                    ):
                        raise ValueError
        except (AttributeError, KeyError, TypeError, ValueError):
            raise ValidationError(
                [
                    Problem(
                        path="$",
                        code="privacy.bad_release_log",
                        texts={
                            "fr": f"« {source} » n'est pas un journal des publications de rapports : "
                            "donnez un autre fichier",
                            "en": f"'{source}' is not a release log of reports: give another file",
                        },
                    )
                ],
                kind="release_log",
                source=source or None,
            ) from None
        return cls(salt=salt, releases=list(releases))

    @classmethod
    def load(cls, path: Path) -> ReleaseLog:
        """Read the log at ``path``; a new empty log when the file does not exist."""
        from conseils_citoyens.documents.jsonio import read_json

        if not path.exists():
            return cls()
        return cls.from_data(read_json(path), str(path))

    def save(self, path: Path) -> None:
        """Write the log atomically to ``path``."""
        from conseils_citoyens.documents.jsonio import dumps_json, write_atomic

        write_atomic(path, dumps_json(self.to_data()))

    def conflict_with(self, members: frozenset[str], k: int) -> tuple[ReleasedSet, str, int] | None:
        """Return a published set differing from ``members`` by 1 to k − 1 people, if any."""
        for released, when in self.sets():
            difference = len(members ^ released.members)
            if 0 < difference < k:
                return released, when, difference
        return None


def default_release_log_path(responses: Path) -> Path:
    """Where the release log of a responses file lives by default (next to it)."""
    return responses.with_name(responses.stem + ".publications.json")


__all__ = [
    "OTHERS",
    "Conflict",
    "GroupPlan",
    "Hidden",
    "PartitionInput",
    "ReleaseConflict",
    "ReleaseLog",
    "ReleasedSet",
    "default_release_log_path",
    "fingerprint",
    "plan_groups",
    "plan_measure",
    "protect_cells",
]
