# A linear device made with `dmsetup create` over the first disk at an offset
# reads back what was written through it, and the data lands at that offset
# on the disk.
# disks: 1
. "$SRCDIR/tests/kernel/lib.sh"

# No udevd runs here and dmsetup leaves /dev/mapper nodes to udev: this
# makes libdevmapper create and remove them itself.
export DM_DISABLE_UDEV=1

disk=${DISK[0]}
offset=2048 # sectors
length=8192 # sectors: 4 MiB

step "create a linear device: $length sectors at sector $offset of $disk"
dmsetup create lin --table "0 $length linear $disk $offset"
expect_eq "table" "0 $length linear $(disk_devno 0) $offset" "$(dmsetup table lin)"
expect_eq "size in sectors" "$length" "$(blockdev --getsz /dev/mapper/lin)"

step "write 4 MiB of random data through it"
head -c $((length * 512)) /dev/urandom >/tmp/data
want=$(sha256sum </tmp/data)
# Direct I/O, so that reads come from the disk, not from the page cache.
dd if=/tmp/data of=/dev/mapper/lin bs=1M oflag=direct status=none

step "read it back through the dm device"
expect_eq "sha256 read through /dev/mapper/lin" "$want" \
	"$(dd if=/dev/mapper/lin bs=1M iflag=direct status=none | sha256sum)"

step "read it back from $disk at sector $offset"
expect_eq "sha256 of $disk at sector $offset" "$want" \
	"$(dd if=$disk bs=1M skip=$((offset * 512)) count=$((length * 512)) \
		iflag=direct,skip_bytes,count_bytes status=none | sha256sum)"
expect_eq "sha256 of $disk before sector $offset (untouched, zero)" \
	"$(head -c $((offset * 512)) /dev/zero | sha256sum)" \
	"$(dd if=$disk bs=1M count=$((offset * 512)) iflag=direct,count_bytes status=none | sha256sum)"

step "remove it"
dmsetup remove lin
expect_eq "dm devices left" "No devices found" "$(dmsetup ls)"
