"""Union-find: which items are joined through any chain of links. Copy groups (matrix.py, copies.py) and the
components of grouping's strong pairs (stories.py) use it; it knows nothing of either."""
from __future__ import annotations


class Joined:
    """Union-find over n items: which are joined, through any chain of links."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)

    def groups(self) -> list[list[int]]:
        """The components, each in index order, in order of their first item."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            groups.setdefault(self.find(i), []).append(i)
        return list(groups.values())
