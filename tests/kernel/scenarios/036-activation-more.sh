# More of activation: image files as PVs (attached to loop devices that go
# away with the last table), a plain LV grown and shrunk while active,
# vgremove -f of a VG with active LVs, and a device-mapper failure (one
# injected with VGTOOL_TEST_FAIL_DM_OP into the test build, $VGTOOL_TEST;
# the installed binary ignores it) rolled back in metadata and kernel.
# Then lvm2's devices/dir: each tool in turn makes an origin with its
# snapshot with the device directory set to /tmp/dd, where the nodes,
# the links and the reported paths must be, as lvm2 has them (and nothing
# in /dev).
# disks: 1
# disk-size: 1G
# modules: loop
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

step "image files as PVs"
truncate -s 256M /tmp/a.img /tmp/b.img
"$VGTOOL" vgcreate vgimg /tmp/a.img /tmp/b.img
D=--devices=/tmp/a.img,/tmp/b.img
"$VGTOOL" lvcreate $D -L 300M -n span vgimg
table=$(dm_table_named)
[[ $table == *"vgimg-span: 0 "*" linear /dev/loop"* ]] || fail "table not on loop devices: $table"
head -c 4M /dev/urandom >/tmp/data
dd if=/tmp/data of=/dev/mapper/vgimg-span bs=1M oflag=direct status=none
"$VGTOOL" vgchange $D -an vgimg
expect_eq "no loop devices left (autoclear)" "" "$(losetup -a)"
"$VGTOOL" vgchange $D -ay vgimg
expect_eq "data back through new loop devices" "$(md5sum </tmp/data)" "$(head -c 4M /dev/mapper/vgimg-span | md5sum)"
"$VGTOOL" vgremove $D -f vgimg
expect_eq "vgremove -f deactivated everything" "" "$(dmsetup ls | grep vgimg || true)"
expect_eq "and the loops went with it" "" "$(losetup -a)"

step "a plain LV grows and shrinks while active"
"$VGTOOL" vgcreate vg0 ${DISK[0]}
"$VGTOOL" lvcreate -L 40M -n lv vg0
"$VGTOOL" lvextend -L +20M vg0/lv
expect_eq "grown" "vg0-lv: 0 122880 linear disk0 2048" "$(dm_table_named)"
expect_eq "size the kernel sees" "$((60 << 20))" "$(blockdev --getsize64 /dev/mapper/vg0-lv)"
"$VGTOOL" lvreduce -f -L -8M vg0/lv
expect_eq "shrunk" "vg0-lv: 0 106496 linear disk0 2048" "$(dm_table_named)"
"$VGTOOL" lvs vg0

step "a refused dm operation leaves metadata and kernel as they were"
seq=$(lvm_ref vgs --noheadings -o seqno vg0 | tr -d ' ')
before=$(dm_table_named)
expect_rc 5 env VGTOOL_TEST_FAIL_DM_OP=2 "$VGTOOL_TEST" lvcreate -s -L 8M -n snap vg0/lv
expect_eq "kernel unchanged" "$before" "$(dm_table_named)"
expect_eq "no snapshot in the metadata" "lv" "$(lvm_ref lvs --noheadings -o lv_name vg0 | tr -d ' ')"
echo "seqno $seq before, $(lvm_ref vgs --noheadings -o seqno vg0 | tr -d ' ') after (commit and rollback)"
lvm_ref vgck vg0
"$VGTOOL" vgck vg0

step "vgremove -f with active LVs and a snapshot"
# (the installed binary has no hook: the variable changes nothing)
VGTOOL_TEST_FAIL_DM_OP=2 "$VGTOOL" lvcreate -s -L 8M -n snap vg0/lv ||
	fail "$VGTOOL exited $? with VGTOOL_TEST_FAIL_DM_OP=2"
"$VGTOOL" vgremove -f vg0
expect_eq "nothing left" "No devices found" "$(dmsetup table 2>&1)"
[[ ! -e /dev/vg0 ]] || fail "/dev/vg0 left behind"

step "devices/dir: the nodes, links and paths in the configured directory, as lvm2's"
export DM_DISABLE_UDEV=1 # no udevd: libdevmapper makes the nodes
# dd_tree: the tree under /tmp/dd, each block node with its dm device
dd_tree() {
	local p dev
	find /tmp/dd -mindepth 1 | sort | while read -r p; do
		if [[ -L $p ]]; then
			echo "link ${p#/tmp/dd/} -> $(readlink "$p")"
		elif [[ -b $p ]]; then
			dev=$(dmsetup info -c --noheadings --separator ' ' -o major,minor "${p##*/}")
			[[ $(stat -c '%t %T' "$p") == "$(printf '%x %x' $dev)" ]] ||
				fail "$p is not the device ${p##*/} ($dev)"
			echo "block ${p#/tmp/dd/}"
		else
			echo "$(stat -c %F "$p") ${p#/tmp/dd/}"
		fi
	done
}
for t in lvm2 vgtool; do
	if [[ $t == lvm2 ]]; then run=(lvm_ref); else run=("$VGTOOL"); fi
	rm -rf /tmp/dd
	mkdir /tmp/dd
	c=(--config 'devices/dir="/tmp/dd"')
	{
		"${run[@]}" vgcreate -q "${c[@]}" vgdd ${DISK[0]}
		"${run[@]}" lvcreate -q "${c[@]}" -L 8M -n lv vgdd
		"${run[@]}" lvcreate -q "${c[@]}" -s -L 8M -n snap vgdd/lv
	} >/dev/null
	{
		"${run[@]}" lvs "${c[@]}" -a --noheadings -o lv_name,lv_path,lv_dm_path vgdd
		dd_tree
		[[ ! -e /dev/mapper/vgdd-lv && ! -e /dev/vgdd ]] || fail "$t made nodes or links in /dev"
		"${run[@]}" lvchange -an "${c[@]}" /tmp/dd/vgdd/lv
		dd_tree
	} >"$OUT/devices-dir.$t"
	"${run[@]}" vgremove -q -f "${c[@]}" vgdd >/dev/null
done
expect_file_eq "devices/dir: lvm2's and vgtool's" "$OUT/devices-dir.lvm2" "$OUT/devices-dir.vgtool"
sed 's/^/  /' "$OUT/devices-dir.vgtool"
