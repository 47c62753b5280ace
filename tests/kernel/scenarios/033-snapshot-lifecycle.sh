# The snapshot stack through its life: several snapshots of one origin,
# removal of each (the last one folds the stack back to one linear device
# under the origin's name and UUID), removing an origin with -f, live
# extension of a COW, rename of active LVs and VGs (kernel names follow),
# --test (prints, changes nothing), and repair of stacks left half-built by
# a crash between any two device-mapper operations (the test build,
# $VGTOOL_TEST, crashes on request; the installed binary does not).
# disks: 2
# disk-size: 1G
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

tables() { dm_table_named; }

# (where lvm2 puts the extents: each new LV on the first PV, every
# candidate area giving the same; lib/metadata/alloc.c)
"$VGTOOL" vgcreate vg0 ${DISK[0]} ${DISK[1]}
"$VGTOOL" lvcreate -L 40M -n base vg0
base_uuid=$(dm_uuids)

step "two snapshots of one origin"
"$VGTOOL" lvcreate -s -L 8M -n s1 vg0/base
"$VGTOOL" lvcreate -s -c 64k -L 12M -n s2 vg0/base
expect_eq "stack with two snapshots" "\
vg0-base: 0 81920 snapshot-origin vg0-base-real
vg0-base-real: 0 81920 linear disk0 2048
vg0-s1: 0 81920 snapshot vg0-base-real vg0-s1-cow P 8
vg0-s1-cow: 0 16384 linear disk0 83968
vg0-s2: 0 81920 snapshot vg0-base-real vg0-s2-cow P 128
vg0-s2-cow: 0 24576 linear disk0 100352" "$(tables)"

step "--test prints the plan and changes nothing"
before=$(tables)
seq_before=$(lvm_ref vgs --noheadings -o seqno vg0)
"$VGTOOL" lvcreate -t -s -L 8M -n s3 vg0/base >/tmp/test.out
grep -q 'create vg0-s3-cow' /tmp/test.out || fail "--test did not print the plan: $(cat /tmp/test.out)"
expect_eq "tables after --test" "$before" "$(tables)"
expect_eq "seqno after --test" "$seq_before" "$(lvm_ref vgs --noheadings -o seqno vg0)"

step "live extension of a COW"
"$VGTOOL" lvextend -L +8M vg0/s1
# (the COW's neighbour is s2's COW: the new extents cling to the same PV)
expect_eq "s1-cow grown" "vg0-s1-cow: 0 16384 linear disk0 83968
vg0-s1-cow: 16384 16384 linear disk0 124928" "$(tables | grep "^vg0-s1-cow")"
expect_rc 5 "$VGTOOL" lvextend -L +8M vg0/base

step "rename of active LVs and of the VG"
"$VGTOOL" lvrename vg0 s2 s2-renamed
expect_eq "renamed devices" "vg0-s2--renamed vg0-s2--renamed-cow" "$(dmsetup ls | awk '{print $1}' | grep s2 | sort | xargs)"
[[ -L /dev/vg0/s2-renamed && ! -e /dev/vg0/s2 ]] || fail "links did not follow the rename"
"$VGTOOL" vgrename vg0 vg1
expect_eq "devices of vg1" "vg1-base vg1-base-real vg1-s1 vg1-s1-cow vg1-s2--renamed vg1-s2--renamed-cow" "$(dmsetup ls | awk '{print $1}' | sort | xargs)"
[[ -L /dev/vg1/base && ! -e /dev/vg0 ]] || fail "links did not follow the VG rename"
"$VGTOOL" vgrename vg1 vg0

step "removing the snapshots one by one folds the stack"
"$VGTOOL" lvremove -y vg0/s1
"$VGTOOL" lvremove -y vg0/s2-renamed
expect_eq "folded" "vg0-base: 0 81920 linear disk0 2048" "$(tables)"
expect_eq "origin keeps its name and uuid" "$base_uuid" "$(dm_uuids)"

step "an origin with snapshots needs -f, which removes them too"
"$VGTOOL" lvcreate -s -L 8M -n s1 vg0/base
expect_rc 5 "$VGTOOL" lvremove vg0/base
"$VGTOOL" lvremove -f vg0/base
expect_eq "nothing left" "No devices found" "$(dmsetup table 2>&1)"

step "a crash between any two dm operations is repaired by the next vgchange"
"$VGTOOL" lvcreate -L 40M -n base vg0
# the installed binary has no hook: the variable changes nothing
VGTOOL_TEST_CRASH_AFTER_DM_OP=1 "$VGTOOL" lvcreate -s -L 8M -n snap vg0/base >/dev/null ||
	fail "$VGTOOL exited $? with VGTOOL_TEST_CRASH_AFTER_DM_OP=1"
"$VGTOOL" lvremove -y vg0/snap >/dev/null
n=1
while :; do
	rc=0
	VGTOOL_TEST_CRASH_AFTER_DM_OP=$n "$VGTOOL_TEST" lvcreate -s -L 8M -n snap vg0/base >/dev/null 2>&1 || rc=$?
	"$VGTOOL" vgchange -ay vg0 >/dev/null
	expect_eq "stack repaired after a crash at op $n" "\
vg0-base: 0 81920 snapshot-origin vg0-base-real
vg0-base-real: 0 81920 linear disk0 2048
vg0-snap: 0 81920 snapshot vg0-base-real vg0-snap-cow P 8
vg0-snap-cow: 0 16384 linear disk0 83968" "$(tables)"
	"$VGTOOL" lvremove -y vg0/snap >/dev/null
	((rc == 99)) || break
	n=$((n + 1))
done
((n > 3)) || fail "too few dm operations were interrupted ($n)"
n=1
"$VGTOOL" lvcreate -s -L 8M -n snap vg0/base >/dev/null
while :; do
	rc=0
	VGTOOL_TEST_CRASH_AFTER_DM_OP=$n "$VGTOOL_TEST" vgchange -an vg0 >/dev/null 2>&1 || rc=$?
	"$VGTOOL" vgchange -an vg0 >/dev/null
	expect_eq "-an completed after a crash at op $n" "No devices found" "$(dmsetup table 2>&1)"
	"$VGTOOL" vgchange -ay vg0 >/dev/null
	((rc == 99)) || break
	n=$((n + 1))
done
step "crash repair: $n points tried"
