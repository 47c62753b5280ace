# lvextend/lvreduce/lvresize -r (--resizefs) and -n (--nofsck), vgtool on
# VG vgt (first disk) and lvm2 2.03.16 (through fsadm) on its twin VG vgl
# (second disk), the same command on both: exit codes and resulting LV and
# filesystem sizes compared (dumpe2fs, xfs_info, df), a file's checksum
# verified after each resize.  ext4 grown mounted and unmounted, shrunk
# unmounted, refused shrinking mounted before any change (LV size and
# seqno kept); XFS grown mounted, refused shrinking; no filesystem, swap,
# an inactive LV, a missing tool, -t.  lvcreate's signature wiping (-W,
# -y) over a swap area left on freed extents.  Where vgtool differs on purpose
# (a snapshot, an unmounted XFS), both answers are checked as they are.
# disks: 2
# disk-size: 2G
# modules: ext4 xfs
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

sum() { md5sum <"$1" | cut -d' ' -f1; }
# the size of LV $2 of VG $1 in sectors, each tool reading its own VG
lvsize() {
	if [[ $1 == vgt ]]; then
		"$VGTOOL" lvs --noheadings --nosuffix --units s -o lv_size "$1/$2" | tr -d ' '
	else
		lvm_ref lvs --noheadings --nosuffix --units s -o lv_size "$1/$2" | tr -d ' '
	fi
}
seqno() { "$VGTOOL" vgs --noheadings -o vg_seqno vgt | tr -d ' '; }
# an ext filesystem's size in bytes, from its superblock
ext_bytes() {
	local count size
	count=$(dumpe2fs -h "$1" 2>/dev/null | sed -n 's/^Block count: *//p')
	size=$(dumpe2fs -h "$1" 2>/dev/null | sed -n 's/^Block size: *//p')
	echo $((count * size))
}
xfs_bytes() {
	xfs_info "$1" | sed -n 's/^data *= *bsize=\([0-9]*\) *blocks=\([0-9]*\),.*/\1 \2/p' |
		{ read -r bs n && echo $((bs * n)); }
}
df_kib() { df -k --output=size "$1" | tail -n 1 | tr -d ' '; }

# twin WANT_VGTOOL WANT_LVM2 ARGS...: ARGS with @ replaced by vgt for vgtool
# and by vgl for lvm2 (stdin from /dev/null: fsadm's questions answered
# "no"); both exit codes checked; each tool's output shown.
twin() {
	local want_v=$1 want_l=$2 a
	local -a av=() al=()
	shift 2
	for a in "$@"; do
		av+=("${a//@/vgt}")
		al+=("${a//@/vgl}")
	done
	rc_v=0 rc_l=0
	echo "+ vgtool ${av[*]}"
	"$VGTOOL" "${av[@]}" </dev/null >/tmp/v.out 2>/tmp/v.err || rc_v=$?
	cat /tmp/v.out /tmp/v.err
	echo "+ lvm ${al[*]}"
	lvm_ref "${al[@]}" </dev/null >/tmp/l.out 2>/tmp/l.err || rc_l=$?
	cat /tmp/l.out /tmp/l.err
	((rc_v == want_v)) || fail "vgtool ${av[*]}: exit $rc_v, expected $want_v"
	((rc_l == want_l)) || fail "lvm2 ${al[*]}: exit $rc_l, expected $want_l"
}
# vgtool's refusal was one line on stderr
one_line() { expect_eq "$1: lines on stderr" 1 "$(wc -l </tmp/v.err)"; }
# both LVs $1 are $2 sectors
both_size() {
	expect_eq "vgtool's $1" "$2" "$(lvsize vgt "$1")"
	expect_eq "lvm2's $1" "$2" "$(lvsize vgl "$1")"
}
both_ext() {
	expect_eq "vgtool's ext4 on $1" "$2" "$(ext_bytes /dev/mapper/vgt-"$1")"
	expect_eq "lvm2's ext4 on $1" "$2" "$(ext_bytes /dev/mapper/vgl-"$1")"
}
both_data() {
	expect_eq "data on vgtool's $1" "$data" "$(sum /tmp/mnt-vgt/data)"
	expect_eq "data on lvm2's $1" "$data" "$(sum /tmp/mnt-vgl/data)"
}
mount_both() { for v in vgt vgl; do mount /dev/mapper/$v-"$1" /tmp/mnt-$v; done; }
umount_both() { umount /tmp/mnt-vgt /tmp/mnt-vgl; }

M=2048 # sectors in a MiB

step "twin VGs, an ext4 LV of 64 MiB on each with the same file"
"$VGTOOL" vgcreate vgt "${DISK[0]}"
lvm_ref vgcreate -q vgl "${DISK[1]}"
"$VGTOOL" lvcreate -L 64M -n e vgt
lvm_ref lvcreate -q -L 64M -n e vgl
mkdir -p /tmp/mnt-vgt /tmp/mnt-vgl
head -c 8M /dev/urandom >/tmp/data
data=$(sum /tmp/data)
for v in vgt vgl; do
	mkfs.ext4 -q /dev/mapper/$v-e
	mount /dev/mapper/$v-e /tmp/mnt-$v
	cp /tmp/data /tmp/mnt-$v/data
	umount /tmp/mnt-$v
done

step "ext4 grown unmounted: e2fsck, the LV, then resize2fs"
twin 0 0 lvextend -r -L 80M @/e
both_size e $((80 * M))
both_ext e $((80 << 20))
grep -q "e2fsck\|clean\|files" /tmp/v.out || fail "vgtool ran no check before an offline resize"

step "ext4 grown mounted: no check, resize2fs on line"
mount_both e
twin 0 0 lvextend -r -L +16M @/e
both_size e $((96 * M))
both_ext e $((96 << 20))
expect_eq "df of the two filesystems" "$(df_kib /tmp/mnt-vgl)" "$(df_kib /tmp/mnt-vgt)"
both_data e

step "ext4 shrunk while mounted: refused before any change"
seq0=$(seqno)
twin 5 5 lvreduce -r -L 72M @/e
one_line "mounted shrink"
grep -q 'mounted filesystem "/tmp/mnt-vgt"' /tmp/v.err || fail "the refusal does not name the mount point"
expect_eq "seqno after the refusal" "$seq0" "$(seqno)"
both_size e $((96 * M))
both_ext e $((96 << 20))
grep -q " /tmp/mnt-vgt " /proc/mounts || fail "vgtool's filesystem is no longer mounted"
# -y does not make vgtool unmount (lvm2's fsadm would)
expect_rc 5 "$VGTOOL" lvreduce -y -r -L 72M vgt/e
expect_eq "seqno after the refusal with -y" "$seq0" "$(seqno)"
both_data e

step "ext4 shrunk unmounted: e2fsck -f, resize2fs, then the LV (no -f needed with -r)"
umount_both
twin 0 0 lvreduce -r -L 72M @/e
both_size e $((72 * M))
both_ext e $((72 << 20))
mount_both e
both_data e
umount_both

step "the same size with -r: the filesystem fills the LV, the metadata stays"
seq0=$(seqno)
twin 0 0 lvresize -r -L 72M @/e
expect_eq "seqno at the same size" "$seq0" "$(seqno)"
grep -q "unchanged from 72.00 MiB" /tmp/v.out || fail "vgtool did not say the size is unchanged"

step "shrunk below what the files need: resize2fs refuses, the LV stays"
twin 5 5 lvreduce -r -L 8M @/e
expect_eq "seqno after a failed shrink" "$seq0" "$(seqno)"
both_size e $((72 * M))
both_ext e $((72 << 20))
grep -q "Filesystem resize failed" /tmp/v.err || fail "vgtool did not say the filesystem resize failed"

step "-n after a mount: resize2fs wants e2fsck -f; the LV stays grown (exit 5 as lvm2)"
mount_both e
umount_both
twin 5 5 lvextend -r -n -L +4M @/e
both_size e $((76 * M))
both_ext e $((72 << 20))
grep -q "keeps its new size 76.00 MiB" /tmp/v.err || fail "vgtool did not say the LV stays grown"
# without -n, at the same size: the check, then resize2fs fills the LV
twin 0 0 lvextend -r -L 76M @/e
both_ext e $((76 << 20))
mount_both e
both_data e
umount_both

step "no filesystem, swap: refused before any change"
for v in vgt vgl; do
	if [[ $v == vgt ]]; then
		"$VGTOOL" lvcreate -L 8M -n raw $v
		"$VGTOOL" lvcreate -L 8M -n sw $v
	else
		lvm_ref lvcreate -q -Wy -L 8M -n raw $v
		lvm_ref lvcreate -q -L 8M -n sw $v
	fi
	dd if=/dev/zero of=/dev/mapper/$v-raw bs=1M count=8 status=none
	mkswap /dev/mapper/$v-sw >/dev/null
done
seq0=$(seqno)
twin 5 5 lvextend -r -L +4M @/raw
one_line "no filesystem"
twin 5 5 lvextend -r -L +4M @/sw
one_line "swap"
grep -q '"swap"' /tmp/v.err || fail "the refusal does not name the type"
both_size raw $((8 * M))
both_size sw $((8 * M))
expect_eq "seqno after refusals" "$seq0" "$(seqno)"

step "an inactive LV: refused (lvm2: must be activated)"
"$VGTOOL" lvchange -an vgt/e
lvm_ref lvchange -an vgl/e
twin 5 5 lvextend -r -L +4M @/e
one_line "inactive"
grep -q "must be activated before resizing filesystem" /tmp/v.err || fail "not lvm2's words"
expect_eq "seqno after the inactive refusal" "$seq0" "$(seqno)"
"$VGTOOL" lvchange -ay vgt/e
lvm_ref lvchange -ay vgl/e

step "an origin with an active snapshot: refused by both"
"$VGTOOL" lvcreate -s -L 16M -n snap vgt/e
lvm_ref lvcreate -q -s -L 16M -n snap vgl/e
seq0=$(seqno)
twin 5 5 lvextend -r -L +4M @/e
one_line "origin"

step "a snapshot with -r: vgtool refuses; lvm2 grows the COW, then resizes the snapshot's filesystem to the COW's size"
# (here resize2fs refuses, the files being larger than the COW: lvm2
# fails with its COW grown; with fewer files it cuts the filesystem)
twin 5 5 lvextend -r -L +4M @/snap
one_line "snapshot"
expect_eq "seqno after the snapshot refusal" "$seq0" "$(seqno)"
expect_eq "vgtool's snapshot COW" $((16 * M)) "$(lvsize vgt snap)"
expect_eq "lvm2's snapshot COW" $((20 * M)) "$(lvsize vgl snap)"
expect_eq "vgtool's snapshot filesystem" $((76 << 20)) "$(ext_bytes /dev/mapper/vgt-snap)"
expect_eq "lvm2's snapshot filesystem" $((76 << 20)) "$(ext_bytes /dev/mapper/vgl-snap)"
"$VGTOOL" lvremove -f vgt/snap
lvm_ref lvremove -q -f vgl/snap

step "a missing tool: one line, nothing changed"
mkdir -p /tmp/emptybin
seq0=$(seqno)
rc=0
PATH=/tmp/emptybin "$VGTOOL" lvextend -r -L +4M vgt/e </dev/null 2>/tmp/v.err || rc=$?
cat /tmp/v.err
expect_eq "exit status without e2fsck" 5 "$rc"
one_line "missing tool"
grep -q "e2fsck not found in PATH" /tmp/v.err || fail "the missing program is not named"
expect_eq "seqno without the tool" "$seq0" "$(seqno)"
expect_eq "size without the tool" $((76 * M)) "$(lvsize vgt e)"

step "-t: nothing runs, nothing changes"
twin 0 0 lvextend -t -r -L +4M @/e
expect_eq "seqno after -t" "$seq0" "$(seqno)"
both_size e $((76 * M))
both_ext e $((76 << 20))

step "XFS grown mounted: the LV, then xfs_growfs on the mount point"
"$VGTOOL" lvcreate -L 320M -n x vgt
lvm_ref lvcreate -q -L 320M -n x vgl
for v in vgt vgl; do
	mkfs.xfs -q /dev/mapper/$v-x
	mount /dev/mapper/$v-x /tmp/mnt-$v
	cp /tmp/data /tmp/mnt-$v/data
done
twin 0 0 lvextend -r -L +64M @/x
both_size x $((384 * M))
expect_eq "vgtool's xfs" $((384 << 20)) "$(xfs_bytes /tmp/mnt-vgt)"
expect_eq "lvm2's xfs" $((384 << 20)) "$(xfs_bytes /tmp/mnt-vgl)"
expect_eq "df of the two xfs" "$(df_kib /tmp/mnt-vgl)" "$(df_kib /tmp/mnt-vgt)"
both_data x

step "XFS shrunk: refused mounted and unmounted, before any change"
seq0=$(seqno)
twin 5 5 lvreduce -r -L -32M @/x
one_line "xfs shrink"
grep -q "Xfs filesystem shrinking is unsupported" /tmp/v.err || fail "not lvm2's words"
umount_both
twin 5 5 lvreduce -r -L -32M @/x
one_line "xfs shrink unmounted"
expect_eq "seqno after the xfs refusals" "$seq0" "$(seqno)"
both_size x $((384 * M))

step "XFS grown unmounted: vgtool refuses (mounts nothing); lvm2 mounts it on a temporary directory"
twin 5 0 lvextend -r -L +32M @/x
one_line "xfs unmounted"
expect_eq "seqno after the unmounted xfs refusal" "$seq0" "$(seqno)"
expect_eq "vgtool's x" $((384 * M)) "$(lvsize vgt x)"
expect_eq "lvm2's x" $((416 * M)) "$(lvsize vgl x)"
mount_both x
both_data x
umount_both

step "lvcreate wipes the signatures it finds on a new LV's extents, as lvm2"
# a swap area left on freed extents, found again by the next LV there
blkid_type() { blkid -p -s TYPE -o value "$1" 2>/dev/null || true; }
swap_left() {
	twin 0 0 lvcreate -y -Zn -Wn -L 16M -n w @
	for v in vgt vgl; do mkswap /dev/mapper/$v-w >/dev/null; done
	twin 0 0 lvremove -f @/w
}
swap_left
twin 5 5 lvcreate -L 16M -n w @
one_line "a signature without -y"
grep -q "swap signature detected on /dev/vgt/w at offset 4086" /tmp/v.err || fail "vgtool did not name the signature"
grep -q "swap signature detected on /dev/vgl/w at offset 4086" /tmp/l.err || fail "lvm2 did not name the signature"
for v in vgt vgl; do [[ ! -e /dev/mapper/$v-w ]] || fail "$v/w was left behind"; done
twin 0 0 lvcreate -Zn -Wn -L 16M -n w @
for v in vgt vgl; do expect_eq "-Zn -Wn: the swap on $v/w" swap "$(blkid_type /dev/mapper/$v-w)"; done
twin 0 0 lvremove -f @/w
twin 0 0 lvcreate -y -L 16M -n w @
grep -q "Wiping swap signature on /dev/vgt/w." /tmp/v.out || fail "vgtool did not say it wiped the swap signature"
grep -q "Wiping swap signature on /dev/vgl/w." /tmp/l.out || fail "lvm2 did not say it wiped the swap signature"
for v in vgt vgl; do expect_eq "-y: the swap on $v/w" "" "$(blkid_type /dev/mapper/$v-w)"; done
twin 0 0 lvremove -f @/w
swap_left
# -Zn -Wy: the wipe alone (the zeroing would clear a swap's 4 KiB anyway)
twin 0 0 lvcreate -y -Zn -Wy -L 16M -n w @
grep -q "Wiping swap signature" /tmp/v.out || fail "vgtool -Zn -Wy did not wipe"
for v in vgt vgl; do expect_eq "-Zn -Wy: the swap on $v/w" "" "$(blkid_type /dev/mapper/$v-w)"; done
twin 0 0 lvremove -f @/w

step "done"
