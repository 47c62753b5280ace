# The sandbox itself: what every other scenario relies on.
# disks: 2
# timeout: 60
. "$SRCDIR/tests/kernel/lib.sh"

step "device-mapper is there"
dmsetup version
[[ -c /dev/mapper/control ]] || fail "/dev/mapper/control missing after insmod dm-mod"
for m in dm_mod dm_bufio dm_snapshot; do
	[[ -d /sys/module/$m ]] || fail "module $m not loaded"
done

step "disks: $DISKS"
expect_eq "DISKS" "${DISK[0]} ${DISK[1]}" "$DISKS"
for d in $DISKS; do
	[[ -b $d ]] || fail "$d is not a block device"
	expect_eq "size of $d in bytes" 2147483648 "$(blockdev --getsize64 "$d")"
done

step "writable scratch and result folders, the checkout visible"
for d in /tmp /run; do
	expect_eq "filesystem on $d" tmpfs "$(stat -f -c %T "$d")"
done
touch /tmp/scratch /run/lock/scratch "$OUT/written-by-guest"
[[ -f $SRCDIR/tests/kernel/lib.sh ]] || fail "checkout not visible at $SRCDIR"
if touch "$SRCDIR/tests/kernel/scratch" 2>/dev/null; then
	fail "the checkout is writable from the guest"
fi
[[ $(cat <(echo ok)) == ok ]] || fail "process substitution (/dev/fd) does not work"
