# --format csv: a text a spreadsheet would run as a formula gets a leading
# quote (the metric "-5 TFLOPS" too); a field holding CR is quoted; numbers
# are written as they are, in the base unit (-5e13 op/s).
. "$(dirname "$0")/lib.inc"
printf 'print "=cmd|calc", "+1", "@x", "-2", -5 TFLOPS, "\tq", "a\rb", "x,y", "plain"\n' >inject.pol
run --no-prelude --format csv inject.pol
expect_rc 0 "csv"
h='scenario,statement,subject,metric,period,value,unit,text,message\n'
r='main,print inject.pol:1,,,,,,'
printf "$h$r'=cmd|calc,\n$r'+1,\n$r'@x,\n$r'-2,\nmain,print inject.pol:1,,'-5 TFLOPS,,-5000000000000,op/s,,\n$r'\tq,\n$r\"a\rb\",\n$r\"x,y\",\n${r}plain,\n" >want
cmp -s want out || fail "csv: got $(od -c out), want $(od -c want)"
exit 0
