# Two VGs of one name (a cloned disk, or two made apart with --devices):
# lvm2 warns once per command and lists both in its reports, scans and
# vgck, and refuses a command that names the VG.  vgtool must print the
# same (stdout, the warning lines on stderr, exit status).  Activation
# of all VGs is the one place vgtool differs, on purpose: lvm2 activates
# both with a warning that it is dangerous and may fail (their devices
# can collide by name); vgtool refuses the name, as when it is named.
# disks: 3
# disk-size: 128M
# timeout: 240
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mismatches=0
n=0

step "two VGs named dup, and another"
lvm_ref vgcreate -q dup "${DISK[0]}"
lvm_ref lvcreate -q -an -L 4M -n a dup
lvm_ref vgcreate -q --devices "${DISK[1]}" dup "${DISK[1]}"
lvm_ref lvcreate -q -an -L 8M -n b --devices "${DISK[1]}" dup
"$VGTOOL" vgcreate -q other "${DISK[2]}"

# same ARGS...: same stdout and exit status (same_output), and the same
# warning lines on stderr
same() {
	same_output "$@"
	if ! cmp -s <(grep -E 'WARNING: VG name|Fix duplicate VG' "$OUT/cmp/$n.lvm2.err") \
		<(grep -E 'WARNING: VG name|Fix duplicate VG' "$OUT/cmp/$n.vgtool.err"); then
		diff -u --label "lvm2 $* (stderr)" --label "vgtool $* (stderr)" \
			"$OUT/cmp/$n.lvm2.err" "$OUT/cmp/$n.vgtool.err" >&2 || true
		mismatches=$((mismatches + 1))
	fi
}

step "listed: both, after lvm2's warning"
same vgs
same lvs
same pvs
same vgs -o vg_name,vg_uuid,lv_count --noheadings
same pvs -o pv_name,vg_name,vg_uuid
same lvs -o lv_name,vg_name,vg_uuid
same vgdisplay
same pvscan
same vgscan
same lvscan
same vgs -S vg_name=dup
same fullreport
same vgck
grep -q 'WARNING: VG name dup is used by VGs' "$OUT/cmp/1.vgtool.err" || fail "vgtool did not warn"
[[ $(grep -c '^  dup ' "$OUT/cmp/1.vgtool") == 2 ]] || fail "vgtool's vgs did not list both VGs named dup"

step "named: refused, as lvm2"
same vgs dup
same lvs dup
same vgck dup

step "vgrename by uuid makes them two again"
uuid=$(lvm_ref vgs --noheadings -o vg_uuid --devices "${DISK[1]}" dup | tr -d ' ')
"$VGTOOL" vgrename "$uuid" dup2
same vgs
same lvs

((mismatches == 0)) || fail "$mismatches of $n commands differ from lvm2 (diffs above; outputs in $OUT/cmp)"
echo "all $n commands match lvm2"
