# Helpers for kernel scenarios, sourced inside a guest started by
# tests/kernel/guest-run:  . "$SRCDIR/tests/kernel/lib.sh"
#
# A scenario stops at its first failing command (set -e); `fail` and the
# expect_* helpers print one "FAIL: ..." line, which tests/kernel/run shows
# as the reason.

set -eEuo pipefail
[[ ${GUEST_RUN:-} == 1 ]] || { echo "FAIL: $0 runs inside a guest: tests/kernel/guest-run $0" >&2; exit 1; }

# A command that fails outside any check still names itself.
trap 'echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: \`$BASH_COMMAND\` exited with status $?" >&2; _host_failed' ERR

fail() {
	echo "FAIL: $*" >&2
	_host_failed
	exit 1
}

# One of several hosts (tests/kernel/run's "# hosts: N"): a failure is
# also a file in the shared folder, so that the other hosts stop waiting
# for this one (host_wait) at once.
_host_failed() {
	[[ -z ${SYNC:-} || -z ${HOST:-} ]] || : >"$SYNC/host$HOST.failed" || true
	# in a subshell ($(...), a pipeline) the exit ends the subshell alone,
	# and the caller may go on: guest-run fails the scenario by this mark
	((BASH_SUBSHELL == 0)) || : >/tmp/.vgtool-check-failed || true
}

# Log a step, with the time since the guest script started (no `date`:
# starting a program costs tens of ms in the guest).
_lib_t0=$EPOCHREALTIME
step() {
	local us=$((${EPOCHREALTIME/./} - ${_lib_t0/./}))
	printf '== [%3d.%02ds] %s\n' $((us / 1000000)) $((us % 1000000 / 10000)) "$*"
}

# expect_eq WHAT EXPECTED ACTUAL (a multi-line value is shown as a diff)
expect_eq() {
	[[ $2 == "$3" ]] && return
	if [[ $2$3 == *$'\n'* ]]; then
		diff -u --label expected --label actual <(echo "$2") <(echo "$3") >&2 || true
		fail "$1: differs from what is expected (diff above)"
	fi
	fail "$1: expected '$2', got '$3'"
}

# expect_file_eq WHAT EXPECTED_FILE ACTUAL_FILE
expect_file_eq() {
	local _a= _b=
	# equal files compared without starting diff (tens of ms in the guest)
	IFS= read -r -d '' _a <"$2" || true
	IFS= read -r -d '' _b <"$3" || true
	[[ $_a == "$_b" ]] && return
	diff -u --label expected --label actual "$2" "$3" >&2 && return
	fail "$1: differs from what is expected (diff above)"
}

# expect_rc WANTED_STATUS COMMAND [ARGS...]: run COMMAND, check its status.
expect_rc() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	((rc == want)) || fail "\`$*\` exited with status $rc, expected $want"
}

# need_test_hooks: the scenario runs "$VGTOOL_TEST", vgtool built with the
# VGTOOL_TEST_* hooks (`make vgtool-test`), for the commands it makes crash
# or fail.  Without that build it fails, never skips: a crash test run
# against a binary that cannot crash would pass and have tested nothing.
need_test_hooks() {
	local version
	[[ -x ${VGTOOL_TEST:-} ]] ||
		fail "no test build at '${VGTOOL_TEST:-}': this scenario needs \`make vgtool-test\`"
	version=$("$VGTOOL_TEST" --version)
	[[ $version == *"test build"* ]] ||
		fail "$VGTOOL_TEST is not the test build (it says '$version'): \`make vgtool-test\`"
}

# The harness's disks, by position: DISK[0], DISK[1], ...  Their names and
# device numbers are the sandbox's business (virtio disks today), so
# scenarios never spell them: they use these, disk_devno and the "diskN"
# names of dm_table_named.
read -r -a DISK <<<"$DISKS"

# disk_devno N: MAJOR:MINOR of DISK[N], as dm tables show it.
disk_devno() {
	local devno
	read -r devno <"/sys/class/block/${DISK[$1]#/dev/}/dev"
	echo "$devno"
}

# fixture_disks TEXT: TEXT (a command line recorded in tests/fixtures/lvm2,
# made in the earlier user-mode Linux sandbox, whose disks were /dev/ubda,
# /dev/ubdb, ...) with those names replaced by DISK[0], DISK[1], ..., and a
# word that is a disk's bare name ("vgcreate ubda": a VG named like an
# entry of /dev) by this disk's.
fixture_disks() {
	local letters=abcdefghijklmnop i word out=
	local -a words
	read -r -a words <<<"$1"
	for word in "${words[@]}"; do
		for ((i = 0; i < ${#DISK[@]}; i++)); do
			case $word in
			/dev/ubd${letters:i:1}) word=${DISK[i]} ;;
			ubd${letters:i:1}) word=${DISK[i]#/dev/} ;;
			esac
		done
		out+=${out:+ }$word
	done
	printf '%s\n' "$out"
}

# wait_flock_waiter PID: wait (10 s at most) until process PID is blocked
# in flock(), waiting for a lock someone else holds: the kernel lists its
# request in /proc/locks with "->".
wait_flock_waiter() {
	local i line
	for ((i = 0; i < 200; i++)); do
		while read -r line; do
			if [[ $line == *"-> FLOCK "*" $1 "* ]]; then
				return 0
			fi
		done </proc/locks
		sleep 0.05
	done
	fail "process $1 never waited for a lock"
}

# Several guests at once ("# hosts: N"): $HOST is this one's number,
# SHARED_DISK[N] the disks they all see, $SYNC their shared folder.
read -r -a SHARED_DISK <<<"${SHARED_DISKS:-}"

# host_signal NAME [TEXT]: tell the other hosts NAME has happened (a file
# of the shared folder, written whole: a line of TEXT, or nothing), e.g.
# `host_signal ready "$seqno"`, read there by `read -r s <"$SYNC/ready"`.
host_signal() {
	if (($# > 1)); then
		printf '%s\n' "$2" >"$SYNC/.$1.$HOST"
	else
		: >"$SYNC/.$1.$HOST"
	fi
	mv "$SYNC/.$1.$HOST" "$SYNC/$1"
}

# host_wait NAME [SECS]: wait until a host has signalled NAME (120 s at
# most); fail at once when another host failed or its guest ended.
host_wait() {
	local f h t0=$SECONDS secs=${2:-120} n=0 pause=0.1
	while [[ ! -e $SYNC/$1 ]]; do
		# a tenth of a second for the first two, then half: each look
		# (a directory read over 9p, a sleep started) costs an emulated
		# guest real time, and hosts wait on each other for minutes
		((++n < 20)) || pause=0.5
		for f in "$SYNC"/host*.failed "$SYNC"/host*.exit; do
			[[ -e $f ]] || continue
			h=${f##*/host} h=${h%%.*}
			((h != HOST)) || continue
			if [[ $f == *.failed ]]; then
				fail "waiting for $1: host $h failed"
			fi
			[[ -e $SYNC/host$h.killed ]] ||
				fail "waiting for $1: host $h ended (guest-run status $(<"$f"))"
		done
		((SECONDS - t0 < secs)) || fail "waiting for $1: nothing after ${secs}s"
		sleep "$pause"
	done
}

# host_kill N: cut the power of host N's guest (its guest-run kills QEMU:
# nothing is flushed or released) and wait until it is off (30 s at most).
host_kill() {
	local i
	: >"$SYNC/kill-host$1"
	for ((i = 0; i < 300; i++)); do
		[[ -e $SYNC/host$1.killed ]] && return 0
		sleep 0.1
	done
	fail "host $1 was not killed 30 s after asking"
}

# The dynamic major of device-mapper devices.
dm_major=$(awk '$2 == "device-mapper" { print $1 }' /proc/devices)

# lvm2 and vgtool keep their configuration, backups and archives in /tmp,
# not in the read-only /etc.
export LVM_SYSTEM_DIR=/tmp/lvm-ref VGTOOL_SYSTEM_DIR=/tmp/vgtool-system
mkdir -p "$LVM_SYSTEM_DIR" "$VGTOOL_SYSTEM_DIR"

# lvm_ref ARGS...: lvm2, the reference implementation, with a throw-away
# configuration: no udev (nothing runs udevd in the guest unless a scenario
# starts it) and no dmeventd monitoring.
export LVM_SUPPRESS_FD_WARNINGS=1
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"
lvm_ref() { lvm "$@"; }

# warm_page_cache PROGRAM...: read each program and the shared libraries it
# loads into the page cache, so that a timing does not include their first
# reads from the host's share (benchmarks, not tests).
warm_page_cache() {
	local p files=()
	for p; do
		[[ -f $p ]] || continue
		files+=("$p")
		# a static program has no libraries: ldd fails, and that is fine
		mapfile -t -O "${#files[@]}" files < <({ ldd "$p" 2>/dev/null || true; } |
			sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\).*/\1/p')
	done
	cat "${files[@]}" >/dev/null 2>&1 || true
}

# dm_table_named [DMSETUP TABLE ARGS]: `dmsetup table` with each MAJOR:MINOR
# replaced by the dm name of that device, by diskN for the harness's DISK[N],
# or by /dev/NAME for other block devices (/dev/loop0), so that tables
# compare across boots, tools and sandboxes.
# The order stays dmsetup's: by device name.
dm_table_named() {
	local -A names=()
	local name major minor words word out key value
	while read -r name major minor; do
		# without devices, the one line is "No devices found"
		if [[ $major$minor =~ ^[0-9]+$ ]]; then
			names[$major:$minor]=$name
		fi
	done < <(dmsetup info -c --noheadings --separator ' ' -o name,major,minor)
	((${#names[@]})) || return 0 # and so would `dmsetup table`: print nothing
	local i devno
	for i in "${!DISK[@]}"; do
		read -r devno <"/sys/class/block/${DISK[i]#/dev/}/dev"
		names[$devno]=disk$i
	done
	while read -r -a words; do
		out=
		for word in "${words[@]}"; do
			# Another block device: its kernel name, read without starting a
			# program (each costs tens of ms in the guest).
			if [[ $word =~ ^[0-9]+:[0-9]+$ && -z ${names[$word]:-} && -r /sys/dev/block/$word/uevent ]]; then
				while IFS== read -r key value; do
					[[ $key != DEVNAME ]] || names[$word]=/dev/$value
				done <"/sys/dev/block/$word/uevent"
			fi
			out+=${out:+ }${names[$word]:-$word}
		done
		echo "$out"
	done < <(dmsetup table "$@")
}

# PVs that vanish and come back (the lost-PV scenarios), over dm linear
# devices: pv_up NAME N makes NAME, 100 MiB at 1 MiB of DISK[N]; pv_gone
# NAME removes it, so that its PV is lost; pv_back NAME makes it again,
# with the same table.  (Without udevd, export DM_DISABLE_UDEV=1 first,
# so that dmsetup makes the nodes.)
declare -A _pv_table
pv_up() {
	_pv_table[$1]="0 204800 linear ${DISK[$2]} 2048"
	pv_back "$1"
}
pv_back() { dmsetup create "$1" --table "${_pv_table[$1]}"; }
pv_gone() { dmsetup remove "$1"; }

# udev_flag_names N: the udev flags of a cookie's high half, by name.
udev_flag_names() {
	local f=$1 i out
	local -a names=(DM_RULES SUBSYSTEM DISK OTHER LOW_PRIORITY LIBRARY_FALLBACK PRIMARY_SOURCE
		0x80 NOSCAN/FLAG0 FLAG1 FLAG2 FLAG3 FLAG4 FLAG5 FLAG6 FLAG7)
	printf -v out '0x%04x' "$f"
	for ((i = 0; i < 16; i++)); do
		((f & (1 << i))) && out+=" ${names[i]}"
	done
	echo "$out"
}

# dm_cookie_ops FILES...: the DM ioctls that carry a udev cookie in
# strace's logs (`strace -f -ff -qq --seccomp-bpf -s 128 -e trace=ioctl
# -o DIR/t CMD`: with --seccomp-bpf, strace stops the program only at its
# ioctls, a fraction of the cost under emulation; the files in the order
# of their process ids), as "KIND DEVICE FLAGS"
# lines in order: each resume, rename and remove that succeeded, with the
# cookie it carries (dm_ioctl.event_nr, the flags in its high 16 bits:
# the kernel copies the whole value into the uevent's DM_COOKIE).  That
# is what udev receives, with udevd or without, for removed devices too.
dm_cookie_ops() {
	local line kind in out name flags
	while IFS= read -r line; do
		[[ $line == *"ioctl("* && $line == *") = 0" ]] || continue
		case $line in
		*DM_DEV_SUSPEND*) kind=resume ;;
		*DM_DEV_REMOVE*) kind=remove ;;
		*DM_DEV_RENAME*) kind=rename ;;
		*) continue ;;
		esac
		in=${line%%" => "*}
		out=${line#*" => "}
		[[ $kind == resume && $in == *DM_SUSPEND_FLAG* ]] && continue # a suspend
		name='?'
		[[ $out =~ name=\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
		flags=none
		[[ $in =~ event_nr=([0-9]+) ]] && flags=$(udev_flag_names $((BASH_REMATCH[1] >> 16)))
		echo "$kind $name $flags"
	done < <(printf '%s\n' "$@" | sort -t. -k2 -n | xargs cat)
}

# syslog_start FILE: a stand-in syslog daemon (the guest has none): each
# message sent to /dev/log becomes a line of FILE, as the program sent it
# ("<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT").  syslog_stop ends it and
# removes /dev/log, so that later steps see no syslog again.
syslog_start() {
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
with open(sys.argv[1], "a", buffering=1) as f:
    while True:
        f.write(s.recv(65536).decode(errors="replace").rstrip("\n") + "\n")
' "$1" &
	_syslog_pid=$!
	local i
	for ((i = 0; i < 200; i++)); do
		[[ -S /dev/log ]] && return 0
		sleep 0.05
	done
	fail "the syslog stand-in did not start"
}
syslog_stop() {
	kill "$_syslog_pid"
	wait "$_syslog_pid" 2>/dev/null || true
	rm -f /dev/log
}

# syslog_wait FILE REGEX: wait (up to 10 s) for a line of FILE that matches
# the extended REGEX; the message may still be on its way.
syslog_wait() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -Eq -- "$2" "$1" && return 0
		sleep 0.05
	done
	fail "no syslog line matches '$2' in $1"
}

# seed_stack_table: `dmsetup table` of PRODUCT.md's example (a 1 GiB origin
# "base" and a 100 MiB snapshot "snap" in VG volumeGroup on DISK[0], made in
# a fresh guest), byte for byte: the majors are this boot's.
seed_stack_table() {
	local disk
	disk=$(disk_devno 0)
	cat <<TABLE
volumeGroup-base: 0 2097152 snapshot-origin $dm_major:1
volumeGroup-base-real: 0 2097152 linear $disk 2048
volumeGroup-snap: 0 2097152 snapshot $dm_major:1 $dm_major:2 P 8
volumeGroup-snap-cow: 0 204800 linear $disk 2099200
TABLE
}

# dm_uuids: "NAME UUID" for every dm device, sorted by name.
dm_uuids() {
	dmsetup info -c --noheadings --separator ' ' -o name,uuid --sort name
}

# twin_refusal_checks TOOL KIND RC ERRFILE BEFORE: for the scenarios that
# run the same steps with lvm2 and vgtool on twin VGs (twin_st): a
# failing vgtool step must say why in one line on stderr (warnings aside);
# a step of KIND "bad" must exit 3 or 5 and leave the seqnos (from the
# `seqnos` below) as they were (BEFORE; "-": not checked).  Each broken promise is
# printed as a MISMATCH line and counted in $bad.  With ONE_LINE_ALL=0 the
# one-line check is made for "bad" steps only.
twin_refusal_checks() {
	local tool=$1 kind=$2 rc=$3 err=$4 before=$5 after
	if [[ $tool == vgtool ]] && ((rc != 0)) &&
		{ [[ ${ONE_LINE_ALL:-1} == 1 ]] || [[ $kind == bad ]]; }; then
		# the lines other than warnings, counted without starting grep
		local line lines=0
		while IFS= read -r line || [[ -n $line ]]; do
			[[ $line == *WARNING* ]] || lines=$((lines + 1))
		done <"$err"
		if ((lines != 1)); then
			echo "MISMATCH: vgtool $CMDLINE: $lines lines on stderr: $(<"$err")"
			bad=$((bad + 1))
		fi
	fi
	if [[ $kind == bad && $before != - ]]; then
		after=$(seqnos)
		[[ $before == "$after" ]] || {
			echo "MISMATCH: $tool $CMDLINE: seqnos changed: $before -> $after"
			bad=$((bad + 1))
		}
	fi
	if [[ $kind == bad ]] && ((rc != 3 && rc != 5)); then
		echo "MISMATCH: $tool $CMDLINE: refusal exited $rc"
		bad=$((bad + 1))
	fi
	return 0
}

# Twin runs (060, 062, 064): the same steps run with each tool in turn,
# each on its own disks.  The scenario sets tool (vgtool|lvm), run (the
# command), devs (--devices), dir (where the steps go) and mine (its
# disks, written DISK_A, DISK_B, ... in the outputs), and n=0 before each
# tool's run.  vgtool_only[CMD]=STATUS marks a deliberate difference: the
# step is not run with lvm2, and vgtool must exit STATUS.
declare -A vgtool_only=()
# twin_st KIND CMD...: one step, kept in $dir/NNN ("$ CMD", stdout,
# "exit N"), with twin_refusal_checks' checks; KIND "bad": a refusal.
twin_st() {
	local kind=$1 rc=0 before=
	shift
	n=$((n + 1))
	local f=$dir/$(printf %03d $n)
	if [[ $tool == lvm && -n ${vgtool_only["$*"]:-} ]]; then
		echo "$* (vgtool only)" >"$f"
		return
	fi
	# lvm2's own seqnos are not read for its refusals (it is the
	# reference; its exit status is compared): "-" skips the check
	if [[ $kind == bad ]]; then
		if [[ $tool == lvm ]]; then before=-; else before=$(seqnos); fi
	fi
	printf '$ %s\n' "$*" >"$f"
	"${run[@]}" "$@" --devices "$devs" </dev/null >>"$f" 2>"$f.err" || rc=$?
	echo "exit $rc" >>"$f"
	if ((rc > 5)); then
		echo "MISMATCH: $tool $*: exit $rc: $(<"$f.err")"
		bad=$((bad + 1))
	fi
	CMDLINE="$*" twin_refusal_checks "$tool" "$kind" "$rc" "$f.err" "$before"
}
# seqnos: "VG SEQNO ..." of the VGs the current tool sees.
seqnos() {
	local -a words
	words=($("${run[@]}" vgs --noheadings -o vg_name,seqno --devices "$devs"))
	echo "${words[*]}"
}
# twin_normalise [SED ARGS]: the tool's steps in $dir normalised, its
# disks named, in one sed (a sed a step costs seconds in the guest).
twin_normalise() {
	local -a ex=()
	local i letters=(A B C D E F G H)
	for i in "${!mine[@]}"; do
		ex+=(-e "s|${mine[i]}\\b|DISK_${letters[i]}|g")
	done
	sed -i "${ex[@]}" "$@" "$dir"/[0-9][0-9][0-9]
}
# twin_compare LVM2_DIR VGTOOL_DIR [FIRST]: each step's outputs (after
# step FIRST) the same (diff printed), or vgtool's exit status as
# vgtool_only says; differences counted in $bad.
twin_compare() {
	local f l cmd last
	for f in "$2"/[0-9][0-9][0-9]; do
		((10#${f##*/} > ${3:-0})) || continue
		l=$1/${f##*/}
		if [[ ! -e $l ]]; then
			fail "no lvm2 step ${f##*/}"
		elif [[ $(<"$l") == *' (vgtool only)' ]]; then
			mapfile -t lines <"$f"
			cmd=${lines[0]#'$ '} last=${lines[${#lines[@]} - 1]}
			[[ $last == "exit ${vgtool_only["$cmd"]}" ]] || {
				echo "MISMATCH: vgtool $cmd: $last, want exit ${vgtool_only["$cmd"]}"
				bad=$((bad + 1))
			}
		elif [[ $(<"$l") != "$(<"$f")" ]]; then
			echo "MISMATCH (lvm2 first, vgtool second):"
			diff -u "$l" "$f" || true
			bad=$((bad + 1))
		fi
	done
}

# same_output ARGS...: lvm2 and vgtool run ARGS alike: the same stdout and
# the same exit status.  Outputs are kept in $OUT/cmp/N.{cmd,lvm2,vgtool}
# (and .err); differences are printed and counted in $mismatches, the
# steps in $n (the scenario sets both to 0 first).
same_output() {
	n=$((n + 1))
	mkdir -p "$OUT/cmp"
	local ref=$OUT/cmp/$n.lvm2 got=$OUT/cmp/$n.vgtool rc=0
	printf '%s\n' "$*" >"$OUT/cmp/$n.cmd"
	lvm_ref "$@" >"$ref" 2>"$ref.err" || rc=$?
	echo "exit $rc" >>"$ref"
	rc=0
	"$VGTOOL" "$@" >"$got" 2>"$got.err" || rc=$?
	echo "exit $rc" >>"$got"
	local a= b=
	IFS= read -r -d '' a <"$ref" || true
	IFS= read -r -d '' b <"$got" || true
	if [[ $a != "$b" ]] && ! diff -u --label "lvm2 $*" --label "vgtool $*" "$ref" "$got" >&2; then
		mismatches=$((mismatches + 1))
		echo "MISMATCH #$n: $*" >&2
	fi
}
