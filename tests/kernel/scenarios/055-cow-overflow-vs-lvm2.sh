# A snapshot that overflows, with no watchdog running, side by side with
# lvm2: twin stacks (a 1 MiB origin with the same data, a snapshot with the
# smallest COW both allow: 3 chunks of 4 KiB) made by each tool; a writer
# (dd oflag=direct) fills the COW and goes on.  Compared between the tools
# at every step: lvs (lv_attr with I, Snap% and Data% at 100.00), dmsetup
# status and tables, the origin's data (the checksum of what was last
# written, both during and after), vgchange -an/-ay and lvchange with the
# invalid snapshot (it comes back invalid; lvchange wants -y, as it takes
# the origin along), and lvremove of it (the origin folds
# back to one linear device); the monitor exits 5 naming the snapshot and
# the cure, and changes nothing.  The smallest COW is refused below 3
# chunks in lvm2's words.
# disks: 2
# disk-size: 256M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"
export DM_DISABLE_UDEV=1

tools=(lvm_ref "$VGTOOL")
vgs=(vgl vgt)
# run_both NAME CMD ARGS (@VG@ for the VG): each tool on its VG; the
# outputs (VG and disk names made alike) and exit statuses must be equal
run_both() {
	local name=$1 i rc out
	shift
	for i in 0 1; do
		rc=0
		out=$(${tools[i]} "${@//@VG@/${vgs[i]}}" 2>&1) || rc=$?
		printf '%s\n' "$out" | sed "s/${vgs[i]}/VG/g;s#${DISK[i]}#PV#g" >"$OUT/$name.$i"
		echo "rc=$rc" >>"$OUT/$name.$i"
	done
	sed "s/^/[$name] /" "$OUT/$name.1"
	expect_file_eq "$name: lvm2 vs vgtool" "$OUT/$name.0" "$OUT/$name.1"
}
# the kernel's view of one VG, names made alike
kernel_of() { # VG DISKNUMBER
	{
		dmsetup status | grep "^$1-" | sort
		dm_table_named | grep "^$1-"
	} | sed "s/$1/VG/g;s/\bdisk$2\b/PV/g"
}
same_kernel() { # WHAT
	expect_eq "$1: kernel of vgtool's stack as lvm2's" "$(kernel_of vgl 0)" "$(kernel_of vgt 1)"
}
lvs_both() { run_both "$1" lvs -a -o lv_name,lv_attr,lv_size,snap_percent,data_percent,lv_snapshot_invalid @VG@; }
# write_both SEEK COUNT: the same 4 KiB blocks of /tmp/new to both origins
# and to the expected image
write_both() {
	local vg
	for vg in "${vgs[@]}"; do
		dd if=/tmp/new of=/dev/mapper/$vg-origin bs=4k skip=$1 seek=$1 count=$2 oflag=direct \
			status=none
	done
	dd if=/tmp/new of=/tmp/expect bs=4k skip=$1 seek=$1 count=$2 conv=notrunc status=none
}
origins_hold() { # WHAT: both origins hold what was last written
	local want vg
	want=$(md5sum </tmp/expect)
	for vg in "${vgs[@]}"; do
		expect_eq "$1: $vg/origin holds what was last written" "$want" \
			"$(dd if=/dev/mapper/$vg-origin bs=64k iflag=direct status=none | md5sum)"
	done
}

head -c 1M /dev/urandom >/tmp/expect
head -c 1M /dev/urandom >/tmp/new
lvm_ref vgcreate -q -s 4k vgl ${DISK[0]}
"$VGTOOL" vgcreate -q -s 4k vgt ${DISK[1]}
run_both origin lvcreate -L 1m -n origin @VG@
for vg in "${vgs[@]}"; do
	dd if=/tmp/expect of=/dev/mapper/$vg-origin bs=64k oflag=direct status=none
done

step "the smallest COW: 3 chunks, in lvm2's words below that"
run_both too-small lvcreate -s -l 2 -c 4k -n snap @VG@/origin
run_both snap lvcreate -s -l 3 -c 4k -n snap @VG@/origin
lvs_both fresh
same_kernel "fresh stack"

step "a writer fills the COW (1 data chunk) and goes on: the snapshot is invalid"
write_both 10 1
lvs_both one-chunk
write_both 20 2
[[ $(dmsetup status vgt-snap) == *" Invalid" ]] || fail "vgt/snap is not invalid: $(dmsetup status vgt-snap)"
lvs_both invalid
same_kernel "invalid snapshot"
origins_hold "after the overflow"
write_both 100 50
origins_hold "writes after the overflow"
# the invalid snapshot cannot be read (the kernel's EIO for both)
for vg in "${vgs[@]}"; do
	expect_rc 1 dd if=/dev/mapper/$vg-snap of=/dev/null bs=4k count=1 iflag=direct status=none
done

step "the monitor: exit 5, the snapshot and the cure named, nothing changed"
seq0=$(lvm_ref vgs --noheadings -o seqno vgt)
kernel0=$(dm_table_named)
rc=0
"$VGTOOL" monitor vgt >"$OUT/monitor.out" 2>"$OUT/monitor.err" || rc=$?
cat "$OUT/monitor.out" "$OUT/monitor.err"
expect_eq "monitor's exit status" 5 $rc
expect_eq "monitor's line" "  vgt/snap: snapshot is invalid (its COW filled; its data is lost): remove it with lvremove vgt/snap." \
	"$(cat "$OUT/monitor.err")"
# (no size: the kernel's status of an invalid snapshot tells none)
grep -q "^  snap vgt  *100.00  *invalid  *the kernel invalidated it: its data is lost\$" "$OUT/monitor.out" ||
	fail "the report does not say invalid, without sizes"
expect_eq "monitor: seqno unchanged" "$seq0" "$(lvm_ref vgs --noheadings -o seqno vgt)"
expect_eq "monitor: kernel unchanged" "$kernel0" "$(dm_table_named)"
# lvm2's VG is watched as well: both snapshots named
rc=0
"$VGTOOL" monitor >/dev/null 2>"$OUT/monitor-all.err" || rc=$?
expect_eq "monitor of every VG: exit status" 5 $rc
expect_eq "monitor of every VG: one line each" "  vgl/snap: snapshot is invalid (its COW filled; its data is lost): remove it with lvremove vgl/snap.
  vgt/snap: snapshot is invalid (its COW filled; its data is lost): remove it with lvremove vgt/snap." \
	"$(sort "$OUT/monitor-all.err")"

step "vgchange -an, -ay: the snapshot comes back, invalid"
run_both deactivate vgchange -an @VG@
lvs_both inactive
expect_eq "nothing left in the kernel" "" "$(dm_table_named)"
run_both activate vgchange -ay @VG@
lvs_both reactivated
same_kernel "reactivated"
origins_hold "after reactivation"
write_both 200 10
origins_hold "writes after reactivation"

step "lvchange of the invalid snapshot: both want -y (it takes the origin along)"
for i in 0 1; do
	expect_rc 5 ${tools[i]} lvchange -ay ${vgs[i]}/snap </dev/null
	expect_rc 5 ${tools[i]} lvchange -an ${vgs[i]}/snap </dev/null
done
same_kernel "after the refused lvchange"
run_both lvchange-an lvchange -an -y @VG@/snap
run_both lvchange-ay lvchange -ay -y @VG@/snap
lvs_both lvchange
same_kernel "after lvchange -an, -ay"
origins_hold "after lvchange"

step "lvremove of the invalid snapshot folds the stack back"
run_both remove lvremove -y @VG@/snap
lvs_both removed
same_kernel "folded"
expect_eq "vgtool's origin is one linear device" "vgt-origin: 0 2048 linear disk1 2048" \
	"$(dm_table_named | grep '^vgt-')"
origins_hold "after lvremove"
lvm_ref vgck vgt
"$VGTOOL" vgck vgl
rc=0
"$VGTOOL" monitor >"$OUT/monitor-after.out" 2>&1 || rc=$?
expect_eq "monitor with no snapshot left" 0 $rc

step "an invalid snapshot of an inactive stack: removed the same way"
run_both snap2 lvcreate -s -l 3 -c 4k -n snap2 @VG@/origin
write_both 230 3
[[ $(dmsetup status vgt-snap2) == *" Invalid" ]] || fail "vgt/snap2 is not invalid"
run_both deactivate2 vgchange -an @VG@
run_both remove2 lvremove -y @VG@/snap2
lvs_both removed2
expect_eq "nothing in the kernel" "" "$(dm_table_named)"
run_both activate2 vgchange -ay @VG@
same_kernel "origin alone"
origins_hold "at the end"
