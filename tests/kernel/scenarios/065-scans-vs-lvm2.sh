# pvscan, vgscan, lvscan and vgmknodes print what lvm2's do (stdout and
# exit status) on the same disks: a VG with an active origin and its
# snapshot, an invalid (overflowed) snapshot, an active linear LV and an
# inactive one, an exported VG and an orphan PV whose longer name (a dm
# device) widens pvscan's columns.  Then vgmknodes puts back a /dev/VG/LV link and a
# /dev/mapper node that were removed, as lvm2's does.
# disks: 4
# disk-size: 256M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1

mismatches=0
n=0
# same ARGS...: lvm2 and vgtool print the same stdout and exit alike.
same() { same_output "$@"; }

step "no PV at all"
same pvscan
same vgscan
same lvscan
same vgmknodes

step "lvm2 builds the VGs"
# past the disk's first sectors, so that the scan finds the label once
dmsetup create scan_long_orphan --table "0 $((200 * 2048)) linear ${DISK[2]} 2048"
orphan=/dev/mapper/scan_long_orphan
lvm_ref pvcreate -q "${DISK[0]}" "${DISK[1]}" "$orphan" "${DISK[3]}"
lvm_ref vgcreate -q scan_vg "${DISK[0]}" "${DISK[1]}"
lvm_ref lvcreate -q -L 8M -n lv1 scan_vg
lvm_ref lvcreate -q -L 4M -s -n snap scan_vg/lv1
lvm_ref lvcreate -q -L 12M -n lin scan_vg
lvm_ref lvcreate -q -an -Zn -L 20M -n off scan_vg
lvm_ref lvcreate -q -L 16M -n big scan_vg
lvm_ref lvcreate -q -L 4M -s -n full scan_vg/big
# more than the 4 MiB COW holds: the kernel invalidates the snapshot
dd if=/dev/zero of=/dev/scan_vg/big bs=1M count=8 oflag=direct status=none

step "before any export"
same pvscan -e
same pvscan --exported
same lvscan scan_vg
same vgscan

step "an exported VG"
lvm_ref vgcreate -q exp_vg "${DISK[3]}"
lvm_ref lvcreate -q -an -Zn -L 8M -n hidden_by_export exp_vg
lvm_ref vgexport -q exp_vg
for args in "" -s --short -u --uuid -e -n --novolumegroup "-s -u" "-e -u" "-n -s" \
	"-e -n" "--units m" "--units s -u" -v bogus; do
	# shellcheck disable=SC2086
	same pvscan $args
done
for args in "" --mknodes -v bogus; do
	# shellcheck disable=SC2086
	same vgscan $args
done
for args in "" -a --all --units m -v scan_vg exp_vg scan_vg/lv1; do
	# shellcheck disable=SC2086
	same lvscan $args
done

step "no orphan PV: the totals"
lvm_ref pvremove -q "$orphan"
same pvscan
same pvscan -n

step "a VG with a PV missing"
dmsetup remove scan_long_orphan
dmsetup create scan_lost_a --table "0 $((64 * 2048)) linear ${DISK[2]} 2048"
dmsetup create scan_lost_b --table "0 $((64 * 2048)) linear ${DISK[2]} $((2048 + 80 * 2048))"
lvm_ref vgcreate -q lost_vg /dev/mapper/scan_lost_a /dev/mapper/scan_lost_b
lvm_ref lvcreate -q -an -Zn -L 8M -n on_a lost_vg /dev/mapper/scan_lost_a
dmsetup remove scan_lost_b
same pvscan
same pvscan -u
same vgscan
same lvscan

step "vgmknodes puts back what was removed"
rm /dev/scan_vg/lin
same vgmknodes scan_vg
[[ -L /dev/scan_vg/lin ]] || fail "vgmknodes: no /dev/scan_vg/lin"
rm /dev/scan_vg/lin
"$VGTOOL" vgmknodes -t scan_vg || fail "vgtool vgmknodes -t: exit $?"
[[ ! -e /dev/scan_vg/lin ]] || fail "vgmknodes -t made a link"
"$VGTOOL" vgmknodes scan_vg || fail "vgtool vgmknodes: exit $?"
[[ -L /dev/scan_vg/lin ]] || fail "vgtool vgmknodes: no /dev/scan_vg/lin"
[[ /dev/scan_vg/lin -ef /dev/mapper/scan_vg-lin ]] || fail "vgtool vgmknodes: a wrong link"
rm /dev/mapper/scan_vg-lin /dev/scan_vg/lv1
"$VGTOOL" vgmknodes || fail "vgtool vgmknodes: exit $?"
[[ -b /dev/mapper/scan_vg-lin ]] || fail "vgtool vgmknodes: no /dev/mapper/scan_vg-lin"
[[ -L /dev/scan_vg/lv1 ]] || fail "vgtool vgmknodes: no /dev/scan_vg/lv1"
[[ ! -e /dev/scan_vg/off ]] || fail "vgmknodes made a link for an inactive LV"
rm /dev/scan_vg/snap
"$VGTOOL" vgscan --mknodes >/dev/null || fail "vgtool vgscan --mknodes: exit $?"
[[ /dev/scan_vg/snap -ef /dev/mapper/scan_vg-snap ]] || fail "vgscan --mknodes: no /dev/scan_vg/snap"
same vgmknodes scan_vg/lin
same vgmknodes nosuch_vg
same vgmknodes scan_vg/nosuch

((mismatches == 0)) || fail "$mismatches of $n scan commands differ from lvm2 (diffs above; outputs in $OUT/cmp)"
echo "all $n scan commands match lvm2"
