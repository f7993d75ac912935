#!/usr/bin/env python3
"""market.py FILE: the plain-Python peer of the market workload (bench/README.md, B).

Reads the file bench/gen.py market writes (one statement per line, only the
forms it writes), and for each `print sI.M.compute` runs the model of
docs/model.md on scenario sI's policies -- every market at once, since they
share each chip's supply (step 5) -- and prints market M's compute in FLOPS,
one number a line ("%.17g"). Anything else in the file is an error.
"""
import math
import re
import sys

# Unit words of the generated file, in base units (FLOPS, B/s, W, s, $/J).
UNITS = {"": 1.0, "TFLOPS": 1e12, "PFLOPS": 1e15, "GFLOPS": 1e9, "TB/s": 1e12, "GB/s": 1e9,
         "W": 1.0, "kW": 1e3, "units": 1.0, "yr": 365 * 86400.0, "mm2": 1e-6}
SUFFIX = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
NUMBER = re.compile(r"^(\$?)([0-9][0-9_]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)([kMBT]?)(%|/kWh)?(?: (\S+))?$")
DEFINE = re.compile(r"^define (vendor|market|chip) (\w+) \{ (.*) \}$")
SCENARIO = re.compile(r"^scenario (\w+) \{ (.*) \}$")
PRINT = re.compile(r"^print (\w+)\.(\w+)\.compute$")
POLICIES = [
    ("cap", re.compile(r"^cap (\w+) (.+) on exports (?:from (\w+) )?to (\w+)$")),
    ("tariff", re.compile(r"^apply tariff (\S+) on imports from (\w+) to (\w+)$")),
    ("share", re.compile(r"^apply tariff share (\S+) on (\w+) sales to (\w+)(?: passthrough (\S+))?$")),
    ("ban_export_chip", re.compile(r"^ban export of chip (\w+) to (\w+)$")),
    ("ban_vendor", re.compile(r"^ban vendor (\w+) in (\w+)$")),
]


def fail(msg):
    sys.stderr.write("market.py: %s\n" % msg)
    sys.exit(1)


def number(text):
    """A quantity of the generated file in base units: 1.4 TB/s, $12.5k, 20%, $0.08/kWh."""
    m = NUMBER.match(text)
    if not m or (m.group(5) or "") not in UNITS:
        fail("cannot read the number '%s'" % text)
    v = float(m.group(2).replace("_", "")) * SUFFIX[m.group(3)]
    if m.group(4) == "%":
        v /= 100
    elif m.group(4) == "/kWh":
        v /= 3.6e6
    return v * UNITS[m.group(5) or ""]


def fields(body):
    """The fields of a definition: names stay text, figures become numbers."""
    out = {}
    for f in body.split("; "):
        key, _, val = f.partition(": ")
        out[key] = val if re.match(r"^[A-Za-z_]\w*$", val) else number(val)
    return out


def policy(text):
    """One policy statement as a dict; from None means any exporter."""
    for kind, rx in POLICIES:
        m = rx.match(text)
        if not m:
            continue
        g = m.groups()
        if kind == "cap":
            return {"kind": kind, "attr": g[0], "amount": number(g[1]), "from": g[2], "to": g[3]}
        if kind == "tariff":
            return {"kind": kind, "amount": number(g[0]), "from": g[1], "to": g[2]}
        if kind == "share":
            return {"kind": kind, "amount": number(g[0]), "subject": g[1], "to": g[2],
                    "passthrough": number(g[3]) if g[3] else 0.0}
        return {"kind": kind, "subject": g[0], "to": g[1], "from": None}
    fail("cannot read the statement '%s'" % text)


def close(a, b):
    """quantity_close of src/lang/units.c: equal within a relative 1e-9."""
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def route(p, origin, market):
    """Whether policy p covers sales from origin into market."""
    return p["to"] == market and (p.get("from") is None or p["from"] == origin)


def available(chip, origin, market, policies):
    """docs/language.md, Policies: the export side (foreign chips only), then the import side."""
    blocked = False
    if origin != market:
        for p in policies:
            if not route(p, origin, market):
                continue
            if p["kind"] == "ban_export_chip" and p["subject"] == chip["name"]:
                blocked = True
            elif p["kind"] == "cap":
                v = chip.get(p["attr"])
                if v is not None and v > p["amount"] and not close(v, p["amount"]):
                    blocked = True
    for p in policies:
        if p["to"] == market and p["kind"] == "ban_vendor" and p["subject"] == chip["vendor"]:
            blocked = True
    return not blocked


def candidate(chip, world, m, policies):
    """make_candidate of src/model/model.c: the chip's costs in market m, or None."""
    vendor = world["vendor"][chip["vendor"]]
    origin = chip.get("origin", vendor["origin"])
    if "price" not in chip or "fp16" not in chip or not available(chip, origin, m["name"], policies):
        return None
    price, perf = chip["price"], chip["fp16"]
    if not (price > 0 and perf > 0):
        return None
    tariff = share = passthrough = 0.0
    for p in policies:
        if p["kind"] == "tariff" and origin != m["name"] and route(p, origin, m["name"]):
            tariff = p["amount"]
        if p["kind"] == "share" and p["to"] == m["name"] and p["subject"] == chip["vendor"]:
            share, passthrough = p["amount"], p["passthrough"]
    buyer = price * (1 + passthrough * share) * (1 + tariff)
    energy = chip.get("tdp", 0.0) * m.get("pue", 1.0) * m.get("lifetime", 4 * 365 * 86400.0) * m.get("energy_price", 0.0)
    eco = chip.get("ecosystem", vendor["ecosystem"])
    incumbent = m.get("incumbent")
    switching = m.get("switching_cost", 0.0) if incumbent is not None and eco != incumbent else 0.0
    eff = perf * (1 - switching)
    if not eff > 0:
        return None
    supply = chip.get("supply", math.inf)
    return {"name": chip["name"], "chip": chip["index"], "buyer": buyer, "energy": energy, "perf": perf, "eff": eff,
            "cap": supply, "cost": (buyer + energy) / eff}


def allocate(m, cands, order):
    """The cost-order allocation of src/model/model.c: units of each candidate, each up to its cap."""
    units = [0.0] * len(cands)
    left, demand, got = m.get("budget", math.inf), m.get("demand", math.inf), 0.0
    for i in order:
        c = cands[i]
        want = c["cap"]
        if math.isfinite(left):
            want = min(want, math.floor(left / c["buyer"] * (1 + 1e-12)))
        if math.isfinite(demand):
            want = min(want, math.ceil((demand - got) / c["perf"] * (1 - 1e-12)))
        if not want > 0 or not math.isfinite(want):
            want = 0.0
        units[i] = want
        if math.isfinite(left):
            left -= want * c["buyer"]
        got += want * c["perf"]
        if math.isfinite(demand) and got >= demand * (1 - 1e-12):
            break
    return units


def count_taken(world, markets):
    """taken[chip] := units of the chip bought by all markets (no grey routes: shipped = units)."""
    taken = [0.0] * len(world["chips"])
    for mk in markets:
        for c, u in zip(mk["cands"], mk["units"]):
            taken[c["chip"]] += u
    return taken


def oversold(world, taken, ci):
    """Whether chip ci is asked for more than its (finite) supply, beyond rounding."""
    s = world["chips"][ci].get("supply", math.inf)
    return math.isfinite(s) and taken[ci] > s * (1 + 1e-12) + 1e-9


def ration_round(world, markets):
    """One round: each market's cap on an oversold chip falls to floor(supply x units here / taken),
    and a market so capped buys again from scratch. False when no cap fell."""
    taken = count_taken(world, markets)
    any_lowered = False
    for mk in markets:
        dirty = False
        for c, u in zip(mk["cands"], mk["units"]):
            if not oversold(world, taken, c["chip"]):
                continue
            cap = math.floor(world["chips"][c["chip"]]["supply"] * u / taken[c["chip"]])
            if cap < c["cap"]:
                c["cap"] = cap
                dirty = True
        if dirty:
            any_lowered = True
            mk["units"] = allocate(mk["m"], mk["cands"], mk["order"])
    return any_lowered


def compute(world, policies):
    """Every market at once (docs/model.md, step 5, shared supply); returns {market: compute}."""
    markets = []
    for m in world["market"].values():
        cands = [c for c in (candidate(ch, world, m, policies) for ch in world["chips"]) if c]
        order = sorted(range(len(cands)), key=lambda i: (cands[i]["cost"], cands[i]["name"].encode()))
        markets.append({"m": m, "cands": cands, "order": order, "units": allocate(m, cands, order)})
    for _ in range(16):
        if not ration_round(world, markets):
            break
    taken = count_taken(world, markets)
    out = {}
    for mk in markets:
        total = 0.0
        for c, u in zip(mk["cands"], mk["units"]):
            if oversold(world, taken, c["chip"]):
                u = math.floor(u * world["chips"][c["chip"]]["supply"] / taken[c["chip"]])
            total += u * c["perf"]
        out[mk["m"]["name"]] = total
    return out


def main(path):
    """Reads the file statement by statement; writes the figures of all reads at the end."""
    world = {"vendor": {}, "market": {}, "chips": []}
    main_policies, scenarios = [], {}
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = DEFINE.match(line)
            if m:
                ent = fields(m.group(3))
                ent["name"] = m.group(2)
                if m.group(1) == "chip":
                    ent["index"] = len(world["chips"])
                    world["chips"].append(ent)
                else:
                    world[m.group(1)][m.group(2)] = ent
                continue
            m = SCENARIO.match(line)
            if m:
                scenarios[m.group(1)] = main_policies + [policy(m.group(2))]
                continue
            m = PRINT.match(line)
            if m:
                if m.group(1) not in scenarios or m.group(2) not in world["market"]:
                    fail("unknown scenario or market in '%s'" % line)
                out.append("%.17g\n" % compute(world, scenarios[m.group(1)])[m.group(2)])
                continue
            main_policies.append(policy(line))
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: market.py FILE")
    main(sys.argv[1])
