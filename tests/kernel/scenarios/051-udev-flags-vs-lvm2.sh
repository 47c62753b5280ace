# The udev flags of every device-mapper operation, vgtool's next to
# lvm2's: the same commands on twin VGs (lvm2 on "vgL", the first disk;
# vgtool on "vgV", the second), each under strace, whose decoding of the
# DM ioctls gives each resume, rename and remove with its device and the
# cookie it carries (dm_ioctl.event_nr, the flags in its high 16 bits: the
# kernel copies the whole value into the uevent's DM_COOKIE).  That is
# what udev receives, with udevd or without, for removed devices too;
# `dmsetup info` has no such column, and what `udevadm info` shows is
# what the rules made of the flags (they set some themselves, and a later
# event without a cookie brings the old ones back from the database).
# In each step, every op vgtool makes lvm2 makes too, with the same
# flags; the ops only lvm2 makes (it resumes what it renames, zeroes a new
# COW through a temporary device of its own, makes a removed snapshot's
# devices plain and resumes them before removing them) are listed per
# step, and lvm2's "noscan" on a new LV is named (vgtool zeroes through
# the PVs first).  Four runs: no udevd (lvm2 with the sandbox's
# udev_rules=0 udev_sync=0, the configuration it needs without udevd;
# vgtool with its defaults); udevd with lvm2's rules and vgtool's, both
# tools with defaults, where a filesystem's by-uuid link must stay on the
# origin once a snapshot of it exists (even after a change event of the
# snapshot); udevd again with udev_rules=0, then with
# verify_udev_operations=1, in both tools' configurations.
# disks: 2
# disk-size: 1G
# timeout: 900
. "$SRCDIR/tests/kernel/lib.sh"

mode=

# traced TOOL STEP CMD ARGS...: run the command under strace (children
# too: lvm2's and vgtool's merge pollers); its cookies to
# $OUT/MODE/STEP.TOOL.
traced() {
	local tool=$1 step=$2 rc=0
	shift 2
	rm -rf /tmp/trace
	mkdir /tmp/trace
	strace -f -ff -qq --seccomp-bpf -s 128 -e trace=ioctl -o /tmp/trace/t "$@" >/tmp/cmd.out 2>&1 || rc=$?
	sed "s/^/    $tool: /" /tmp/cmd.out
	((rc == 0)) || fail "$mode/$step: \`$*\` exited with status $rc"
	dm_cookie_ops /tmp/trace/t.* | sed -E "s/^([a-z]+) vg[LV]-/\1 VG-/" >"$OUT/$mode/$step.$tool"
}

# twin STEP ARGS...: the command (ARGS, @VG@ for the VG) by lvm2 on vgL and
# by vgtool on vgV, traced.
twin() {
	local step=$1
	shift
	traced lvm2 "$step" lvm "${@//@VG@/vgL}"
	traced vgtool "$step" "$VGTOOL" "${@//@VG@/vgV}"
}

# compare STEP [--noscan KEY] [LVM2_ONLY_KEY...]: each op vgtool made in
# the step ("KIND DEVICE FLAGS") lvm2 made too, with the same flags; the
# ops lvm2 made on top ("KIND DEVICE" keys: it makes more, in some steps)
# must be listed, and are there.  --noscan KEY: lvm2's op carries
# DM_SUBSYSTEM_UDEV_FLAG0 ("noscan": it writes the device after creating
# it, where vgtool zeroed through the PVs first), compared without it.
compare() {
	local step=$1 line key noscan= diffs=
	local -A l=() v=() lkeys=() only=()
	shift
	if [[ ${1:-} == --noscan ]]; then
		noscan=$2
		shift 2
	fi
	for key; do only[$key]=1; done
	while read -r line; do
		if [[ $noscan && $line == "$noscan "* ]]; then
			[[ $line == *" NOSCAN/FLAG0"* ]] || fail "$mode/$step: lvm2's $noscan has no NOSCAN flag"
			echo "  lvm2 alone: NOSCAN/FLAG0 on $noscan"
			line=${line#"$noscan "}
			line="$noscan $(udev_flag_names $((${line%% *} & ~0x100)))"
		fi
		l[$line]=1
		lkeys[${line% 0x*}]=1
	done <"$OUT/$mode/$step.lvm2"
	while read -r line; do v[$line]=1; done <"$OUT/$mode/$step.vgtool"
	for line in "${!v[@]}"; do
		[[ ${l[$line]:-} ]] ||
			diffs+=$'\n'"  vgtool: $line; lvm2: $(grep "^${line% 0x*} " "$OUT/$mode/$step.lvm2" || echo none)"
	done
	for line in "${!l[@]}"; do
		[[ ${v[$line]:-} || ${only[${line% 0x*}]:-} ]] || diffs+=$'\n'"  lvm2 only: $line"
	done
	for key in "${!only[@]}"; do
		[[ ${lkeys[$key]:-} ]] || diffs+=$'\n'"  $key: listed as lvm2's own, but lvm2 has no such op"
	done
	for line in "${!v[@]}"; do echo "  both: $line"; done | sort
	for line in "${!l[@]}"; do [[ ${v[$line]:-} ]] || echo "  lvm2 alone: $line"; done | sort
	[[ -z $diffs ]] || fail "$mode/$step: udev flags differ:$diffs"
}

# step_both STEP [COMPARE ARGS...] -- ARGS...: twin, then compare.
step_both() {
	local step=$1 cmp=()
	shift
	while [[ $1 != -- ]]; do
		cmp+=("$1")
		shift
	done
	shift
	step "$mode: $step: $*"
	twin "$step" "$@"
	compare "$step" "${cmp[@]}"
}

# The whole sequence, in one mode: create, snapshot, renames (lvm2 also
# resumes what it renames), deactivation and activation, snapshot removal,
# a merge started live and polled to its end, one started by an activation
# (then deactivated while merging, and finished by the next activation's
# poller), removal of an origin with its snapshot.  Both VGs are empty
# after it.  lvm2's own ops: the temporary device it zeroes a new COW
# through (created as VG-SNAP, removed before the snapshot is made); the
# resumes around a rename; on lvremove of a snapshot, the resumes of its
# devices and of -real with the snapshot already gone from the metadata.
sequence() {
	local poll=(--config activation/polling_interval=1)
	mkdir -p "$OUT/$mode"
	step_both lvcreate --noscan "resume VG-base" -- lvcreate -y -L 16M -n base @VG@
	[[ $mode != udevd ]] || mkfs_both
	step_both snapshot "resume VG-snap" "remove VG-snap" -- lvcreate -y -s -L 8M -n snap @VG@/base
	[[ $mode != udevd ]] || by_uuid_on_origin base snap
	step_both rename-snapshot "resume VG-snap2" "resume VG-snap2-cow" "resume VG-base" \
		"resume VG-base-real" -- lvrename @VG@ snap snap2
	step_both rename-origin "resume VG-base2" "resume VG-base2-real" "resume VG-snap2" \
		"resume VG-snap2-cow" -- lvrename @VG@ base base2
	step_both deactivate -- vgchange -an @VG@
	step_both activate -- vgchange -ay @VG@
	[[ $mode != udevd ]] || by_uuid_on_origin base2 snap2
	step_both lvremove-snapshot "resume VG-snap2" "resume VG-snap2-cow" "resume VG-base2-real" \
		-- lvremove -y @VG@/snap2
	step_both snapshot-2 "resume VG-snap" "remove VG-snap" -- lvcreate -y -s -L 8M -n snap @VG@/base2
	step_both merge-live "resume VG-base2-real" "resume VG-snap-cow" "resume VG-snap" \
		-- lvconvert --merge -i 1 @VG@/snap
	step_both snapshot-3 "resume VG-snap" "remove VG-snap" -- lvcreate -y -s -L 8M -n snap @VG@/base2
	step_both deactivate-2 -- vgchange -an @VG@
	step_both merge-pending -- lvconvert --merge @VG@/snap
	step_both merge-on-activation -- lvchange -ay --poll n @VG@/base2
	step_both deactivate-merging -- vgchange -an @VG@
	step_both merge-finish "resume VG-snap" "resume VG-snap-cow" -- vgchange -ay "${poll[@]}" @VG@
	step_both snapshot-4 "resume VG-snap" "remove VG-snap" -- lvcreate -y -s -L 8M -n snap @VG@/base2
	step_both lvremove-origin -- lvremove -y -f @VG@/base2
	expect_eq "$mode: nothing left" "" "$(dmsetup ls | grep -E '^vg[LV]-' || true)"
}

# A short sequence for the settings: create, snapshot, deactivation.
# With udev_rules=0 each tool makes its /dev/VG/LV links itself, and
# udev's rules (lvm2's, vgtool's) leave the LV's disk rules on.
short_sequence() {
	local vg
	mkdir -p "$OUT/$mode"
	step_both lvcreate --noscan "resume VG-base" -- lvcreate -y -L 16M -n base @VG@
	udevadm settle
	for vg in vgL vgV; do
		[[ -b /dev/$vg/base ]] || fail "$mode: no /dev/$vg/base"
		! udevadm info --query=property "/dev/mapper/$vg-base" |
			grep -q '^DM_UDEV_DISABLE_DISK_RULES_FLAG=1' ||
			fail "$mode: udev's disk rules are off for $vg/base"
	done
	step_both snapshot "resume VG-snap" "remove VG-snap" -- lvcreate -y -s -L 8M -n snap @VG@/base
	step_both deactivate -- vgchange -an @VG@
	lvm lvremove -y -f vgL/base >/dev/null
	"$VGTOOL" lvremove -y -f vgV/base >/dev/null
}

# With udevd: an ext4 filesystem on each origin ...
mkfs_both() {
	mkfs.ext4 -q /dev/vgL/base
	mkfs.ext4 -q /dev/vgV/base
	udevadm settle
}

# ... and its /dev/disk/by-uuid link on the origin, not on the snapshot
# that carries the same filesystem UUID, even after a change event of the
# snapshot (`udevadm trigger`, a later tool): the snapshot's low priority,
# which udev keeps in its database for events without a cookie.  (Without
# DM_UDEV_LOW_PRIORITY_FLAG, as vgtool had it, the link moves to the
# snapshot here.)
by_uuid_on_origin() { # ORIGIN SNAPSHOT
	local vg uuid
	for vg in vgL vgV; do
		udevadm trigger --action=change --settle "/dev/mapper/$vg-$2"
		udevadm settle
		uuid=$(blkid -p -s UUID -o value "/dev/mapper/$vg-$1")
		[[ $(readlink -f "/dev/disk/by-uuid/$uuid") == "$(readlink -f "/dev/mapper/$vg-$1")" ]] ||
			fail "$mode: /dev/disk/by-uuid/$uuid is $(readlink -f "/dev/disk/by-uuid/$uuid"), not $vg/$1"
	done
}

step "twin VGs"
lvm_ref vgcreate vgL "${DISK[0]}"
"$VGTOOL" vgcreate vgV "${DISK[1]}"

mode=no-udevd
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n}\n' \
	>"$LVM_SYSTEM_DIR/lvm.conf"
sequence

mode=udevd
step "udevd with lvm2's rules and vgtool's; both tools with their defaults"
mkdir -p /run/udev/rules.d
cp "$SRCDIR/conf/udev/57-vgtool.rules" /run/udev/rules.d/
: >/run/udev/rules.d/69-lvm.rules # no autoactivation by lvm2 behind our back
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle
printf 'activation {\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"
sequence

mode=udev-rules-0
step "$mode: both tools with activation/udev_rules=0"
printf 'activation {\n udev_rules=0\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"
printf 'activation {\n udev_rules=0\n}\n' >"$VGTOOL_SYSTEM_DIR/vgtool.conf"
short_sequence

mode=verify-udev-operations
step "$mode: both tools with activation/verify_udev_operations=1"
printf 'activation {\n verify_udev_operations=1\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"
printf 'activation {\n verify_udev_operations=1\n}\n' >"$VGTOOL_SYSTEM_DIR/vgtool.conf"
short_sequence
