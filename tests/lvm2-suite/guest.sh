#!/bin/bash
# Runs in the sandbox's guest (tests/lvm2-suite/run boots it):
#   guest.sh HARNESS TOOL TIMEOUT TEST...
# each TEST of lvm2's harness in turn, as lvm2's runner starts them (bash
# -noprofile -norc, from the harness's folder, flavour ndev-vanilla),
# writing $OUT/result.TEST ("pass|skip|fail (why)" and seconds) and
# $OUT/log.TEST.
set -u
harness=$1 tool=$2 timeout=$3
shift 3

# A private copy: the tests write next to their harness, and the host's
# tree is read-only here.
cp -a "$harness" /tmp/harness || exit 1
cd /tmp/harness || exit 1
export VGTOOL_SUITE_TOOL=$tool VGTOOL_SUITE_BIN=$VGTOOL
VGTOOL_SUITE_COMMANDS=$("$VGTOOL" help | awk '/^Commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }' | tr '\n' ' ')
export VGTOOL_SUITE_COMMANDS
# ndev: no udev in this guest, devices from the harness; loop devices
# over the guest's tmpfs rather than brd, whose size is fixed at its
# first load
export LVM_TEST_FLAVOUR=ndev-vanilla LVM_TEST_PREFER_BRD=0 LVM_TEST_DIR=/tmp
export DM_DISABLE_UDEV=1

for t; do
	export VGTOOL_SUITE_MISSING=/tmp/missing.$t
	rm -f "$VGTOOL_SUITE_MISSING"
	start=$SECONDS
	timeout -k 10 "$timeout" bash -noprofile -norc "shell/$t.sh" >"$OUT/log.$t" 2>&1 </dev/null
	rc=$?
	secs=$((SECONDS - start))
	case $rc in
	0) res=pass ;;
	200) res=skip ;;
	124 | 137) res="fail (timeout after ${timeout}s)" ;;
	*) res="fail (exit $rc)" ;;
	esac
	if [[ $tool == vgtool && -s $VGTOOL_SUITE_MISSING && $res != skip ]]; then
		res="fail (not a vgtool command: $(head -1 "$VGTOOL_SUITE_MISSING"))"
		sed 's/^/## lvm2-suite: not a vgtool command: /' "$VGTOOL_SUITE_MISSING" >>"$OUT/log.$t"
	fi
	echo "$secs $res" >"$OUT/result.$t"
	echo "lvm2-suite: $t: $res ($secs s)"
	# what a test that failed half-way left behind must not reach the next
	dmsetup remove_all --force >/dev/null 2>&1
	losetup -D >/dev/null 2>&1
	rm -rf /tmp/LVMTEST* /tmp/missing.*
done
exit 0
