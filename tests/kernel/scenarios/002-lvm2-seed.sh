# lvm2, the reference, builds the seed stack of PRODUCT.md: a 1 GiB origin
# and a 100 MiB classic snapshot.  The four dm devices it loads are what
# vgtool must load for the same metadata.
# disks: 1
. "$SRCDIR/tests/kernel/lib.sh"

step "lvm2: pvcreate, vgcreate, lvcreate, lvcreate --snapshot"
lvm_ref pvcreate ${DISK[0]}
lvm_ref vgcreate volumeGroup ${DISK[0]}
lvm_ref lvcreate -L 1G -n base volumeGroup
lvm_ref lvcreate -L 100M --snapshot -n snap volumeGroup/base

step "dmsetup table, byte for byte (minors are deterministic in a fresh guest)"
dmsetup table | tee /tmp/table
seed_stack_table >/tmp/want
expect_file_eq "dmsetup table" /tmp/want /tmp/table

step "the same tables with names for device numbers"
expect_eq "dm_table_named" "\
volumeGroup-base: 0 2097152 snapshot-origin volumeGroup-base-real
volumeGroup-base-real: 0 2097152 linear disk0 2048
volumeGroup-snap: 0 2097152 snapshot volumeGroup-base-real volumeGroup-snap-cow P 8
volumeGroup-snap-cow: 0 204800 linear disk0 2099200" "$(dm_table_named)"

step "UUIDs: LVM- + VG uuid + LV uuid, -real and -cow for the lower layers"
dm_uuids
declare -A uuid=()
while read -r lv lv_uuid vg_uuid; do
	[[ $lv_uuid =~ ^[[:alnum:]]{6}(-[[:alnum:]]{4}){5}-[[:alnum:]]{6}$ ]] ||
		fail "lv_uuid of $lv has an unexpected shape: $lv_uuid"
	uuid[$lv]=${lv_uuid//-/}
	uuid[vg]=${vg_uuid//-/}
done < <(lvm_ref lvs --noheadings -o lv_name,lv_uuid,vg_uuid volumeGroup)
shapes=$(dm_uuids | sed -e "s/${uuid[vg]}/<vg>/" -e "s/${uuid[base]}/<base>/" -e "s/${uuid[snap]}/<snap>/")
expect_eq "dm UUIDs" "\
volumeGroup-base LVM-<vg><base>
volumeGroup-base-real LVM-<vg><base>-real
volumeGroup-snap LVM-<vg><snap>
volumeGroup-snap-cow LVM-<vg><snap>-cow" "$shapes"
