# A --stdlib folder whose prelude path is one character past the longest a
# path may be (PATH_MAX - 1, 4095) is named whole in the error, with the
# system's reason: the path is not cut short (a buffer of PATH_MAX + 1 holds
# its 4096 characters), and the prelude fails to load: exit 66.
. "$(dirname "$0")/lib.inc"
dir=/$(head -c 4083 /dev/zero | tr '\0' 'a')        # 4084 characters
run --stdlib "$dir" -e 'print 1'                     # $dir/prelude.pol: 4096
expect_rc 66 "--stdlib with a 4096-character prelude path"
expect_err "$dir/prelude.pol': File name too long" "--stdlib with a 4096-character prelude path"
expect_err "the prelude failed to load" "--stdlib with a 4096-character prelude path"

# An import's joined path (./ and the path written) of exactly 4,096
# characters is read whole (its ../ steps make the real path short); one
# character more is refused as too long, not cut to 4,096 characters, which
# here would name another file (c.pol for c.polx).
mkdir d
echo 'let from_far = 7' >c.pol
steps=$(python3 -c 'print("d/../" * 817 + "./" * 2, end="")')   # 4,089 characters
printf 'import "%sc.pol"\nprint from_far\n' "$steps" >fits.pol
run --no-prelude fits.pol
expect_rc 0 "an import whose joined path is 4,096 characters"
expect_out 7 "an import whose joined path is 4,096 characters"
printf 'import "%sc.polx"\nprint from_far\n' "$steps" >over.pol
run --no-prelude over.pol
expect_rc 65 "an import whose joined path is 4,097 characters"
expect_err "cannot import a path of 4095 characters (4097 with its folder): File name too long" "an import whose joined path is 4,097 characters"
exit 0
