# The seed example of PRODUCT.md with vgtool: the four commands give the
# four dmsetup table lines byte for byte, lvm2's UUIDs and open counts, and
# /dev/VG/LV links for the two visible LVs only.
# disks: 1
. "$SRCDIR/tests/kernel/lib.sh"

step "vgtool: pvcreate, vgcreate, lvcreate, lvcreate --snapshot"
"$VGTOOL" pvcreate ${DISK[0]}
"$VGTOOL" vgcreate volumeGroup ${DISK[0]}
"$VGTOOL" lvcreate -L 1G -n base volumeGroup
"$VGTOOL" lvcreate -L 100M --snapshot -n snap volumeGroup/base

step "dmsetup table, byte for byte"
dmsetup table >/tmp/table
seed_stack_table >/tmp/want
expect_file_eq "dmsetup table" /tmp/want /tmp/table

step "UUIDs as lvm2's"
declare -A uuid=()
while read -r lv lv_uuid vg_uuid; do
	uuid[$lv]=${lv_uuid//-/}
	uuid[vg]=${vg_uuid//-/}
done < <(lvm_ref lvs --noheadings -o lv_name,lv_uuid,vg_uuid volumeGroup)
expect_eq "dm UUIDs" "\
volumeGroup-base LVM-${uuid[vg]}${uuid[base]}
volumeGroup-base-real LVM-${uuid[vg]}${uuid[base]}-real
volumeGroup-snap LVM-${uuid[vg]}${uuid[snap]}
volumeGroup-snap-cow LVM-${uuid[vg]}${uuid[snap]}-cow" "$(dm_uuids)"

step "open counts: -real is held by the origin and the snapshot, -cow by the snapshot"
expect_eq "open counts" "\
volumeGroup-base 0
volumeGroup-base-real 2
volumeGroup-snap 0
volumeGroup-snap-cow 1" "$(dmsetup info -c --noheadings --separator ' ' -o name,open | sort)"

step "links for the visible LVs only"
expect_eq "/dev/volumeGroup" "base snap" "$(cd /dev/volumeGroup && echo *)"
# absolute, as lvm2 makes them without udev (036 compares them)
expect_eq "base link" "/dev/mapper/volumeGroup-base" "$(readlink /dev/volumeGroup/base)"

step "lvm2 reads the same VG and agrees on attributes"
expect_eq "lvm2 lvs" "base owi-a-s--- origin
snap swi-a-s--- base" "$(lvm_ref lvs --noheadings -o lv_name,lv_attr,origin volumeGroup | awk '{print $1, $2, ($3 == "" ? "origin" : $3)}')"

step "vgtool's own lvs: owi-a-s--- / swi-a-s---, Data% from dm status, as lvm2 prints"
dd if=/dev/urandom of=/dev/mapper/volumeGroup-base bs=1M count=10 oflag=direct status=none
expect_eq "lvs" "$(lvm_ref lvs volumeGroup)" "$("$VGTOOL" lvs volumeGroup)"
expect_eq "attributes" "owi-a-s--- swi-a-s---" "$("$VGTOOL" lvs --noheadings -o lv_attr volumeGroup | xargs)"
pct=$("$VGTOOL" lvs --noheadings -o data_percent volumeGroup/snap | tr -d ' ')
[[ $pct =~ ^[0-9]+\.[0-9]{2}$ && $pct != 0.00 ]] || fail "snapshot Data% looks wrong: '$pct'"

step "vgchange -an removes every device and link; -ay brings the stack back"
"$VGTOOL" vgchange -an volumeGroup
expect_eq "no devices" "No devices found" "$(dmsetup table 2>&1)"
[[ ! -e /dev/volumeGroup ]] || fail "/dev/volumeGroup left behind"
"$VGTOOL" vgchange -ay volumeGroup
dm_table_named >/tmp/named
expect_eq "stack after -ay" "\
volumeGroup-base: 0 2097152 snapshot-origin volumeGroup-base-real
volumeGroup-base-real: 0 2097152 linear disk0 2048
volumeGroup-snap: 0 2097152 snapshot volumeGroup-base-real volumeGroup-snap-cow P 8
volumeGroup-snap-cow: 0 204800 linear disk0 2099200" "$(cat /tmp/named)"

step "a second -ay changes nothing: no create, load, suspend, resume or remove"
"$VGTOOL" vgchange -ay -vvv volumeGroup 2>/tmp/trace
if grep -E 'dm (create|load|suspend|resume|remove|rename) ' /tmp/trace; then
	fail "vgchange -ay ran state-changing ioctls on an active VG"
fi

step "lvremove of the snapshot folds the stack back"
"$VGTOOL" lvremove -y volumeGroup/snap
expect_eq "folded" "volumeGroup-base: 0 2097152 linear disk0 2048" "$(dm_table_named)"
expect_eq "origin uuid unchanged" "volumeGroup-base LVM-${uuid[vg]}${uuid[base]}" "$(dm_uuids)"
