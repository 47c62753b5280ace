# A crash at any write of a commit leaves the old or the new VG, never
# neither.  VGTOOL_TEST_CRASH_AFTER_WRITE=N stops the test build
# ($VGTOOL_TEST) dead right after its Nth write; for a create, an extend and
# a remove on a two-PV VG, every N is tried until the command completes, and
# after each crash the VG must read (by vgtool and by lvm2) as exactly the
# old or the new version.  The installed binary ignores the variable.
# disks: 2
# disk-size: 256M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

state() { # what both tools see: LV names and sizes
	local a b
	# both tools warn (stderr) about PVs left at the older seqno; the VG
	# they read must be the same
	a=$("$VGTOOL" lvs --noheadings --units s --nosuffix -o lv_name,lv_size vg0 2>/tmp/vgtool.err) ||
		fail "vgtool cannot read vg0: $(cat /tmp/vgtool.err)"
	b=$(lvm_ref lvs --noheadings --units s --nosuffix -o lv_name,lv_size vg0 2>/tmp/lvm2.err) ||
		fail "lvm2 cannot read vg0: $(cat /tmp/lvm2.err)"
	[[ $a == "$b" ]] || fail "vgtool and lvm2 disagree: [$a] vs [$b]"
	echo "$a"
}

"$VGTOOL" vgcreate vg0 ${DISK[0]} ${DISK[1]}
"$VGTOOL" lvcreate -an -L 100M -n keep vg0

# try NAME "DO" "UNDO": crash the vgtool command DO after every write; the
# state must be the old one or the new one; the command UNDO brings the new
# one back to the old.
try() {
	local name=$1 do=$2 undo=$3 old new n=1 rc got
	old=$(state)
	# the installed binary has no hook: the variable changes nothing
	VGTOOL_TEST_CRASH_AFTER_WRITE=1 "$VGTOOL" $do >/dev/null ||
		fail "$name: $VGTOOL exited $? with VGTOOL_TEST_CRASH_AFTER_WRITE=1"
	new=$(state)
	"$VGTOOL" $undo >/dev/null
	[[ $(state) == "$old" ]] || fail "$name: undo did not restore the old state"
	[[ $old != "$new" ]] || fail "$name: the operation changed nothing"
	while :; do
		rc=0
		VGTOOL_TEST_CRASH_AFTER_WRITE=$n "$VGTOOL_TEST" $do >/dev/null 2>&1 || rc=$?
		got=$(state)
		lvm_ref vgck vg0 >/dev/null 2>&1 || echo "note: lvm2 vgck complains after $name crash at write $n"
		"$VGTOOL" vgck vg0 >/dev/null 2>&1 || true
		if [[ $got == "$new" ]]; then
			"$VGTOOL" $undo >/dev/null
		elif [[ $got != "$old" ]]; then
			fail "$name: after a crash at write $n the VG is neither old nor new: $got"
		fi
		if ((rc == 0)); then
			[[ $got == "$new" ]] || fail "$name: completed but the change is missing"
			break
		fi
		((rc == 99)) || fail "$name: exit $rc at write $n (expected the injected crash, 99)"
		n=$((n + 1))
	done
	step "$name: crash at each of the $((n - 1)) writes left old or new"
	((n > 2)) || fail "$name: fewer writes than a two-PV commit needs"
}

try create "lvcreate -an -Zn -L 12M -n new vg0" "lvremove vg0/new"
try extend "lvextend -L +8M vg0/keep" "lvreduce -f -L -8M vg0/keep"
"$VGTOOL" lvcreate -an -Zn -L 12M -n victim vg0
try remove "lvremove vg0/victim" "lvcreate -an -Zn -L 12M -n victim vg0"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0
