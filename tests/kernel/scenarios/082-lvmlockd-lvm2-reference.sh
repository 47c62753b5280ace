# lvm2 on two hosts sharing one disk through lvmlockd and sanlock: the
# reference that vgtool's shared VGs (issue 19) will be compared with.
# Two guests run this script at once ($HOST 1 and 2) on the same shared
# disk, each with its own udevd, sanlock (no watchdog: `-w 0`, as
# Debian's /etc/default/sanlock has it), lvmlockd (`-o 2`: sanlock's I/O
# timeout lowered from 10 s to 2 s, as lvm2's own test suite runs it) and
# local/host_id.  Host 1 creates a shared VG, host 2 starts its lockspace
# and sees it; LVs made on one host are seen on the other at once; both
# create and remove LVs at the same time and nothing is lost (the VG's
# seqno counts every commit, vgck clean on both); exclusive and shared
# activation across hosts; a snapshot of an origin active on the other
# host (and -asy of an origin with a snapshot, which lvm2 2.03.16 grants
# on both hosts though lvmlockd(8) says snapshots cannot be shared:
# recorded as it is); lock-stop; and lvm2's refusals without lvmlockd,
# without sanlock and without a started lockspace.  Last, host 1's guest is killed (a
# power cut) while it holds an LV's exclusive lock: host 2 gets the lock
# once sanlock's lease has expired, which is timed.  Every lvm2 message
# and exit status of these steps is kept in $OUT/lvm2-messages.hostN.txt
# (both in lvm2-messages.txt at the end) and printed in the log.
# hosts: 2
# shared-disks: 1
# disk-size: 2G
# disks: 0
# timeout: 540
# waits: yes
. "$SRCDIR/tests/kernel/lib.sh"

shared=${SHARED_DISK[0]}
loops=6 # LVs each host creates in the concurrent phase (every other one removed)
. "$SRCDIR/tests/kernel/lib-lockd.sh"

if ((HOST == 1)); then
	step "host 1: sanlock and lvmlockd started; the first shared VG"
	start_sanlock
	start_lvmlockd
	t0=$EPOCHREALTIME
	rec_ok "vgcreate --shared, the first sanlock VG (it holds the global lock; its lockspace is started)" \
		vgcreate --shared vg1 "$shared"
	step "vgcreate --shared took $(secs_since "$t0") s"
	rec_ok "the VG's lock type" vgs --noheadings -o vg_name,vg_attr,vg_lock_type,vg_lock_args vg1
	[[ $outp =~ vg1\ +wz--ns\ +sanlock ]] || fail "vg1 is not a shared sanlock VG: $outp"
	rec_ok "the hidden lvmlock LV" lvs -a --noheadings -o lv_name,lv_attr,lv_size vg1
	[[ $outp == *'[lvmlock]'* ]] || fail "no lvmlock LV in vg1"
	rec_ok "lvmlockd's view" lvmlockctl --info
	host_signal vg-created
else
	host_wait vg-created 150
	step "host 2: lvm2 with use_lvmlockd=1 but no lvmlockd running"
	rec "vgs, lvmlockd not running" vgs --noheadings -o vg_name,vg_attr
	rec "vgs --shared, lvmlockd not running" vgs --shared --noheadings -o vg_name,vg_attr
	rec_refused "lvcreate, lvmlockd not running" lvcreate -an -Zn -L 4m -n nolockd vg1
	rec_refused "vgchange --lock-start, lvmlockd not running" vgchange --lock-start vg1
	rec "vgchange -ay, lvmlockd not running (no LVs yet)" vgchange -ay vg1
	step "host 2: lvmlockd without sanlock"
	start_lvmlockd
	rec_refused "vgchange --lock-start, lvmlockd running, sanlock not" vgchange --lock-start vg1
	step "host 2: sanlock started, the VG's lockspace not yet"
	start_sanlock
	rec "vgs, lockspace not started" vgs --noheadings -o vg_name,vg_attr,vg_lock_type
	rec_refused "lvcreate, lockspace not started" lvcreate -an -Zn -L 4m -n nostart vg1
	rec "vgchange -aey, lockspace not started (no LVs yet)" vgchange -aey vg1
	step "host 2: the lockspace started"
	t0=$EPOCHREALTIME
	rec_ok "vgchange --lock-start" vgchange --lock-start vg1
	step "lock start took $(secs_since "$t0") s"
	rec_ok "vgs once the lockspace is started" vgs --noheadings -o vg_name,vg_attr,vg_lock_type vg1
	[[ $outp =~ vg1\ +wz--ns\ +sanlock ]] || fail "host 2 does not see vg1 as a shared sanlock VG: $outp"

	step "host 2 creates LVs; the commits each lvcreate and lvremove makes"
	s0=$(seqno)
	lvm_ref lvcreate -an -Zn -L 4m -n lv_a vg1
	s1=$(seqno)
	c_create=$((s1 - s0))
	lvm_ref lvremove -y vg1/lv_a
	c_remove=$(($(seqno) - s1))
	((c_create >= 1 && c_remove >= 1)) || fail "lvcreate made $c_create commits, lvremove $c_remove"
	step "lvcreate -an: $c_create commit(s), lvremove: $c_remove"
	for lv in lv_a ex sh origin; do
		lvm_ref lvcreate -an -Zn -L 8m -n "$lv" vg1
	done
	host_signal h2-lvs "$c_create $c_remove $(seqno)"
fi

if ((HOST == 1)); then
	host_wait h2-lvs 150
	read -r c_create c_remove s2 <"$SYNC/h2-lvs"
	step "host 1 sees host 2's LVs at once"
	expect_eq "vg1's LVs on host 1" "ex lv_a origin sh" "$(lv_names)"
	expect_eq "vg1's seqno on host 1" "$s2" "$(seqno)"
	rec_ok "the LVs' creation host, as host 1 reads it" lvs --noheadings -o lv_name,lv_host vg1
	[[ $outp =~ lv_a\ +host2 ]] || fail "lv_a's creation host is not host2: $outp"
	s0=$(seqno)
	host_signal loop-go "$s0"
else
	host_wait loop-go 150
	read -r s0 <"$SYNC/loop-go"
fi

# Both hosts at once: each creates $loops LVs and removes every other one.
# A command lvmlockd refuses for lack of the VG lock changed nothing: it is
# counted and run again (retry_contended).  Nothing may be lost: every LV
# that remains on either host is there, and the seqno counts every commit
# of both.
step "host $HOST: $loops lvcreate and $((loops / 2)) lvremove while host $other does the same"
t0=$EPOCHREALTIME
for ((i = 1; i <= loops; i++)); do
	retry_contended lvm lvcreate -an -Zn -L 4m -n "h${HOST}_$i" vg1
	if ((i % 2 == 0)); then
		retry_contended lvm lvremove -y "vg1/h${HOST}_$((i - 1))"
	fi
done
step "host $HOST: loop done in $(secs_since "$t0") s; $contended command(s) refused for the VG lock and run again"
if [[ -n $contention ]]; then
	printf '## host %s: a command refused for the VG lock, held by the other host (run again)\n%s\n' \
		"$HOST" "$contention" | tee -a "$REC"
fi
host_signal "loop-done-$HOST"
host_wait "loop-done-$other" 240

step "host $HOST: nothing lost"
want="ex"
for h in 1 2; do
	for ((i = 2; i <= loops; i += 2)); do want+=" h${h}_$i"; done
done
want+=" lv_a origin sh"
expect_eq "vg1's LVs after both loops, on host $HOST" "$want" "$(lv_names)"
expect_eq "vg1's seqno after both loops (each lvcreate $c_create commit(s), lvremove $c_remove), on host $HOST" \
	"$((s0 + 2 * (loops * c_create + loops / 2 * c_remove)))" "$(seqno)"
rec_ok "vgck after both loops" vgck vg1
[[ -z $outp ]] || fail "vgck vg1 printed something on host $HOST"
host_signal "checked-$HOST"
host_wait "checked-$other"

if ((HOST == 1)); then
	step "exclusive activation: host 1 holds vg1/ex"
	rec_ok "lvchange -aey on host 1" lvchange -aey vg1/ex
	dm_active ex || fail "vg1/ex is not active on host 1 after lvchange -aey"
	host_signal ex-on-1
	host_wait ex-refused-2
	lvm_ref lvchange -an vg1/ex
	dm_active ex && fail "vg1/ex still active on host 1 after lvchange -an"
	host_signal ex-off-1
else
	host_wait ex-on-1
	step "exclusive activation: refused on host 2 while host 1 holds it"
	rec_refused "lvchange -aey of an LV active exclusively on the other host" lvchange -aey vg1/ex
	rec_refused "lvchange -ay (exclusive in a shared VG) of an LV active on the other host" lvchange -ay vg1/ex
	rec_refused "lvchange -asy of an LV active exclusively on the other host" lvchange -asy vg1/ex
	dm_active ex && fail "vg1/ex is active on host 2 while host 1 holds it"
	host_signal ex-refused-2
	host_wait ex-off-1
	step "exclusive activation: host 2 gets it once host 1 let it go"
	rec_ok "lvchange -aey once the other host deactivated it" lvchange -aey vg1/ex
	dm_active ex || fail "vg1/ex is not active on host 2 after lvchange -aey"
	lvm_ref lvchange -an vg1/ex
fi
host_signal "ex-done-$HOST"
host_wait "ex-done-$other"

if ((HOST == 1)); then
	step "shared activation: vg1/sh on both hosts"
	rec_ok "lvchange -asy on host 1" lvchange -asy vg1/sh
	dm_active sh || fail "vg1/sh is not active on host 1 after lvchange -asy"
	host_signal sh-on-1
	host_wait sh-on-2
	rec_refused "lvchange -aey of an LV both hosts hold shared" lvchange -aey vg1/sh
	rec_ok "lvs of an LV active on both hosts (host 1)" lvs --noheadings -o lv_name,lv_attr,lv_active_locally,lv_active_remotely,lv_active_exclusively vg1/sh
	lvm_ref lvchange -an vg1/sh
	host_signal sh-off-1
else
	host_wait sh-on-1
	step "shared activation: host 2 joins"
	rec_refused "lvchange -aey of an LV the other host holds shared" lvchange -aey vg1/sh
	rec_ok "lvchange -asy of an LV the other host holds shared" lvchange -asy vg1/sh
	dm_active sh || fail "vg1/sh is not active on host 2 after lvchange -asy"
	host_signal sh-on-2
	host_wait sh-off-1
	lvm_ref lvchange -an vg1/sh
fi
host_signal "sh-done-$HOST"
host_wait "sh-done-$other"

if ((HOST == 2)); then
	step "snapshots: the origin active on host 2"
	rec_ok "lvchange -aey of the origin on host 2" lvchange -aey vg1/origin
	host_signal origin-on-2
	host_wait snap-refused-1
	rec_ok "lvcreate --snapshot of an origin active here" lvcreate -s -L 8m -n snap2 vg1/origin
	rec "lvchange -asy of a snapshot active with its origin here (-y: changing a snapshot changes its origin)" \
		lvchange -y -asy vg1/snap2
	lvm_ref lvchange -an vg1/origin
	dm_active snap2 && fail "vg1/snap2 still active on host 2 after lvchange -an of its origin"
	# lvm2 2.03.16's lockd_lv() refuses a shared lock to thin, mirror,
	# raid, cache and VDO LVs, not to a snapshot's origin (lvmlockd(8)
	# says a snapshot is refused): recorded as it is
	rec "lvchange -asy of an inactive origin that has a snapshot" lvchange -asy vg1/origin
	rec "lvmlockd's locks after that" lvmlockctl --info
	host_signal origin-sh-2
	host_wait origin-sh-done-1
	lvm_ref lvchange -an vg1/origin
	rec "lvchange -asy of an inactive snapshot (-y)" lvchange -y -asy vg1/snap2
	lvm_ref lvchange -an vg1/origin
	lvm_ref lvremove -y vg1/snap2
else
	host_wait origin-on-2
	step "snapshots: refused on host 1 while host 2 has the origin active"
	rec_refused "lvcreate --snapshot of an origin active on the other host" lvcreate -s -L 8m -n snap1 vg1/origin
	dm_active snap1 && fail "a snapshot vg1/snap1 is active on host 1"
	rec_refused "lvchange -asy of an origin active exclusively on the other host" lvchange -asy vg1/origin
	host_signal snap-refused-1
	host_wait origin-sh-2
	step "snapshots: the origin and its snapshot, as host 2 activated them with -asy"
	rec "lvchange -asy of an origin with a snapshot, which the other host activated with -asy" lvchange -asy vg1/origin
	if dm_active snap2; then
		step "host 1 has vg1/snap2 active while host 2 has it too (lvm2 allowed it)"
	fi
	lvm_ref lvchange -an vg1/origin
	host_signal origin-sh-done-1
fi
host_signal "snap-done-$HOST"
host_wait "snap-done-$other"

if ((HOST == 1)); then
	step "lock-stop: refused with an active LV, then done; refusals without a lockspace"
	lvm_ref lvchange -aey vg1/lv_a
	rec_refused "vgchange --lock-stop with an LV active" vgchange --lock-stop vg1
	lvm_ref lvchange -an vg1/lv_a
	rec_ok "vgchange --lock-stop" vgchange --lock-stop vg1
	rec "vgs, lockspace stopped" vgs --noheadings -o vg_name,vg_attr,vg_lock_type
	rec_refused "lvcreate, lockspace stopped" lvcreate -an -Zn -L 4m -n stopped vg1
	rec_refused "lvchange -aey, lockspace stopped" lvchange -aey vg1/lv_a
	rec_refused "lvremove, lockspace stopped" lvremove -y vg1/lv_a
	rec "vgchange --lock-stop, lockspace already stopped" vgchange --lock-stop vg1
	t0=$EPOCHREALTIME
	rec_ok "vgchange --lock-start again" vgchange --lock-start vg1
	step "lock start took $(secs_since "$t0") s"
	expect_eq "vg1's LVs on host 1 after the refusals" "$want" "$(lv_names)"

	step "power cut: host 1 holds vg1/ex and is killed"
	rec_ok "lvchange -aey before the power cut" lvchange -aey vg1/ex
	dm_active ex || fail "vg1/ex is not active on host 1"
	dump_daemons # (the power cut ends this script)
	host_signal ex-held-1
	# host 2 now cuts this guest's power: the wait ends there (or fails
	# when host 2 fails first)
	host_wait never 400
	fail "host 1 still running"
fi

host_wait ex-held-1 150
step "power cut: host 1 holds vg1/ex; refused on host 2, then host 1 killed"
rec_refused "lvchange -aey of an LV active on the other host, before its power cut" lvchange -aey vg1/ex
host_kill 1
power_cut_wait lvm
rec_ok "sanlock's view of the hosts of vg1's lockspace" sanlock client host_status -s lvm_vg1
lvm_ref lvchange -an vg1/ex
rec_ok "vgck after the power cut" vgck vg1
[[ -z $outp ]] || fail "vgck vg1 printed something after the power cut"
expect_eq "vg1's LVs on host 2 after the power cut" "$want" "$(lv_names)"
rec_ok "vgchange --lock-stop on host 2" vgchange --lock-stop vg1
# both hosts' records in one file, in the order of the steps on each
cat "$OUT/lvm2-messages.host1.txt" "$REC" >"$OUT/lvm2-messages.txt"
step "done"
