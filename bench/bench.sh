#!/usr/bin/env bash
# bench/bench.sh: gopyc against CPython 3.8's compileall on the same trees.
#
#   bench/bench.sh [REPS [REPS10]]  (default 3 and 1 repetitions; medians)
#
# 1. builds gopyc; copies the installed 3.8 standard library to a temp dir;
# 2. times "gopyc -q -f -j0 DIR" and "python3.8 -m compileall -q -f -j0 DIR"
#    on that copy, each run into a fresh PYTHONPYCACHEPREFIX (so neither
#    reads the other's output and both write every file), and prints both
#    medians and the ratio;
# 3. builds a 10x tree (the copy ten times, in subdirectories) and reports
#    gopyc's time growth and peak RSS there.
# Each timed run starts after sync and SETTLE seconds (default 6) of quiet;
# the first after FIRST_SETTLE seconds (default 60): ext4 without a journal
# skips inodes freed in the last 60 s when it allocates new ones (see timed),
# or in the last 360 s while their inode-table block is dirty, which creating
# files in the same block makes it; a bench run just before this one deleted
# ~130,000 files when it ended. Back-to-back runs of the script are fairest
# with FIRST_SETTLE=360. (The pause does not remove the spread between runs:
# six runs of session 7's code measured 5.6x to 7.7x, one started 80 s after
# a cleanup 6.2x.)
# COLD=1 drops the page cache before each timed run (root only: it writes
# /proc/sys/vm/drop_caches), so both tools read the tree, their own files
# included, from the disk: what a machine that has not read the tree lately
# sees.
# Exit status 0 even when a compiler reports errors: CPython rejects a few
# stdlib files (test data with bad syntax), and so does gopyc.
set -euo pipefail
REPS=${1:-3}
REPS10=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${GOPYC_PYTHON38:-$(pyenv prefix 3.8.18 2>/dev/null)/bin/python3.8}
[ -x "$PY" ] || { echo "bench: python3.8 not found (set GOPYC_PYTHON38)" >&2; exit 1; }
STDLIB=$("$PY" -S -c 'import os; print(os.path.dirname(os.__file__))')
if [ -n "${COLD:-}" ] && [ ! -w /proc/sys/vm/drop_caches ]; then
	echo "bench: COLD=1 needs to write /proc/sys/vm/drop_caches (root)" >&2
	exit 1
fi
WORK=$(mktemp -d /tmp/gopyc-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Functions aligned to 128 bytes: under cachegrind's cache simulation (one
# CPU, the stdlib) this build takes ~2.4 M fewer instruction-cache misses
# than the default 32-byte alignment (19.1 against 21.4 M in gopyc's code,
# session 25), ~1% of a run's cost; 64 gains about half that and 256 loses.
# GOPYC_LDFLAGS overrides it ("" for the default build).
(cd "$ROOT" && go build -ldflags="${GOPYC_LDFLAGS--funcalign=128}" -o "$WORK/gopyc" ./cmd/gopyc)
# The tree to compile: the whole stdlib (site-packages included); its
# __pycache__ directories are skipped by both tools and unused under the
# fresh prefixes.
cp -a "$STDLIB" "$WORK/one"
files=$(find "$WORK/one" -name '*.py' | wc -l)

# timed CMD...: runs CMD with a fresh cache prefix and prints "SECONDS
# PEAK_RSS_MB CPU_SECONDS USER SYSTEM STEAL" (wall time; peak resident set
# of the process and its user+system CPU time (children included), then
# user and system apart, from GNU time, or "?" without it; then the CPU
# time the hypervisor gave to others while the run lasted, the machine's
# "steal" in /proc/stat, or "?" where there is none).
timed() {
	local pfx="$WORK/pfx.$RANDOM$RANDOM"
	# Let the file system finish the previous run's write-back first, so
	# neither tool pays for the other's.
	sync
	if [ -z "${settled:-}" ]; then
		sleep "${FIRST_SETTLE:-60}"
		settled=1
		# The VM's DAMON pages out page cache idle for a minute, so after
		# the first pause the tree, and CPython's own modules, may be on
		# disk again, and the first run (gopyc's) would read them for
		# both tools (session 44: the first pair after FIRST_SETTLE=360
		# 6.2x, the other four 6.8-8.3x). Read them back first, as every
		# later run finds them.
		[ -n "${COLD:-}" ] || warm
	fi
	sleep "${SETTLE:-6}"
	if [ -n "${COLD:-}" ]; then
		echo 3 >/proc/sys/vm/drop_caches
	fi
	local steal0 steal1
	steal0=$(steal_ticks)
	if [ -x /usr/bin/time ]; then
		PYTHONPYCACHEPREFIX="$pfx" /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.out" "$@" >/dev/null 2>&1 || true
		steal1=$(steal_ticks)
		# GNU time puts "Command exited with non-zero status N" first when
		# the command fails (both tools exit 1 on the stdlib): read the
		# last line only.
		tail -n 1 "$WORK/time.out" | awk -v s="$(steal_seconds "$steal0" "$steal1")" '{printf "%s %.1f %.2f %.2f %.2f %s\n", $1, $2/1024, $3+$4, $3, $4, s}'
	else
		local t0 t1
		t0=$(date +%s%N)
		PYTHONPYCACHEPREFIX="$pfx" "$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		steal1=$(steal_ticks)
		echo "$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc) ? ? ? ? $(steal_seconds "$steal0" "$steal1")"
	fi
	# The output stays until the end (the EXIT trap removes $WORK):
	# deleting a tree just before the next run would make that run's file
	# creation several times dearer, since ext4 skips recently freed inodes
	# when it allocates new ones (recently_deleted() in fs/ext4/ialloc.c,
	# a scan per new file measured at 0.5-1 s of system time per run here).
	# For the same reason, do not start the bench right after deleting a
	# large tree on the same file system.
}

# warm: reads gopyc and the tree's sources and starts the interpreter with
# the modules compileall imports, so that all are in the page cache.
warm() {
	cat "$WORK/gopyc" >/dev/null
	find "$WORK/one" -name '*.py' -exec cat {} + >/dev/null
	"$PY" -S -c 'import compileall, concurrent.futures.process, py_compile' >/dev/null 2>&1 || true
}

# steal_ticks: the machine's steal time so far, in clock ticks (the eighth
# number of /proc/stat's "cpu" line), or "?" where it is not reported.
# In a virtual machine it is the time the hypervisor ran something else
# while this machine's CPUs had work: a run's wall time grows by it, its
# user and system time do not (this project's machine: 10-50% of a short
# run's CPU time in slow phases of the host, session 36).
steal_ticks() { awk '$1 == "cpu" { print (NF >= 9 ? $9 : "?"); exit }' /proc/stat 2>/dev/null || echo "?"; }
# steal_seconds A B: the steal between two steal_ticks readings, in seconds.
steal_seconds() {
	if [ "$1" = "?" ] || [ "$2" = "?" ] || [ -z "$1" ] || [ -z "$2" ]; then echo "?"; return; fi
	awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" 'BEGIN { printf "%.2f", (b - a) / hz }'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxcol2() { awk '{ if ($2 > m || m == "") m = $2 } END {print m}'; }

# The CPU model too: the project's machines have changed hosts between
# sessions, and a host change moves both tools' times (session 44's AMD
# EPYC ran each about three times faster than session 43's Xeon, the
# kernel's part of a run much less).
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "machine: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tree: $files .py files from $STDLIB; $REPS repetitions, median${COLD:+; page cache dropped before each run}"

# Interleave the two tools so that load changes hit both alike.
: >"$WORK/g1"; : >"$WORK/c1"
for _ in $(seq "$REPS"); do
	timed "$WORK/gopyc" -q -f -j0 "$WORK/one" >>"$WORK/g1"
	timed "$PY" -m compileall -q -f -j0 "$WORK/one" >>"$WORK/c1"
done
g1=$(median <"$WORK/g1")
c1=$(median <"$WORK/c1")
printf '%-44s %8.2f s\n' "gopyc -q -f -j0 (stdlib)" "$g1"
printf '%-44s %8.2f s\n' "python3.8 -m compileall -q -f -j0 (stdlib)" "$c1"
printf '%-44s %8.1fx\n' "speed-up" "$(echo "scale=3; $c1 / $g1" | bc)"
# Each repetition times the two tools one right after the other, so a
# pair's ratio is less exposed than the medians' to the host's speed
# drifting during the script (both tools' times move by 20-40% between
# phases of this shared machine).
paste "$WORK/g1" "$WORK/c1" >"$WORK/pairs" # gopyc's fields 1-6, compileall's 7-12
printf '%-44s %8.1fx\n' "speed-up (median of the pairs' ratios)" "$(awk '{printf "%.4f\n", $7 / $1}' "$WORK/pairs" | median)"
# Every pair, in the order run, so that the spread behind the medians shows.
printf '%-44s %s\n' "pairs (gopyc / compileall s: ratio)" "$(awk '{printf "%s%.2f/%.2f: %.1fx", (NR > 1 ? ", " : ""), $1, $7, $7 / $1}' "$WORK/pairs")"
printf '%-44s %8s s\n' "gopyc CPU time (user+sys, median)" "$(awk '{print $3}' "$WORK/g1" | median)"
printf '%-44s %8s s\n' "compileall CPU time (user+sys, median)" "$(awk '{print $3}' "$WORK/c1" | median)"
printf '%-44s %8s s\n' "gopyc user / system CPU (medians)" "$(awk '{print $4}' "$WORK/g1" | median) / $(awk '{print $5}' "$WORK/g1" | median)"
printf '%-44s %8s s\n' "compileall user / system CPU (medians)" "$(awk '{print $4}' "$WORK/c1" | median) / $(awk '{print $5}' "$WORK/c1" | median)"
# known N: column N of both tools' runs holds figures, not "?" (no GNU
# time, no steal in /proc/stat).
known() { ! awk -v c="$1" '$c == "?" { found = 1 } END { exit !found }' "$WORK/g1" "$WORK/c1"; }
if known 3; then
	printf '%-44s %8.1fx\n' "speed-up in CPU time (medians)" "$(echo "scale=3; $(awk '{print $3}' "$WORK/c1" | median) / $(awk '{print $3}' "$WORK/g1" | median)" | bc)"
fi
# The hypervisor's steal during each tool's runs (CPU-seconds, medians):
# the part of the wall times the host, not the tool, decided.
if known 6; then
	printf '%-44s %8s s\n' "host steal, gopyc / compileall (medians)" "$(awk '{print $6}' "$WORK/g1" | median) / $(awk '{print $6}' "$WORK/c1" | median)"
fi

mkdir -p "$WORK/ten"
for i in $(seq 0 9); do cp -al "$WORK/one" "$WORK/ten/copy$i" 2>/dev/null || cp -a "$WORK/one" "$WORK/ten/copy$i"; done
: >"$WORK/g10"
for _ in $(seq "$REPS10"); do
	timed "$WORK/gopyc" -q -f -j0 "$WORK/ten" >>"$WORK/g10"
done
g10=$(median <"$WORK/g10")
printf '%-44s %8.2f s\n' "gopyc -q -f -j0 (10x tree)" "$g10"
printf '%-44s %8.2fx\n' "time growth for 10x the files" "$(echo "scale=3; $g10 / $g1" | bc)"
printf '%-44s %8s MB\n' "gopyc peak RSS (stdlib)" "$(maxcol2 <"$WORK/g1")"
printf '%-44s %8s MB\n' "python3.8 compileall peak RSS (parent)" "$(maxcol2 <"$WORK/c1")"
printf '%-44s %8s MB\n' "gopyc peak RSS (10x tree)" "$(maxcol2 <"$WORK/g10")"
