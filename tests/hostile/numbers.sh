# Number literals are read whole: every digit and the exponent count.
. "$(dirname "$0")/lib.inc"
zeros=$(awk 'BEGIN { for (i = 0; i < 130; i++) printf "0" }')
run --no-prelude -e "print 1.${zeros}e3" -e "print 1${zeros}" -e "print \$1_000.${zeros}k"
expect_rc 0 "long literals"
[ "$(cat out)" = "$(printf '1000\n1e+130\n$1M')" ] || fail "long literals: printed $(cat out)"
exit 0
