# A lost PV replaced by a new disk, lvm2's documented way, by each tool on
# its own twin VG: `pvcreate --uuid UUID --restorefile BACKUP NEWDEV` gives
# the new device the lost PV's uuid and data start, `vgcfgrestore` writes
# the VG on it.  Exit codes, messages, metadata and reports match lvm2's,
# each tool reads the other's result, and the argument checks fail as
# lvm2's do.  The PVs are dm-linear devices over the guest's disks, so
# that one can vanish (dmsetup remove) while the others stay.
# disks: 2
# disk-size: 512M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

# three 128 MiB pieces of a disk, from 1 MiB on (a PV label at the disk's own
# start would make the disk a duplicate of the first piece): a and b hold
# the VG, c replaces b
pieces() { # TOOLTAG DISK
	local i
	for i in 0 1 2; do
		dmsetup create "$1$(printf '%s' abc | cut -c$((i + 1)))" \
			--table "0 262144 linear $2 $((2048 + i * 262144))"
	done
}
pieces vl ${DISK[0]}
pieces vt ${DISK[1]}
dmsetup mknodes # no udevd in the guest: the /dev/mapper nodes by hand
tool() { [[ $1 == vl ]] && echo lvm_ref || echo "$VGTOOL"; }
# (the pieces are not named VG-x: lvm2 takes /dev/mapper/VG-x for an LV)
norm() { sed -e 's/\bvl\b/vt/g; s/vl-/vt-/g; s/\bvl\([abc]\)\b/vt\1/g'; }
both() { # STEP ARGS: the same command by both tools (@T@: vl or vt); same exit and lines
	local step=$1 rl=0 rv=0 l v
	shift
	l=$(lvm_ref "${@//@T@/vl}" 2>&1) || rl=$?
	v=$("$VGTOOL" "${@//@T@/vt}" 2>&1) || rv=$?
	((rl == rv)) || fail "$step: lvm2 exited $rl, vgtool $rv: lvm2 said: $l; vgtool said: $v"
	printf '%s\n' "$l" | norm >"$OUT/$step.lvm2"
	printf '%s\n' "$v" >"$OUT/$step.vgtool"
}

step "a VG over two PVs, an LV across both, a backup"
for T in vl vt; do
	$(tool $T) vgcreate -q $T /dev/mapper/${T}a /dev/mapper/${T}b >/dev/null
	$(tool $T) lvcreate -q -an -Zn -L 200M -n big $T >/dev/null 2>&1
	$(tool $T) vgcfgbackup -q -f /tmp/$T.bak $T >/dev/null
done
uuid_vl=$(lvm_ref pvs --noheadings -o pv_uuid /dev/mapper/vlb | tr -d ' ')
uuid_vt=$("$VGTOOL" pvs --noheadings -o pv_uuid /dev/mapper/vtb | tr -d ' ')

step "the second PV is lost"
dmsetup remove vlb
dmsetup remove vtb
expect_eq "VG attr while a PV is missing" "$(lvm_ref vgs --noheadings -o vg_attr vl 2>/dev/null)" \
	"$("$VGTOOL" vgs --noheadings -o vg_attr vt 2>/dev/null)"

step "argument checks, as lvm2's"
rc() { local r=0; "$@" >/dev/null 2>&1 || r=$?; echo $r; }
# a uuid in no backup: vgtool's with its first character changed (to one
# it cannot already be: a uuid starting with Y once made this pass as the
# real one)
other_uuid=Y${uuid_vt:1}
[[ ${uuid_vt:0:1} != Y ]] || other_uuid=Z${uuid_vt:1}
for args in "--restorefile /tmp/@T@.bak" "--uuid $uuid_vt" "--uuid abc --norestorefile" \
	"--uuid $uuid_vt --restorefile /tmp/nosuch.bak" \
	"--uuid $other_uuid --restorefile /tmp/@T@.bak"; do
	expect_eq "pvcreate $args" "$(rc lvm_ref pvcreate ${args//@T@/vl} /dev/mapper/vlc)" \
		"$(rc "$VGTOOL" pvcreate ${args//@T@/vt} /dev/mapper/vtc)"
done
expect_eq "pvcreate --uuid on two devices" \
	"$(rc lvm_ref pvcreate --uuid $uuid_vl --restorefile /tmp/vl.bak /dev/mapper/vlc /dev/mapper/vla)" \
	"$(rc "$VGTOOL" pvcreate --uuid $uuid_vt --restorefile /tmp/vt.bak /dev/mapper/vtc /dev/mapper/vta)"
expect_eq "--uuid of a PV that is present" \
	"$(rc lvm_ref pvcreate --uuid "$(lvm_ref pvs --noheadings -o pv_uuid /dev/mapper/vla | tr -d ' ')" --norestorefile /dev/mapper/vlc)" \
	"$(rc "$VGTOOL" pvcreate --uuid "$("$VGTOOL" pvs --noheadings -o pv_uuid /dev/mapper/vta | tr -d ' ')" --norestorefile /dev/mapper/vtc)"

step "pvcreate --uuid --restorefile on the new device"
l=$(lvm_ref pvcreate --uuid $uuid_vl --restorefile /tmp/vl.bak /dev/mapper/vlc 2>&1 | grep -v WARNING | norm)
v=$("$VGTOOL" pvcreate --uuid $uuid_vt --restorefile /tmp/vt.bak /dev/mapper/vtc 2>&1 | grep -v WARNING)
expect_eq "pvcreate's message" "$l" "$v"
expect_eq "the new PV's uuid and data start (lvm2 reads vgtool's)" \
	"$uuid_vt $(lvm_ref pvs --noheadings --units s -o pe_start /dev/mapper/vlc 2>/dev/null | tr -d ' ')" \
	"$(lvm_ref pvs --noheadings --units s -o pv_uuid,pe_start /dev/mapper/vtc 2>/dev/null | xargs)"

step "vgcfgrestore puts the VG back"
both restore vgcfgrestore -f /tmp/@T@.bak @T@
expect_file_eq "vgcfgrestore's messages" "$OUT/restore.lvm2" "$OUT/restore.vgtool"
report() { # TOOL VG
	$1 vgs --noheadings -o vg_name,pv_count,lv_count,vg_attr,vg_size,vg_free "$2"
	$1 pvs --noheadings --units s -o pv_name,vg_name,pv_uuid,pe_start,pv_size,pv_free,pv_attr | grep -w "$2"
	$1 lvs --noheadings -o lv_name,lv_size,lv_attr,devices "$2"
}
report lvm_ref vl 2>&1 | sed "s/$uuid_vl/UUID/" | norm >"$OUT/report.lvm2"
report "$VGTOOL" vt 2>&1 | sed "s/$uuid_vt/UUID/" >"$OUT/report.vgtool"
sed -i 's/[A-Za-z0-9]\{6\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{6\}/ID/' \
	"$OUT/report.lvm2" "$OUT/report.vgtool"
expect_file_eq "reports after the restore" "$OUT/report.lvm2" "$OUT/report.vgtool"
report "$VGTOOL" vl 2>&1 | norm | sed "s/$uuid_vl/UUID/" >"$OUT/cross.vgtool-reads-lvm2"
report lvm_ref vt 2>&1 | sed "s/$uuid_vt/UUID/" >"$OUT/cross.lvm2-reads-vgtool"
sed -i 's/[A-Za-z0-9]\{6\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{4\}-[A-Za-z0-9]\{6\}/ID/' \
	"$OUT/cross.vgtool-reads-lvm2" "$OUT/cross.lvm2-reads-vgtool"
expect_file_eq "each tool reads the other's" "$OUT/cross.vgtool-reads-lvm2" "$OUT/cross.lvm2-reads-vgtool"
lvm_ref vgck vl
lvm_ref vgck vt
"$VGTOOL" vgck vl
"$VGTOOL" vgck vt
both activate vgchange -ay @T@
expect_eq "the LV across both PVs, in the kernel" "$(dm_table_named | grep '^vl-big' | norm)" \
	"$(dm_table_named | grep '^vt-big')"
