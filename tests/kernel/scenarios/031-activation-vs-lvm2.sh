# vgchange -ay by vgtool loads exactly the tables and UUIDs lvm2 loads, for
# a VG made by lvm2 and for one made by vgtool: linear LVs, an LV spanning
# two PVs, an origin with two snapshots (one with 64k chunks), dashes in
# names.  Device numbers are compared by name.
# disks: 4
# disk-size: 1G
. "$SRCDIR/tests/kernel/lib.sh"

layout() { # TOOL VG A B [-an]
	local t=$1 vg=$2 a=$3 b=$4 an=${5:-}
	$t vgcreate "$vg" "$a" "$b"
	$t lvcreate $an -L 8M -n plain "$vg"
	$t lvcreate $an -L 1500M -n span-ning "$vg"
	$t lvcreate $an -L 40M -n the-origin "$vg"
	$t lvcreate $an -s -L 8M -n snap-one "$vg/the-origin"
	$t lvcreate $an -s -c 64k -L 12M -n snap2 "$vg/the-origin"
}

capture() { # VG FILE: named tables and uuids of the VG's devices
	{
		dm_table_named | grep "^$1-"
		dm_uuids | grep "^$1-"
	} >"$2"
}

step "a VG made by lvm2: lvm2's activation, then vgtool's"
layout lvm_ref vg--L ${DISK[0]} ${DISK[1]}
lvm_ref vgchange -an vg--L
lvm_ref vgchange -ay vg--L
capture vg----L "$OUT/lvm2-of-lvm2"
lvm_ref vgchange -an vg--L
expect_eq "nothing left" "" "$(dmsetup ls | grep vg----L || true)"
"$VGTOOL" vgchange -ay vg--L
capture vg----L "$OUT/vgtool-of-lvm2"
[[ $(wc -l <"$OUT/lvm2-of-lvm2") -ge 16 ]] || fail "too few devices: $(cat "$OUT/lvm2-of-lvm2")"
expect_file_eq "vgtool activates lvm2's VG as lvm2 does" "$OUT/lvm2-of-lvm2" "$OUT/vgtool-of-lvm2"
"$VGTOOL" vgchange -an vg--L
expect_eq "vgtool -an removed all" "" "$(dmsetup ls | grep vg----L || true)"

step "a VG made by vgtool: vgtool's activation, then lvm2's"
layout "$VGTOOL" vgV ${DISK[2]} ${DISK[3]}
capture vgV "$OUT/vgtool-of-vgtool"
"$VGTOOL" vgchange -an vgV
"$VGTOOL" vgchange -ay vgV
capture vgV "$OUT/vgtool-of-vgtool-2"
expect_file_eq "vgtool re-activation" "$OUT/vgtool-of-vgtool" "$OUT/vgtool-of-vgtool-2"
"$VGTOOL" vgchange -an vgV
lvm_ref vgchange -ay vgV
capture vgV "$OUT/lvm2-of-vgtool"
expect_file_eq "lvm2 activates vgtool's VG as vgtool does" "$OUT/vgtool-of-vgtool" "$OUT/lvm2-of-vgtool"

step "each tool deactivates what the other activated"
"$VGTOOL" vgchange -an vgV
lvm_ref vgchange -ay vg--L
"$VGTOOL" vgchange -an vg--L
expect_eq "all gone" "No devices found" "$(dmsetup table 2>&1)"
