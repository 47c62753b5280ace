# PV metadata options (--metadatacopies/--pvmetadatacopies 0|1|2,
# --metadatasize, --dataalignment, --dataalignmentoffset, --labelsector),
# vgtool against lvm2.
#
# 1. Layouts: each tool makes a PV with the same uuid on a device of the
#    same size with the same options; the label sector, PV header and
#    metadata area headers (vgtool's pvck --dump headers, which prints
#    every field and checksum) must be identical.
# 2. The same commands on twin VGs (each tool on its own devices, lib.sh's
#    twin_st): a VG of a PV without metadata areas, one with one and one
#    with two; lvm2's refusal of a VG no PV of which keeps metadata, and
#    of a vgreduce that would leave none; vgextend with
#    --pvmetadatacopies 0; pvresize of the PV with two areas (the one at
#    the end moves) grown and shrunk; the reports' metadata area fields;
#    bad option values.  Exit codes, stdout and the metadata (as vgtool's
#    pvck prints both copies) must agree.
# 3. Each tool reads and changes the other's VG: both areas of the PV
#    with two are written, the PV without one is found as the VG's.
# disks: 1
# disk-size: 1G
# timeout: 240
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mkdir -p /run/lock/lvm /run/lvm
at=2048
# dm NAME SECTORS: a linear device on the next free part of the disk
dm() {
	dmsetup create "$1" --table "0 $2 linear ${DISK[0]} $at"
	at=$((at + $2 + 2048))
}
uuids='s/[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}/UUID/g'

step "the same layouts byte for byte"
dm lay_l 131079
dm lay_v 131079
bad=0
# [LS=SECTOR] layout OPTIONS...: both tools, the same uuid, then the
# headers compared
uuid=000000-0000-0000-0000-0000-0000-000001
layout() {
	local ls=${LS:-1}
	lvm pvcreate -q --uuid $uuid --norestorefile "$@" /dev/mapper/lay_l \
		--devices /dev/mapper/lay_l >/dev/null
	"$VGTOOL" pvcreate -q --uuid $uuid --norestorefile "$@" /dev/mapper/lay_v \
		--devices /dev/mapper/lay_v >/dev/null
	"$VGTOOL" pvck --dump headers --labelsector "$ls" /dev/mapper/lay_l \
		--devices /dev/mapper/lay_l >/tmp/lay.l 2>&1 || true
	"$VGTOOL" pvck --dump headers --labelsector "$ls" /dev/mapper/lay_v \
		--devices /dev/mapper/lay_v >/tmp/lay.v 2>&1 || true
	sed -i 's/lay_./lay/' /tmp/lay.l /tmp/lay.v
	if [[ $(</tmp/lay.l) != "$(</tmp/lay.v)" ]]; then
		echo "MISMATCH: pvcreate $*"
		diff -u /tmp/lay.l /tmp/lay.v || true
		bad=$((bad + 1))
	fi
	lvm pvremove -q -ff -y /dev/mapper/lay_l --devices /dev/mapper/lay_l >/dev/null
	"$VGTOOL" pvremove -q -ff -y /dev/mapper/lay_v --devices /dev/mapper/lay_v >/dev/null
}
layout
layout --metadatacopies 0
layout --metadatacopies 2
layout --pvmetadatacopies 2 --metadatasize 128k --dataalignment 3.5k
layout --metadatacopies 2 --metadatasize 128k --dataalignmentoffset 7s
layout --metadatacopies 2 --metadatasize 3m --dataalignment 4m
layout --metadatacopies 2 --metadatasize 40m
LS=3 layout --labelsector 3
((bad == 0)) || fail "$bad layouts differ"

step "the same commands on twin VGs"
declare -A c_at
# per tool: A and B 64 MiB, C 64 MiB + 7 sectors (two areas, grown and
# shrunk), D 64 MiB, E 4 MiB
for t in v l; do
	dm "${t}a" 131072
	dm "${t}b" 131072
	c_at[$t]=$at
	dm "${t}c" 131079
	at=$((at + 131072)) # room to grow
	dm "${t}d" 131072
	dm "${t}e" 8192
done
dm_resize() {
	dmsetup reload "$1" --table "0 $2 linear ${DISK[0]} $3"
	dmsetup resume "$1"
}
ONE_LINE_ALL=0
st() { twin_st "$@"; }
# both copies of the metadata on C (vgtool's pvck reads them alike, each
# tool's text but for the lines that name the program and the time), and
# the labels of A, B and C: their areas and "used" marks
meta() {
	local c d
	n=$((n + 1))
	{
		for c in 1 2; do
			"$VGTOOL" pvck --dump metadata --pvmetadatacopies $c "${mine[2]}" \
				--devices "${mine[2]}" 2>&1 |
				grep -vE '^#|creation_(time|host)|^(description|contents|version) = |^$' |
				sed -E 's/text at [0-9]+ crc 0x[0-9a-f]+ /text at N crc CRC /' || true
		done
		for d in "${mine[@]:0:3}"; do
			"$VGTOOL" pvck --dump headers "$d" --devices "$d" 2>&1 |
				grep -E 'device_size|extension.flags|disk_locn|mda_header_.\.(start|size)' || true
		done
	} >"$dir/$(printf %03d $n)"
}
PVS=pv_name,vg_name,pv_attr,pv_mda_count,pv_mda_used_count,pv_mda_size,pv_mda_free,pe_start,pv_pe_count,dev_size,pv_size
VGS=vg_name,seqno,vg_mda_count,vg_mda_used_count,vg_mda_copies,vg_mda_size,vg_mda_free,pv_count,vg_extent_count
phase() {
	local A=${mine[0]} B=${mine[1]} C=${mine[2]} D=${mine[3]} E=${mine[4]}
	st ok pvcreate --metadatacopies 0 "$A"
	st ok pvcreate "$B"
	st ok pvcreate --pvmetadatacopies 2 "$C"
	st ok pvs -o "$PVS" --units b
	# no PV keeps metadata: lvm2's refusal (the new PV made all the same)
	st bad vgcreate mdvg "$A"
	st bad vgcreate --pvmetadatacopies 0 mdvg "$D"
	st ok pvremove "$D"
	st ok vgcreate mdvg "$A" "$B" "$C"
	st ok pvs -o "$PVS" --units b
	st ok vgs -o "$VGS" --units b
	st ok pvs
	st ok pvdisplay "$A"
	st ok lvcreate -an -Zn -L 40m -n l1 mdvg
	meta
	st bad pvcreate "$A"
	st bad pvremove "$A"
	st bad vgcreate other "$A"
	# the PVs left would keep no metadata
	st ok vgreduce mdvg "$B"
	st bad vgreduce mdvg "$C"
	st ok vgextend --pvmetadatacopies 0 mdvg "$D"
	st ok vgextend mdvg "$B"
	st ok vgs -o "$VGS" --units b
	# the area at the end of C moves with pvresize
	dm_resize "$dmc" 262151 "$dmc_at"
	st ok pvresize "$C"
	st ok pvs -o "$PVS" --units b
	meta
	st ok pvresize --setphysicalvolumesize 40m -y "$C"
	st ok pvs -o "$PVS" --units b "$C"
	meta
	# bad values
	st bad pvcreate --metadatacopies 3 "$E"
	st bad pvcreate --metadatacopies -1 "$E"
	st bad pvcreate --labelsector 4 "$E"
	st bad pvcreate --dataalignment 8k --dataalignmentoffset 16k "$E"
	st bad pvcreate --metadatacopies 2 --metadatasize 3m "$E"
	st bad pvcreate --dataalignment 8m "$E"
	st bad vgextend --metadatacopies 1 mdvg "$E"
	st ok vgremove -f mdvg
	st ok pvs -o "$PVS" --units b
	meta
}
V=(/dev/mapper/va /dev/mapper/vb /dev/mapper/vc /dev/mapper/vd /dev/mapper/ve)
L=(/dev/mapper/la /dev/mapper/lb /dev/mapper/lc /dev/mapper/ld /dev/mapper/le)
mkdir -p /tmp/v /tmp/l
bad=0
vd="${V[0]},${V[1]},${V[2]},${V[3]},${V[4]}" ld="${L[0]},${L[1]},${L[2]},${L[3]},${L[4]}"
tool=vgtool run=("$VGTOOL") devs=$vd mine=("${V[@]}") dir=/tmp/v dmc=vc dmc_at=${c_at[v]} n=0
phase
twin_normalise -E -e "$uuids"
tool=lvm run=(lvm) devs=$ld mine=("${L[@]}") dir=/tmp/l dmc=lc dmc_at=${c_at[l]} n=0
phase
twin_normalise -E -e "$uuids"
cp -r /tmp/l /tmp/v "$OUT/"
twin_compare /tmp/l /tmp/v
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree"

step "each tool reads and changes the other's VG"
for t in v l; do
	if [[ $t == v ]]; then devs=$vd m=("${V[@]}"); else devs=$ld m=("${L[@]}"); fi
	# A without areas, B with one, C with two
	"$VGTOOL" pvcreate -q --metadatacopies 0 "${m[0]}" --devices "$devs" >/dev/null
	"$VGTOOL" pvcreate -q --metadatacopies 2 "${m[2]}" --devices "$devs" >/dev/null
	lvm pvcreate -q "${m[1]}" --devices "$devs" >/dev/null
done
"$VGTOOL" vgcreate -q xvg "${V[0]}" "${V[1]}" "${V[2]}" --devices "$vd" >/dev/null
lvm vgcreate -q xvg "${L[0]}" "${L[1]}" "${L[2]}" --devices "$ld" >/dev/null
lvm lvcreate -q -an -Zn -L 8m -n bylvm xvg "${V[1]}" --devices "$vd" >/dev/null 2>&1
"$VGTOOL" lvcreate -q -an -Zn -L 8m -n byvgtool xvg "${L[1]}" --devices "$ld" >/dev/null 2>&1
lvm vgck xvg --devices "$vd"
"$VGTOOL" vgck xvg --devices "$ld"
"$VGTOOL" vgck xvg --devices "$vd"
lvm vgck xvg --devices "$ld"
# both areas of C hold the newest seqno, whoever wrote
for d in "${V[2]}" "${L[2]}"; do
	for c in 1 2; do
		expect_eq "seqno of area $c of $d" "seqno = 2" \
			"$("$VGTOOL" pvck --dump metadata --pvmetadatacopies $c "$d" --devices "$d" |
				grep '^seqno')"
	done
done
# shellcheck disable=SC2034 # same_output's counters
mismatches=0 n=0
for devs in "$vd" "$ld"; do
	same_output pvs -o "$PVS",pv_uuid --units b --devices "$devs"
	same_output vgs -o "$VGS",vg_uuid --units b --devices "$devs"
	same_output lvs -o lv_name,devices --devices "$devs"
	same_output pvdisplay "${devs%%,*}" --devices "$devs"
	same_output vgdisplay --devices "$devs"
done
# the PV without areas seen alone (its VG's copies on devices not seen):
# in no VG found, but "used"; neither tool takes it for a new PV
for d in "${V[0]}" "${L[0]}"; do
	same_output pvs -o pv_name,vg_name,pv_attr,pv_mda_count --devices "$d"
	same_output pvcreate "$d" --devices "$d"
	same_output pvck "$d"
done
# vgtool only: the device shrinks under the area at its end, which
# vgtool moves (lvm2 2.03.16 finds it past the end and drops it, the copy
# lost); lvm2 reads the result
dm_resize vc 100007 "${c_at[v]}"
"$VGTOOL" pvresize -q "${V[2]}" --devices "$vd" >/dev/null
expect_eq "lvm2 reads both areas" "2 2" \
	"$(lvm pvs --noheadings -o pv_mda_count,pv_mda_used_count "${V[2]}" --devices "$vd" | xargs)"
lvm vgck xvg --devices "$vd"
# the PV without areas leaves the VG
lvm vgreduce -q xvg "${V[0]}" --devices "$vd" >/dev/null
"$VGTOOL" vgreduce -q xvg "${L[0]}" --devices "$ld" >/dev/null
for devs in "$vd" "$ld"; do
	same_output pvs -o "$PVS" --units b --devices "$devs"
done
((mismatches == 0)) || fail "$mismatches of $n commands differ from lvm2 (outputs in $OUT/cmp)"
step "done"
