# Selection (-S/--select), vgtool against lvm2 (UUIDs and creation times
# left out of the *display output, the twins' own): the same selection
# expressions run with each tool on twin VGs of the same names (linear LVs
# of several sizes, an active origin with two snapshots, tagged LVs and a
# tagged VG), each tool seeing only its own disks (--devices); the exit
# codes and what lvs, vgs, pvs (and their --segments reports) and
# lvdisplay print must agree.  Bad expressions fail alike, vgtool with one
# line on stderr.  Then lvchange, vgchange and lvremove act on what -S
# selects (tags, deactivation, removal), with the same effects and seqnos.
# disks: 4
# disk-size: 1G
# timeout: 1200
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mkdir -p /run/lock/lvm /run/lvm

# st KIND CMD...: one step with $tool (lib.sh's twin_st); KIND "bad": a
# refusal (vgtool: one line on stderr), the seqnos unchanged.
n=0
st() { ONE_LINE_ALL=0 twin_st "$@"; }

setup() {
	"${run[@]}" vgcreate --addtag vt vg1 "${mine[0]}" --devices "$devs" >/dev/null
	"${run[@]}" vgcreate vg2 "${mine[1]}" --devices "$devs" >/dev/null
	"${run[@]}" lvcreate -an -Zn -L 4M -n small --addtag a --addtag b vg1 --devices "$devs" >/dev/null 2>&1
	"${run[@]}" lvcreate -an -Zn -L 12M -n mid --addtag a vg1 --devices "$devs" >/dev/null 2>&1
	"${run[@]}" lvcreate -ay -L 40M -n big --addtag c vg1 --devices "$devs" >/dev/null 2>&1
	"${run[@]}" lvcreate -s -L 8M -n snap1 vg1/big --devices "$devs" >/dev/null 2>&1
	"${run[@]}" lvcreate -s -L 16M -n snap2 vg1/big --devices "$devs" >/dev/null 2>&1
	"${run[@]}" lvcreate -an -Zn -L 512M -n huge vg2 --devices "$devs" >/dev/null 2>&1
	# the same writes through both tools' origins: the same COW use
	dd if=/dev/zero of=/dev/mapper/vg1-big bs=1M count=6 oflag=direct status=none
}

phase1() {
	local e
	# reports: each expression with lvs, names and the selected field
	for e in 'size > 10m' 'size > 10' 'lv_size >= 12M' 'lv_size = 12582912b' \
		'lv_size < 0.01g' 'size > 8192s' 'size <= 4096K' 'size = 0.5G' \
		'data_percent > 5' 'data_percent > 5%' 'data_percent < 50' 'data_percent != 50' \
		'snap_percent >= 0' 'name =~ ^s' 'name =~ "^s.*1$"' 'name !~ ^s' 'name =~ (s|b)' \
		'name =~ [0-9]' 'name =~ {2}' 'name=~sn.p' 'name = small' "name = 'small'" \
		'name=small,name=mid' 'name=small||name=mid' 'name=small#name=mid' \
		'name=small&&size=4' '!(name=small)' '! (name=small || name=mid)' \
		'!(!(name=small))' 'name=small || name=mid && size > 100' \
		'(name=small || name=mid) && size > 5' 'tags = a' 'tags = [a]' 'tags = [a,b]' \
		'tags = {a}' 'tags = {a || c}' 'tags = [a || c]' 'tags = [b && a]' 'tags = {a,b}' \
		'tags = ""' 'tags != ""' 'tags != a' 'tags != [a]' 'lv_tags = a' 'vg_tags = vt' \
		'vg_name = vg2' 'vg_free > 100m' 'origin = big' 'origin = ""' 'attr =~ ^s' \
		'lv_attr =~ "^....a"' 'major = -1' 'lv_major = unknown' 'lv_kernel_major > 0' \
		'lv_kernel_major > -1' 'kernel_major != -1' 'seg_count = 1' 'seg_count = 1.7' \
		'lv_active_locally = 1' 'lv_active_locally = "active locally"' \
		'active_locally = active' 'lv_active_locally = yes' 'lv_active_locally = no' \
		'lv_active_locally = 0' 'lv_device_open = unknown' 'lv_device_open = -1' \
		'permissions = rw' 'lv_permissions = writeable' 'read_ahead = auto' \
		'lv_time since "2020-01-01"' 'lv_time until "2020-01-01"' 'lv_time > @1000' \
		'lv_time = "2020-01"' 'lv_time after "2020-06-30 12:00"' 'name =' 'selected = 1' \
		'seg_size > 5' 'segtype = linear' 'seg_start = 0' 'all' 'ALL' ''; do
		st ok lvs -o name,vg_name,selected -S "$e"
	done
	st ok lvs -o name -S 'name=small' -S 'name=mid'
	st ok lvs -o name --select 'name=mid'
	st ok lvs -o name -O selected -S 'name=small'
	st ok lvs -o name -S 'vg_name = vg1' vg2
	st ok lvs -o name -S 'name = mid' vg1/small
	st ok lvs -o name -S 'name = mid' vg1
	st ok lvs -o name -S 'name =~ i' @a
	st ok lvs --segments -S 'seg_size > 5'
	st ok lvs --segments -o lv_name,seg_start -S 'lv_name = big'
	st ok vgs -o name -S 'name = vg1'
	st ok vgs -o name -S 'lv_name = big'
	st ok vgs -o name -S 'lv_name =~ ^s'
	st ok vgs -o name -S 'vg_free < 700m'
	st ok vgs -o name -S 'lv_count > 2'
	st ok vgs -o name -S 'tags = vt'
	st ok vgs -o name,selected -S 'snap_count = 2'
	st ok pvs -o name -S 'vg_name = vg2'
	st ok pvs -o name -S 'name =~ DISK'
	st ok pvs -o name -S 'pv_free > 500m'
	st ok pvs -o name -S 'lv_name = big'
	st ok pvs -o name -S 'pvseg_start > 0'
	st ok pvs --segments -o pv_name,pvseg_start,pvseg_size -S 'pvseg_size > 1'
	st ok lvdisplay -S 'name = mid'
	st ok lvdisplay -S 'size > 100m'
	st ok vgdisplay -S 'name = vg2'
	st ok pvdisplay -S 'vg_name = vg2'
	st ok lvs -S help

	# bad expressions: lvm2's exit code, one line from vgtool
	for e in 'data_percent = 101' 'data_percent > 5m' 'seg_count = 1k' 'seg_count = 1%' \
		'tags =~ ^[ab]' 'size =~ 4' 'lv_time > 0' 'lv_time since "2020-13-01"' \
		'name since 1' 'name > 1' 'nosuch = 1' 'name' 'name == small' 'name = small)' \
		'(name = small' 'name = "small' 'size > abc' 'size > -1' 'tags = [a' \
		'tags = [a,b||c]' 'tags = [a}' '   ' 'name = x y' '!name = x' \
		'pv_name =~ vd'; do
		st bad lvs -o name -S "$e"
	done
	st bad vgs -o name -S 'bad =='
	st bad pvs -o name -S 'pv_size > x'
	st bad lvchange -an -S 'nosuch=1'
	st bad lvchange --addtag zz -S 'size >'
	st bad vgchange -an -S 'bad=='
	st bad lvremove -f -S 'name ='\''x'

	# acting on what is selected
	st ok lvchange -an -S 'name = nosuch'
	st ok lvchange --addtag zz -S 'size < 13m'
	st ok lvs -o name,tags
	st ok lvchange --deltag zz -S 'tags = zz'
	st ok lvs -o name,tags
	st ok lvchange --addtag yy -S 'name = mid' vg1
	st ok lvchange --addtag yy -S 'name = mid' vg1/small
	st ok lvchange --addtag xx -S 'tags = a' @b
	st ok lvs -o name,tags
	st ok vgs -o name,seqno
	st ok lvchange -an -S 'name = big'
	st ok lvs -o name,attr
	st ok lvchange -ay -S 'name = big'
	st ok lvchange -an -S 'name = big' vg1/mid
	st ok lvs -o name,attr
	st ok vgchange -an -S 'name = vg1'
	st ok lvs -o name,attr
	st ok vgchange -ay -S 'tags = vt'
	st ok lvs -o name,attr
	st ok vgchange -an -S 'vg_name = nosuch'
	st ok vgchange -an -S 'lv_name = big'
	st ok lvs -o name,attr
	st ok vgchange --addtag q -S 'name=vg2'
	st ok vgs -o name,tags,seqno
	st ok lvremove -f -S 'name = snap1'
	st ok lvremove -f -S 'origin = big'
	st ok lvremove -f -S 'name = nosuch'
	st ok lvremove -f -S 'name ='
	st ok lvremove -f -S 'name=mid' vg2
	st ok lvremove -f -S 'name = small' vg1/mid
	st ok lvs -o name,attr
	st ok lvremove -f -S 'vg_name = vg2'
	st ok lvs -o name,vg_name
	st ok vgs -o name,seqno
}

# each tool's disks: vgtool the first two, lvm2 the others
V=("${DISK[0]}" "${DISK[1]}")
L=("${DISK[2]}" "${DISK[3]}")
mkdir -p /tmp/v /tmp/l
bad=0

step "twin VGs"
"$VGTOOL" pvcreate "${V[@]}" >/dev/null
lvm pvcreate "${L[@]}" >/dev/null
tool=vgtool run=("$VGTOOL") devs="${V[0]},${V[1]}" mine=("${V[@]}") dir=/tmp/v
setup
step "the same selections with vgtool"
phase1
twin_normalise -e /UUID/d -e "/Creation host/d"
"$VGTOOL" vgchange -an --devices "$devs" >/dev/null
tool=lvm run=(lvm) devs="${L[0]},${L[1]}" mine=("${L[@]}") dir=/tmp/l
n=0
setup
step "the same selections with lvm2"
phase1
twin_normalise -e /UUID/d -e "/Creation host/d"
lvm vgchange -an --devices "$devs" >/dev/null

twin_compare /tmp/l /tmp/v
cp -r /tmp/v /tmp/l "$OUT/" 2>/dev/null || true
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree"
