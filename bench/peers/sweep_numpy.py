#!/usr/bin/env python3
"""sweep_numpy.py FILE: the numpy peer of the sweep workload (bench/README.md, D).

Reads the same files as market.py (`bench/gen.py sweep N --peer` writes the
sweep's N points as N scenarios, each read once; `gen.py market N` works too)
with market.py's parser -- except that when every line after the world is a
scenario with one cap followed by its read, as the generator writes them, those
lines are read in bulk with one regular expression -- then computes every read
at once: each figure of the
model of docs/model.md and src/model/model.c is an array over the reads, so
the Python interpreter's work is per chip and per market, not per point.

What it shares with market.py and market.c, step for step: a chip's costs in
a market (buyer price with passed-on share and tariff, lifetime energy, switching
cost) come from the standing policies alone, so the cost order of each market
is computed once; a scenario's own policy (a cap, an export ban of a chip or
a vendor ban) only removes candidates, which the allocation then skips
(a skipped candidate leaves the budget as it was, exactly as one not in the
list). The allocation runs down each market's cost order with whole units up
to the supply and the budget left, for all reads at once; then up to 16 rounds
of rationing of a shared supply (caps floor(supply x units here / taken),
markets in definition order, a market whose cap fell buys again from scratch
-- only for the reads where it fell); then any chip still oversold is cut to
floor(units x supply / taken). A read whose round lowers no cap is unchanged
by later rounds, so running the rounds for all reads together gives each read
its own result. Sums run in chip order, as in the C peer. It prints each
read's figure, in file order, one number a line ("%.17g").

A scenario whose own policy is a tariff or a revenue share (which would change
costs, hence the order) is refused: the workloads have none.
"""
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import market  # noqa: E402  (market.py beside this file: the parser and the policy semantics)

ROUND = 1e-12
BLOCK = 4096  # reads computed together


def fail(msg):
    sys.stderr.write("sweep_numpy.py: %s\n" % msg)
    sys.exit(1)


# The sweep's points as the generator writes them, two lines each: read in bulk.
PAIR = re.compile(r"scenario (\w+) \{ cap (\w+) ([0-9][0-9.]*) (TB/s|GB/s) on exports to (\w+) \}\n"
                  r"print (\w+)\.(\w+)\.compute\n")


def read_file(path):
    """The world, the standing policies and the reads, in file order: reads is either a list of
    (own policy, market name) or, when every line after the world is a scenario with a cap and
    the read of it (as gen.py writes a sweep), a dict of arrays (read in bulk)."""
    world = {"vendor": {}, "market": {}, "chips": []}
    main_policies, scenarios, reads = [], {}, []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find("\nscenario ") + 1
    if start > 0:
        tail = text[start:]
        pairs = PAIR.findall(tail)
        if pairs and 2 * len(pairs) == tail.count("\n") and tail.endswith("\n") and \
                all(map(str.__eq__, (p[0] for p in pairs), (p[5] for p in pairs))):
            bulk = {"pairs": pairs}
            text = text[:start]
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = market.DEFINE.match(line)
        if m:
            ent = market.fields(m.group(3))
            ent["name"] = m.group(2)
            if m.group(1) == "chip":
                ent["index"] = len(world["chips"])
                world["chips"].append(ent)
            else:
                world[m.group(1)][m.group(2)] = ent
            continue
        m = market.SCENARIO.match(line)
        if m:
            scenarios[m.group(1)] = (len(main_policies), market.policy(m.group(2)))
            continue
        m = market.PRINT.match(line)
        if m:
            if m.group(1) not in scenarios or m.group(2) not in world["market"]:
                fail("unknown scenario or market in '%s'" % line)
            nmain, own = scenarios[m.group(1)]
            if nmain != len(main_policies):
                fail("a standing policy after scenario %s: not handled" % m.group(1))
            reads.append((own, m.group(2)))
            continue
        main_policies.append(market.policy(line))
    if "bulk" in locals():
        return world, main_policies, bulk
    return world, main_policies, reads


def own_policies(world, reads):
    """The reads' own policies grouped by shape: {(kind, what, from, to): (rows, amounts)}, and
    each read's market name (an array)."""
    groups = {}
    if isinstance(reads, dict):  # bulk: caps, grouped by (attribute, market)
        pairs = reads["pairs"]
        n = len(pairs)
        amounts = np.fromiter((float(p[2]) * market.UNITS[p[3]] for p in pairs), float, n)
        keys = [(p[1], p[4]) for p in pairs]
        shapes = set(keys)
        for attr, to in shapes:
            if to not in world["market"]:
                fail("unknown market %s" % to)
            rows = np.arange(n) if len(shapes) == 1 else np.flatnonzero([k == (attr, to) for k in keys])
            groups[("cap", attr, None, to)] = (rows, amounts[rows])
        return groups, [p[6] for p in pairs]
    lists = {}
    for r, (own, _) in enumerate(reads):
        kind = own["kind"]
        if kind == "cap":
            key = (kind, own["attr"], own.get("from"), own["to"])
        elif kind in ("ban_export_chip", "ban_vendor"):
            key = (kind, own["subject"], None, own["to"])
        else:
            fail("a scenario's own %s changes costs: not handled" % kind)
        lists.setdefault(key, ([], []))
        lists[key][0].append(r)
        lists[key][1].append(own.get("amount", 0.0))
    for key, (rows, amounts) in lists.items():
        groups[key] = (np.array(rows), np.array(amounts))
    return groups, [mk for _, mk in reads]


def main(path):
    world, main_policies, reads = read_file(path)
    chips, markets = world["chips"], list(world["market"].values())
    groups, read_market = own_policies(world, reads)
    nr, nc, nm = len(read_market), len(chips), len(markets)
    if nr == 0:
        return
    mindex = {m["name"]: i for i, m in enumerate(markets)}
    supply = np.array([c.get("supply", math.inf) for c in chips])
    finite_supply = np.isfinite(supply)
    fp16 = np.array([c.get("fp16", 0.0) for c in chips])
    origin = [c.get("origin", world["vendor"][c["vendor"]]["origin"]) for c in chips]

    # Per market, from the standing policies alone: the candidates in cost
    # order (ties by name), their buyer prices and perf (market.candidate).
    base = []
    for m in markets:
        cands = [c for c in (market.candidate(ch, world, m, main_policies) for ch in chips) if c]
        cands.sort(key=lambda c: (c["cost"], c["name"].encode()))
        base.append(cands)

    # Arrays are chip-major, [chip, read], so a chip's figures over the reads are contiguous.
    # avail[m][c, r]: chip c is a candidate of market m in read r's scenario.
    avail = np.zeros((nm, nc, nr), dtype=bool)
    for mi, cands in enumerate(base):
        for c in cands:
            avail[mi, c["chip"], :] = True
    for (kind, what, frm, to), (rows, amounts) in groups.items():
        mi = mindex[to]
        for ci, ch in enumerate(chips):
            if kind == "ban_vendor":
                if ch["vendor"] == what:
                    avail[mi, ci, rows] = False
                continue
            if origin[ci] == to or (frm is not None and frm != origin[ci]):
                continue  # domestic chips are exempt from the exporting side
            if kind == "ban_export_chip":
                if ch["name"] == what:
                    avail[mi, ci, rows] = False
                continue
            v = ch.get(what)
            if v is None:
                continue
            close = (v == amounts) | (np.abs(v - amounts) <= 1e-9 * np.maximum(abs(v), np.abs(amounts)))
            avail[mi, ci, rows[(v > amounts) & ~close]] = False

    def allocate(mi, av, cap):
        """Units bought in market mi, [chip, read], by the reads whose candidates are av and
        caps cap ([chip, read] each), from scratch, each candidate up to its cap."""
        m = markets[mi]
        budget, demand = m.get("budget", math.inf), m.get("demand", math.inf)
        k = av.shape[1]
        units = np.zeros((nc, k))
        left = np.full(k, budget)
        got = np.zeros(k)
        done = np.zeros(k, dtype=bool)
        for c in base[mi]:
            ci = c["chip"]
            want = cap[ci]
            if math.isfinite(budget):
                want = np.minimum(want, np.floor(left / c["buyer"] * (1 + ROUND)))
            if math.isfinite(demand):
                want = np.minimum(want, np.ceil((demand - got) / c["perf"] * (1 - ROUND)))
            ok = av[ci] & (want > 0) & np.isfinite(want)
            if math.isfinite(demand):
                ok &= ~done
            want = np.where(ok, want, 0.0)
            units[ci] = want
            if math.isfinite(budget):
                left = left - want * c["buyer"]
            if math.isfinite(demand):
                got = got + want * c["perf"]
                done |= got >= demand * (1 - ROUND)
        return units

    def oversold(taken):
        return finite_supply[:, None] & (taken > (supply * (1 + ROUND) + 1e-9)[:, None])

    def block(av, which):
        """The figures of a block of reads: av[m] their candidates, which their markets."""
        k = av.shape[2]
        caps = [np.where(av[mi], supply[:, None], math.inf) for mi in range(nm)]
        units = [allocate(mi, av[mi], caps[mi]) for mi in range(nm)]

        def count_taken():
            taken = units[0].copy()
            for mi in range(1, nm):
                taken = taken + units[mi]
            return taken

        for _ in range(16):
            taken = count_taken()
            over = oversold(taken)
            oc = np.flatnonzero(over.any(axis=1))  # the chips oversold in some read
            lowered_any = False
            for mi in range(nm):
                newcap = np.floor(supply[oc, None] * units[mi][oc] / taken[oc])
                lower = av[mi][oc] & over[oc] & (newcap < caps[mi][oc])
                dirty = np.flatnonzero(lower.any(axis=0))
                if dirty.size == 0:
                    continue
                lowered_any = True
                caps[mi][oc] = np.where(lower, newcap, caps[mi][oc])
                units[mi][:, dirty] = allocate(mi, av[mi][:, dirty], caps[mi][:, dirty])
            if not lowered_any:
                break
        taken = count_taken()
        over = oversold(taken)
        oc = np.flatnonzero(over.any(axis=1))
        out = np.zeros(k)
        for mi in range(nm):
            mine = which == mi
            if not mine.any():
                continue
            u = units[mi]
            u[oc] = np.where(over[oc], np.floor(u[oc] * supply[oc, None] / taken[oc]), u[oc])
            total = np.zeros(k)
            for ci in range(nc):
                total = total + u[ci] * fp16[ci]
            out[mine] = total[mine]
        return out

    # Blocks of BLOCK reads: the temporaries stay in the cache (and no page is touched twice).
    which = np.fromiter((mindex[mk] for mk in read_market), int, nr)
    out = np.empty(nr)
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo in range(0, nr, BLOCK):
            hi = min(nr, lo + BLOCK)
            out[lo:hi] = block(avail[:, :, lo:hi], which[lo:hi])
    sys.stdout.write("".join("%.17g\n" % x for x in out.tolist()))

if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: sweep_numpy.py FILE")
    main(sys.argv[1])
