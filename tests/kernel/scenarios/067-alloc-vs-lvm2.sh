# Allocation policies and VG limits, vgtool against lvm2: the same
# commands run by each tool on twin VGs (three 64 MiB PVs each, each tool
# seeing only its own disks through --devices).  Where extents go under
# each policy (lvs --segments -o seg_pe_ranges after every placement:
# contiguous, cling to the LV's first segment, normal's ties and its
# smallest-area-first on a new PV, the command line's PV order, a
# percentage taking what the policy finds, snapshot COWs), the refusals
# (contiguous space missing, max_lv and max_pv reached, a VG that is not
# resizeable for vgextend/vgreduce/vgsplit, bad values), lv_attr's and
# vg_attr's letters and the policy and limit fields must agree: exit
# codes, stdout, seqnos.  A refusal prints one line on stderr and leaves
# the metadata as it was.  Stripes, mirrors and other segment types are
# refused by vgtool alone (exit 3).  Then each tool reads the other's.
# disks: 6
# disk-size: 64M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lock/lvm /run/lvm

# What vgtool refuses and lvm2 does (or fails at for want of a kernel
# module): striped, mirrored and other segment types (doc/vgtool-lvcreate.8).
vgtool_only=(
	["lvcreate -an -Zn -i 2 -l 2 -n st vb"]=3
	["lvcreate -an -Zn --stripes 3 -l 3 -n st vb"]=3
	["lvcreate -an -Zn -m 1 -l 1 -n mi vb"]=3
	["lvcreate -an -Zn --type mirror -l 1 -n mi vb"]=3
	["lvcreate -an -Zn --type error -l 1 -n mi vb"]=3
	["lvcreate -i 2 -s -l 1 -n mi vb/s1"]=3
	["lvextend -i 2 -l +2 vb/s4"]=3
	["lvresize -i 2 -l +2 vb/s4"]=3
)

# st KIND CMD...: one step with $tool (lib.sh's twin_st); KIND "bad": a
# refusal, vgtool's seqnos unchanged.
n=0
st() { twin_st "$@"; }
segs() { st ok lvs --segments -o lv_name,lv_attr,seg_pe_ranges "$@"; }

policies() {
	local A=${mine[0]} B=${mine[1]} C=${mine[2]}
	"${run[@]}" pvcreate -q "$A" "$B" "$C" --devices "$devs" >/dev/null
	st ok vgcreate va "$A" "$B" "$C"
	# A: cling to the LV's PV, then a tie (3 extents from A or from C):
	# the earlier PV
	st ok lvcreate -an -Zn -l 5 -n f0 va "$A"
	st ok lvcreate -an -Zn -l 2 -n lv va "$B"
	st ok lvcreate -an -Zn -l 3 -n other va "$B"
	st ok lvcreate -an -Zn -l 5 -n t1 va "$B"
	st ok lvcreate -an -Zn -l 5 -n f1 va "$B"
	st ok lvremove -f va/t1
	st ok lvextend -l +8 va/lv
	# E: holes on C; a new LV fills A, then C's areas, the smallest
	# first once it is there
	st ok lvcreate -an -Zn -l 5 -n h1 va "$C"
	st ok lvcreate -an -Zn -l 1 -n g1 va "$C"
	st ok lvcreate -an -Zn -l 3 -n h2 va "$C"
	st ok lvcreate -an -Zn -l 1 -n g2 va "$C"
	st ok lvcreate -an -Zn -l 2 -n h3 va "$C"
	st ok lvcreate -an -Zn -l 3 -n g3 va "$C"
	st ok lvremove -f va/h1 va/h2 va/h3
	st ok lvcreate -an -Zn -l 17 -n sm va "$A" "$C"
	segs va
	st ok vgremove -f va

	# D: cling looks at the first segment's PV; a percentage takes
	# what cling finds; then nothing is left to cling to
	st ok vgcreate va "$A" "$B" "$C"
	st ok lvcreate -an -Zn -l 2 -n cl va "$B"
	st ok lvextend -l +2 va/cl "$A"
	st ok lvcreate -an -Zn -l 1 -n blk va "$A"
	st ok lvextend --alloc cling -l +2 va/cl
	st ok lvextend --alloc cling -l +100%FREE va/cl
	st bad lvextend --alloc cling -l +3 va/cl
	st ok lvextend --alloc anywhere -l +1 va/cl
	st ok lvresize --alloc normal -l +1 va/cl
	segs va
	st ok vgremove -f va

	# B: the command line's PV order; ties on a new LV
	st ok vgcreate va "$A" "$B" "$C"
	st ok lvcreate -an -Zn -l 5 -n fa va "$A"
	st ok lvcreate -an -Zn -l 5 -n fb va "$B"
	st ok lvcreate -an -Zn -l 5 -n fc va "$C"
	st ok lvcreate -an -Zn -l 12 -n ord va "$C" "$B"
	st ok lvcreate -an -Zn -l 12 -n a va
	st ok lvcreate -an -Zn --alloc cling -l 3 -n cn va
	segs va
	st ok vgremove -f va

	# F: a contiguous VG
	st ok vgcreate --alloc contiguous va "$A" "$B" "$C"
	st ok lvcreate -an -Zn -l 1 -n x va
	st ok lvcreate -an -Zn -l 1 -n y va
	st bad lvextend -l +1 va/x
	st ok lvextend --alloc normal -l +1 va/x
	st bad lvcreate -an -Zn -l 25 -n big va
	st ok lvcreate -an -Zn -l 15 -n big va
	st bad lvcreate -an -Zn -l 100%FREE -n big2 va
	st ok lvextend --alloc contiguous -l +100%FREE va/x
	st ok lvcreate -an -Zn -C n --alloc normal -l 2 -n z va
	st ok lvcreate -an -Zn -C y --alloc contiguous -l 2 -n w va
	st bad lvcreate -an -Zn -C y --alloc normal -l 2 -n v va
	st bad lvcreate -an -Zn --alloc sideways -l 2 -n v va
	st ok lvcreate -s -C y -l 1 -n snap va/big
	st ok lvcreate -s --alloc cling -l 1 -n snap2 va/big
	segs va
	st ok lvs -o lv_name,lv_attr,lv_allocation_policy va
	st bad lvchange -C n va/x
	st ok lvchange -C y va/x
	st bad lvchange -C y va/x
	st ok lvchange --alloc cling_by_tags va/x
	st bad lvchange --alloc cling va/x
	st bad lvchange -C y --alloc normal va/x
	st bad lvchange --alloc bogus va/x
	st bad lvchange --alloc normal va/big
	st ok lvchange --alloc anywhere --addtag t va/y
	st ok lvchange -C n va/snap
	st ok lvs -o lv_name,lv_attr,lv_allocation_policy,lv_tags va
	st ok vgchange --alloc normal va
	st bad vgchange --alloc normal va
	st bad vgchange --alloc inherit va
	st ok vgchange --alloc cling_by_tags va
	st ok vgs -o vg_name,vg_attr,vg_allocation_policy,seqno va
	st ok vgremove -f va
}

limits() {
	local A=${mine[0]} B=${mine[1]} C=${mine[2]}
	st ok vgcreate -l 2 -p 2 vb "$A" "$B"
	st ok vgs -o vg_name,vg_attr,max_lv,max_pv vb
	st ok lvcreate -an -Zn -l 1 -n a vb
	st ok lvcreate -s -l 1 -n sa vb/a
	st bad lvcreate -an -Zn -l 1 -n b vb
	st bad lvcreate -s -l 1 -n sb vb/a
	st bad vgchange -l 1 vb
	st bad vgextend vb "$C"
	st bad vgchange -p 1 vb
	st ok vgchange -p 3 vb
	st ok vgextend vb "$C"
	st ok vgchange --logicalvolume 0 vb
	st ok lvcreate -an -Zn -l 1 -n b vb
	st bad vgchange -l bogus vb
	st bad vgchange -l -1 vb
	st bad vgchange --maxlogicalvolumes 3 vb
	st ok vgchange -l +7 --maxphysicalvolumes 4 vb
	st ok vgchange -x n vb
	st ok vgs -o vg_name,vg_attr,max_lv,max_pv,seqno vb
	st bad vgchange -x n vb
	st bad vgchange -l 5 vb
	st bad vgchange -p 5 vb
	st bad vgreduce vb "$C"
	st bad vgsplit vb vc "$C"
	st bad vgchange -x maybe vb
	st bad vgchange -l 5 -x y vb
	st ok lvcreate -an -Zn -l 1 -n c vb
	st ok vgchange -x y --alloc anywhere vb
	st ok vgchange -x n --addtag t vb
	st bad vgchange -ay -x y vb
	st ok vgs -o vg_name,vg_attr,vg_allocation_policy,max_lv,max_pv,vg_tags,seqno vb
	st ok vgchange --resizeable y vb
	st ok vgreduce vb "$C"
	st bad vgcreate --alloc inherit vc "$C"
	st bad vgcreate -l bogus vc "$C"
	st ok vgcreate --alloc cling_by_tags -l 255 -p 3 vc "$C"
	st ok vgchange -x n vc
	st ok vgs -o vg_name,vg_attr,vg_allocation_policy,max_lv,max_pv
	# lvm2's vgmerge asks no VG to be resizeable
	st ok vgmerge vb vc
	st ok vgs -o vg_name,vg_attr,vg_allocation_policy,max_lv,max_pv,pv_count
}

stripes() {
	st ok vgchange -l 0 vb
	st bad lvcreate -an -Zn -i 0 -l 1 -n s vb
	st bad lvcreate -an -Zn -i bogus -l 1 -n s vb
	st bad lvcreate -an -Zn -I 64k -l 1 -n s vb
	st bad lvcreate -an -Zn -i 1 -I bogus -l 1 -n s vb
	st bad lvcreate -an -Zn --type bogus -l 1 -n s vb
	st bad lvcreate -an -Zn --type linear -i 2 -l 1 -n s vb
	st bad lvcreate --type snapshot -l 1 -n s vb
	st ok lvcreate -an -Zn -i 2 -l 2 -n st vb
	st ok lvcreate -an -Zn --stripes 3 -l 3 -n st vb
	st ok lvcreate -an -Zn -m 1 -l 1 -n mi vb
	st ok lvcreate -an -Zn --type mirror -l 1 -n mi vb
	st ok lvcreate -an -Zn --type error -l 1 -n mi vb
	st ok lvcreate -an -Zn -i 1 -l 1 -n s1 vb
	st ok lvcreate -an -Zn -i 1 -I 64k -l 1 -n s2 vb
	st ok lvcreate -an -Zn --type striped -l 1 -n s3 vb
	st ok lvcreate -an -Zn --type linear -i 1 -l 1 -n s4 vb
	st ok lvcreate -an -Zn -m 0 -l 1 -n s5 vb
	st ok lvcreate --type snapshot -l 1 -n s6 vb/s1
	st ok lvcreate -i 2 -s -l 1 -n mi vb/s1
	st ok lvextend -i 1 -l +1 vb/s4
	st ok lvextend -I 64k -l +1 vb/s4
	st ok lvresize -i 1 -I 64k -l +1 vb/s4
	st ok lvextend -i 2 -l +2 vb/s4
	st ok lvresize -i 2 -l +2 vb/s4
	st bad lvextend -i 0 -l +1 vb/s4
	st bad lvreduce -i 1 -l -1 -f vb/s4
	st bad lvreduce --alloc normal -l -1 -f vb/s4
	segs vb
}

# each tool's disks: vgtool the first three, lvm2 the others
V=("${DISK[0]}" "${DISK[1]}" "${DISK[2]}")
L=("${DISK[3]}" "${DISK[4]}" "${DISK[5]}")
both() { # FIRST_STEP PHASE
	tool=vgtool run=("$VGTOOL") devs="${V[0]},${V[1]},${V[2]}" mine=("${V[@]}") dir=/tmp/v
	n=$1 && "$2"
	twin_normalise
	tool=lvm run=(lvm) devs="${L[0]},${L[1]},${L[2]}" mine=("${L[@]}") dir=/tmp/l
	n=$1 && "$2"
	twin_normalise
}
mkdir -p /tmp/v /tmp/l
bad=0

# phase TITLE FUNCTION: the steps of FUNCTION with both tools, compared
phase() {
	local n0=$n
	step "$1"
	both "$n0" "$2"
	twin_compare /tmp/l /tmp/v "$n0"
	((bad == 0)) || fail "the tools differ (MISMATCH lines above)"
	step "$((n - n0)) steps agree"
}
phase "allocation policies: placements and refusals with both tools" policies
phase "VG limits and resizeable with both tools" limits
phase "stripes, mirrors and segment types" stripes

step "each tool reads the other's policies and limits"
vd="${V[0]},${V[1]},${V[2]}" ld="${L[0]},${L[1]},${L[2]}"
for d in "$vd" "$ld"; do
	expect_eq "vgs of the same disks" \
		"$(lvm vgs -o vg_name,vg_attr,vg_allocation_policy,max_lv,max_pv --devices "$d")" \
		"$("$VGTOOL" vgs -o vg_name,vg_attr,vg_allocation_policy,max_lv,max_pv --devices "$d")"
	expect_eq "lvs of the same disks" \
		"$(lvm lvs -a -o lv_name,lv_attr,lv_allocation_policy --devices "$d")" \
		"$("$VGTOOL" lvs -a -o lv_name,lv_attr,lv_allocation_policy --devices "$d")"
done
lvm vgck vb --devices "$vd"
"$VGTOOL" vgck vb --devices "$ld"
# vgtool changes what lvm2 wrote and lvm2 reads it back
"$VGTOOL" vgchange -x n --alloc contiguous vb --devices "$ld" >/dev/null
"$VGTOOL" lvchange --alloc cling vb/s2 --devices "$ld" >/dev/null
expect_eq "lvm2 reads vgtool's changes" "w---c- cling" \
	"$(lvm lvs --noheadings -o vg_attr,lv_allocation_policy vb/s2 --devices "$ld" | xargs)"
