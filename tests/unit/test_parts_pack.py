"""`parts.pack` and `parts.part_src` (issue 10: long lists split into parts, never losing an entry)."""

from __future__ import annotations

import random

import pytest

import parts


def _flat(plan):
    return [item for part in plan for _, items in part for item in items]


def test_a_list_under_the_limit_is_one_part_unchanged():
    groups = [("a", [1, 2]), ("b", []), ("c", [3])]
    assert parts.pack(groups, 3) == [groups]


@pytest.mark.parametrize("seed", range(20))
def test_every_item_is_on_exactly_one_part_in_order_and_parts_respect_the_limit(seed):
    rng = random.Random(seed)
    limit = rng.randint(1, 12)
    groups, n = [], 0
    for g in range(rng.randint(1, 15)):
        size = rng.choice([0, 1, 2, 5, limit, limit + 1, 3 * limit + 2])
        groups.append((f"g{g}", list(range(n, n + size))))
        n += size
    plan = parts.pack(groups, limit)
    assert _flat(plan) == list(range(n))  # nothing dropped, nothing repeated, order kept
    for part in plan:
        assert part and sum(max(len(items), 1) for _, items in part) <= max(limit, 1)
    keys = [key for part in plan for key, _ in part]
    assert [k for k, _ in groups] == sorted(set(keys), key=keys.index)  # even an empty group keeps its place


def test_a_group_larger_than_the_limit_is_cut_into_chunks():
    plan = parts.pack([("big", list(range(7)))], 3)
    assert plan == [[("big", [0, 1, 2])], [("big", [3, 4, 5])], [("big", [6])]]


def test_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="max_entries_per_page"):
        parts.pack([("a", [1])], 0)


def test_part_addresses():
    assert parts.part_src("shelters.md", 1) == "shelters.md"
    assert parts.part_src("shelters.md", 2) == "parts/shelters-2.md"
    assert parts.part_src("regions/kg-n.md", 3) == "parts/regions-kg-n-3.md"
