# Nothing is ever written to a device someone else is using, whatever -y and
# -f say: every command that writes a new or leaving PV (pvcreate, vgcreate,
# vgextend, pvremove, vgreduce) is refused in one line naming the user, exit
# 5, and the device's first MiB stays as it was, on (a) a mounted ext4, (b)
# active swap, (c) a PV of an active VG with an open LV, (d) a disk under a
# plain dm linear device, (e) the backing device of an open LUKS container.
# lvm2 refuses the same set.  Then the same VG's own metadata commits still
# work while its LVs are active (the PV is held by its own LVs only).
# disks: 6
# disk-size: 256M
# modules: ext4 dm-crypt xts algif_skcipher
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1 # no udevd here: dmsetup and cryptsetup make their nodes

step "(a) mounted ext4 on disk 0"
# (no lazy init: the kernel would write the inode tables in the background,
# and the first MiB must change only if a tool writes it)
mkfs.ext4 -q -E lazy_itable_init=0,lazy_journal_init=0 "${DISK[0]}"
mkdir -p /tmp/mnt
mount "${DISK[0]}" /tmp/mnt
echo data >/tmp/mnt/file
sync

step "(b) active swap on disk 1"
mkswap -q "${DISK[1]}" >/dev/null
swapon "${DISK[1]}"

step "(c) disk 2: a PV of VG busy with an open LV"
"$VGTOOL" vgcreate -q busy "${DISK[2]}"
"$VGTOOL" lvcreate -q -L 16M -n lv busy
exec 8<>/dev/mapper/busy-lv # held open for the whole scenario

step "(d) disk 3 under a dm linear device"
dmsetup create plain --table "0 8192 linear ${DISK[3]} 2048"

step "(e) disk 4: backing device of an open LUKS2 container"
head -c 64 /dev/urandom >/tmp/key
cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
	--key-file /tmp/key "${DISK[4]}"
cryptsetup open --key-file /tmp/key "${DISK[4]}" crypt4
[[ -b /dev/mapper/crypt4 ]] || fail "the LUKS container did not open"

# disk 5: a VG for vgextend to grow
"$VGTOOL" vgcreate -q tgt "${DISK[5]}"

first_mib() { head -c 1M "$1" | md5sum; }
declare -A before
for i in 0 1 2 3 4; do before[$i]=$(first_mib "${DISK[i]}"); done

# refuse TOOL ARGS...: the command fails with exit 5; vgtool's refusal is
# one line.  (lvm2's refusals are not always one line: only its status is
# compared.)
refused=0
refuse() {
	local tool=$1 rc=0
	shift
	if [[ $tool == vgtool ]]; then
		"$VGTOOL" "$@" </dev/null >/tmp/out 2>/tmp/err || rc=$?
	else
		lvm_ref "$@" </dev/null >/tmp/out 2>/tmp/err || rc=$?
	fi
	((rc == 5)) || { cat /tmp/out /tmp/err >&2; fail "$tool $*: exit $rc, expected 5"; }
	if [[ $tool == vgtool ]]; then
		[[ $(wc -l </tmp/err) == 1 ]] || fail "vgtool $*: refusal not one line: $(cat /tmp/err)"
		echo "refused: vgtool $* -> $(cat /tmp/err)"
	fi
	refused=$((refused + 1))
}

for tool in vgtool lvm2; do
	for i in 0 1 2 3 4; do
		d=${DISK[i]}
		step "$tool: every writing command on disk $i"
		refuse $tool pvcreate -y "$d"
		refuse $tool pvcreate -f "$d"
		refuse $tool pvcreate -ff -y "$d"
		refuse $tool vgcreate -y "new$i" "$d"
		refuse $tool vgcreate -f "new$i" "$d"
		refuse $tool vgextend -y tgt "$d"
		refuse $tool vgextend -f tgt "$d"
		refuse $tool pvremove -y "$d"
		refuse $tool pvremove -ff -y "$d"
		expect_eq "$tool: first MiB of disk $i after the refusals" "${before[$i]}" "$(first_mib "$d")"
	done
	refuse $tool vgreduce busy "${DISK[2]}"
done
step "$refused refusals"

step "why: each refusal names the user"
why() { # DISK_INDEX WORDS: vgtool's refusal for that disk names WORDS
	local msg
	msg=$("$VGTOOL" pvcreate -y "${DISK[$1]}" 2>&1 || true)
	[[ $msg == *"$2"* ]] || fail "refusal for disk $1 does not say '$2': $msg"
}
why 0 "mounted on /tmp/mnt"
why 1 "active swap"
why 2 "of volume group \"busy\" without -ff"
why 3 "held by device-mapper device plain"
why 4 "held by device-mapper device crypt4"

step "the users still have their data"
expect_eq "file on the mounted ext4" data "$(cat /tmp/mnt/file)"
grep -q "^${DISK[1]} " /proc/swaps || fail "swap went away"
cryptsetup status crypt4 >/dev/null || fail "LUKS container closed"

step "the VG's own commits work while its LVs are active and open"
"$VGTOOL" lvcreate -q -L 8M -n lv2 busy
"$VGTOOL" lvcreate -q -s -L 8M -n snap busy/lv2
"$VGTOOL" lvextend -q -L +8M busy/lv
"$VGTOOL" lvremove -q -y busy/snap
expect_eq "LVs of busy" "lv lv2" "$("$VGTOOL" lvs --noheadings -o lv_name busy | xargs)"
lvm_ref vgck busy

step "once released, the devices are writable again"
exec 8<&-
umount /tmp/mnt
swapoff "${DISK[1]}"
dmsetup remove plain
cryptsetup close crypt4
"$VGTOOL" pvcreate -y "${DISK[0]}" "${DISK[1]}" "${DISK[3]}" "${DISK[4]}"
