#!/bin/sh
# gen.sh N: a synthetic scenario file of about 10*N statements (definitions,
# lets, policies, scenarios, queries) for timing the parser and evaluator.
N=${1:-1000}
i=0
echo "define vendor bv { origin: BUS; ecosystem: bcuda }"
echo "define market BM { budget: \$30B; energy_price: \$0.08/kWh; pue: 1.3; lifetime: 4 yr; incumbent: bcuda; switching_cost: 20% }"
echo "define rule brule { controlled: chip.tpp >= 4800 or (chip.datacenter and chip.tpp >= 1600 and chip.density >= 5.92) }"
while [ $i -lt "$N" ]; do
    echo "define chip B$i { vendor: bv; fp16: $((100 + i % 900)) TFLOPS; fp8: $((200 + i % 1800)) TFLOPS; bandwidth: 1.$((i % 9)) TB/s; tdp: 400 W; price: \$$((5 + i % 20))k; supply: 10k units; die_area: 800 mm2 }"
    echo "let x$i = B$i.fp16 * 2 + 3 TFLOPS"
    echo "assert x$i > 0 FLOPS and B$i.tpp >= 1600"
    echo "assert controlled(B$i, brule) or not controlled(B$i, brule)"
    echo "let y$i = ratio(B$i.fp16, 100 TFLOPS) * 15% + 1"
    echo "assert available(B$i, BM)"
    echo "assert y$i within 100% of 2"
    echo "assert B$i.price_per_pflops > \$0/PFLOPS"
    echo "assert B$i.density between 0 and 100"
    echo "assert B$i.perf_per_watt > 0 FLOPS/W"
    i=$((i + 1))
done
