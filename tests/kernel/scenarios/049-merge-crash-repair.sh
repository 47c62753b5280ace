# lvconvert --merge of a live, unopened stack killed after each of its
# device-mapper operations (VGTOOL_TEST_CRASH_AFTER_DM_OP, in the test
# build $VGTOOL_TEST), through the
# start of the merge and the fold at its end: the next vgchange -ay must
# complete whatever was left, although a snapshot-merge table loaded and
# never resumed is among it (the kernel refuses a second table waiting on
# the same COW: "Snapshot cow pairing for exception table handover
# failed"); the merge then ends with the origin holding the snapshot's data.
# disks: 1
# disk-size: 512M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

sum() { dd if="$1" bs=1M count=16 iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1; }

step "setup"
"$VGTOOL" vgcreate vg0 "${DISK[0]}" >/dev/null
"$VGTOOL" lvcreate -L 16M -n base vg0 >/dev/null

n=1
while :; do
	dd if=/dev/urandom of=/dev/vg0/base bs=1M count=16 oflag=direct 2>/dev/null
	"$VGTOOL" lvcreate -s -L 24M -n snap vg0/base >/dev/null
	dd if=/dev/urandom of=/dev/vg0/base bs=1M count=8 oflag=direct 2>/dev/null
	want=$(sum /dev/vg0/snap)
	rc=0
	VGTOOL_TEST_CRASH_AFTER_DM_OP=$n "$VGTOOL_TEST" lvconvert --interval 0 --merge vg0/snap \
		>"$OUT/merge.$n" 2>&1 || rc=$?
	dmsetup info -c -o name,attr >"$OUT/left.$n"
	"$VGTOOL" vgchange -ay --poll n vg0 >"$OUT/repair.$n" 2>&1 ||
		fail "vgchange -ay after a crash at op $n: $(cat "$OUT/repair.$n") $(dmesg | tail -n 2 | xargs)"
	if "$VGTOOL" lvs -a --noheadings -o lv_name vg0 | grep -q snap; then
		dmsetup table vg0-base | grep -q snapshot-merge ||
			fail "no merge running after the repair of a crash at op $n: $(dmsetup table)"
		# the watchdog finishes a merge nobody polls
		for ((i = 0; i < 100; i++)); do
			"$VGTOOL" monitor --once >/dev/null 2>&1 || true
			"$VGTOOL" lvs -a --noheadings -o lv_name vg0 | grep -q snap || break
			sleep 0.1
		done
	fi
	"$VGTOOL" lvs -a --noheadings -o lv_name vg0 | grep -q snap &&
		fail "the merge did not end (crash at op $n)"
	expect_eq "tables after the merge (crash at op $n)" "vg0-base: 0 32768 linear disk0 2048" \
		"$(dm_table_named)"
	expect_eq "the origin holds the snapshot's data (crash at op $n)" "$want" "$(sum /dev/vg0/base)"
	((rc == 99)) || break
	n=$((n + 1))
done
# 6 ops start the merge, 6 fold the stack at its end: 10 points between
# two ops of one plan
((n > 10)) || fail "too few dm operations were interrupted ($n)"
step "crash repair: $n points tried"
