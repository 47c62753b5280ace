# A snapshot keeps the data its origin had when it was taken: random data
# on the origin, a snapshot taken while the origin is active (and while a
# filesystem on it is mounted), then the origin overwritten; checksums show
# the snapshot old and the origin new, after deactivate/activate, and in a
# second boot of the guest on the same disks.
# disks: 1
# disk-size: 1G
# boots: 2
# modules: ext4
. "$SRCDIR/tests/kernel/lib.sh"
boot=${1:-1}

sum() { md5sum <"$1" | cut -d' ' -f1; }

if ((boot == 1)); then
	step "boot 1: random data, snapshot of the active origin, overwrite"
	"$VGTOOL" vgcreate vg0 ${DISK[0]}
	"$VGTOOL" lvcreate -L 64M -n origin vg0
	head -c 64M /dev/urandom >/tmp/old
	dd if=/tmp/old of=/dev/mapper/vg0-origin bs=1M oflag=direct status=none
	"$VGTOOL" lvcreate -s -L 72M -n snap vg0/origin
	head -c 64M /dev/urandom >/tmp/new
	dd if=/tmp/new of=/dev/mapper/vg0-origin bs=1M oflag=direct status=none
	sum /tmp/old >"$OUT/old.md5"
	sum /tmp/new >"$OUT/new.md5"
	expect_eq "snapshot keeps the old data" "$(cat "$OUT/old.md5")" "$(sum /dev/mapper/vg0-snap)"
	expect_eq "origin has the new data" "$(cat "$OUT/new.md5")" "$(sum /dev/mapper/vg0-origin)"

	step "the same after deactivate / activate"
	"$VGTOOL" vgchange -an vg0
	"$VGTOOL" vgchange -ay vg0
	expect_eq "snapshot after -an/-ay" "$(cat "$OUT/old.md5")" "$(sum /dev/mapper/vg0-snap)"
	expect_eq "origin after -an/-ay" "$(cat "$OUT/new.md5")" "$(sum /dev/mapper/vg0-origin)"

	step "a snapshot of an origin with a mounted filesystem being written"
	"$VGTOOL" lvcreate -L 64M -n fs vg0
	mkfs.ext4 -q /dev/mapper/vg0-fs
	mkdir -p /tmp/mnt
	mount /dev/mapper/vg0-fs /tmp/mnt
	head -c 8M /dev/urandom >/tmp/mnt/before
	sync
	sum /tmp/mnt/before >"$OUT/fs-before.md5"
	(for i in $(seq 1 50); do head -c 256k /dev/urandom >/tmp/mnt/during.$i; done) &
	writer=$!
	"$VGTOOL" lvcreate -s -L 32M -n fs-snap vg0/fs
	wait $writer
	head -c 8M /dev/urandom >/tmp/mnt/before # overwrite after the snapshot
	sync
	umount /tmp/mnt
	"$VGTOOL" vgchange -an vg0
	"$VGTOOL" vgchange -ay vg0
	mkdir -p /tmp/snapmnt
	mount -o ro,noload /dev/mapper/vg0-fs--snap /tmp/snapmnt
	expect_eq "file in the snapshot as it was" "$(cat "$OUT/fs-before.md5")" "$(sum /tmp/snapmnt/before)"
	umount /tmp/snapmnt
	"$VGTOOL" vgchange -an vg0
else
	step "boot 2: the same disks in a fresh kernel"
	"$VGTOOL" vgchange -ay vg0
	expect_eq "snapshot in boot 2" "$(cat "$OUT/old.md5")" "$(sum /dev/mapper/vg0-snap)"
	expect_eq "origin in boot 2" "$(cat "$OUT/new.md5")" "$(sum /dev/mapper/vg0-origin)"
	mkdir -p /tmp/snapmnt
	mount -o ro,noload /dev/mapper/vg0-fs--snap /tmp/snapmnt
	expect_eq "fs snapshot in boot 2" "$(cat "$OUT/fs-before.md5")" "$(sum /tmp/snapmnt/before)"
	umount /tmp/snapmnt
	"$VGTOOL" vgchange -an vg0
fi
