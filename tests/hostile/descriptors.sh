# A file polsim reads is closed once read (src/support/readfile.c, load_file):
# a run reads more files than the process may hold open at once (ulimit -n
# 24, standard input, output and error among them). A descriptor left open
# per file would end both runs below with "cannot open ...: Too many open
# files" after about twenty files (issue 25: the close(fd) of load_file).
. "$(dirname "$0")/lib.inc"
mkdir walk
i=0
while [ $i -lt 60 ]; do
    printf 'let v%d = %d\nassert v%d == %d\n' $i $i $i $i >walk/f$i.pol
    printf 'import "walk/f%d.pol"\n' $i >>imports.pol
    i=$((i + 1))
done
echo 'assert v59 == 59' >>imports.pol
# a folder of 60 files, each read and run: 60 asserts pass
(ulimit -n 24 && run test --no-prelude walk && expect_rc 0 "polsim test of 60 files under ulimit -n 24" \
    && expect_out "60 passed, 0 failed" "polsim test of 60 files under ulimit -n 24") || exit 1
# one file importing 60 distinct files, each read once: 60 + 1 asserts pass
(ulimit -n 24 && run test --no-prelude imports.pol && expect_rc 0 "60 imports under ulimit -n 24" \
    && expect_out "61 passed, 0 failed" "60 imports under ulimit -n 24") || exit 1
exit 0
