#!/bin/sh
# scale_check.sh POLSIM: `make scale-check`. Runs two studies of the stdlib
# world -- a sweep of 301 bandwidth caps (two metrics) and a 2,001-run Monte
# Carlo simulation (two metrics) -- once whole, then as 4 shards
#   1. on a real scheduler: a one-node Slurm cluster on this machine
#      (slurmctld, slurmd and munged started here, on loopback, with all their
#      files in a temporary folder), as a job array `sbatch --wait --array=1-4`
#      whose task K runs `polsim --format csv --shard K/4 FILE`;
#   2. with GNU parallel: `parallel "polsim --format csv --shard {}/4 FILE > part{}.csv" ::: 1 2 3 4`;
# and checks that the 4 parts concatenated in order are byte-identical to the
# single run. The commands are the ones README.md ("Ranges, sweeps and Monte
# Carlo") shows.
#
# Installs what is missing from Debian with apt-get (munge, slurmctld, slurmd,
# slurm-client, parallel; `apt-get update` first if a package is not found);
# without root it prints the apt-get line and fails. It needs root anyway:
# slurmd runs jobs as the submitting user and must be root to do so.
# Every wait is bounded; the daemons it starts are stopped on every exit (trap),
# by their process ids; nothing is left behind but the installed packages, so
# it can run again at once. It is not part of `make check` (which must not
# reach the network); .ci/run runs it as a step.
#
# Environment: SCALE_KEEP=1 keeps the temporary folder (configuration, daemon
# logs, parts) for a look after a failure; SCALE_INSTALL_TIMEOUT (s, 600),
# SCALE_JOB_TIMEOUT (s, 180).
set -u
PATH="$PATH:/usr/sbin:/sbin"
export PATH
[ $# -eq 1 ] || { echo "usage: scale_check.sh POLSIM" >&2; exit 2; }
case $1 in /*) POLSIM=$1 ;; *) POLSIM=$(pwd)/$1 ;; esac
[ -x "$POLSIM" ] || { echo "scale-check: no polsim at $POLSIM (run make first)" >&2; exit 2; }
INSTALL_TIMEOUT=${SCALE_INSTALL_TIMEOUT:-600}
JOB_TIMEOUT=${SCALE_JOB_TIMEOUT:-180}
SHARDS=4

t_start=$(date +%s)
say() { echo "scale-check: $*"; }
# elapsed T0: seconds since T0.
elapsed() { echo $(($(date +%s) - $1)); }

# --- 1. what it needs -------------------------------------------------------------------
# Command and the Debian package that brings it.
NEEDS="munged:munge mungekey:munge unmunge:munge slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client
scontrol:slurm-client sinfo:slurm-client squeue:slurm-client scancel:slurm-client parallel:parallel"
missing_packages() {
    out=""
    for pair in $NEEDS; do
        cmd=${pair%%:*} pkg=${pair#*:}
        command -v "$cmd" >/dev/null 2>&1 && continue
        case " $out " in *" $pkg "*) ;; *) out="$out $pkg" ;; esac
    done
    echo "$out"
}
t0=$(date +%s)
missing=$(missing_packages)
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        say "missing:$missing; install them as root with:"
        say "    apt-get update && apt-get install -y --no-install-recommends$missing"
        exit 1
    fi
    say "installing$missing with apt-get (at most ${INSTALL_TIMEOUT} s)"
    # Debian's postinst scripts would start the system's munged and Slurm
    # daemons; a policy-rc.d that says no keeps them stopped (ours run from
    # the temporary folder). One already there is left as it is.
    own_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# scale_check.sh: no service starts during its apt-get install\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        own_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt_install() {
        # shellcheck disable=SC2086
        timeout "$INSTALL_TIMEOUT" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 $missing >"${TMPDIR:-/tmp}/scale-check-apt.log" 2>&1
    }
    if ! apt_install; then
        say "apt-get install failed; running apt-get update once, then again"
        timeout "$INSTALL_TIMEOUT" apt-get update -q -o DPkg::Lock::Timeout=120 >/dev/null 2>&1
        apt_install || {
            [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
            tail -n 15 "${TMPDIR:-/tmp}/scale-check-apt.log"
            say "FAIL: could not install$missing (log above); by hand: apt-get install -y$missing"
            exit 1
        }
    fi
    [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
    still=$(missing_packages)
    [ -z "$still" ] || { say "FAIL: still missing after apt-get:$still"; exit 1; }
    say "installed in $(elapsed "$t0") s"
else
    say "munge, Slurm and GNU parallel are installed"
fi
t_install=$(elapsed "$t0")
if [ "$(id -u)" != 0 ]; then
    say "FAIL: the one-node Slurm cluster needs root (slurmd runs each job as its user)"
    exit 1
fi

# --- the temporary folder and the teardown ----------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/polsim-scale.XXXXXX")
chmod 700 "$tmp"
MUNGE_PID= CTLD_PID= SLURMD_PID= JOB_ID= SBATCH_PID=
export SLURM_CONF="$tmp/slurm.conf"
# stop PID NAME: TERM, up to 10 s for it to end, then KILL.
stop() {
    [ -n "$1" ] || return 0
    kill -0 "$1" 2>/dev/null || return 0
    kill -TERM "$1" 2>/dev/null
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$1" 2>/dev/null; then
        say "$2 ($1) did not stop in 10 s; killing it"
        kill -KILL "$1" 2>/dev/null
    fi
    wait "$1" 2>/dev/null
}
teardown() {
    trap - EXIT INT TERM HUP
    if [ -n "$JOB_ID" ] && [ -n "$CTLD_PID" ] && kill -0 "$CTLD_PID" 2>/dev/null; then
        timeout 10 scancel "$JOB_ID" 2>/dev/null
        i=0 # the job's steps end before slurmd does
        while [ $i -lt 50 ] && [ -n "$(timeout 5 squeue -h -j "$JOB_ID" 2>/dev/null)" ]; do sleep 0.2; i=$((i + 1)); done
    fi
    stop "$SBATCH_PID" sbatch
    stop "$SLURMD_PID" slurmd
    stop "$CTLD_PID" slurmctld
    stop "$MUNGE_PID" munged
    if [ "${SCALE_KEEP:-}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap 'teardown' EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP
# fail MESSAGE [LOG...]: the message, the last lines of each log, exit 1 (the trap tears down).
fail() {
    msg=$1; shift
    for log in "$@"; do
        [ -s "$log" ] || continue
        echo "--- last lines of $log"
        tail -n 20 "$log"
    done
    say "FAIL: $msg"
    exit 1
}
# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; 1 after SECONDS.
wait_for() {
    limit=$1 what=$2; shift 2
    end=$(($(date +%s) + limit))
    while ! "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || { say "$what: not ready after $limit s"; return 1; }
        sleep 0.2
    done
}

# --- the studies and the single runs -----------------------------------------------------------
mkdir -p "$tmp/work"
cd "$tmp/work" || exit 1
cat >sweep.pol <<'POL'
# 301 bandwidth caps on exports to China, in a world without the recorded history.
print "a sweep of bandwidth caps on exports to CN"
scenario open "a cap alone" without history {
  sweep b from 1.0 TB/s to 4.0 TB/s step 0.01 TB/s {
    cap bandwidth b on exports to CN
  } on CN.compute, revenue(nvidia, CN)
}
POL
cat >simulate.pol <<'POL'
# China's market with three uncertain figures, 2,001 runs.
redefine chip Ascend910C like Ascend910C { fp16: 780 TFLOPS in 752 TFLOPS .. 800 TFLOPS; price: triangular($18k, $21.35k, $26k) }
redefine chip H20 like H20 { price: triangular($10k, $12k, $14k) }
redefine market CN like CN { budget: $25B in $20B .. $30B }
simulate 2001 runs seed 7 on CN.compute, revenue(huawei, CN)
POL
STUDIES="sweep simulate"
for s in $STUDIES; do
    "$POLSIM" --format csv "$s.pol" >"$s.csv" 2>"$s.err" || fail "polsim --format csv $s.pol failed" "$s.err"
done
[ "$(wc -l <sweep.csv)" -eq 604 ] || fail "sweep.csv: expected 604 lines (header, the print, 301 x 2), got $(wc -l <sweep.csv)"
[ "$(wc -l <simulate.csv)" -eq 4003 ] || fail "simulate.csv: expected 4003 lines (header, 2001 x 2), got $(wc -l <simulate.csv)"

checked=0
# same_as_whole HOW PREFIX: each study's PREFIX1..4.csv concatenated must be its single run's output.
same_as_whole() {
    for s in $STUDIES; do
        parts=""
        for k in $(seq 1 $SHARDS); do parts="$parts $2$s.$k.csv"; done
        # shellcheck disable=SC2086
        cat $parts >"$2$s.joined.csv" || fail "$1: a part of $s is missing"
        cmp -s "$s.csv" "$2$s.joined.csv" || {
            diff "$s.csv" "$2$s.joined.csv" | head -n 10
            fail "$1: the $SHARDS parts of $s.pol concatenated differ from one run"
        }
        checked=$((checked + 1))
        say "$1: $s.pol, $SHARDS shards concatenated = one run ($(wc -l <"$s.csv") lines, byte-identical)"
    done
}

# --- 2. a one-node Slurm cluster -----------------------------------------------------------------
t0=$(date +%s)
# munge: a key of our own, a socket, log, pid and seed in the temporary folder.
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chmod 700 "$tmp/munge"
if ! mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null 2>&1; then
    dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null || fail "cannot write a munge key"
fi
chmod 400 "$tmp/munge/munge.key"
SOCK="$tmp/munge/munge.socket"
# --force: munged refuses to run as root without it (here it only reads our key).
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$SOCK" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" \
    >"$tmp/log/munged.out" 2>&1 &
MUNGE_PID=$!
munge_ok() { munge -S "$SOCK" -n | unmunge -S "$SOCK"; }
wait_for 15 munged munge_ok || fail "munged does not answer on $SOCK" "$tmp/log/munged.out" "$tmp/log/munged.log"

# Two free ports on loopback for slurmctld and slurmd.
ports=$(python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' 2>/dev/null) || ports="$((20000 + $$ % 20000)) $((20001 + $$ % 20000))"
CTLD_PORT=${ports% *} SLURMD_PORT=${ports#* }
NODE=$(hostname -s 2>/dev/null || uname -n | cut -d. -f1)
CPUS=$(nproc)
cat >"$SLURM_CONF" <<CONF
# A one-node cluster on loopback for scale_check.sh; every file under $tmp.
ClusterName=polsimscale
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$CPUS State=UNKNOWN
PartitionName=polsim Nodes=$NODE Default=YES MaxTime=10 State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
CTLD_PID=$!
ctld_up() { kill -0 "$CTLD_PID" && timeout 5 scontrol ping | grep -q UP; }
wait_for 30 slurmctld ctld_up || fail "slurmctld did not come up" "$tmp/log/slurmctld.out" "$tmp/log/slurmctld.log"
slurmd -D -N "$NODE" -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
SLURMD_PID=$!
node_idle() { kill -0 "$SLURMD_PID" && [ "$(timeout 5 sinfo -h -n "$NODE" -o %t)" = idle ]; }
wait_for 60 "node $NODE" node_idle ||
    fail "node $NODE is not idle (sinfo: $(timeout 5 sinfo -h -N -o '%N %t %E' 2>&1))" \
        "$tmp/log/slurmd.out" "$tmp/log/slurmd.log" "$tmp/log/slurmctld.log"
t_cluster=$(elapsed "$t0")
say "slurm: one node ($NODE, $CPUS CPUs; slurmctld :$CTLD_PORT, slurmd :$SLURMD_PORT, munged) up in $t_cluster s"

# The job array of README.md: task K runs shard K/4 of each study.
t0=$(date +%s)
cat >shards.sbatch <<JOB
#!/bin/sh
#SBATCH --job-name=polsim-shards
#SBATCH --array=1-$SHARDS
#SBATCH --cpus-per-task=1
#SBATCH --time=5
#SBATCH --output=slurm-%A_%a.out
set -e
for s in $STUDIES; do
    "$POLSIM" --format csv --shard "\$SLURM_ARRAY_TASK_ID/$SHARDS" "\$s.pol" > "slurm.\$s.\$SLURM_ARRAY_TASK_ID.csv"
done
JOB
# sbatch --wait returns when every task has ended, with the highest exit status among them.
timeout "$JOB_TIMEOUT" sbatch --wait --parsable --chdir="$tmp/work" shards.sbatch >sbatch.out 2>sbatch.err &
SBATCH_PID=$!
i=0 # its first line is the job id, printed at once
while [ ! -s sbatch.out ] && kill -0 "$SBATCH_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
JOB_ID=$(head -n 1 sbatch.out | cut -d';' -f1)
say "slurm: sbatch --wait --array=1-$SHARDS: job ${JOB_ID:-?}; waiting at most $JOB_TIMEOUT s"
wait "$SBATCH_PID"
rc=$?
SBATCH_PID=
[ $rc -ne 124 ] || fail "job array ${JOB_ID:-?} did not end in $JOB_TIMEOUT s (squeue: $(timeout 5 squeue -h -o '%i %T %r' 2>&1 | tr '\n' ' '))" \
    sbatch.err "$tmp/log/slurmctld.log" "$tmp/log/slurmd.log"
[ -n "$JOB_ID" ] || fail "sbatch printed no job id (exit $rc)" sbatch.err "$tmp/log/slurmctld.log"
states=$(timeout 10 scontrol -o show job "$JOB_ID" 2>/dev/null | sed -n 's/.* JobState=\([A-Z_]*\) .*/\1/p' | sort | uniq -c | tr -s ' \n' '  ')
[ $rc -eq 0 ] || fail "job array $JOB_ID: sbatch --wait exited $rc (task states:${states:-?})" \
    sbatch.err $(ls slurm-*.out 2>/dev/null) "$tmp/log/slurmd.log"
for f in slurm-*.out; do [ ! -s "$f" ] || fail "a task wrote to its log $f" "$f"; done
t_job=$(elapsed "$t0")
say "slurm: job array $JOB_ID done in $t_job s (task states:$states)"
same_as_whole slurm slurm.
JOB_ID=

t0=$(date +%s)
stop "$SLURMD_PID" slurmd; SLURMD_PID=
stop "$CTLD_PID" slurmctld; CTLD_PID=
stop "$MUNGE_PID" munged; MUNGE_PID=
t_down=$(elapsed "$t0")
say "slurm: daemons stopped in $t_down s"

# --- 3. GNU parallel ----------------------------------------------------------------------------
t0=$(date +%s)
for s in $STUDIES; do
    timeout "$JOB_TIMEOUT" parallel --will-cite --halt now,fail=1 \
        "'$POLSIM' --format csv --shard {}/$SHARDS $s.pol > parallel.$s.{}.csv" ::: $(seq 1 $SHARDS) ||
        fail "GNU parallel: a shard of $s.pol failed (or took over $JOB_TIMEOUT s)"
done
t_parallel=$(elapsed "$t0")
same_as_whole "GNU parallel" parallel.
say "times: install/check ${t_install} s, cluster up ${t_cluster} s, job array ${t_job} s, teardown ${t_down} s, GNU parallel ${t_parallel} s; total $(elapsed "$t_start") s"
echo "scale-check: $checked passed, 0 failed"
