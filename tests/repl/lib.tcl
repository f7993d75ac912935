# lib.tcl: helpers shared by the REPL tests (tests/repl/*.exp source it; it
# is not a test itself). tests/run.sh runs each test in a scratch folder as
#   POLSIM=/path/to/polsim TERM=dumb HOME=$TMP XDG_STATE_HOME=$TMP/state expect X.exp
# A test exits 0 when every expected text appeared, 1 at the first that did not.

set timeout 5
log_user 1

if {![info exists env(POLSIM)]} {
    puts stderr "set POLSIM to the polsim binary"
    exit 1
}
set polsim $env(POLSIM)
# Run directly, never touch the real home folder or history.
if {![info exists env(XDG_STATE_HOME)]} { set env(XDG_STATE_HOME) [file join [pwd] state] }
if {![info exists env(HOME)]} { set env(HOME) [pwd] }
set env(TERM) dumb

# fail MESSAGE: stops the test with exit status 1.
proc fail {msg} {
    puts stderr "\nFAIL: $msg"
    exit 1
}

# want TEXT: TEXT (taken literally) must appear in the output before the timeout.
proc want {text} {
    expect {
        -ex $text {}
        timeout { fail "timed out waiting for: $text" }
        eof { fail "polsim ended while waiting for: $text" }
    }
}

# prompt: the main prompt must come next.
proc prompt {} { want "polsim> " }

# more: the continuation prompt must come next.
proc more {} { want "...> " }

# run LINE TEXT...: types LINE and Enter, waits for its echo, for each TEXT
# in turn, then for the prompt.
proc run {line args} {
    send -- "$line\r"
    want "$line\r\n"
    foreach text $args { want $text }
    prompt
}

# start ARGS...: spawns polsim ARGS on a pseudo-terminal and waits for the
# banner (version and ":help") and the first prompt.
proc start {args} {
    global polsim spawn_id
    spawn $polsim {*}$args
    want "polsim 0."
    want ":help"
    prompt
}

# quit_ok: leaves with :quit and requires exit status 0.
proc quit_ok {} {
    send ":quit\r"
    expect {
        eof {}
        timeout { fail "polsim did not leave after :quit" }
    }
    lassign [wait] pid sid os_error status
    if {$status != 0} { fail "exit status $status after :quit" }
}

# write_file PATH TEXT: creates a file for a test.
proc write_file {path text} {
    file mkdir [file dirname $path]
    set f [open $path w]
    puts -nonewline $f $text
    close $f
}

# read_file PATH: a file's text.
proc read_file {path} {
    set f [open $path r]
    set text [read $f]
    close $f
    return $text
}
