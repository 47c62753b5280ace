# The same commands by lvm2 (VG "vl" on the first disk) and vgtool (VG "vt" on
# the second)
# leave the same seqno after each step (lvm2 writes some changes in two or
# more commits; vgtool writes once but counts the same), the same exit
# codes, and the same activation state (a snapshot of an inactive origin
# stays inactive; of an active one, active), and lvm2's prompts answered
# by exit 5 (vgcfgrestore under active LVs).
# disks: 2
# disk-size: 256M
. "$SRCDIR/tests/kernel/lib.sh"

seqno() { "$1" vgs --noheadings -o seqno "$2" | tr -d ' '; }

n=0
both() { # ARGS with @VG@: run by both tools, compare exit status and seqno
	local rl=0 rv=0
	lvm_ref "${@//@VG@/vl}" >/dev/null 2>&1 || rl=$?
	"$VGTOOL" "${@//@VG@/vt}" >/dev/null 2>&1 || rv=$?
	((rl == rv)) || fail "\`$*\`: lvm2 exited $rl, vgtool $rv"
	expect_eq "seqno after \`$*\`" "$(seqno lvm_ref vl)" "$(seqno "$VGTOOL" vt)"
	n=$((n + 1))
}

states() { # the attributes of every LV, each tool on its own VG
	lvm_ref lvs -a --noheadings -o lv_name,lv_attr,origin vl >"$OUT/attr.lvm2"
	"$VGTOOL" lvs -a --noheadings -o lv_name,lv_attr,origin vt >"$OUT/attr.vgtool"
	expect_file_eq "lv_attr after step $n" "$OUT/attr.lvm2" "$OUT/attr.vgtool"
}

step "setup"
lvm_ref pvcreate -q ${DISK[0]} >/dev/null
lvm_ref vgcreate -q vl ${DISK[0]} >/dev/null
"$VGTOOL" pvcreate -q ${DISK[1]} >/dev/null
"$VGTOOL" vgcreate -q vt ${DISK[1]} >/dev/null
expect_eq "seqno after vgcreate" "$(seqno lvm_ref vl)" "$(seqno "$VGTOOL" vt)"

step "creations, snapshots of active and inactive origins"
both lvcreate -L 8M -n a @VG@
both lvcreate -an -L 8M -n b @VG@
both lvcreate -L 8M -s -n s1 @VG@/a
both lvcreate -L 8M -s -n s2 @VG@/b
states
both lvcreate -ay -L 8M -s -n s3 @VG@/b
states

step "resizes, renames, removals"
both lvchange -an @VG@/b
both lvextend -L +4M @VG@/b
both lvextend -L +4M @VG@/s1
both lvreduce -f -L -4M @VG@/s1
both lvrename @VG@ s1 s1x
both lvremove -f @VG@/s1x
states
both lvremove -f @VG@/b
both lvcreate -L 8M -n c @VG@
both lvremove -f @VG@/c
both lvchange -an @VG@/a
both lvchange -ay @VG@/a
states

step "merges"
both lvcreate -L 8M -s -n s4 @VG@/a
both lvchange -an @VG@/a
both lvconvert --merge @VG@/s4
both lvremove -f @VG@/s4
both lvcreate -L 8M -s -n s5 @VG@/a
both lvremove -f @VG@/a
both vgchange -ay @VG@
states

step "vgcfgrestore under an active LV: lvm2 asks (no answer: exit 5), -y goes ahead"
both lvcreate -L 8M -n r @VG@
both vgcfgbackup -f /tmp/backup.@VG@ @VG@
both vgcfgrestore -f /tmp/backup.@VG@ @VG@
both vgcfgrestore -y -f /tmp/backup.@VG@ @VG@
both lvchange -an @VG@/r
# (a fresh backup: from an older one lvm2 numbers the restore one above the
# file's seqno, vgtool one above the disk's too; see vgcfgrestore(8))
both vgcfgbackup -f /tmp/backup.@VG@ @VG@
both vgcfgrestore -f /tmp/backup.@VG@ @VG@
states
