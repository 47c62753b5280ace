# Every refusal prints exactly one line on stderr, exits 3 (command line) or
# 5 (failed), and leaves every byte of every disk's first 2 MiB (labels and
# metadata areas) as it was.
# disks: 3
# disk-size: 256M
. "$SRCDIR/tests/kernel/lib.sh"

sums() { for d in ${DISK[0]} ${DISK[1]} ${DISK[2]}; do head -c 2M "$d" | md5sum; done; }

# refuse RC CMD...: CMD must exit RC with one line on stderr and change nothing.
refuse() {
	local want=$1 rc=0 before after
	shift
	before=$(sums)
	"$VGTOOL" "$@" >/tmp/out 2>/tmp/err || rc=$?
	after=$(sums)
	((rc == want)) || fail "vgtool $* exited $rc, expected $want (stderr: $(cat /tmp/err))"
	[[ $(wc -l </tmp/err) == 1 ]] || fail "vgtool $*: expected one line on stderr, got: $(cat /tmp/err)"
	[[ $before == "$after" ]] || fail "vgtool $* changed the disks"
	echo "refused ($rc): vgtool $* -> $(cat /tmp/err)"
}

step "a VG with an origin, a snapshot and a free PV"
"$VGTOOL" pvcreate ${DISK[0]} ${DISK[1]} ${DISK[2]}
"$VGTOOL" vgcreate vg0 ${DISK[0]} ${DISK[1]}
"$VGTOOL" lvcreate -an -L 40M -n lv1 vg0
"$VGTOOL" lvcreate -an -s -L 8M -n snap vg0/lv1

step "names"
refuse 5 vgcreate vg0 ${DISK[2]}
refuse 3 vgcreate -- -bad ${DISK[2]}
refuse 3 vgcreate .. ${DISK[2]}
refuse 3 vgcreate 'a$b' ${DISK[2]}
refuse 3 vgcreate "$(printf 'v%.0s' {1..128})" ${DISK[2]}
refuse 5 lvcreate -an -L 4M -n lv1 vg0
refuse 3 lvcreate -an -L 4M -n snapshot7 vg0
refuse 3 lvcreate -an -L 4M -n x_mlog vg0
refuse 3 lvcreate -an -L 4M -n 'a b' vg0
refuse 3 lvrename vg0 lv1 'bad/name'
refuse 5 lvrename vg0 lv1 snap

step "sizes"
refuse 3 lvcreate -an -L 0 -n z vg0
refuse 3 lvcreate -an -L -4M -n z vg0
refuse 3 lvcreate -an -L abc -n z vg0
refuse 3 lvcreate -an -L 4Q -n z vg0
refuse 3 lvcreate -an -L 99999999999999999999 -n z vg0
refuse 5 lvcreate -an -L 99T -n z vg0
refuse 3 lvcreate -an -l 0 -n z vg0
refuse 3 lvcreate -an -l 50%BOGUS -n z vg0
refuse 3 lvcreate -an -L 4M -l 1 -n z vg0
refuse 3 lvcreate -an -s -L 8M -c 3k -n z vg0/lv1
refuse 5 vgcreate -s 3k vgx ${DISK[2]} # lvm2: 5 (checked after parsing)

step "unknown objects"
refuse 5 lvcreate -an -L 4M -n z nosuchvg
refuse 5 lvcreate -an -s -L 8M -n z vg0/nosuchlv
refuse 5 lvremove vg0/nosuchlv
refuse 5 lvextend -L +4M vg0/nosuchlv
refuse 5 vgremove nosuchvg
refuse 5 pvremove /dev/nosuchdisk
refuse 5 vgextend vg0 /dev/nosuchdisk
# (a bare name is a VG, all of whose LVs lvremove takes, as lvm2: not found)
refuse 5 lvremove not-a-vg-slash-lv
refuse 3 vgreduce --removemissing
refuse 3 vgreduce --removemissing vg0 ${DISK[0]}
refuse 3 vgextend --restoremissing vg0

step "state"
refuse 5 pvcreate ${DISK[0]}
refuse 5 vgcreate vg1 ${DISK[0]}
refuse 5 vgremove vg0
refuse 5 vgreduce vg0 ${DISK[0]}
refuse 5 pvremove ${DISK[0]}
# (lvremove vg0/lv1 is no refusal: lvm2 removes an inactive origin with
# its snapshots without -f, and so does vgtool; scenario 053)
refuse 5 lvreduce -L -4M vg0/lv1
refuse 5 lvextend -L 4M vg0/lv1

step "a device with a filesystem"
mkfs.ext4 -q -F ${DISK[2]}
refuse 5 pvcreate ${DISK[2]}
refuse 5 vgextend vg0 ${DISK[2]}

step "unknown command and options"
refuse 3 frobnicate
refuse 3 lvs --no-such-option
refuse 3 lvcreate -an -L
