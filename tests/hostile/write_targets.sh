# Every file polsim writes (plot ... to, :save, report -o, --output) goes
# through one writer (src/support/safefile.c): from a project folder holding
# symbolic links, named pipes, devices, sockets and folders, no write lands
# outside the folder (plot) or through a link, and no non-regular file is
# replaced; writes that are allowed still work, and leave no temporary file.
. "$(dirname "$0")/lib.inc"
mkdir -p outside proj/sub
echo secret >outside/victim.txt
cd proj || fail "no proj"
ln -s ../outside/victim.txt v.svg
ln -s ../outside up
ln -s sub in
mkfifo fifo.svg fifo.pol fifo.html fifo.txt || fail "mkfifo failed"
mkdir dir.svg
have_dev=0
if mknod dev.svg c 1 3 2>/dev/null && mknod dev.pol c 1 3 && mknod dev.txt c 1 3; then have_dev=1
else echo "note: mknod not permitted: device cases skipped"; fi
have_sock=0
if command -v python3 >/dev/null && python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock.svg; then
    have_sock=1
fi

# run_report ARGS...: polsim report ARGS (which takes no --color).
run_report() {
    timeout 20 "$POLSIM" report "$@" >out 2>err
    rc=$?
}
# plot_to FILE: a scenario drawing a chart into FILE.
plot_to() { printf 'plot compare H100, H20 on fp16 to "%s"\n' "$1" >p.pol; run p.pol; }
# unchanged: what must still hold after every refused write.
unchanged() {
    [ "$(cat ../outside/victim.txt)" = secret ] || fail "$1: the file outside was written"
    [ "$(ls ../outside)" = victim.txt ] || fail "$1: a file appeared outside: $(ls ../outside)"
    [ -L v.svg ] && [ -L up ] || fail "$1: a symbolic link was replaced"
    [ -p fifo.svg ] && [ -p fifo.pol ] && [ -p fifo.html ] && [ -p fifo.txt ] || fail "$1: a named pipe was replaced"
    [ -d dir.svg ] || fail "$1: the folder was replaced"
    [ "$have_dev" = 0 ] || { [ -c dev.svg ] && [ -c dev.pol ] && [ -c dev.txt ]; } || fail "$1: a device was replaced"
    [ "$have_sock" = 0 ] || [ -S sock.svg ] || fail "$1: the socket was replaced"
    left=$(find . ../outside -name '.polsim-*' | head -n 1)
    [ -z "$left" ] || fail "$1: a temporary file was left: $left"
}

plot_to v.svg
expect_rc 66 "plot to a link"
expect_err "p.pol:1:32: error: cannot write 'v.svg': it is a symbolic link (polsim does not write through links)" "plot to a link"
unchanged "plot to a link"
plot_to up/x.svg
expect_rc 66 "plot into a linked folder outside"
expect_err "cannot write 'up/x.svg': its folder" "plot into a linked folder outside"
expect_err "is outside the current folder" "plot into a linked folder outside"
unchanged "plot into a linked folder outside"
plot_to fifo.svg
expect_rc 66 "plot to a named pipe"
expect_err "cannot write 'fifo.svg': it is a named pipe, not a regular file" "plot to a named pipe"
plot_to dir.svg
expect_rc 66 "plot to a folder"
expect_err "cannot write 'dir.svg': it is a folder" "plot to a folder"
if [ "$have_dev" = 1 ]; then
    plot_to dev.svg
    expect_rc 66 "plot to a device"
    expect_err "cannot write 'dev.svg': it is a device, not a regular file" "plot to a device"
fi
if [ "$have_sock" = 1 ]; then
    plot_to sock.svg
    expect_rc 66 "plot to a socket"
    expect_err "cannot write 'sock.svg': it is a socket, not a regular file" "plot to a socket"
fi
unchanged "plot to non-regular files"

# allowed: a new file, a file replaced, a file in a linked folder inside
plot_to ok.svg
expect_rc 0 "plot to a new file"
echo old >sub/ok.svg
chmod 640 sub/ok.svg
plot_to in/ok.svg
expect_rc 0 "plot into a linked folder inside"
head -c 5 sub/ok.svg | grep -q '<?xml' || fail "plot into a linked folder inside did not write sub/ok.svg"
[ "$(stat -c %a sub/ok.svg)" = 640 ] || fail "the replaced chart lost its mode: $(stat -c %a sub/ok.svg)"
unchanged "allowed plots"

# :save
printf 'let a = 1\n:save fifo.pol\n:save v.svg\n:save dir.svg\n' >session
[ "$have_dev" = 0 ] || printf ':save dev.pol\n' >>session
run_in session -i
expect_rc 65 ":save to non-regular files"
expect_err "polsim: error: cannot write 'fifo.pol': it is a named pipe, not a regular file" ":save to a pipe"
expect_err "polsim: error: cannot write 'v.svg': it is a symbolic link" ":save to a link"
[ "$have_dev" = 0 ] || expect_err "polsim: error: cannot write 'dev.pol': it is a device, not a regular file" ":save to a device"
unchanged ":save"

# report -o and --output
echo 'print 1' >one.pol
for target in v.svg fifo.html dir.svg; do
    run_report one.pol -o "$target"
    expect_rc 74 "report -o $target"
    expect_err "polsim: error: cannot write '$target': it is" "report -o $target"
    run one.pol --output "$target"
    expect_rc 74 "--output $target"
    expect_err "polsim: error: cannot write '$target': it is" "--output $target"
done
if [ "$have_dev" = 1 ]; then
    run one.pol --output dev.txt
    expect_rc 74 "--output to a device"
    expect_err "polsim: error: cannot write 'dev.txt': it is a device, not a regular file" "--output to a device"
fi
unchanged "report -o and --output"
run one.pol --output result.txt
expect_rc 0 "--output to a new file"
[ "$(cat result.txt)" = 1 ] || fail "--output wrote: $(cat result.txt)"
expect_no_err "--output to a new file"
exit 0
