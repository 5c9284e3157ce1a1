"""The category tree held in memory: which categories a choice of some of them covers."""

from collections.abc import Iterable, Mapping


def with_descendants(chosen: Iterable[int], parents: Mapping[int, int | None]) -> frozenset[int]:
    """The chosen categories and every category below them, from each category's parent (pk → parent pk)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    found = set(chosen)
    frontier = list(found)
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, ()) if child not in found]
        found.update(frontier)
    return frozenset(found)
