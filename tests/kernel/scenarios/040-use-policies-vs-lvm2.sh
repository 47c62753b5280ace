# `lvextend --use-policies` by vgtool ends at the size lvm2's ends at: two
# identical VGs in one guest (lvm2's made by lvm2, vgtool's by vgtool),
# 512 KiB extents, 8 MiB snapshots (16 extents, 2048 chunks of 4 KiB) of a
# 128 MiB origin, both origins written with the same
# number of 4 KiB blocks (the COWs then hold exactly the same), one
# snapshot per (threshold, percent) pair, at several fill levels.  Then the
# cases that end without growth: percent 0, policy off, an inactive
# snapshot, the largest useful COW reached, a full VG: same exit status,
# same key message.  The whole grid lvm2 was run on is in
# tests/fixtures/lvm2/use-policies.txt (and tests/unit/test_metadata_policy.c).
# disks: 2
# disk-size: 1G
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

pairs="50:20 70:20 70:10 80:5"
pol() { echo "activation{snapshot_autoextend_threshold=$1 snapshot_autoextend_percent=$2}"; }
sizes() { lvm_ref lvs --noheadings --units m -o lv_name,lv_size "$1" | grep ' s[0-9]' | awk '{print $1, $2}'; }

lvm_ref vgcreate -q -s 512k vgL ${DISK[0]}
"$VGTOOL" vgcreate -q -s 512k vgV ${DISK[1]}
lvm_ref lvcreate -q -L 128M -n origin vgL
"$VGTOOL" lvcreate -q -L 128M -n origin vgV
head -c 9M /dev/urandom >/tmp/data

# fill levels in 4 KiB chunks (each also costs a header chunk and one
# exception-table chunk per 256): 50.05% (over the lowest threshold only),
# exactly 75% (between two), 81% (over all), full (used == total, still
# valid).  The levels between are in the grid of the unit tests.
for fill in 1020 1529 1650 2039; do
	step "fill $fill chunks"
	i=0
	for p in $pairs; do
		lvm_ref lvcreate -q -s -L 8M -n s$i vgL/origin >/dev/null
		"$VGTOOL" lvcreate -q -s -L 8M -n s$i vgV/origin >/dev/null
		i=$((i + 1))
	done
	dd if=/tmp/data of=/dev/mapper/vgL-origin bs=4k count=$fill oflag=direct status=none
	dd if=/tmp/data of=/dev/mapper/vgV-origin bs=4k count=$fill oflag=direct status=none
	expect_eq "same COW use" "$(dmsetup status vgL-s0 | cut -d' ' -f4-)" \
		"$(dmsetup status vgV-s0 | cut -d' ' -f4-)"
	i=0
	for p in $pairs; do
		lvm_ref lvextend --use-policies --config "$(pol ${p%:*} ${p#*:})" vgL/s$i >/dev/null 2>&1
		"$VGTOOL" lvextend --use-policies --config "$(pol ${p%:*} ${p#*:})" vgV/s$i >/dev/null 2>&1
		i=$((i + 1))
	done
	sizes vgL >"$OUT/lvm2-$fill"
	sizes vgV >"$OUT/vgtool-$fill"
	echo "fill $fill, pairs $pairs: $(awk '{print $2}' "$OUT/lvm2-$fill" | xargs)"
	expect_file_eq "sizes after --use-policies at fill $fill" "$OUT/lvm2-$fill" "$OUT/vgtool-$fill"
	lvm_ref lvremove -q -f $(for j in $(seq 0 $((i - 1))); do echo vgL/s$j; done) >/dev/null
	"$VGTOOL" lvremove -q -f $(for j in $(seq 0 $((i - 1))); do echo vgV/s$j; done) >/dev/null
done

# run_both WHAT LVM2_ARGS... -- compares the exit status and the lines
# matching $key of `lvextend --use-policies ARGS` on vgL and on vgV.
both() {
	local what=$1 cfg=$2 lv=$3 key=$4 rl=0 rv=0 ol ov
	ol=$(lvm_ref lvextend --use-policies --config "$cfg" vgL/$lv 2>&1) || rl=$?
	ov=$("$VGTOOL" lvextend --use-policies --config "$cfg" vgV/$lv 2>&1) || rv=$?
	echo "$what: lvm2 $rl [$ol] / vgtool $rv [$ov]"
	expect_eq "$what: exit status" "$rl" "$rv"
	expect_eq "$what: message" "$(grep -o "$key" <<<"$ol" || true)" "$(grep -o "$key" <<<"$ov" || true)"
	expect_eq "$what: sizes" "$(sizes vgL)" "$(sizes vgV)"
}

step "percent 0, policy off, inactive"
for t in L V; do
	if [[ $t == L ]]; then tool=lvm_ref; else tool=$VGTOOL; fi
	$tool lvcreate -q -s -L 8M -n s0 vg$t/origin >/dev/null
	dd if=/tmp/data of=/dev/mapper/vg$t-origin bs=4k count=1650 oflag=direct status=none
done
both "percent 0" "$(pol 70 0)" s0 "autoextend percent set to 0%"
both "threshold 100" "$(pol 100 20)" s0 "changed"
both "threshold 150" "$(pol 150 0)" s0 "changed"
both "threshold 30 acts as 50" "$(pol 30 20)" s0 "changed"
lvm_ref lvchange -an vgL/origin
"$VGTOOL" lvchange -an vgV/origin
both "inactive" "$(pol 70 20)" s0 "locally inactive LV"
lvm_ref lvchange -ay vgL/origin
"$VGTOOL" lvchange -ay vgV/origin

step "largest useful COW"
for t in L V; do
	if [[ $t == L ]]; then tool=lvm_ref; else tool=$VGTOOL; fi
	$tool lvcreate -q -L 8M -n small vg$t >/dev/null
	$tool lvcreate -q -s -L 8M -n s1 vg$t/small >/dev/null
	dd if=/tmp/data of=/dev/mapper/vg$t-small bs=4k count=1900 oflag=direct status=none
done
both "capped" "$(pol 50 20)" s1 "Reached maximum COW size 8.50 MiB (17 extents)"
both "at the cap" "$(pol 50 20)" s1 "unchanged from 8.50 MiB (17 extents)"

step "a full VG"
for t in L V; do
	if [[ $t == L ]]; then tool=lvm_ref; else tool=$VGTOOL; fi
	free=$(lvm_ref vgs --noheadings -o vg_free_count vg$t | tr -d ' ')
	$tool lvcreate -q -L 64M -n o64 vg$t >/dev/null
	$tool lvcreate -q -s -L 8M -n s2 vg$t/o64 >/dev/null
	$tool lvcreate -q -an -Zn -l $((free - 128 - 16 - 4)) -n big vg$t >/dev/null 2>&1
	dd if=/tmp/data of=/dev/mapper/vg$t-o64 bs=4k count=1900 oflag=direct status=none
done
both "VG full" "$(pol 50 20)" s2 "Insufficient free space: 14 extents needed, but only 4 available"
