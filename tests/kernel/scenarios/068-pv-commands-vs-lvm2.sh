# pvchange, pvresize, pvck and PV tags, vgtool against lvm2.
#
# 1. The same commands on twin VGs (each tool on its own disks, seen
#    through --devices; lib.sh's twin_st): a PV on a disk, one on a dm
#    linear device that is grown and shrunk between pvresizes, and a PV
#    in no VG.  Exit codes, stdout (device names and uuids normalised)
#    and seqnos must agree, and each tool's metadata as lvm2's pvck
#    prints it (dev_size, pe_count, flags, tags of each PV); a refusal by
#    vgtool is one line on stderr and leaves the seqnos alone.  A PV made
#    larger than its device (pvcreate --setphysicalvolumesize): the
#    warnings about its size, in the same words.
# 2. Each tool reads, selects by and changes what the other wrote: PV
#    tags, an unallocatable PV the allocator leaves alone, new uuids.
# 3. pvck of both tools on the very same devices, good and damaged
#    (label checksum and id, metadata area header checksum and magic,
#    metadata text): the same stdout and exit codes, --dump -f files alike;
#    pvck --repair/--repairtype of both tools on the same damage: the same
#    lines and bytes written, the PV then read by both.
# disks: 3
# disk-size: 256M,256M,320M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mkdir -p /run/lock/lvm /run/lvm

# on DISK[2]: the dm PVs of vgtool and lvm2 (64 MiB, room to grow to 100
# MiB), a 32 MiB one for pvck's damage, and a 16 MiB one for each tool
dm_pv() { dmsetup create "$1" --table "0 $(($2 * 2048)) linear ${DISK[2]} $(($3 * 2048))"; }
dm_resize() {
	dmsetup reload "$1" --table "0 $(($2 * 2048)) linear ${DISK[2]} $(($3 * 2048))"
	dmsetup resume "$1"
}
dm_pv vt_b 64 1
dm_pv lv_b 64 101
dm_pv ck 32 201

# st KIND CMD...: one step with $tool (lib.sh's twin_st); KIND "bad": a
# refusal, vgtool's in one line and leaving the seqnos alone.  lvm2's
# seqnos are compared through the steps that show them (each lvm2 command
# is dear in the guest).
st() {
	local kind=$1
	shift
	[[ $tool == vgtool ]] || kind=ok
	twin_st "$kind" "$@"
}
# stw KIND CMD...: st, with the step's warnings about PV sizes (lvm2's
# words, which vgtool must use too) kept with its stdout
stw() {
	st "$@"
	grep -E 'smaller than corresponding PV size|have changed sizes|Faking size|Overriding real size|pv_min_size' \
		"$dir/$(printf %03d $n).err" | sed 's/^ *//' >>"$dir/$(printf %03d $n)" || true
}
# the metadata each tool wrote, as lvm2's pvck reads it: per PV its
# dev_size, pe_count, flags and tags
meta() {
	n=$((n + 1))
	lvm pvck --dump metadata "${mine[0]}" 2>/dev/null |
		grep -E '^(seqno|status|tags|dev_size|pe_count|extent_count) = ' >"$dir/$(printf %03d $n)"
}

phase() {
	local A=${mine[0]} B=${mine[1]} C=${mine[2]}
	st ok pvcreate "$A" "$B" "$C"
	st ok vgcreate pvvg "$A" "$B"
	st ok lvcreate -an -Zn -L 40m -n l1 pvvg "$B"
	st ok lvcreate -an -Zn -L 8m -n l2 pvvg "$A"

	# -x: the flag, and the allocator honouring it
	st ok pvchange -x n "$A"
	st ok pvchange -x n "$A"
	st bad lvcreate -an -Zn -L 8m -n l3 pvvg "$A"
	st ok lvcreate -an -Zn -L 8m -n l3 pvvg
	st ok lvs -o lv_name,devices
	st ok pvchange --allocatable y "$A" "$B"
	st bad pvchange -x maybe "$A"
	st bad pvchange -x n "$C"

	# tags, and @TAG
	st ok pvchange --addtag t1 "$A"
	st ok pvchange --addtag t1 "$A"
	st ok pvchange --addtag t2 --addtag t3 --deltag t1 "$A"
	st ok pvchange --deltag nosuch "$B"
	st bad pvchange --addtag 'bad$' "$A"
	st bad pvchange --addtag t4 "$C"
	st ok pvs @t2 "$B"
	st bad pvs '@bad$'
	st ok pvdisplay @t3
	st ok pvchange --addtag all1 -a
	st ok pvchange -x n -S 'vg_name=pvvg'
	st ok pvchange -x y -a
	st ok pvchange --deltag t2 @t2
	st ok pvchange --addtag s1 -S 'pv_tags=all1 && pv_free > 220m'
	st ok pvs -o pv_name,pv_tags,pv_attr
	st bad pvchange -x n -S 'bogus=1'
	st bad pvchange
	st bad pvchange -x y -a -S 'vg_name=pvvg'
	st bad pvchange --addtag z /dev/nosuch
	meta

	# -u: new uuids, refused while an LV of the VG is active
	st ok pvchange -u "$C"
	st ok lvchange -ay pvvg/l1
	st bad pvchange -u "$B"
	st ok lvchange -an pvvg/l1
	st ok pvchange -u -a
	st ok vgs -o vg_name,seqno,pv_count,lv_count

	# pvresize: a disk, a dm device that grows and shrinks, a PV in no VG
	st ok pvresize "$A"
	st bad pvresize --setphysicalvolumesize 100m "$A"
	st ok pvresize --setphysicalvolumesize 100m -y "$A"
	st ok pvs -o pv_name,pv_size,pv_free,dev_size,pv_pe_count,pv_pe_alloc_count
	st bad pvresize --setphysicalvolumesize 1m -y "$A"
	st bad pvresize --setphysicalvolumesize -1m "$A"
	st bad pvresize --setphysicalvolumesize 40m -y "$B"
	dm_resize "$dmb" 100 "$dmb_at"
	st ok pvresize "$B"
	st ok vgs -o vg_name,seqno,vg_size,vg_free,vg_extent_count,vg_free_count
	dm_resize "$dmb" 56 "$dmb_at"
	st ok pvresize "$B"
	dm_resize "$dmb" 48 "$dmb_at"
	st bad pvresize "$B"
	dm_resize "$dmb" 64 "$dmb_at"
	st ok pvresize --setphysicalvolumesize 10m -y "$C"
	st ok pvs -o pv_name,pv_size,dev_size "$C"
	st ok pvresize "$A" "$B" "$C"
	st ok pvresize @t3
	st bad pvresize /dev/nosuch
	st ok pvs -o pv_name,pv_size,pv_free,dev_size,pv_pe_count,pv_pe_alloc_count,pv_tags

	# pvcreate --setphysicalvolumesize: a PV larger than its device, and
	# metadata/check_pv_device_sizes' warnings wherever its VG is read
	stw bad pvcreate --setphysicalvolumesize 20m "$C"
	stw bad pvcreate -y --setphysicalvolumesize -4m "$C"
	stw ok pvcreate -y --setphysicalvolumesize 20m "$C"
	stw ok pvs -o pv_name,pv_size,dev_size "$C"
	stw ok vgextend pvvg "$C"
	stw ok vgs -o vg_name,pv_count pvvg
	stw ok pvs -o pv_name,vg_name "$C"
	stw ok vgs --config 'metadata/check_pv_device_sizes=0' -o vg_name pvvg
	stw ok vgreduce pvvg "$C"
	stw ok pvcreate -y --setphysicalvolumesize 12m "$C"
	stw ok pvs -o pv_name,pv_size,dev_size "$C"
	# devices/pv_min_size: a smaller device holds no PV; too small a
	# value is taken as 512 KiB, with a warning
	stw bad pvs --config 'devices/pv_min_size=20480' -o pv_name "$C"
	stw bad pvcreate -y --config 'devices/pv_min_size=20480' "$C"
	stw ok pvs --config 'devices/pv_min_size=-100' -o pv_name "$C"
	meta
}

# a refusal says why in one line; the other failures here are lvm2's
# several lines (one per PV, warnings for PVs already so)
ONE_LINE_ALL=0
bad=0
step "the same PV commands with both tools"
V=("${DISK[0]}" /dev/mapper/vt_b "")
L=("${DISK[1]}" /dev/mapper/lv_b "")
dm_pv vt_c 16 233
dm_pv lv_c 16 249
V[2]=/dev/mapper/vt_c L[2]=/dev/mapper/lv_c
vd="${V[0]},${V[1]},${V[2]}" ld="${L[0]},${L[1]},${L[2]}"
mkdir -p /tmp/v /tmp/l
uuids='s/[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}/UUID/g'
tool=vgtool run=("$VGTOOL") devs=$vd mine=("${V[@]}") dir=/tmp/v dmb=vt_b dmb_at=1 n=0
phase
twin_normalise -E -e "$uuids"
tool=lvm run=(lvm) devs=$ld mine=("${L[@]}") dir=/tmp/l dmb=lv_b dmb_at=101 n=0
phase
twin_normalise -E -e "$uuids"
cp -r /tmp/l /tmp/v "$OUT"/ # kept for reading
twin_compare /tmp/l /tmp/v
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree"

step "each tool reads and changes what the other wrote"
expect_eq "lvm2 selects vgtool's PVs by tag" \
	"$("$VGTOOL" pvs --noheadings -o pv_name,pv_tags @t3 --devices "$vd")" \
	"$(lvm pvs --noheadings -o pv_name,pv_tags @t3 --devices "$vd")"
expect_eq "vgtool selects lvm2's PVs by tag" \
	"$(lvm pvs --noheadings -o pv_name,pv_tags,pv_uuid @all1 --devices "$ld")" \
	"$("$VGTOOL" pvs --noheadings -o pv_name,pv_tags,pv_uuid @all1 --devices "$ld")"
lvm vgck pvvg --devices "$vd"
"$VGTOOL" vgck pvvg --devices "$ld"
lvm pvchange -q --addtag fromlvm -x n "${V[0]}" --devices "$vd" >/dev/null
"$VGTOOL" pvchange -q --addtag fromvgtool -x n "${L[0]}" --devices "$ld" >/dev/null
expect_eq "vgtool sees lvm2's tag" "${V[0]}" \
	"$("$VGTOOL" pvs --noheadings -o pv_name @fromlvm --devices "$vd" | xargs)"
expect_eq "lvm2 sees vgtool's tag" "${L[0]}" \
	"$(lvm pvs --noheadings -o pv_name @fromvgtool --devices "$ld" | xargs)"
expect_rc 5 "$VGTOOL" lvcreate -q -an -Zn -L 4m -n nope pvvg "${V[0]}" --devices "$vd"
expect_rc 5 lvm lvcreate -q -an -Zn -L 4m -n nope pvvg "${L[0]}" --devices "$ld"
# a new uuid by one tool, the VG read by the other
old=$("$VGTOOL" pvs --noheadings -o pv_uuid "${L[1]}" --devices "$ld" | xargs)
"$VGTOOL" pvchange -q -u "${L[1]}" --devices "$ld" >/dev/null
new=$(lvm pvs --noheadings -o pv_uuid "${L[1]}" --devices "$ld" | xargs)
[[ -n $new && $new != "$old" ]] || fail "vgtool pvchange -u: lvm2 reads uuid '$new' (was '$old')"
lvm vgck pvvg --devices "$ld"
lvm pvchange -q -u "${V[1]}" --devices "$vd" >/dev/null
"$VGTOOL" vgck pvvg --devices "$vd"
mismatches=0 n=0
same_output pvs -o pv_name,pv_attr,pv_tags,pv_uuid,dev_size,pv_pe_count --devices "$vd"
same_output pvs -o pv_name,pv_attr,pv_tags,pv_uuid,dev_size,pv_pe_count --devices "$ld"

# (lvm2 prints its usage on stdout, vgtool a line on stderr)
expect_rc 3 "$VGTOOL" pvresize
expect_rc 3 lvm pvresize

step "pvck of both tools on the same devices"
# shellcheck disable=SC2034 # same_output's counters
mismatches=0 n=0
pvck_some() {
	same_output pvck "$@"
	same_output pvck --dump headers "$@"
	same_output pvck --dump metadata "$@"
}
pvck_all() {
	pvck_some "$@"
	same_output pvck --dump metadata_all "$@"
	same_output pvck --dump metadata_search "$@"
}
pvck_all "${V[0]}"
pvck_some "${L[1]}"
same_output pvck "${V[2]}"
same_output pvck --dump headers "${V[2]}"
same_output pvck "${V[0]}" "${L[0]}" "${V[1]}"
same_output pvck --dump metadata_all -v "${V[1]}"
same_output pvck --dump bogus "${L[0]}"
same_output pvck /dev/nosuch
for d in metadata metadata_all; do
	lvm pvck --dump "$d" -f "/tmp/lvm.$d" "${V[0]}" >/dev/null
	"$VGTOOL" pvck --dump "$d" -f "/tmp/vgtool.$d" "${V[0]}" >/dev/null
	expect_file_eq "pvck --dump $d -f" "/tmp/lvm.$d" "/tmp/vgtool.$d"
done
ck=/dev/mapper/ck
same_output pvck "$ck"
lvm vgcreate -q ckvg "$ck" --devices "$ck"
for i in 1 2; do lvm lvcreate -q -an -Zn -L 4m -n "c$i" ckvg --devices "$ck"; done
dd if="$ck" of=/tmp/ck.head bs=1M count=1 status=none
# damage: BYTES at OFFSET, pvck (and the dump WHAT) by both tools, the
# first MiB put back
damaged() {
	printf '%s' "$2" | dd of="$ck" bs=1 seek="$1" conv=notrunc status=none
	same_output pvck "$ck"
	same_output pvck --dump "$3" "$ck"
	dd if=/tmp/ck.head of="$ck" bs=1M count=1 conv=notrunc status=none
}
pvck_some "$ck"
damaged 812 X headers         # the label's checksum (a byte past its lists)
damaged 512 XXXXXXXX metadata # its id
damaged 4200 X headers        # the area header's checksum
damaged 4100 XXXX metadata    # its magic
text=$(lvm pvck --dump headers "$ck" | awk '/raw_locn\[0\].offset/ { print $2 }')
damaged $((4096 + text + 30)) 0 metadata # a byte of the committed text (its checksum)

# repairs: the same damage twice, each tool's repair after it, from the
# same metadata file: the same stdout and exit code, the same first MiB
# written (the twin of same_output for a command that changes the
# device), and the PV then read by both tools
lvm pvck --dump metadata -f /tmp/ck.meta "$ck" >/dev/null
lvm vgcfgbackup -q -f /tmp/ck.backup ckvg --devices "$ck" >/dev/null
repaired() {
	local damage=$1 t rc out=$OUT/cmp
	shift
	n=$((n + 1))
	printf 'pvck %s # after %s\n' "$*" "$damage" >"$out/$n.cmd"
	for t in lvm2 vgtool; do
		dd if=/tmp/ck.head of="$ck" bs=1M count=1 conv=notrunc status=none
		eval "$damage"
		rc=0
		if [[ $t == lvm2 ]]; then
			lvm pvck "$@" "$ck" >"$out/$n.$t" 2>"$out/$n.$t.err" || rc=$?
		else
			"$VGTOOL" pvck "$@" "$ck" >"$out/$n.$t" 2>"$out/$n.$t.err" || rc=$?
		fi
		echo "exit $rc" >>"$out/$n.$t"
		dd if="$ck" of="$out/$n.$t.head" bs=1M count=1 status=none
	done
	if ! diff -u --label "lvm2 pvck $*" --label "vgtool pvck $*" "$out/$n.lvm2" \
		"$out/$n.vgtool" >&2 || ! cmp "$out/$n.lvm2.head" "$out/$n.vgtool.head" >&2; then
		mismatches=$((mismatches + 1))
		echo "MISMATCH #$n: pvck $* after $damage" >&2
	fi
	lvm vgs ckvg --devices "$ck" >/dev/null 2>&1 || fail "lvm2 cannot read ckvg after vgtool's pvck $*"
	"$VGTOOL" vgs ckvg --devices "$ck" >/dev/null 2>&1 ||
		fail "vgtool cannot read ckvg after its pvck $*"
}
zero() { dd if=/dev/zero of="$ck" bs=512 seek="$1" count="$2" conv=notrunc status=none; }
repaired "zero 0 2" --repair -y -f /tmp/ck.meta
repaired "zero 0 2; zero 8 1" --repair -y -f /tmp/ck.meta
repaired "zero 0 2; zero 8 3" --repair -y -f /tmp/ck.backup
repaired "zero 8 1" --repairtype metadata -y -f /tmp/ck.meta
repaired "zero 0 2" --repairtype pv_header -y -f /tmp/ck.backup
repaired "printf X | dd of=$ck bs=1 seek=812 conv=notrunc status=none" --repairtype label_header -y
dd if=/tmp/ck.head of="$ck" bs=1M count=1 conv=notrunc status=none
# refusals: no -y (lvm2 asks; vgtool writes nothing), a uuid in use
zero 0 2
dd if="$ck" of=/tmp/ck.before bs=1M count=1 status=none
expect_rc 5 "$VGTOOL" pvck --repair -f /tmp/ck.meta "$ck"
used=$(lvm pvs -o pv_uuid --noheadings "${V[0]}" | tr -d ' ')
expect_rc 5 "$VGTOOL" pvck --repairtype pv_header -y \
	--settings "pv_uuid=$used device_size=33554432 data_offset=1048576" "$ck"
expect_rc 3 "$VGTOOL" pvck --repair "$ck"
dd if="$ck" of=/tmp/ck.after bs=1M count=1 status=none
cmp /tmp/ck.before /tmp/ck.after || fail "a refused pvck --repair wrote to the device"
dd if=/tmp/ck.head of="$ck" bs=1M count=1 conv=notrunc status=none

((mismatches == 0)) || fail "$mismatches of $n pvck commands differ from lvm2 (diffs above; outputs in $OUT/cmp)"
echo "all $n pvck commands match lvm2"
