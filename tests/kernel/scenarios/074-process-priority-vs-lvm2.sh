# The nice value device-mapper operations run at, vgtool's next to
# lvm2's: lvm2 raises its priority to activation/process_priority (-18 by
# default) while it changes devices and drops back after.  Each command
# runs under strace (setpriority and the dm ioctls): every ioctl that
# creates, loads, suspends, resumes or removes a device must run at the
# expected nice value, and the command must end at the value it started
# with.  The same commands on twin VGs (lvm2 on "vgL", vgtool on "vgV"),
# each with an origin and a snapshot: the default, --config's value,
# lvm.conf's value (vgtool takes this key from lvm2's file too), and a
# command started at a higher priority than the setting, which both tools
# leave alone.
# disks: 2
# disk-size: 1G
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

lvm vgcreate -q vgL ${DISK[0]} >/dev/null
"$VGTOOL" vgcreate -q vgV ${DISK[1]} >/dev/null
for t in "lvm" "$VGTOOL"; do
	vg=vgL
	[[ $t == lvm ]] || vg=vgV
	"$t" lvcreate -q -L 16M -n base $vg >/dev/null
	"$t" lvcreate -q -s -L 8M -n snap $vg/base >/dev/null
done

# niceness TOOL ARGS...: run the command (@VG@ for the VG) under strace,
# print "N OPS" for each nice value N that device-mapper changes ran at
# (OPS: how many), then "end N": the value it ended at.
niceness() {
	local tool=$1 vg=vgV rc=0
	shift
	[[ $tool == lvm ]] && vg=vgL
	strace -f -qq -e trace=setpriority,ioctl -o /tmp/prio.trace \
		"$tool" "${@//@VG@/$vg}" >/tmp/prio.out 2>&1 || rc=$?
	((rc == 0)) || fail "\`$tool $*\` exited with status $rc: $(cat /tmp/prio.out)"
	awk -v start="$(nice)" '
		BEGIN { n = start }
		/setpriority\(PRIO_PROCESS, 0, -?[0-9]+\) += 0/ {
			sub(/.*setpriority\(PRIO_PROCESS, 0, /, ""); sub(/\).*/, ""); n = $0 + 0; next
		}
		/DM_(DEV_CREATE|TABLE_LOAD|DEV_SUSPEND|DEV_REMOVE|DEV_RENAME)/ { ops[n]++ }
		END { for (v in ops) print v, ops[v]; print "end", n }' /tmp/prio.trace | sort
}

# both STEP LVM2_WANT VGTOOL_WANT ARGS...: each tool's device changes all
# at its nice value WANT and back to the start; vgtool's counts need not
# be lvm2's (lvm2 makes more ioctls: it resumes what it renames, for one).
both() {
	local step=$1 tool got values want
	local -A wants=([lvm]=$2 ["$VGTOOL"]=$3)
	shift 3
	for tool in lvm "$VGTOOL"; do
		got=$(niceness "$tool" "$@")
		values=$(awk '{ print ($1 == "end") ? $0 : $1 }' <<<"$got" | tr '\n' ' ')
		want=${wants[$tool]}
		expect_eq "$step: nice values of ${tool##*/}'s dm changes" "$want end $(nice) " "$values"
	done
}
# same STEP WANT ARGS...: both tools at WANT
same() { both "$1" "$2" "$2" "${@:3}"; }

step "default: -18 while devices change (lvm2's activation/process_priority)"
same "vgchange -an" -18 vgchange -an @VG@
same "vgchange -ay" -18 vgchange -ay @VG@
same "lvremove of the snapshot" -18 lvremove -f @VG@/snap
same "lvcreate --snapshot" -18 lvcreate -q -s -L 8M -n snap @VG@/base
same "lvrename of an active snapshot" -18 lvrename @VG@ snap snap2

# lvm2 2.03.16 reads the key before --config applies (memlock_init at
# the command's start): --config's value has no effect on lvm2, and a
# user who sets it expects it to act; vgtool honours it (vgtool.conf(5)).
step "--config activation/process_priority (lvm2 ignores it)"
both "vgchange -an, -5" -18 -5 vgchange -an --config 'activation/process_priority=-5' @VG@
both "vgchange -ay, -5" -18 -5 vgchange -ay --config 'activation/process_priority=-5' @VG@

step "lvm.conf's activation/process_priority"
cp "$LVM_SYSTEM_DIR/lvm.conf" /tmp/lvm.conf.saved
printf 'activation {\n process_priority=-7\n}\n' >>"$LVM_SYSTEM_DIR/lvm.conf"
same "vgchange -an, lvm.conf -7" -7 vgchange -an @VG@
same "vgchange -ay, lvm.conf -7" -7 vgchange -ay @VG@
cp /tmp/lvm.conf.saved "$LVM_SYSTEM_DIR/lvm.conf"

step "a command already at a higher priority keeps it"
for tool in lvm "$VGTOOL"; do
	vg=vgV
	[[ $tool == lvm ]] && vg=vgL
	strace -f -qq -e trace=setpriority -o /tmp/prio.trace nice -n -19 "$tool" vgchange -an $vg >/dev/null
	grep -q 'setpriority(PRIO_PROCESS, 0, -19)' /tmp/prio.trace ||
		fail "nice -n -19 did not set -19: $(cat /tmp/prio.trace)"
	expect_eq "${tool##*/}: setpriority calls after nice's" "" \
		"$(grep -v 'setpriority(PRIO_PROCESS, 0, -19)' /tmp/prio.trace | grep setpriority || true)"
	"$tool" vgchange -ay $vg >/dev/null
done

step "the stacks agree after all this"
expect_eq "tables" "$(dm_table_named | grep '^vgL-' | sed 's/vgL/VG/g; s/disk0/disk/g')" \
	"$(dm_table_named | grep '^vgV-' | sed 's/vgV/VG/g; s/disk1/disk/g')"
