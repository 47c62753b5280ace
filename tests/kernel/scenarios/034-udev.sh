# With systemd-udevd running: vgtool waits on udev cookies, the project's
# rules (conf/udev) make /dev/VG/LV for the visible LVs only, keep blkid
# and /dev/disk links off -real and -cow, and the links go on
# deactivation; the same with lvm2's own rules installed next to them
# (each link made once).
# disks: 1
# disk-size: 1G
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

step "udevd with the project's rules, lvm2's masked"
mkdir -p /run/udev/rules.d
cp "$SRCDIR/conf/udev/57-vgtool.rules" /run/udev/rules.d/
# an empty file of the same name in /run masks a rule file of /lib
: >/run/udev/rules.d/56-lvm.rules
: >/run/udev/rules.d/69-lvm.rules # no autoactivation by lvm2 behind our back
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle

links() { (cd /dev/vg0 2>/dev/null && for f in *; do echo "$f -> $(readlink "$f")"; done) || true; }

check_stack() { # WHAT
	udevadm settle
	expect_eq "$1: /dev/vg0" "base snap" "$(cd /dev/vg0 && echo *)"
	[[ $(readlink -f /dev/vg0/base) == $(readlink -f /dev/mapper/vg0-base) ]] || fail "$1: base link points elsewhere"
	[[ -b /dev/mapper/vg0-base-real && -b /dev/mapper/vg0-snap-cow ]] || fail "$1: /dev/mapper nodes of the layers missing"
	for layer in vg0-base-real vg0-snap-cow; do
		udevadm info --query=property "/dev/mapper/$layer" >/tmp/props
		grep -q '^DM_UDEV_DISABLE_DISK_RULES_FLAG=1' /tmp/props || fail "$1: $layer lacks the disk-rules flag"
		! grep -q '^ID_FS_TYPE=' /tmp/props || fail "$1: blkid ran on $layer"
	done
	! ls /dev/disk/by-id 2>/dev/null | grep -E 'real|cow' || fail "$1: /dev/disk links for a lower layer"
	expect_eq "$1: base links" "1" "$(udevadm info --query=symlink /dev/mapper/vg0-base | tr ' ' '\n' | grep -c '^vg0/base$')"
}

step "vgtool builds the stack, udev makes the links"
"$VGTOOL" vgcreate vg0 ${DISK[0]}
"$VGTOOL" lvcreate -L 40M -n base vg0
mkfs.ext4 -q /dev/vg0/base
"$VGTOOL" lvcreate -s -L 8M -n snap vg0/base
check_stack "project's rules alone"

step "deactivation removes the links"
"$VGTOOL" vgchange -an vg0
udevadm settle
[[ ! -e /dev/vg0 ]] || fail "links left after -an: $(links)"

step "next to lvm2's rules"
rm /run/udev/rules.d/56-lvm.rules
udevadm control --reload
"$VGTOOL" vgchange -ay vg0
check_stack "with lvm2's rules"
"$VGTOOL" vgchange -an vg0
udevadm settle
[[ ! -e /dev/vg0 ]] || fail "links left after -an with lvm2's rules: $(links)"
