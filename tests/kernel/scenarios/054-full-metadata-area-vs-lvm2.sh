# A full metadata area, side by side with lvm2: twin VGs, one made by each
# tool on a PV with lvm2's smallest metadata area (32 KiB: a text of at
# most 15616 bytes), are filled LV by LV (lvcreate -an -Zn) until the
# metadata no longer fits.  Both refuse at the same LV, with exit 5, the
# same facts (seqno, text size, maximum; lvm2 in two lines, vgtool in one
# that also names the cure), and neither writes anything: the label and
# metadata area of each PV (md5 of its first 36 KiB) are the same before
# and after the refused command.  Each tool also refuses the other's full
# VG, and lvm2 reads vgtool's; removing an LV makes room again for both.
# A metadata area under lvm2's floor is refused by both at pvcreate.
# disks: 2
# disk-size: 512M
# timeout: 400
. "$SRCDIR/tests/kernel/lib.sh"

layout="--metadatasize 32k --dataalignment 4k"
area_md5() { # DEV: the label and the metadata area (pe_start is 36 KiB)
	dd if="$1" bs=4096 count=9 iflag=direct status=none | md5sum | cut -d' ' -f1
}

step "lvm2's floor: a metadata area under 32 KiB is refused by both"
for t in lvm_ref "$VGTOOL"; do
	rc=0
	$t pvcreate --metadatasize 20k --dataalignment 32k ${DISK[1]} >/tmp/small.out 2>&1 || rc=$?
	cat /tmp/small.out
	expect_eq "$t: exit status for a 28 KiB area" 5 $rc
	grep -q "^  Metadata area size too small: 28672 bytes. It must be at least 32768 bytes" /tmp/small.out ||
		fail "$t: no 'too small' line"
	expect_eq "$t: the disk is not a PV" "" "$(blkid -p -o value -s TYPE ${DISK[1]} || true)"
done
expect_eq "vgtool says it in one line" 1 "$(wc -l </tmp/small.out)"

step "the same layout from both tools"
lvm_ref pvcreate $layout ${DISK[0]}
"$VGTOOL" pvcreate $layout ${DISK[1]}
fields=pe_start,pv_mda_size,pv_mda_free,pv_mda_count
expect_eq "layout" "$(lvm_ref pvs --noheadings --units b -o $fields ${DISK[0]})" \
	"$(lvm_ref pvs --noheadings --units b -o $fields ${DISK[1]})"
expect_eq "metadata area" "36864B 32768B" "$(lvm_ref pvs --noheadings --units b -o pe_start,pv_mda_size ${DISK[0]} | xargs)"
# (names of one length: the texts of the two VGs have the same size)
lvm_ref vgcreate vgl ${DISK[0]}
"$VGTOOL" vgcreate vgt ${DISK[1]}

# fill TOOL VG DISK: lvcreate until refused; sets n (the refused LV's
# number), rc, msg (its output), and before/after (area_md5 around it)
fill() {
	local t=$1 vg=$2 disk=$3
	n=0
	while :; do
		n=$((n + 1))
		((n < 200)) || fail "$t: $vg takes 200 LVs: never refused"
		before=$(area_md5 "$disk")
		rc=0
		msg=$($t lvcreate -an -Zn -l1 -n lv$n $vg 2>&1) || rc=$?
		((rc == 0)) || break
	done
	after=$(area_md5 "$disk")
	printf '%s refused lv%d (exit %d):\n%s\n' "$t" $n $rc "$msg"
}

step "lvm2 fills its VG"
fill lvm_ref vgl ${DISK[0]}
n_lvm2=$n rc_lvm2=$rc msg_lvm2=$msg
expect_eq "lvm2's disk unchanged by the refused command" "$before" "$after"

step "vgtool fills its VG"
fill "$VGTOOL" vgt ${DISK[1]}
expect_eq "vgtool's disk unchanged by the refused command" "$before" "$after"

step "the same LV refused, the same exit status and facts"
expect_eq "refused at LV" "$n_lvm2" "$n"
expect_eq "exit status" "5 5" "$rc_lvm2 $rc"
# lvm2: "VG vgl S metadata on DEV (N bytes) exceeds maximum metadata size
# (M bytes)" and "Failed to write VG vgl."; vgtool: one line with both and
# the cure
re='^  VG (vg[lt]) ([0-9]+) metadata on (/dev/[a-z0-9]+) \(([0-9]+) bytes\) exceeds maximum metadata size \(15616 bytes\)'
[[ $msg_lvm2 =~ $re\$ ]] || [[ $msg_lvm2 =~ $re$'\n' ]] || fail "lvm2's refusal is not as expected: $msg_lvm2"
[[ $msg_lvm2 =~ $re ]]
lvm2_facts="${BASH_REMATCH[2]} ${BASH_REMATCH[4]}"
expect_eq "lvm2's second line" "  Failed to write VG vgl." "$(sed -n 2p <<<"$msg_lvm2")"
expect_eq "vgtool's refusal" "  VG vgt ${lvm2_facts% *} metadata on ${DISK[1]} (${lvm2_facts#* } bytes) exceeds maximum metadata size (15616 bytes): failed to write VG vgt; keep fewer LVs in it, or build it on PVs created by pvcreate with a larger --metadatasize." "$msg"

step "both VGs read the same with lvm2 (the refused LV in neither)"
expect_eq "LVs and seqno" "$(lvm_ref vgs --noheadings -o lv_count,seqno vgl)" \
	"$(lvm_ref vgs --noheadings -o lv_count,seqno vgt)"
lvm_ref vgck vgt
"$VGTOOL" vgck vgl

step "each tool refuses the other's full VG, and its own again, writing nothing"
for pair in "lvm_ref vgt 1" "$VGTOOL vgl 0" "$VGTOOL vgt 1" "lvm_ref vgl 0"; do
	read -r t vg d <<<"$pair"
	before=$(area_md5 ${DISK[d]})
	expect_rc 5 $t lvcreate -an -Zn -l1 -n extra $vg
	expect_eq "$t on $vg: disk unchanged" "$before" "$(area_md5 ${DISK[d]})"
done
# --test refuses too, as lvm2's (its size check comes before its writes)
expect_rc 5 lvm_ref lvcreate -t -an -Zn -l1 -n extra vgl
expect_rc 5 "$VGTOOL" lvcreate -t -an -Zn -l1 -n extra vgt
# with zeroing (an active LV is zeroed before the commit): refused before that
before=$(dd if=${DISK[1]} bs=1M iflag=direct status=none | md5sum)
expect_rc 5 "$VGTOOL" lvcreate -Zy -an -l1 -n extra vgt
expect_eq "vgtool's whole disk unchanged by a refused lvcreate -Zy" "$before" \
	"$(dd if=${DISK[1]} bs=1M iflag=direct status=none | md5sum)"

step "the cure: one LV fewer makes room again, for both"
lvm_ref lvremove -y vgl/lv1
"$VGTOOL" lvremove -y vgt/lv1
lvm_ref lvcreate -an -Zn -l1 -n again vgl
"$VGTOOL" lvcreate -an -Zn -l1 -n again vgt
expect_eq "LVs and seqno after the cure" "$(lvm_ref vgs --noheadings -o lv_count,seqno vgl)" \
	"$(lvm_ref vgs --noheadings -o lv_count,seqno vgt)"
lvm_ref vgck vgt
