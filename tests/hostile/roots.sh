# Each file named on the command line may import from its own folder.
. "$(dirname "$0")/lib.inc"
mkdir a b
echo 'import "lib_a.pol"' >a/x.pol; echo 'let from_a = 1' >a/lib_a.pol
echo 'import "lib_b.pol"' >b/y.pol; echo 'print from_a + 1' >b/lib_b.pol
run --no-prelude a/x.pol b/y.pol
expect_rc 0 "sibling import of the second file"
expect_out 2 "sibling import of the second file"
echo 'import "../a/lib_a.pol"' >b/z.pol
run --no-prelude a/x.pol b/z.pol
expect_rc 65 "an import leaving the second file's folder"
expect_err "reaches outside the folder of the file being run" "an import leaving the second file's folder"
# A file named on the command line counts as imported: a later file that
# imports it gets its definitions without running it again (which would
# define them twice).
mkdir e
printf 'let from_lib = 3\nprint "lib ran"\n' >e/lib.pol
echo 'import "lib.pol"
print from_lib * 2' >e/user.pol
run --no-prelude e/lib.pol e/user.pol
expect_rc 0 "an import of a file run before it"
expect_out 6 "an import of a file run before it"
[ "$(grep -c 'lib ran' out)" -eq 1 ] || fail "an import of a file run before it ran it again: $(cat out)"
# Run from the root folder (standard input: its root is the working folder,
# "/"), every file is inside it: a relative import of any path is allowed.
here=$(pwd)
echo 'let from_root = 5' >"$here/c.pol"
printf 'import "%s/c.pol"\nprint from_root + 1\n' "${here#/}" >in.pol
(cd / && exec timeout 20 "$POLSIM" --color=never --no-prelude - <"$here/in.pol" >"$here/out" 2>"$here/err")
rc=$?
expect_rc 0 "a relative import read from the folder /"
expect_out 6 "a relative import read from the folder /"
exit 0
