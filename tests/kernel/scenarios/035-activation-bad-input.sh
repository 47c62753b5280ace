# Refusals around activation: one line on stderr, exit 3 or 5, and neither
# the metadata (seqno) nor the kernel (dmsetup table) changes.
# disks: 1
# disk-size: 512M
# modules: dm-zero ext4
. "$SRCDIR/tests/kernel/lib.sh"

state() { echo "seqno $(lvm_ref vgs --noheadings -o seqno vg0 | tr -d ' ')"; dmsetup table 2>&1; }

refuse() { # RC CMD...
	local want=$1 rc=0 before after
	shift
	before=$(state)
	"$VGTOOL" "$@" >/tmp/out 2>/tmp/err || rc=$?
	after=$(state)
	((rc == want)) || fail "vgtool $* exited $rc, expected $want (stderr: $(cat /tmp/err))"
	[[ $(wc -l </tmp/err) == 1 ]] || fail "vgtool $*: expected one line on stderr, got: $(cat /tmp/err)"
	expect_eq "state after vgtool $*" "$before" "$after"
	echo "refused ($rc): vgtool $* -> $(cat /tmp/err)"
}

"$VGTOOL" vgcreate vg0 ${DISK[0]}
"$VGTOOL" lvcreate -L 100M -n base vg0
"$VGTOOL" lvcreate -s -L 8M -n snap vg0/base

refuse 5 lvcreate -s -L 8M -n s2 vg0/nosuch
refuse 5 lvcreate -s -L 8M -n s2 vg0/snap
refuse 3 lvcreate -s -L 8M -c 6k -n s2 vg0/base
refuse 3 lvcreate -s -L 8M -c 1M -n s2 vg0/base
refuse 3 lvcreate -s -L 8M -c 2k -n s2 vg0/base
refuse 5 lvcreate -L 1G -n big vg0

step "a name taken by another dm device"
dmsetup create --concise "vg0-clash,,,ro,0 8 zero" 2>/dev/null || DM_DISABLE_UDEV=1 dmsetup create vg0-clash --table "0 8 zero"
refuse 5 lvcreate -L 4M -n clash vg0
DM_DISABLE_UDEV=1 dmsetup remove vg0-clash

step "a mounted origin cannot be reduced, an open LV not removed or deactivated"
"$VGTOOL" lvcreate -L 40M -n fs vg0
mkfs.ext4 -q /dev/mapper/vg0-fs
mkdir -p /tmp/m
mount /dev/mapper/vg0-fs /tmp/m
refuse 5 lvreduce -f -L -8M vg0/fs
refuse 5 lvremove vg0/fs
refuse 5 lvchange -an vg0/fs
refuse 5 vgchange -an vg0
umount /tmp/m
