#!/usr/bin/env python3
"""gen.py: the generated inputs of the benchmarks (see bench/README.md).

  gen.py scale N           N one-line scenarios on the stdlib world, each read once
  gen.py market N [--no-reads]
                           the 30-chip world, its standing policies and N scenarios,
                           each with its own bandwidth cap and one printed read
  gen.py sweep N [--peer]  the 30-chip world and a sweep of N bandwidth caps on BM (800 GB/s, 801 GB/s,
                           ...) reading BM.compute; --peer: the same points as N scenarios (for the peers)
  gen.py check-pol N       a large file for `polsim check`: N chips, ~10 statements each
  gen.py check-lua N       the same shape written as Lua, for `luac5.4 -p`

Everything is deterministic: the same N gives the same bytes.
"""
import sys

# --- A. scenarios at scale -------------------------------------------------------------


def scale(n, out):
    """One scenario per line, on the stdlib's CN market, then a line reading it."""
    for i in range(n):
        out.write("scenario s%d { cap bandwidth 1.%d TB/s on exports to CN }\n" % (i, i % 9))
        out.write("print s%d.CN.compute\n" % i)


# --- B. the market workload ------------------------------------------------------------

VENDORS = [  # name, origin, ecosystem
    ("va", "US", "cuda"),
    ("vb", "US", "rocm"),
    ("vc", "BM", "cann"),
    ("vd", "TW", "cuda"),
]
MARKETS = [
    "define market BM { budget: $30B; energy_price: $0.08/kWh; pue: 1.3; lifetime: 4 yr;"
    " incumbent: cuda; switching_cost: 20% }",
    "define market BX { budget: $6B; energy_price: $0.12/kWh; pue: 1.5; lifetime: 3 yr;"
    " incumbent: rocm; switching_cost: 10% }",
]
# Standing policies in main: each scenario inherits them. They exercise the
# parts of the model beside the cap: export and import bans, an import tariff,
# a revenue share passed on to buyers.
POLICIES = [
    "apply tariff 10% on imports from US to BX",
    "apply tariff share 15% on va sales to BM passthrough 50%",
    "ban export of chip B7 to BM",
    "ban vendor vd in BX",
]
NCHIPS = 30


def chip_line(i):
    """Chip Bi; B29 copies B14's figures, so the two tie and their name orders them."""
    k = 14 if i == 29 else i
    fields = ["vendor: %s" % VENDORS[k % 4][0],
              "fp16: %d TFLOPS" % (100 + (k * 37) % 900)]
    bw = 8 + (k * 11) % 28
    fields.append("bandwidth: %d.%d TB/s" % (bw // 10, bw % 10))
    if k % 10 != 9:  # a few chips have no tdp: no energy cost
        fields.append("tdp: %d W" % (300 + (k * 53) % 700))
    fields.append("price: $%d.%dk" % (5 + (k * 11) % 30, (k * 3) % 10))
    if k % 7 != 6:  # a few chips have no supply limit
        fields.append("supply: %dk units" % (20 + (k * 13) % 180))
    return "define chip B%d { %s }" % (i, "; ".join(fields))


def market(n, out, reads=True):
    """The 30-chip world, its standing policies, then N scenarios (each read unless reads is False)."""
    world(out)
    for i in range(n):
        m = "BX" if i % 3 == 0 else "BM"
        cap = 800 + (i * 7919) % 2800  # thousandths of a TB/s: 0.8 to 3.599
        out.write("scenario s%d { cap bandwidth %d.%03d TB/s on exports to %s }\n" % (i, cap // 1000, cap % 1000, m))
        if reads:
            out.write("print s%d.%s.compute\n" % (i, m))


# --- D. studies ----------------------------------------------------------------------------


def world(out):
    """The market workload's vendors, markets, chips and standing policies."""
    for name, origin, eco in VENDORS:
        out.write("define vendor %s { origin: %s; ecosystem: %s }\n" % (name, origin, eco))
    for m in MARKETS:
        out.write(m + "\n")
    for i in range(NCHIPS):
        out.write(chip_line(i) + "\n")
    for p in POLICIES:
        out.write(p + "\n")


def sweep(n, out, peer=False):
    """A sweep of N caps on BM, 1 GB/s apart from 800 GB/s (whole numbers: exact in both forms)."""
    world(out)
    if not peer:
        out.write("sweep b from 800 GB/s to %d GB/s step 1 GB/s {\n  cap bandwidth b on exports to BM\n} on BM.compute\n"
                  % (800 + n - 1))
        return
    for i in range(n):
        gb = 800 + i
        out.write("scenario s%d { cap bandwidth %d.%03d TB/s on exports to BM }\n" % (i, gb // 1000, gb % 1000))
        out.write("print s%d.BM.compute\n" % i)


# --- C. check throughput ---------------------------------------------------------------


def check_pol(n, out):
    """The statement mix of the old gen.sh: definitions, lets and asserts per chip."""
    out.write("define vendor bv { origin: BUS; ecosystem: bcuda }\n")
    out.write("define market BM { budget: $30B; energy_price: $0.08/kWh; pue: 1.3; lifetime: 4 yr;"
              " incumbent: bcuda; switching_cost: 20% }\n")
    out.write("define rule brule { controlled: chip.tpp >= 4800 or (chip.datacenter and chip.tpp >= 1600"
              " and chip.density >= 5.92) }\n")
    for i in range(n):
        out.write("define chip B%d { vendor: bv; fp16: %d TFLOPS; fp8: %d TFLOPS; bandwidth: 1.%d TB/s;"
                  " tdp: 400 W; price: $%dk; supply: 10k units; die_area: 800 mm2 }\n"
                  % (i, 100 + i % 900, 200 + i % 1800, i % 9, 5 + i % 20))
        out.write("let x%d = B%d.fp16 * 2 + 3 TFLOPS\n" % (i, i))
        out.write("assert x%d > 0 FLOPS and B%d.tpp >= 1600\n" % (i, i))
        out.write("assert controlled(B%d, brule) or not controlled(B%d, brule)\n" % (i, i))
        out.write("let y%d = ratio(B%d.fp16, 100 TFLOPS) * 15%% + 1\n" % (i, i))
        out.write("assert available(B%d, BM)\n" % i)
        out.write("assert y%d within 100%% of 2\n" % i)
        out.write("assert B%d.price_per_pflops > $0/PFLOPS\n" % i)
        out.write("assert B%d.density between 0 and 100\n" % i)
        out.write("assert B%d.perf_per_watt > 0 FLOPS/W\n" % i)


def check_lua(n, out):
    """check_pol's statements one for one in Lua (globals: a chunk allows only 200 locals)."""
    out.write('bv = { origin = "BUS", ecosystem = "bcuda" }\n')
    out.write('BM = { budget = 30e9, energy_price = 0.08 / 3.6e6, pue = 1.3, lifetime = 4 * 365 * 86400,'
              ' incumbent = "bcuda", switching_cost = 0.20 }\n')
    out.write("brule = { controlled = function(chip) return tpp(chip) >= 4800 or (chip.datacenter and tpp(chip)"
              " >= 1600 and density(chip) >= 5.92) end }\n")
    for i in range(n):
        out.write("B%d = { vendor = bv, fp16 = %d * TFLOPS, fp8 = %d * TFLOPS, bandwidth = 1.%d * TB_s,"
                  " tdp = 400 * W, price = %d * k, supply = 10 * k, die_area = 800 * mm2 }\n"
                  % (i, 100 + i % 900, 200 + i % 1800, i % 9, 5 + i % 20))
        out.write("x%d = B%d.fp16 * 2 + 3 * TFLOPS\n" % (i, i))
        out.write("assert(x%d > 0 * FLOPS and tpp(B%d) >= 1600)\n" % (i, i))
        out.write("assert(controlled(B%d, brule) or not controlled(B%d, brule))\n" % (i, i))
        out.write("y%d = ratio(B%d.fp16, 100 * TFLOPS) * 0.15 + 1\n" % (i, i))
        out.write("assert(available(B%d, BM))\n" % i)
        out.write("assert(within(y%d, 1.00, 2))\n" % i)
        out.write("assert(price_per_pflops(B%d) > 0 / PFLOPS)\n" % i)
        out.write("assert(between(density(B%d), 0, 100))\n" % i)
        out.write("assert(perf_per_watt(B%d) > 0 * FLOPS / W)\n" % i)


def main(argv):
    """Writes the input named by argv to standard output."""
    if len(argv) < 3 or argv[1] not in ("scale", "market", "sweep", "check-pol", "check-lua"):
        sys.stderr.write(__doc__)
        return 2
    n = int(argv[2])
    out = sys.stdout
    if argv[1] == "scale":
        scale(n, out)
    elif argv[1] == "sweep":
        sweep(n, out, "--peer" in argv[3:])
    elif argv[1] == "market":
        market(n, out, reads="--no-reads" not in argv[3:])
    elif argv[1] == "check-pol":
        check_pol(n, out)
    else:
        check_lua(n, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
