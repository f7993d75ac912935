# --format csv: a text a spreadsheet would run as a formula gets a leading
# quote; a field holding CR is quoted; numbers are written as they are.
. "$(dirname "$0")/lib.inc"
printf 'print "=cmd|calc", "+1", "@x", "-2", -5 TFLOPS, "\tq", "a\rb", "x,y", "plain"\n' >inject.pol
run --no-prelude --format csv inject.pol
expect_rc 0 "csv"
printf "'=cmd|calc,'+1,'@x,'-2,-5 TFLOPS,'\tq,\"a\rb\",\"x,y\",plain\n" >want
cmp -s want out || fail "csv: got $(od -c out), want $(od -c want)"
exit 0
