# What the shared-VG scenarios (lvmlockd and sanlock on two hosts: 082
# with lvm2 on both, 083 with vgtool on one) have in common, sourced after
# lib.sh on each host: the daemons, lvm2's configuration for them, and the
# record of every command's output and exit status.

[[ ${HOST:-} == [12] && ${#SHARED_DISK[@]} -ge 1 && -n ${SYNC:-} ]] ||
	fail "this scenario runs on two hosts with a shared disk (tests/kernel/run's # hosts: 2)"
other=$((3 - HOST))
io_timeout=${io_timeout:-2} # lvmlockd -o: sanlock's I/O timeout for the lockspaces it adds

for p in sanlock lvmlockd lvmlockctl; do
	command -v "$p" >/dev/null || fail "$p is not installed (apt-get install sanlock lvm2-lockd; ./quickstart does)"
done

# udevd, as on a machine that uses lvmlockd: lvm2's lock start activates
# the hidden lvmlock LV and hands /dev/mapper/VG-lvmlock to lvmlockd at
# once, without the sync that makes the node when libdevmapper makes the
# nodes itself (udev_rules=0): without udevd, a lock start whose lvmlock
# LV was inactive fails ("VG vg1 start failed: invalid parameters for
# sanlock"; lvmlockd: "prepare_lockspace_san stat error 2"), seen here
# before udevd ran.  lvm2's autoactivation rule is masked: it would run
# with the host's /etc/lvm, not this configuration.
mkdir -p /run/udev/rules.d
: >/run/udev/rules.d/69-lvm.rules
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle

# lvm2 with lvmlockd: udev sync and rules, no monitoring, use_lvmlockd,
# and this host's sanlock host_id in lvmlocal.conf, which lvm2 reads next
# to lvm.conf (in $LVM_SYSTEM_DIR), and vgtool with it.  lvmlockd itself
# reads neither: each command sends it the host_id when it starts a
# lockspace.
printf 'activation {\n udev_sync=1\n udev_rules=1\n monitoring=0\n}\nglobal {\n use_lvmlockd = 1\n}\n' \
	>"$LVM_SYSTEM_DIR/lvm.conf"
printf 'local {\n host_id = %d\n}\n' "$HOST" >"$LVM_SYSTEM_DIR/lvmlocal.conf"
expect_eq "host_id lvm2 reads" "host_id=$HOST" "$(lvm_ref lvmconfig local/host_id)"
expect_eq "use_lvmlockd lvm2 reads" "use_lvmlockd=1" "$(lvm_ref lvmconfig global/use_lvmlockd)"

REC=$OUT/lvm2-messages.host$HOST.txt
: >"$REC"
. "$SRCDIR/tests/kernel/lib-rec.sh"

# The VG's seqno as this host reads it now (lvm2).
seqno() {
	local s
	s=$(lvm_ref vgs --noheadings -o seqno "${1:-vg1}")
	echo $((s))
}
# The LVs of vg1 (names), sorted, on one line (lvm2).
lv_names() {
	local -a n
	mapfile -t n < <(lvm_ref lvs --noheadings -o lv_name "${1:-vg1}" | sed 's/ //g' | sort)
	echo "${n[*]}"
}
# dm_active LV: whether vg1/LV is a device-mapper device on this host.
dm_active() { dmsetup info "vg1-$1" >/dev/null 2>&1; }

# wait_socket DAEMON PATH: the daemon's socket there within 10 s.
wait_socket() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ -S $2 ]] && return 0
		sleep 0.1
	done
	fail "$1 did not start (no $2 after 10 s)"
}
start_sanlock() {
	mkdir -p /run/sanlock
	# as root (simpler than the sanlock user in the disk group); no log
	# file (/var/log is the host's, read-only): the daemon's own log is
	# `sanlock client log_dump`
	sanlock daemon -w 0 -U root -G root -L -1
	wait_socket sanlock /run/sanlock/sanlock.sock
}
start_lvmlockd() {
	mkdir -p /run/lvm
	lvmlockd -g sanlock -o "$io_timeout"
	wait_socket lvmlockd /run/lvm/lvmlockd.socket
}
# lvmlockd killed and started again, as new (only while it holds no
# lock: its lockspaces, if any, failed to start; lvmlockctl --quit
# refuses to leave those).
restart_lvmlockd() {
	local i pid
	pid=$(cat /run/lvmlockd.pid)
	kill -KILL "$pid"
	# gone, or a zombie nobody reaps yet
	alive() { kill -0 "$pid" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; }
	for ((i = 0; i < 100; i++)); do
		alive || break
		sleep 0.1
	done
	! alive || fail "lvmlockd did not quit"
	rm -f /run/lvm/lvmlockd.socket /run/lvmlockd.pid
	start_lvmlockd
}
# What the daemons say, kept at the end (a failure's first clue).
dump_daemons() {
	if [[ -S /run/lvm/lvmlockd.socket ]]; then
		timeout 10 lvmlockctl --dump >"$OUT/host$HOST.lvmlockd-dump.txt" 2>&1 || true
	fi
	if [[ -S /run/sanlock/sanlock.sock ]]; then
		timeout 10 sanlock client log_dump >"$OUT/host$HOST.sanlock-log.txt" 2>&1 || true
	fi
}
trap dump_daemons EXIT

usecs_since() { echo $((${EPOCHREALTIME/./} - ${1/./})); } # T0: an $EPOCHREALTIME
secs_since() { # T0: seconds since, to a tenth
	local us=$((${EPOCHREALTIME/./} - ${1/./}))
	printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000))
}

# retry_contended TOOL ARGS...: run lvm2's command (TOOL lvm) or vgtool's
# (TOOL vgtool) until it is not refused for the VG lock, which the other
# host holds ("held by other host", after lvmlockd's own retries, or
# sanlock's passing "error -221"): such a
# command changed nothing, and is counted in $contended (the first one
# kept in $contention).  Any other failure fails the scenario.
contended=0 contention=
retry_contended() {
	local tool=$1 tries=0 r out
	shift
	while :; do
		r=0
		if [[ $tool == vgtool ]]; then
			out=$("$VGTOOL" "$@" 2>&1) || r=$?
		else
			out=$(lvm_ref "$@" 2>&1) || r=$?
		fi
		((r != 0)) || return 0
		# (sanlock may also refuse a lease for a moment while the other
		# host takes it: lvmlockd's "error -221", lvm2's as well)
		if [[ $out == *"held by other host"* || $out == *"lock failed: error -221"* ]] &&
			((tries < 30)); then
			tries=$((tries + 1)) contended=$((contended + 1))
			[[ -n $contention ]] || contention="$tool $* -> exit $r: $out"
			sleep 0.$((RANDOM % 5 + 1))
			continue
		fi
		printf '%s\n' "$out"
		fail "$tool $*: exit $r"
	done
}

# power_cut_wait TOOL: host 1 holds vg1/ex and has been killed: try
# `TOOL lvchange -aey vg1/ex` every 2 s until sanlock lets it go, record
# the first refusal and the time it took, and check it was neither at once
# nor before host 1 could be dead (sanlock: 8 x io_timeout + 60 s after
# its last renewal, which was at most 2 x io_timeout before the cut).
power_cut_wait() {
	local tool=$1 t_kill=$EPOCHREALTIME t_try first_after= tries=0 waited waited_us text rest
	local host_dead=$((8 * io_timeout + 60))
	step "host 1 is off; host 2 tries vg1/ex ($tool) every 2 s until sanlock's lease on host 1's lock expires"
	while :; do
		t_try=$EPOCHREALTIME
		rc=0
		if [[ $tool == vgtool ]]; then
			outp=$("$VGTOOL" lvchange -aey vg1/ex 2>&1) || rc=$?
		else
			outp=$(lvm_ref lvchange -aey vg1/ex 2>&1) || rc=$?
		fi
		tries=$((tries + 1))
		if ((rc == 0)); then
			waited_us=$(usecs_since "$t_kill")
			waited=$((waited_us / 1000000)).$((waited_us % 1000000 / 100000))
			break
		fi
		if [[ -z $first_after ]]; then
			first_after=$outp
			text="## host 2: $tool lvchange -aey right after the other host's power cut (its lease not expired)"$'\n'"\$ $tool lvchange -aey vg1/ex"$'\n'"$outp"$'\n'"exit $rc"
			printf '%s\n' "$text" >>"$REC"
			printf '%s\n' "$text"
		fi
		(($(usecs_since "$t_kill") < 240000000)) || fail "vg1/ex still locked 240 s after host 1's power cut: $outp"
		# the rest of the 2 s at once (a guest under emulation pays for
		# every sleep it starts)
		rest=$((2000000 - $(usecs_since "$t_try")))
		((rest <= 0)) || sleep "$((rest / 1000000)).$(printf '%06d' $((rest % 1000000)))"
	done
	dm_active ex || fail "vg1/ex is not active on host 2 after lvchange -aey succeeded"
	((tries > 1)) || fail "vg1/ex was activated on host 2 at the first try after host 1's power cut: the lock protected nothing"
	text="## host 2: $tool lvchange -aey after the power cut: succeeded after $waited s ($tries tries, every 2 s; sanlock io_timeout $io_timeout s: a host is dead ${host_dead} s after its last lease renewal, 8 x io_timeout + 60 s of watchdog firing time)"
	printf '%s\n' "$text" >>"$REC"
	printf '%s\n' "$text"
	((waited_us >= (host_dead - 2 * io_timeout - 1) * 1000000)) ||
		fail "vg1/ex was granted $waited s after host 1's power cut, before sanlock could count host 1 dead ($host_dead s after its last renewal)"
}
