"""Composition check of 1,000 councils of 25 members against a bare counting loop.

Run ``uv run python -m bench --only composition``.

- ours: :func:`conseils_citoyens.council.composition.check_council` on each council
  (the built-in rules in force on the date, found through the plugin host, findings with French and English
  texts). Target: under 1 s for the 1,000 councils.
- baseline: a bare loop over the same members computing the counts the rules
  are built on (titular members per college, women and men among residents).
  The ratio says what the rules, the findings and their texts cost on top of
  merely looking at every member.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from typing import Any

from bench._timing import best_of, row
from conseils_citoyens.council.composition import check_council
from conseils_citoyens.council.model import (
    College,
    Council,
    Designation,
    Member,
    Organisation,
    Recognition,
    Role,
    Sex,
)
from conseils_citoyens.plugins import isolated_plugins

TARGET_S = 1.0
COUNCILS = 1_000
MEMBERS = 25
AS_OF = dt.date(2024, 6, 1)


def _member(rng: random.Random, council: int, index: int) -> Member:
    college = College.RESIDENTS if rng.random() < 0.6 else College.LOCAL_ACTORS
    resident = college is College.RESIDENTS
    return Member(
        id=f"m-{council}-{index}",
        college=college,
        sex=rng.choices((Sex.F, Sex.M, Sex.NOT_STATED), weights=(10, 10, 1))[0],
        birth_year=rng.randint(1950, 2005),
        role=Role.TITULAR if rng.random() < 0.8 else Role.SUBSTITUTE,
        designation=rng.choice(
            (Designation.DRAWN_BY_LOT, Designation.DRAWN_AMONG_VOLUNTEERS, Designation.VOLUNTEER)
            if resident
            else (Designation.NAMED_BY_ORGANISATION,)
        ),
        lives_in_qpv=(rng.random() < 0.95) if resident else None,
        organisation=None if resident else Organisation(name=f"Association {index}"),
        based_in_qpv=None if resident else rng.random() < 0.9,
        elected_official=rng.random() < 0.01,
        start_date=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1_500)),
    )


def councils(count: int = COUNCILS, members: int = MEMBERS, seed: int = 11) -> list[Council]:
    """Return ``count`` councils of ``members`` members each (fixed seed)."""
    rng = random.Random(seed)
    return [
        Council(
            id=f"cc-{i}",
            name=f"Conseil citoyen {i}",
            qpv_codes=(f"QP0{rng.randint(10, 95)}{rng.randint(0, 999):03d}",),
            communes=(f"{rng.randint(10, 95)}{rng.randint(0, 999):03d}",),
            recognition=Recognition(arrete_reference=f"A-{i}", date=dt.date(2019, 3, 1))
            if rng.random() < 0.7
            else None,
            mandate_years=rng.choice((None, 2, 3)),
            members=tuple(_member(rng, i, j) for j in range(members)),
        )
        for i in range(count)
    ]


def baseline(all_councils: list[Council]) -> int:
    """Count titular members per college and women/men among titular residents."""
    total = 0
    for council in all_councils:
        residents = actors = women = men = 0
        for member in council.members:
            if not member.sits_on(AS_OF) or member.role is not Role.TITULAR:
                continue
            if member.college is College.RESIDENTS:
                residents += 1
                if member.sex is Sex.F:
                    women += 1
                elif member.sex is Sex.M:
                    men += 1
            else:
                actors += 1
        total += residents + actors + abs(women - men)
    return total


def ours(all_councils: list[Council]) -> int:
    """Check every council with the rules of the plugins in use; return the findings count."""
    return sum(len(check_council(c, as_of=AS_OF).findings) for c in all_councils)


def run(quick: bool) -> list[dict[str, Any]]:
    """Time the check of 1,000 councils (same size when quick, fewer repeats)."""
    repeat = 2 if quick else 5
    data = councils()
    with isolated_plugins():  # the built-in rules only, whatever is installed
        findings = ours(data)  # warm-up: plugin host, schema patterns
        ours_s = best_of(lambda: ours(data), repeat=repeat)
    baseline(data)
    base_s = best_of(lambda: baseline(data), repeat=repeat)
    return [
        row(
            f"check {COUNCILS} councils of {MEMBERS} members",
            ours_s,
            base_s,
            max_seconds=TARGET_S,
            note=f"{findings} findings; baseline: bare counting loop",
        )
    ]


if __name__ == "__main__":
    for result in run("--quick" in sys.argv):
        print(result)
