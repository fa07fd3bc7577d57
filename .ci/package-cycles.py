#!/usr/bin/env python3
"""Package import graph of a Java source tree: prints package cycles (strongly connected components).
Usage: .ci/package-cycles.py <src/main/java dir> [prefix] [--own=a.b.C,...]. Counts import and
import static lines of classes under the prefix (not fully qualified names written in code).
Exits 1 when there is a cycle."""
import os, re, sys, collections
args = [a for a in sys.argv[1:] if not a.startswith('--own=')]
# --own=a.b.C,a.b.D: count these classes as a package of their own (e.g. the root's error types,
# which everything imports, apart from the façade beside them, which imports everything).
own = set(x for a in sys.argv[1:] if a.startswith('--own=') for x in a[6:].split(','))
root = args[0]; prefix = args[1] if len(args) > 1 else 'io.switchboard'
edges = collections.defaultdict(set); why = collections.defaultdict(set)
pkgs = set()
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.java'): continue
        t = open(os.path.join(d, f)).read()
        m = re.search(r'^package ([\w.]+);', t, re.M)
        if not m: continue
        p = m.group(1)
        if p + '.' + f[:-5] in own: p = p + '.' + f[:-5]
        pkgs.add(p)
        for imp in re.findall(r'^import (?:static )?([\w.]+);', t, re.M):
            if not imp.startswith(prefix + '.'): continue
            parts = imp.split('.')
            # package = the leading lower-case segments
            q = '.'.join(x for x in parts if x[:1].islower()) if True else None
            segs = []
            for x in parts:
                if x[:1].isupper(): break
                segs.append(x)
            q = '.'.join(segs)
            if len(parts) > len(segs) and q + '.' + parts[len(segs)] in own:
                q = q + '.' + parts[len(segs)]
            if q != p:
                edges[p].add(q); why[(p, q)].add(f + '→' + imp.split('.')[len(segs)])
# Tarjan
index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
sys.setrecursionlimit(10000)
def sc(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v: break
        sccs.append(c)
for v in sorted(pkgs):
    if v not in index: sc(v)
cyc = [c for c in sccs if len(c) > 1]
print(f'{len(pkgs)} packages, {sum(len(v) for v in edges.values())} package edges, {len(cyc)} cycles')
for c in cyc:
    print('cycle:', ' '.join(sorted(x.replace(prefix, '') or '.' for x in c)))
    for a in c:
        for b in c:
            if b in edges[a]:
                print('   ', a.replace(prefix, ''), '->', b.replace(prefix, ''), ':', ', '.join(sorted(why[(a, b)])[:6]))
sys.exit(1 if cyc else 0)
