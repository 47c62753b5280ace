# Tags on the command line, vgtool against lvm2: the same commands
# (--addtag/--deltag on vgcreate, lvcreate, lvchange, vgchange; @TAG in
# place of LV and VG arguments; bad tags) run with each tool on twin VGs
# of the same names, each tool seeing only its own disks (--devices); the
# exit codes, what they print on stdout, the tags (lvs -o lv_tags, vgs -o
# vg_tags) and the seqnos (one commit per changed LV or VG) must agree.  A
# refusal prints one line on stderr and leaves the metadata as it was.
# Then each tool reads, selects by and changes the tags the other wrote.
# disks: 4
# disk-size: 256M
# timeout: 900
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lock/lvm /run/lvm
long=$(printf 'k%.0s' {1..1500})

# Deliberate differences (doc/vgtool-lvchange.8, doc/vgtool-lvremove.8):
# an invalid @TAG, which lvm2's lvchange and lvremove skip (lvremove, left
# with no argument, then removes every LV), is refused (exit 3).
vgtool_only=(
	["lvremove -f @bad\$"]=3
	["lvchange -an @bad\$"]=3
)

# st KIND CMD...: one step with $tool (lib.sh's twin_st); KIND "bad": a
# refusal, the seqnos unchanged.
st() { twin_st "$@"; }

phase1() {
	st ok vgcreate --addtag vt1 --addtag @vt2 --addtag vt1 vg1 "${mine[0]}"
	st ok vgcreate vg2 "${mine[1]}"
	st ok lvcreate -an -Zn -L 4M -n l1 --addtag b --addtag a --addtag b vg1
	st ok lvcreate -an -Zn -L 4M -n l2 --addtag c vg1
	st ok lvcreate -an -Zn -L 4M -n l3 vg1
	st ok lvcreate -an -Zn -L 4M -n m1 --addtag a vg2
	st ok lvcreate -an -Zn -L 4M -n m2 vg2
	st ok lvs -o lv_name,lv_tags
	st ok vgs -o vg_name,vg_tags,seqno
	st ok lvchange --addtag a vg1/l1
	st ok lvchange --deltag zz vg1/l1
	st ok lvchange --addtag n1 --addtag n2 --deltag a vg1/l1
	st ok lvchange --addtag x --deltag x vg1/l2
	st ok lvchange --deltag y --addtag y vg1/l2
	st ok lvchange --addtag 'A-z_0.9+/=!:&#' vg1/l3
	st ok lvchange --addtag "$long" vg1/l3
	st ok lvs -o lv_name,lv_tags
	st ok lvchange --deltag "@$long" vg1/l3
	st ok vgs -o vg_name,seqno
	st ok lvchange --addtag t1 vg1/l1 vg1/l2 vg2/m1
	st ok lvchange --addtag t2 vg1/nosuch vg1/l1
	st ok lvs -o lv_name,lv_tags
	st ok vgchange --addtag z --deltag z vg1
	st ok vgchange --deltag vt2 --addtag vt2 vg1
	st ok vgchange --addtag both vg1 vg2
	st ok vgchange --addtag fromtag @vt1
	st ok vgchange --addtag none @nomatch
	st ok vgs -o vg_name,vg_tags,seqno

	st ok lvs -o lv_name,vg_name @t1
	st ok lvs -o lv_name,vg_name @a
	st ok lvs -o lv_name,vg_name @vt1
	st ok lvs -o lv_name,vg_name @nomatch
	st ok lvs -o lv_name,vg_name vg2 @vt1
	st ok lvs -o lv_name,vg_name vg1/l3 @a
	st ok lvs -o lv_name,vg_name vg1/nosuch @a
	st ok lvs -o lv_name,vg_name nosuchvg/lv @a
	st ok lvs -o lv_name,vg_name @t1 @a
	st ok lvs -o lv_name,vg_name '@bad$'
	st ok vgs -o vg_name @vt1
	st ok vgs -o vg_name @nomatch
	st ok vgs -o vg_name vg2 @vt1
	st ok vgs -o vg_name @vt1 nosuchvg
	st ok vgck @both

	st ok vgchange -ay @vt1
	st ok lvs -o lv_name,lv_attr
	st ok vgchange -an @vt1
	st ok lvchange -ay @t1
	st ok lvs -o lv_name,lv_attr
	st ok lvchange -an @t1
	st ok lvchange -ay @nomatch
	st ok lvchange --addtag viatag @t1
	st ok lvchange -ay --addtag act vg1/l3
	st ok lvs -o lv_name,lv_tags,lv_attr
	st ok lvchange -an vg1/l3
	st ok vgs -o vg_name,seqno

	st bad lvchange --addtag 'bad$' vg1/l1
	st bad lvchange --addtag 'a,b' vg1/l1
	st bad lvchange --addtag '' vg1/l1
	st bad vgchange --addtag '@@x' vg1
	st bad lvcreate -an -Zn -L 4M -n l9 --addtag 'x y' vg1
	st bad vgcreate --addtag 'no pe' vg9 "${mine[2]}"
	st bad vgchange -ay --addtag t3 vg1
	st bad lvchange --addtag t3
	st bad vgs -o vg_name '@bad$'
	st bad vgchange -an '@bad$'
	st bad vgremove -f '@bad$'
	st bad lvremove -f '@bad$'
	st bad lvchange -an '@bad$'
}

phase2() {
	st ok lvremove -f @t1
	st ok lvs -o lv_name,vg_name
	st ok lvremove -f @nomatch
	st ok vgremove -f @both
	st ok vgs
}

# each tool's disks: vgtool the first two (and a spare), lvm2 the others
V=("${DISK[0]}" "${DISK[1]}" "${DISK[2]}")
L=("${DISK[2]}" "${DISK[3]}" "${DISK[0]}")
both() { # PHASE
	tool=vgtool run=("$VGTOOL") devs="${V[0]},${V[1]}" mine=("${V[@]}") dir=/tmp/v
	n=$1 && "phase$2"
	twin_normalise
	"$VGTOOL" vgchange -an --devices "$devs" >/dev/null
	tool=lvm run=(lvm) devs="${L[0]},${L[1]}" mine=("${L[@]}") dir=/tmp/l
	n=$1 && "phase$2"
	twin_normalise
	lvm vgchange -an --devices "$devs" >/dev/null
}
compare() { twin_compare /tmp/l /tmp/v; }
mkdir -p /tmp/v /tmp/l
bad=0

step "the same tag commands with both tools"
both 0 1
compare
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree"

step "each tool reads, selects by and changes the other's tags"
vd="${V[0]},${V[1]}" ld="${L[0]},${L[1]}"
expect_eq "lvm2 selects vgtool's LVs by tag" \
	"$("$VGTOOL" lvs -o lv_name,vg_name,lv_tags @t1 --devices "$vd")" \
	"$(lvm lvs -o lv_name,vg_name,lv_tags @t1 --devices "$vd")"
expect_eq "lvm2 reads vgtool's VG tags" \
	"$("$VGTOOL" vgs -o vg_name,vg_tags --devices "$vd")" \
	"$(lvm vgs -o vg_name,vg_tags --devices "$vd")"
expect_eq "vgtool selects lvm2's LVs by VG tag" \
	"$(lvm lvs -o lv_name,vg_name,lv_tags @vt1 --devices "$ld")" \
	"$("$VGTOOL" lvs -o lv_name,vg_name,lv_tags @vt1 --devices "$ld")"
lvm lvchange --addtag fromlvm vg1/l3 --devices "$vd" >/dev/null
"$VGTOOL" lvchange --addtag fromvgtool vg1/l3 --devices "$ld" >/dev/null
"$VGTOOL" vgchange --addtag vgfromvgtool vg2 --devices "$ld" >/dev/null
expect_eq "vgtool sees lvm2's tag on its LV" "l3" \
	"$("$VGTOOL" lvs --noheadings -o lv_name @fromlvm --devices "$vd" | xargs)"
expect_eq "lvm2 sees vgtool's tag on its LV" "l3" \
	"$(lvm lvs --noheadings -o lv_name @fromvgtool --devices "$ld" | xargs)"
expect_eq "lvm2 sees vgtool's tag on its VG" "m1 m2" \
	"$(lvm lvs --noheadings -o lv_name @vgfromvgtool --devices "$ld" | xargs)"
lvm vgck vg1 --devices "$vd"
lvm vgck vg2 --devices "$vd"
"$VGTOOL" vgck vg1 --devices "$ld"
# a PV tag lvm2 set stays through vgtool's commits
lvm pvchange --addtag pt1 "${V[0]}" --devices "$vd" >/dev/null
"$VGTOOL" lvchange --deltag fromlvm vg1/l3 --devices "$vd" >/dev/null
expect_eq "lvm2's PV tag after a vgtool commit" "pt1" \
	"$(lvm pvs --noheadings -o pv_tags "${V[0]}" --devices "$vd" | xargs)"
expect_eq "vgtool reports the PV tag" "pt1" \
	"$("$VGTOOL" pvs --noheadings -o pv_tags "${V[0]}" --devices "$vd" | xargs)"

step "removing by tag, with both tools"
n0=$n
both "$n0" 2
compare
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
