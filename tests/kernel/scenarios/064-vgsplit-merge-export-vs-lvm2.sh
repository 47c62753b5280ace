# vgexport, vgimport, vgsplit and vgmerge, vgtool against lvm2: the same
# commands run with each tool on twin VGs (each tool on its own disks,
# --devices); exit codes, stdout, vgs/pvs/lvs (vg_attr and pv_attr 'x',
# which LVs went where) and seqnos must agree.  Each refusal (LV across
# the split, snapshot apart from its origin, active LVs, extent sizes,
# LV names in both, exported VGs) prints one line on stderr and changes no
# seqno.  Then each tool reads and checks the other's result, and a crash
# after any write of vgtool's vgsplit or vgmerge leaves disks both tools
# read alike.
# disks: 8
# disk-size: 128M
# timeout: 1500
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

mkdir -p /run/lock/lvm /run/lvm

# st KIND CMD...: one step with $tool (lib.sh's twin_st); KIND "bad": a
# refusal, the seqnos unchanged.
st() { twin_st "$@"; }
VGS="vg_name,vg_attr,seqno,pv_count,lv_count,snap_count,vg_extent_size"

phase1() {
	local A=${mine[0]} B=${mine[1]} C=${mine[2]} D=${mine[3]}
	st ok vgcreate vg1 "$A" "$B" "$C"
	st ok lvcreate -an -Zn -L 8M -n a vg1 "$A"
	st ok lvcreate -an -Zn -L 8M -n b vg1 "$B"
	st ok lvcreate -an -Zn -L 8M -n span vg1 "$A"
	st ok lvextend -L 16M vg1/span "$B"
	st ok lvcreate -an -Zn -L 8M -n o vg1 "$C"
	st ok lvcreate -an -L 8M -s -n s vg1/o "$C"
	st ok lvcreate -an -Zn -L 8M -n o2 vg1 "$C"
	st ok lvcreate -an -L 8M -s -n s2 vg1/o2 "$B"
	st ok vgs -o $VGS
	st bad vgsplit vg1 vg2
	st bad vgsplit vg1 vg1 "$B"
	st bad vgsplit vg1 vg2 "$B"
	st bad vgsplit vg1 vg2 "$C"
	st bad vgsplit vg1 vg2 "$D"
	st bad vgsplit -n a vg1 vg2 "$B"
	st bad vgmerge vg1
	st bad vgmerge vg1 vg1
	st bad vgmerge vg1 nosuch
	st bad vgexport
	st bad vgimport vg1
	st ok lvremove -f vg1/s2
	st ok lvremove -f vg1/span
	st ok lvchange -ay vg1/b
	st bad vgsplit vg1 vg2 "$B"
	st bad vgexport vg1
	st ok lvchange -an vg1/b
	st ok lvchange -ay vg1/o
	st bad vgsplit vg1 vg2 "$C"
	st ok lvchange -an vg1/o
	st ok vgsplit -l 7 -p 9 vg1 vg2 "$B"
	st ok vgs -o $VGS,max_lv,max_pv,vg_mda_copies
	st ok lvs -a -o lv_name,vg_name,lv_attr,devices
	st ok pvs -o pv_name,vg_name,pv_attr
	st bad vgsplit -l 7 vg1 vg2 "$C"
	st ok lvchange -ay vg1/a
	st bad vgsplit vg1 vg2 "$C"
	st ok lvchange -an vg1/a
	st ok vgsplit vg1 vg2 "$C"
	st ok vgs -o $VGS
	st ok lvs -a -o lv_name,vg_name,lv_attr,devices
	st ok vgsplit -n o vg2 vg1
	st ok vgs -o $VGS
	st ok lvs -a -o lv_name,vg_name,lv_attr
	st ok vgcreate -s 1M vg3 "$D"
	st ok lvcreate -an -Zn -L 8M -n a vg3
	st bad vgmerge vg1 vg3
	st bad vgsplit vg1 vg3 "$A"
	st ok vgremove -f vg3
	st ok vgcreate vg3 "$D"
	st ok lvcreate -an -Zn -L 8M -n a vg3
	st bad vgmerge vg1 vg3
	st ok lvrename vg3 a a3
	st ok lvcreate -an -L 4M -s -n s3 vg3/a3
	st bad vgmerge vg1 vg3
	st ok lvremove -f vg3/s3
	st ok lvchange -ay vg3/a3
	st bad vgmerge vg1 vg3
	st ok lvchange -an vg3/a3
	st ok vgexport vg3
	st ok vgs -o vg_name,vg_attr,seqno
	st ok pvs -o pv_name,vg_name,pv_attr
	st ok lvs -o lv_name,vg_name
	st ok vgdisplay vg3
	st bad lvs vg3
	st bad vgchange -ay vg3
	st ok vgchange -ay
	st ok lvs -o lv_name,vg_name,lv_attr
	st ok vgchange -an
	st bad lvchange -ay vg3/a3
	st bad lvcreate -an -Zn -L 4M -n x vg3
	st bad lvremove -f vg3/a3
	st bad vgexport vg3
	st bad vgmerge vg1 vg3
	st bad vgmerge vg3 vg1
	st bad vgsplit vg3 vg5 "$D"
	st ok vgrename vg3 vg3r
	st ok vgrename vg3r vg3
	st ok vgimport vg3
	st ok vgs -o vg_name,vg_attr,seqno
	st ok vgexport -a
	st ok vgs -o vg_name,vg_attr,seqno
	st ok pvs -o pv_name,vg_name,pv_attr
	st bad vgexport -a vg1
	st ok vgimport -a
	st ok vgs -o vg_name,vg_attr,seqno
	st ok vgmerge vg1 vg3
	st ok vgs -o $VGS
	st ok lvs -a -o lv_name,vg_name,lv_attr,devices
	st ok vgsplit vg2 vg4 "$B"
	st ok vgs -o $VGS
	st ok lvs -a -o lv_name,vg_name,lv_attr
}

V=("${DISK[0]}" "${DISK[1]}" "${DISK[2]}" "${DISK[3]}")
L=("${DISK[4]}" "${DISK[5]}" "${DISK[6]}" "${DISK[7]}")
compare() { twin_compare /tmp/l /tmp/v; }
mkdir -p /tmp/v /tmp/l
bad=0

step "the same commands with both tools"
vd=$(
	IFS=,
	echo "${V[*]}"
)
ld=$(
	IFS=,
	echo "${L[*]}"
)
tool=vgtool run=("$VGTOOL") devs=$vd mine=("${V[@]}") dir=/tmp/v
n=0 && phase1
twin_normalise -e 's/\(UUID *\).*/\1UUID/'
tool=lvm run=(lvm) devs=$ld mine=("${L[@]}") dir=/tmp/l
n=0 && phase1
twin_normalise -e 's/\(UUID *\).*/\1UUID/'
compare
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree"

step "each tool reads and checks the other's result"
# cross CMD ARGS...: the same report of each tool's disks by both tools
cross() {
	expect_eq "lvm2's $* of vgtool's VGs" \
		"$("$VGTOOL" "$@" --devices "$vd")" "$(lvm "$@" --devices "$vd")"
	expect_eq "vgtool's $* of lvm2's VGs" \
		"$(lvm "$@" --devices "$ld")" "$("$VGTOOL" "$@" --devices "$ld")"
}
cross vgs -o $VGS
cross lvs -a -o lv_name,vg_name,lv_attr,devices
cross pvs -o pv_name,vg_name,pv_attr,pv_pe_alloc_count
for vg in vg1 vg4; do
	lvm vgck $vg --devices "$vd"
	"$VGTOOL" vgck $vg --devices "$ld"
done
# lvm2 activates what vgtool moved, with the new VG's dm UUIDs
lvm vgchange -ay vg4 --devices "$vd" >/dev/null
expect_eq "lvm2 activates vgtool's split-off VG" "vg4-b" "$(dmsetup ls | awk '{print $1}' | grep '^vg4' | xargs)"
lvm vgchange -an vg4 --devices "$vd" >/dev/null
# and the reverse
"$VGTOOL" vgchange -ay vg1 --devices "$ld" >/dev/null
"$VGTOOL" vgchange -an vg1 --devices "$ld" >/dev/null

step "a crash after any write of vgtool's vgsplit and vgmerge"
wipe() { dd if=/dev/zero of="$1" bs=1M count=2 status=none; }
view() { # TOOL: the VGs and LVs it reads, or its failure
	"$@" lvs -a --noheadings -o vg_name,lv_name,lv_attr --devices "$vd" 2>/dev/null | sort | xargs ||
		echo "failed"
}
crashes() { # NAME SETUP CMD...
	local name=$1 setup=$2 k=1 rc a b
	shift 2
	while :; do
		for d in "${V[@]}"; do wipe "$d"; done
		$setup >/dev/null 2>&1
		rc=0
		VGTOOL_TEST_CRASH_AFTER_WRITE=$k "$VGTOOL_TEST" "$@" --devices "$vd" >/dev/null 2>&1 || rc=$?
		a=$(view "$VGTOOL")
		b=$(view lvm)
		echo "$name after write $k (exit $rc): vgtool [$a] lvm2 [$b]"
		[[ $a != failed ]] || fail "$name: vgtool cannot read the disks after write $k"
		[[ $b != failed ]] || fail "$name: lvm2 cannot read the disks after write $k"
		[[ $a == "$b" ]] || fail "$name: vgtool and lvm2 read differently after write $k"
		((rc == 99)) || break
		k=$((k + 1))
	done
	((rc == 0)) || fail "$name: exited $rc"
}
setup_split() {
	"$VGTOOL" vgcreate vgc "${V[0]}" "${V[1]}" --devices "$vd"
	"$VGTOOL" lvcreate -an -Zn -L 8M -n keep vgc "${V[0]}" --devices "$vd"
	"$VGTOOL" lvcreate -an -Zn -L 8M -n go vgc "${V[1]}" --devices "$vd"
}
setup_merge() {
	setup_split
	"$VGTOOL" vgcreate vgd "${V[2]}" "${V[3]}" --devices "$vd"
	"$VGTOOL" lvcreate -an -Zn -L 8M -n d vgd --devices "$vd"
}
crashes vgsplit setup_split vgsplit vgc vgn "${V[1]}"
crashes vgmerge setup_merge vgmerge vgc vgd
