"""The relation graph's shape: relations counted once, communities, and an order that keeps
related topics side by side. Pure functions, deterministic (ties go by the nodes' order)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def undirected(nodes: Sequence[str], related: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Each relation once, as a pair in the nodes' order, for nodes in ``nodes`` only."""
    rank = {node: index for index, node in enumerate(nodes)}
    pairs = {
        tuple(sorted((a, b), key=rank.__getitem__))
        for a in nodes
        for b in related.get(a, ())
        if b in rank and b != a
    }
    return sorted(pairs, key=lambda pair: (rank[pair[0]], rank[pair[1]]))


def communities(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Greedy modularity clusters (Clauset, Newman and Moore), deterministic.

    Merges the two joined clusters whose union raises modularity most, while one does;
    ties go to the pair that comes first in ``nodes``. Nodes with no relation end up
    together in one last cluster. Clusters come largest first, members in ``nodes`` order.
    """
    rank = {node: index for index, node in enumerate(nodes)}
    m = len(edges)
    if m == 0:
        return [list(nodes)] if nodes else []
    owner = {node: rank[node] for node in nodes}  # node -> cluster id (its first member's rank)
    degree = dict.fromkeys(range(len(nodes)), 0)
    links: dict[tuple[int, int], int] = {}
    for a, b in edges:
        ia, ib = sorted((rank[a], rank[b]))
        links[(ia, ib)] = links.get((ia, ib), 0) + 1
        degree[ia] += 1
        degree[ib] += 1
    while True:
        best, pair = 0.0, None
        for (ia, ib), count in sorted(links.items()):
            gain = count / m - degree[ia] * degree[ib] / (2 * m * m)
            if gain > best + 1e-12:
                best, pair = gain, (ia, ib)
        if pair is None:
            break
        keep, gone = pair
        for node, cluster in owner.items():
            if cluster == gone:
                owner[node] = keep
        degree[keep] += degree.pop(gone)
        merged: dict[tuple[int, int], int] = {}
        for (ia, ib), count in links.items():
            ia, ib = (keep if ia == gone else ia), (keep if ib == gone else ib)
            if ia != ib:
                key = (min(ia, ib), max(ia, ib))
                merged[key] = merged.get(key, 0) + count
        links = merged
    joined = {node for edge in edges for node in edge}
    groups: dict[int, list[str]] = {}
    for node in nodes:
        if node in joined:
            groups.setdefault(owner[node], []).append(node)
    found = sorted(groups.values(), key=lambda group: (-len(group), rank[group[0]]))
    alone = [node for node in nodes if node not in joined]
    return found + ([alone] if alone else [])


def hub_first(members: list[str], edges: Sequence[tuple[str, str]]) -> list[str]:
    """Breadth-first from the best-connected member, so related topics sit side by side."""
    inside = set(members)
    neighbours: dict[str, list[str]] = {node: [] for node in members}
    for a, b in edges:
        if a in inside and b in inside:
            neighbours[a].append(b)
            neighbours[b].append(a)
    rank = {node: index for index, node in enumerate(members)}
    order: list[str] = []
    for start in sorted(members, key=lambda n: (-len(neighbours[n]), rank[n])):
        if start in order:
            continue
        queue = [start]
        order.append(start)
        while queue:
            node = queue.pop(0)
            for other in sorted(neighbours[node], key=lambda n: (-len(neighbours[n]), rank[n])):
                if other not in order:
                    order.append(other)
                    queue.append(other)
    return order


def hub(members: Sequence[str], edges: Sequence[tuple[str, str]]) -> str:
    """The member with the most relations inside the group (the first one on a tie)."""
    inside = set(members)
    degree = dict.fromkeys(members, 0)
    for a, b in edges:
        if a in inside and b in inside:
            degree[a] += 1
            degree[b] += 1
    return max(members, key=lambda node: (degree[node], -members.index(node)))


#: The name of the group of topics related to no other.
UNRELATED = "Not related to other topics"


def named_communities(
    titles: Mapping[str, str], edges: Sequence[tuple[str, str]]
) -> list[tuple[str, list[str]]]:
    """Communities, each named after its best-connected topic ("Around …")."""
    joined = {node for edge in edges for node in edge}
    named = []
    for members in communities(list(titles), edges):
        if members[0] in joined:
            named.append((f"Around {' '.join(titles[hub(members, edges)].split())}", members))
        else:
            named.append((UNRELATED, members))
    return named


def _span(order: Sequence[str], edges: Sequence[tuple[str, str]]) -> int:
    """The total length of the edges when the nodes are drawn in one row, in ``order``."""
    place = {node: index for index, node in enumerate(order)}
    return sum(abs(place[a] - place[b]) for a, b in edges)


def arranged(
    groups: Sequence[tuple[str, Sequence[str]]], edges: Sequence[tuple[str, str]], linear: bool
) -> list[tuple[str, list[str]]]:
    """Groups in the order that keeps relations short, members hub first.

    Up to six groups, every order of them is tried (720 at most); more keep theirs.
    ``linear``: the members are drawn in one column, so each is then moved towards the
    mean place of its relations (barycentres, a few deterministic rounds), which
    shortens the edges of a one-column drawing and so narrows its gutters.
    """
    import itertools

    ordered = [(name, hub_first(list(members), edges)) for name, members in groups if members]
    if 1 < len(ordered) <= 6:
        ordered = list(
            min(
                itertools.permutations(ordered),
                key=lambda perm: _span([node for _, members in perm for node in members], edges),
            )
        )
    if not linear:
        return ordered
    neighbours: dict[str, list[str]] = {node: [] for _, members in ordered for node in members}
    for a, b in edges:
        if a in neighbours and b in neighbours:
            neighbours[a].append(b)
            neighbours[b].append(a)
    for _ in range(8):
        place = {node: index for index, node in enumerate(n for _, members in ordered for n in members)}

        def pull(node: str, place: dict[str, int] = place) -> tuple[float, int]:
            around = neighbours[node]
            return (sum(place[n] for n in around) / len(around) if around else place[node], place[node])

        ordered = [(name, sorted(members, key=pull)) for name, members in ordered]
    return ordered
