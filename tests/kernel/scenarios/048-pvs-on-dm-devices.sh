# PVs where real systems keep them, side by side with lvm2: a VG on a LUKS2
# container made by lvm2 is seen, reported, activated as the four-device
# stack and changed by vgtool, and one made by vgtool is used by lvm2; a VG
# on a plain dm linear device likewise; a PV on a multipath device is seen
# there and not on its path (component detection); a cloned disk shows the
# same PV twice: both tools print the same warnings and refuse to change or
# activate the VG until a filter (vgtool.conf, --config, or lvm2's own
# lvm.conf) hides the copy.
# disks: 6
# disk-size: 128M
# modules: dm-crypt xts algif_skcipher dm-multipath dm-round-robin
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1 # no udevd: dmsetup and cryptsetup make their nodes

# same WHAT CMD...: lvm2 and vgtool print the same stdout and exit alike
same() {
	local what=$1 a b ra=0 rb=0
	shift
	a=$(lvm_ref "$@" 2>/tmp/lvm2.err) || ra=$?
	b=$("$VGTOOL" "$@" 2>/tmp/vgtool.err) || rb=$?
	expect_eq "$what (exit status)" "$ra" "$rb"
	expect_eq "$what" "$a" "$b"
}

head -c 64 /dev/urandom >/tmp/key
luks() { # DISK NAME
	cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file /tmp/key "$1"
	cryptsetup open --key-file /tmp/key "$1" "$2"
}

step "lvm2 makes VG lk on LUKS2 (disk 0), with a snapshot, and deactivates it"
luks "${DISK[0]}" luks0
lvm_ref pvcreate -q /dev/mapper/luks0
lvm_ref vgcreate -q lk /dev/mapper/luks0
lvm_ref lvcreate -q -L 32M -n base lk
lvm_ref lvcreate -q -s -L 8M -n snap lk/base
lvm_ref vgchange -q -an lk

step "vgtool sees it where lvm2 does and reports it alike"
same "pvs" pvs -o pv_name,vg_name,pv_size,pv_free
same "lvs lk" lvs -o lv_name,lv_attr,lv_size,origin lk
"$VGTOOL" vgchange -ay lk
expect_eq "the stack on the LUKS device" "\
lk-base: 0 65536 snapshot-origin lk-base-real
lk-base-real: 0 65536 linear luks0 2048
lk-snap: 0 65536 snapshot lk-base-real lk-snap-cow P 8
lk-snap-cow: 0 16384 linear luks0 67584" "$(dm_table_named | grep '^lk-')"
"$VGTOOL" lvcreate -q -L 8M -n more lk
"$VGTOOL" vgchange -an lk
lvm_ref vgck lk
same "lvs lk after vgtool's change" lvs -o lv_name,lv_attr,lv_size,origin lk

step "vgtool makes VG vk on LUKS2 (disk 1); lvm2 activates it alike"
luks "${DISK[1]}" luks1
"$VGTOOL" vgcreate -q vk /dev/mapper/luks1
"$VGTOOL" lvcreate -q -an -L 32M -n base vk
"$VGTOOL" lvcreate -q -s -L 8M -n snap vk/base
same "pvs of both" pvs -o pv_name,vg_name,pv_size,pv_free
lvm_ref vgchange -q -ay vk
expect_eq "lvm2's stack on vgtool's LUKS PV" "\
vk-base: 0 65536 snapshot-origin vk-base-real
vk-base-real: 0 65536 linear luks1 2048
vk-snap: 0 65536 snapshot vk-base-real vk-snap-cow P 8
vk-snap-cow: 0 16384 linear luks1 67584" "$(dm_table_named | grep '^vk-')"
lvm_ref vgchange -q -an vk

step "a PV on a plain dm linear device (disk 2 at 1 MiB)"
dmsetup create lin --table "0 $((100 * 2048)) linear ${DISK[2]} 2048"
lvm_ref vgcreate -q ll /dev/mapper/lin
lvm_ref lvcreate -q -an -L 16M -n lv ll
same "pvs with the dm linear PV" pvs -o pv_name,vg_name,pv_size
"$VGTOOL" vgchange -ay ll
expect_eq "ll's LV on lin" "ll-lv: 0 32768 linear lin 2048" "$(dm_table_named | grep '^ll-')"
"$VGTOOL" vgchange -an ll

step "a PV on a multipath device (disk 3 its one path): seen once, on the multipath device"
size=$(blockdev --getsz "${DISK[3]}")
dmsetup create mp0 --uuid mpath-vgtool-test-0 \
	--table "0 $size multipath 0 0 1 1 round-robin 0 1 1 $(disk_devno 3) 1000"
lvm_ref vgcreate -q mp /dev/mapper/mp0
same "pvs with a multipath PV" pvs -o pv_name,vg_name
"$VGTOOL" pvs --noheadings -o pv_name | grep -q "^ *${DISK[3]}\$" && fail "the multipath path was scanned"
"$VGTOOL" vgs mp >/dev/null
# (lvm2 2.03.16 does not recognise this hand-made multipath device as one,
# with no multipathd and no /etc/multipath/wwids: it warns that the path
# duplicates the PV, prefers mp0 and shows the same pvs; vgtool leaves the
# path out silently.  Gone before the next step, whose warnings are compared.)
dmsetup remove mp0

step "a cloned disk: disk 5 a copy of disk 4's VG cl"
"$VGTOOL" vgcreate -q cl "${DISK[4]}"
"$VGTOOL" lvcreate -q -an -L 8M -n lv cl
dd if="${DISK[4]}" of="${DISK[5]}" bs=1M count=2 conv=fsync status=none
for tool in lvm2 vgtool; do
	rc=0
	if [[ $tool == lvm2 ]]; then
		lvm_ref lvcreate -q -an -L 4M -n new cl >/tmp/$tool.out 2>&1 || rc=$?
		lvm_ref vgchange -ay cl >/tmp/$tool.act 2>&1 || true
	else
		"$VGTOOL" lvcreate -q -an -L 4M -n new cl >/tmp/$tool.out 2>&1 || rc=$?
		"$VGTOOL" vgchange -ay cl >/tmp/$tool.act 2>&1 || true
	fi
	expect_eq "$tool: lvcreate in a VG with a duplicate PV" 5 "$rc"
	grep -q '^  Cannot update volume group cl with duplicate PV devices\.$' /tmp/$tool.out ||
		fail "$tool: no refusal line: $(cat /tmp/$tool.out)"
	grep -q 'Cannot activate LVs in VG cl while PVs appear on duplicate devices' /tmp/$tool.act ||
		fail "$tool: activation not refused: $(cat /tmp/$tool.act)"
	grep '^  WARNING: ' /tmp/$tool.out | sort -u >/tmp/$tool.warn
done
expect_file_eq "the duplicate warnings" /tmp/lvm2.warn /tmp/vgtool.warn
[[ -s /tmp/vgtool.warn ]] || fail "no duplicate warning"
cat /tmp/vgtool.warn
expect_eq "nothing activated" "" "$(dm_table_named | grep '^cl-' || true)"

step "a filter hides the copy: --config, vgtool.conf, lvm2's lvm.conf"
hide="devices { global_filter = [ \"r|^${DISK[5]}\$|\" ] }"
"$VGTOOL" lvcreate --config "$hide" -q -an -L 4M -n byconfig cl
printf '%s\n' "$hide" >"$VGTOOL_SYSTEM_DIR/vgtool.conf"
"$VGTOOL" lvcreate -q -an -L 4M -n byvgtoolconf cl
rm "$VGTOOL_SYSTEM_DIR/vgtool.conf"
printf '%s\n' "$hide" >>"$LVM_SYSTEM_DIR/lvm.conf"
"$VGTOOL" lvcreate -q -an -L 4M -n bylvmconf cl
lvm_ref lvcreate -q -an -L 4M -n bylvm2 cl
same "lvs cl with the copy hidden" lvs -o lv_name,lv_size cl
expect_eq "no warning with the copy hidden" "" "$("$VGTOOL" lvs cl 2>&1 >/dev/null)"

step "scan_lvs=1 looks inside LVs (a PV on an LV); by default it does not"
"$VGTOOL" lvcreate -q -L 16M -n inner lk
"$VGTOOL" pvcreate -q /dev/mapper/lk-inner
"$VGTOOL" pvs --noheadings -o pv_name | grep -qE 'lk-inner|lk/inner' && fail "an LV was scanned with scan_lvs=0"
# (named /dev/VG/LV, the name lvm2 prefers for an LV to /dev/mapper's)
for tool in "$VGTOOL" lvm_ref; do
	names=$("$tool" pvs --config 'devices { scan_lvs = 1 }' --noheadings -o pv_name 2>&1)
	grep -qE '^ */dev/lk/inner *$' <<<"$names" ||
		fail "$tool: scan_lvs=1 did not find the PV on lk/inner as /dev/lk/inner: $names"
done
