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
exit 0
