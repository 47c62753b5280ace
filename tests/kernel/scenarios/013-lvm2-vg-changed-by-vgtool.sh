# A VG made by lvm2 is read and changed by vgtool, and lvm2 agrees with the
# result: vgtool creates, extends, renames and removes LVs and snapshots in
# lvm2's VG; lvm2's vgck passes after every change and lvm2 sees each one.
# disks: 2
# disk-size: 1G
. "$SRCDIR/tests/kernel/lib.sh"

lvs_ref() { lvm_ref lvs -a --noheadings --units s --nosuffix -o lv_name,lv_size,origin vg0 | sed 's/^ *//;s/  */ /g;s/ *$//'; }

step "lvm2 builds the VG, with a snapshot, and deactivates it"
lvm_ref pvcreate ${DISK[0]} ${DISK[1]}
lvm_ref vgcreate vg0 ${DISK[0]} ${DISK[1]}
lvm_ref lvcreate -L 100M -n base vg0
lvm_ref lvcreate -L 20M -s -n snap vg0/base
lvm_ref vgchange -an vg0

step "vgtool reads it"
"$VGTOOL" vgck vg0

step "vgtool: lvcreate -an, lvextend, lvrename"
"$VGTOOL" lvcreate -an -L 12M -n by-vgtool vg0
lvm_ref vgck vg0
"$VGTOOL" lvextend -L +8M vg0/by-vgtool
lvm_ref vgck vg0
"$VGTOOL" lvextend -L +4M vg0/snap
"$VGTOOL" lvrename vg0 by-vgtool renamed
lvm_ref vgck vg0
expect_eq "lvm2's view" "\
base 204800
renamed 40960
snap 49152 base" "$(lvs_ref)"

step "vgtool: remove the snapshot, then the LV; lvm2 follows"
"$VGTOOL" lvremove vg0/snap
lvm_ref vgck vg0
"$VGTOOL" lvremove vg0/renamed
lvm_ref vgck vg0
expect_eq "lvm2's view" "base 204800" "$(lvs_ref)"

step "lvm2 changes it again and vgtool reads that"
lvm_ref lvcreate -an -Zn -L 8M -n again vg0
"$VGTOOL" vgck vg0
"$VGTOOL" lvremove vg0/again
lvm_ref vgck vg0
lvm_ref vgremove -f vg0
