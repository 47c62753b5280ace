# lvconvert --merge against lvm2 in the same guest: lvm2 works on VG "vl"
# (the first disk), vgtool on VG "vt" (the second), step by step; tables (by
# name), reports, metadata and messages must match after the VG and disk
# names are swapped.  The origin's data must come back to the snapshot's
# (checksums): merged while open (delayed to the next activation, or to
# lvchange --refresh once it is closed), while
# active and unopened (foreground polling), inactive, with -b, finished by
# the watchdog after an activation with --poll n, next to a
# second snapshot that stays; refusals while merging; each tool finishes a
# merge the other started.  Then vgtool alone: a background poller's lines
# reach syslog (a stand-in listens on /dev/log), its error about a snapshot
# invalidated too, and a poller that cannot be forked (a pids cgroup) makes
# the command fail with the reason.
# disks: 2
# disk-size: 512M
# timeout: 500
. "$SRCDIR/tests/kernel/lib.sh"

# What one tool's VG looks like in the kernel and reports, with vgtool's
# names so that the two can be compared.
capture() { # VG FILE (each tool reports its own VG)
	local vg=$1 tool=lvm_ref
	[[ $vg == vt ]] && tool=$VGTOOL
	{
		dm_table_named | grep "^$vg-" | sort
		echo "--"
		$tool lvs -a --noheadings -o lv_name,lv_attr,origin,lv_size "$vg"
		echo "--"
		ls "/dev/$vg" 2>/dev/null || true # the links (no udevd: each tool makes them)
	} | sed -e 's/\bvl\b/vt/g; s/\bvl-/vt-/g; s/\bdisk0\b/disk1/g' >"$2"
}

same() { # NAME: the lvm2 and vgtool captures must match
	capture vl "$OUT/$1.lvm2"
	capture vt "$OUT/$1.vgtool"
	expect_file_eq "$1" "$OUT/$1.lvm2" "$OUT/$1.vgtool"
}

# A hang outside `both` (seen about once in five runs, cause unknown yet):
# what the processes and dm devices are doing, before the guest's timeout.
(
	sleep 420
	echo "== still running at 420 s: processes and dm devices"
	ps -eo pid,ppid,stat,wchan:24,args | grep -v ' \[.*\]$'
	dmsetup info -c -o name,attr,open,segments,events
	dmsetup status
	# the kernel stacks of the tasks stuck in D state
	for p in $(ps -eo pid=,stat= | awk '$2 ~ /^D/ { print $1 }'); do
		echo "-- stack of $p"
		cat "/proc/$p/stack" 2>/dev/null
	done
	# where the lost bio waits: requests in flight on the virtio disk
	# (a completion QEMU never delivered) or only on dm devices (held
	# inside device-mapper)
	for b in /sys/block/*; do
		echo "${b##*/} $(cat "$b/inflight") $(cat "$b/dm/name" 2>/dev/null)"
	done
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	grep -H . /sys/kernel/debug/block/vd*/hctx*/busy /sys/kernel/debug/block/vd*/hctx*/dispatch 2>/dev/null
	echo w >/proc/sysrq-trigger 2>/dev/null && dmesg | tail -n 60
) >&2 &

# A command that does not end within 120 s (a poll that never sees the
# merge finish) fails the scenario with what the kernel and the processes
# were doing, rather than hanging until the guest's timeout.
bounded() { # TOOL ARGS
	local out rc=0
	out=$(timeout 120 "$@" 2>&1) || rc=$?
	if ((rc == 124)); then
		echo "== still running after 120 s: $*" >&2
		echo "$out" >&2
		ps -eo pid,ppid,stat,wchan:20,args >&2
		dmsetup status >&2
	fi
	printf '%s' "$out"
	return "$rc"
}

both() { # ARGS: the same command by both tools, on their VGs; outputs equal
	local l v rl=0 rv=0
	l=$(bounded lvm "${@//@VG@/vl}") || rl=$?
	v=$(bounded "$VGTOOL" "${@//@VG@/vt}") || rv=$?
	((rl != 124)) || fail "lvm2 did not finish \`$*\` (above)"
	((rv != 124)) || fail "vgtool did not finish \`$*\` (above)"
	((rl == rv)) || fail "\`$*\`: lvm2 exited $rl, vgtool $rv ($v)"
	echo "$l" >>"$OUT/lvm2.out"
	echo "$v" >>"$OUT/vgtool.out"
	LAST_LVM2=$l LAST_VGTOOL=$v LAST_RC=$rv
}

sum() { dd if="$1" bs=1M count="$2" iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1; }

# Wait (up to 60 s) until the snapshot is gone from the VG: the background
# poller finished the merge.
wait_gone() { # TOOLCMD VG LV
	local i
	for ((i = 0; i < 600; i++)); do
		"$1" lvs -a --noheadings -o lv_name "$2" 2>/dev/null | grep -qw "\[*$3\]*" || return 0
		sleep 0.1
	done
	fail "$2/$3: the merge did not finish within 60 s"
}

# A VG, a 64M origin with 16M of random data, a snapshot, then 12M of the
# origin overwritten: the snapshot keeps the old data, whose sum is
# returned.  (Small: under emulation each MiB of random data written,
# merged and summed costs about a second.)
prepare() { # SNAPNAME
	local vg
	for vg in vl vt; do
		dd if=/dev/urandom of=/dev/$vg/base bs=1M count=16 oflag=direct 2>/dev/null
	done
	both lvcreate -L 48M -s -n "$1" @VG@/base
	for vg in vl vt; do
		dd if=/dev/urandom of=/dev/$vg/base bs=1M count=12 oflag=direct 2>/dev/null
		sum /dev/$vg/$1 16 >"$OUT/want.$vg"
	done
}

check_rolled_back() {
	local vg
	for vg in vl vt; do
		[[ $(sum /dev/$vg/base 16) == $(cat "$OUT/want.$vg") ]] ||
			fail "$vg/base does not hold the snapshot's data after the merge"
	done
}

step "setup"
lvm_ref pvcreate -q ${DISK[0]} >/dev/null
lvm_ref vgcreate -q vl ${DISK[0]} >/dev/null
"$VGTOOL" pvcreate -q ${DISK[1]} >/dev/null
"$VGTOOL" vgcreate -q vt ${DISK[1]} >/dev/null
both lvcreate -L 64M -n base @VG@
prepare snap
both lvcreate -L 8M -s -n keep @VG@/base
same stack

step "merge while the origin is open: delayed to the next activation"
exec 7</dev/vl/base 8</dev/vt/base
both lvconvert --merge @VG@/snap
[[ $LAST_LVM2 == "$(sed 's/vt/vl/g' <<<"$LAST_VGTOOL")" ]] || fail "messages differ: <$LAST_LVM2> <$LAST_VGTOOL>"
same delayed
# a hidden LV: lvdisplay shows it only with -a (as "Internal LV Name"),
# lvs when named; its role stays lvm2's public snapshot
for args in "lvdisplay @VG@/snap" "lvs -o lv_name,lv_attr,lv_role @VG@/snap" \
	"lvs -a --noheadings -o lv_name,lv_role @VG@"; do
	both $args
	[[ $LAST_LVM2 == "$(sed 's/vt/vl/g' <<<"$LAST_VGTOOL")" ]] ||
		fail "$args differs: <$LAST_LVM2> <$LAST_VGTOOL>"
done
both lvdisplay -a @VG@/snap
[[ $(grep 'LV Name' <<<"$LAST_LVM2") == "$(grep 'LV Name' <<<"$LAST_VGTOOL")" ]] ||
	fail "lvdisplay -a names differ: <$LAST_LVM2> <$LAST_VGTOOL>"
lvm_ref vgcfgbackup -f "$OUT/vl.vg" vl >/dev/null
"$VGTOOL" vgcfgbackup -f "$OUT/vt.vg" vt >/dev/null
for f in vl vt; do
	# the snapshot's LVs, without ids and times
	sed -n '/^\t\tsnap {/,/^\t\t}/p; /^\t\tsnapshot[0-9]* {/,/^\t\t}/p' "$OUT/$f.vg" |
		grep -v 'id = \|creation_time' >"$OUT/$f.snap-lvs"
done
expect_file_eq "snapshot LVs in the metadata" "$OUT/vl.snap-lvs" "$OUT/vt.snap-lvs"
grep -q 'merging_store = "snap"' "$OUT/vt.vg" || fail "no merging_store in vgtool's metadata"

step "refusals while merging, as lvm2's exit codes; one line each, nothing written"
seq_before=$("$VGTOOL" vgs --noheadings -o seqno vt)
refused() { # STATUS ARGS: both tools refuse with STATUS; vgtool says one line
	local want=$1
	shift
	both "$@"
	((LAST_RC == want)) || fail "\`$*\`: exit $LAST_RC, expected $want"
	[[ $(wc -l <<<"$LAST_VGTOOL") == 1 ]] || fail "\`$*\`: not one line: $LAST_VGTOOL"
}
refused 5 lvconvert --merge @VG@/snap
refused 5 lvconvert --merge @VG@/keep
refused 5 lvremove -f @VG@/snap
refused 5 lvextend -L +4M @VG@/snap
refused 5 lvrename @VG@ snap snapx
refused 5 lvcreate -L 8M -s -n more @VG@/base
refused 5 lvchange -ay @VG@/snap
refused 5 lvconvert --merge @VG@/base
refused 5 lvconvert --merge @VG@/nope
refused 3 lvconvert --merge
same refused
expect_eq "seqno after the refusals" "$seq_before" "$("$VGTOOL" vgs --noheadings -o seqno vt)"

step "the next activation starts the merge: snapshot-merge, the snapshot's device maps errors"
exec 7<&- 8<&-
both vgchange -an @VG@
both vgchange -ay --poll n @VG@
same merging
"$VGTOOL" lvs -a --noheadings -o lv_name,lv_attr,data_percent vt >"$OUT/lvs-merging"
grep -q 'base *Owi-a-s---' "$OUT/lvs-merging" || fail "origin attr while merging: $(cat "$OUT/lvs-merging")"

step "each tool picks up the other's running merge and finishes it"
"$VGTOOL" vgchange -t -ay --poll n vl >"$OUT/replan" 2>&1
grep -q '(none)' "$OUT/replan" || fail "vgtool would change lvm2's merging stack: $(cat "$OUT/replan")"
"$VGTOOL" vgchange -ay vl >"$OUT/pickup" 2>&1
grep -q 'Background polling started for 1 logical volume(s) in volume group "vl"' "$OUT/pickup" ||
	fail "vgtool did not poll lvm2's merge: $(cat "$OUT/pickup")"
lvm_ref vgchange -ay vt >/dev/null 2>&1
wait_gone lvm_ref vl snap
wait_gone "$VGTOOL" vt snap
same merged
check_rolled_back
lvm_ref vgck vl
"$VGTOOL" vgck vt

step "merge of an active origin nobody holds: polled in the foreground to the end"
prepare snap2
both lvconvert --merge -i 1 @VG@/snap2
head -n1 <<<"$LAST_VGTOOL" | grep -q 'Merging of volume vt/snap2 started.' ||
	fail "vgtool said: $LAST_VGTOOL"
[[ $(tail -n2 <<<"$LAST_LVM2") == "$(tail -n2 <<<"$LAST_VGTOOL" | sed 's/vt/vl/g')" ]] ||
	fail "last lines differ: <$LAST_LVM2> <$LAST_VGTOOL>"
grep -q 'vt/base: Merged: 100.00%' <<<"$LAST_VGTOOL" || fail "no final progress line: $LAST_VGTOOL"
same merged-foreground
check_rolled_back

step "merge with the origin inactive, then lvchange -ay"
prepare snap3
both lvchange -an @VG@/base
both lvconvert --merge @VG@/snap3
[[ $LAST_LVM2 == "$(sed 's/vt/vl/g' <<<"$LAST_VGTOOL")" ]] || fail "messages differ: <$LAST_LVM2> <$LAST_VGTOOL>"
both lvchange -ay @VG@/base
wait_gone lvm_ref vl snap3
wait_gone "$VGTOOL" vt snap3
same merged-inactive
check_rolled_back

step "-b: the merge goes on in the background"
prepare snap4
both lvconvert --merge -b @VG@/snap4
wait_gone lvm_ref vl snap4
wait_gone "$VGTOOL" vt snap4
same merged-background
check_rolled_back

step "--poll n: nobody watches; the watchdog (monitor --once) finishes the merge"
prepare snap6
both lvchange -an @VG@/base
both lvconvert --merge @VG@/snap6
both vgchange -ay --poll n @VG@
: >"$OUT/monitor.out"
for ((i = 0; i < 100; i++)); do
	# (exit 5 each time: the "keep" snapshots are invalid, as they should be)
	"$VGTOOL" monitor --once >>"$OUT/monitor.out" 2>&1 || true
	"$VGTOOL" lvs -a --noheadings -o lv_name vl vt | grep -q snap6 || break
	sleep 0.3
done
"$VGTOOL" lvs -a --noheadings -o lv_name vl vt | grep -q snap6 && fail "monitor did not finish the merges"
grep -q 'Merge of snapshot into logical volume vt/base has finished.' "$OUT/monitor.out" ||
	fail "monitor did not say so: $(cat "$OUT/monitor.out")"
same merged-by-monitor
check_rolled_back
lvm_ref vgck vl

step "--test changes nothing"
prepare snap5
seq=$("$VGTOOL" vgs --noheadings -o seqno vt)
"$VGTOOL" lvconvert --merge -t vt/snap5 >/dev/null
[[ $("$VGTOOL" vgs --noheadings -o seqno vt) == "$seq" ]] || fail "--test changed the metadata"
"$VGTOOL" lvs --noheadings -o lv_attr vt/snap5 | grep -q '^ *swi-a-s' || fail "--test started a merge"

step "lvchange --refresh starts a merge put off while the origin was open"
prepare snap6
exec 7</dev/vl/base 8</dev/vt/base
both lvconvert --merge @VG@/snap6
both lvchange --refresh @VG@/base
[[ $(dmsetup table vt-base) == *" snapshot-origin "* ]] ||
	fail "--refresh of an open origin started the merge: $(dmsetup table vt-base)"
same refresh-open
exec 7<&- 8<&-
both lvchange --refresh @VG@/base
wait_gone lvm_ref vl snap6
wait_gone "$VGTOOL" vt snap6
same refreshed
check_rolled_back

step "the same history counts the same seqno (lvm2 commits a merge's end in two writes)"
expect_eq "seqno" "$(lvm_ref vgs --noheadings -o seqno vl)" "$("$VGTOOL" vgs --noheadings -o seqno vt)"

# vgtool alone from here: what a background poller leaves behind.
step "-b: the poller's lines reach syslog, as \"vgtool\""
syslog_start "$OUT/syslog"
"$VGTOOL" lvcreate -q -L 48M -s -n snap7 vt/base
dd if=/dev/urandom of=/dev/vt/base bs=1M count=8 oflag=direct 2>/dev/null
"$VGTOOL" lvconvert --merge -b -i 1 vt/snap7
wait_gone "$VGTOOL" vt snap7
# LOG_USER: 8, plus 5 for a notice, 6 for an informational line
syslog_wait "$OUT/syslog" '^<13>.* vgtool\[[0-9]+\]: Merge of snapshot into logical volume vt/base has finished\.$'
grep -Eq '^<14>.* vgtool\[[0-9]+\]: vt/base: Merged: [0-9.]+%$' "$OUT/syslog" ||
	fail "no progress line in syslog: $(cat "$OUT/syslog")"
syslog_wait "$OUT/syslog" '^<14>.* vgtool\[[0-9]+\]: Logical volume "snap7" successfully removed\.$'

step "the watchdog's JSON report stays JSON when it finishes a merge (the end goes to syslog)"
"$VGTOOL" lvcreate -q -L 48M -s -n snap9 vt/base
dd if=/dev/urandom of=/dev/vt/base bs=1M count=4 oflag=direct 2>/dev/null
"$VGTOOL" lvchange -an vt/base
"$VGTOOL" lvconvert --merge vt/snap9 >/dev/null
"$VGTOOL" vgchange -ay --poll n vt >/dev/null
for ((i = 0; i < 100; i++)); do
	"$VGTOOL" monitor --once --reportformat json >"$OUT/monitor.json" 2>>"$OUT/monitor.err" || true
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT/monitor.json" ||
		fail "monitor --reportformat json wrote more than JSON: $(cat "$OUT/monitor.json")"
	"$VGTOOL" lvs -a --noheadings -o lv_name vt | grep -q snap9 || break
	sleep 0.3
done
"$VGTOOL" lvs -a --noheadings -o lv_name vt | grep -q snap9 && fail "monitor did not finish the merge"
syslog_wait "$OUT/syslog" '^<13>.* vgtool-monitor\[[0-9]+\]: Merge of snapshot into logical volume vt/base has finished\.$'

step "a poller that cannot be started is an error, not silence"
# a cgroup that holds two processes: vgtool and its first child; the
# second fork, the poller's, fails
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo +pids >/sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/two
echo 2 >/sys/fs/cgroup/two/pids.max
in_two() { bash -c 'echo $$ >/sys/fs/cgroup/two/cgroup.procs && exec "$@"' - "$@"; }
"$VGTOOL" lvcreate -q -L 48M -s -n snap8 vt/base
dd if=/dev/urandom of=/dev/vt/base bs=1M count=8 oflag=direct 2>/dev/null
rc=0
in_two "$VGTOOL" lvconvert --merge -b vt/snap8 >"$OUT/nofork.out" 2>&1 || rc=$?
cat "$OUT/nofork.out"
((rc == 5)) || fail "lvconvert --merge -b without a poller exited $rc, expected 5"
grep -q 'Cannot start polling of vt/base: fork: Resource temporarily unavailable\.' "$OUT/nofork.out" ||
	fail "the failed fork is not reported"
rc=0
in_two "$VGTOOL" vgchange -ay vt >"$OUT/nofork-vgchange.out" 2>&1 || rc=$?
cat "$OUT/nofork-vgchange.out"
((rc == 5)) || fail "vgchange -ay without a poller exited $rc, expected 5"
grep -q 'Cannot start polling of vt/base: fork: ' "$OUT/nofork-vgchange.out" ||
	fail "the failed fork is not reported by vgchange"
# with room for it, the next activation's poller finishes the merge
"$VGTOOL" vgchange -ay vt >/dev/null
wait_gone "$VGTOOL" vt snap8
syslog_wait "$OUT/syslog" '^<14>.* vgtool\[[0-9]+\]: Logical volume "snap8" successfully removed\.$'

step "an invalidated snapshot: the poller's error reaches syslog"
"$VGTOOL" lvcreate -q -L 4M -s -n inval vt/base
dd if=/dev/urandom of=/dev/vt/base bs=1M count=8 oflag=direct 2>/dev/null
[[ $(dmsetup status vt-inval) == *" Invalid" ]] || fail "vt/inval is not invalid: $(dmsetup status vt-inval)"
"$VGTOOL" lvchange -an vt/base
"$VGTOOL" lvconvert --merge vt/inval
"$VGTOOL" lvchange -ay vt/base
# LOG_USER: 8, plus 3 for an error
syslog_wait "$OUT/syslog" '^<11>.* vgtool\[[0-9]+\]: vt/base: Merging snapshot invalidated\. Aborting merge\.$'
syslog_stop
sed 's/^/[syslog] /' "$OUT/syslog"
