# --format json keeps texts that are not valid UTF-8, with U+FFFD for each
# bad byte (jansson refused them and the value, title, note or file name
# disappeared); the provenance line names the file the same way.
. "$(dirname "$0")/lib.inc"
printf 'print "ok \377 bad", "\355\240\200"\ndefine vendor v "t\377" { origin: US; source: "s\303" }\nshow v\n' >"bad$(printf '\377').pol"
run --no-prelude --format json "bad$(printf '\377').pol"
expect_rc 0 "json of invalid UTF-8"
expect_out '{"type":"print","file":"bad\uFFFD.pol","line":1,"scenario":"main","values":["ok \uFFFD bad","\uFFFD\uFFFD\uFFFD"],"metrics":[null,null]}' "json print"
expect_out '"title":"t\uFFFD"' "json title"
expect_out '"source":"s\uFFFD"' "json source"
expect_out '"files":["bad\uFFFD.pol"],"sources":[{"file":"bad\uFFFD.pol"' "json provenance"
[ "$(wc -l <out)" -eq 3 ] || fail "json of invalid UTF-8: expected 3 lines: $(cat out)"
exit 0
