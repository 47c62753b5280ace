# vgtool's pvs, vgs, lvs, pvdisplay, vgdisplay and lvdisplay print what
# lvm2's do, byte for byte (stdout and exit status), for VGs lvm2 builds
# (the displays' long, -c and -s forms):
# linear, spanning and striped LVs, two snapshots of one origin, a fixed
# minor with tags and read-ahead, a read-only contiguous LV, an orphan PV,
# a disk that is no PV (pvs -a) and a second VG.  Inactive throughout; while the LVs are active only the
# fields that do not depend on the kernel are compared, unless vgtool
# already reports activation (then everything is).
# disks: 5
# disk-size: 2G
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1

mismatches=0
n=0
mkdir -p "$OUT/cmp"

# same ARGS...: lvm2 and vgtool print the same stdout and exit alike.
same() { same_output "$@"; }

step "lvm2 builds two VGs and an orphan PV"
lvm_ref pvcreate -q ${DISK[0]} ${DISK[1]} ${DISK[2]} ${DISK[3]}
lvm_ref vgcreate -q rpt_vg ${DISK[0]} ${DISK[1]}
lvm_ref vgcreate -q rpt_vg2 ${DISK[3]}
lvm_ref lvcreate -q -L 8M -n lv1 rpt_vg
lvm_ref lvcreate -q -i2 -I64k -L 16M -n str rpt_vg
lvm_ref lvcreate -q -L 2100M -n big rpt_vg
lvm_ref lvcreate -q -L 12M -s -n snap rpt_vg/lv1
lvm_ref lvcreate -q -l 3 -s -c 64k -n snap2 rpt_vg/lv1
lvm_ref lvcreate -q -L 4M -n fixed -My --major 254 --minor 77 --addtag t2 --addtag t1 -r 512 rpt_vg
lvm_ref lvcreate -q -L 4M -n ro -pr --alloc contiguous rpt_vg
lvm_ref lvcreate -q -L 4M -s -n snap3 rpt_vg/big
lvm_ref lvcreate -q -L 8M -n a-dash -r none rpt_vg2
lvm_ref vgchange -q --addtag vgtag rpt_vg2
lvm_ref pvchange -q --addtag pvtag -x n ${DISK[3]}
dd if=/dev/urandom of=/dev/rpt_vg/lv1 bs=64k count=20 oflag=direct status=none
# more than snap3's 4 MiB: the kernel invalidates it
dd if=/dev/urandom of=/dev/rpt_vg/big bs=1M count=8 oflag=direct status=none

# Fields that do not depend on what the kernel has.
static_lv=lv_uuid,lv_name,lv_full_name,lv_path,lv_dm_path,lv_layout,lv_role,lv_allocation_policy
static_lv+=,lv_fixed_minor,lv_major,lv_minor,lv_read_ahead,lv_size,seg_count,origin,origin_uuid
static_lv+=,origin_size,lv_ancestors,lv_descendants,lv_tags,lv_time,lv_host,lv_modules,vg_name

step "active LVs: the fields that do not need the kernel"
same lvs -a -o $static_lv
same lvs -a -o lv_name,segtype,stripes,stripe_size,chunk_size,seg_start,seg_size,seg_pe_ranges,seg_le_ranges,devices
same vgs
same pvs
same vgs -o all
same pvs -o all
# Reference data for tests/unit/test_report_columns.c: lvm2's output for
# rpt_vg alone, with the dm state behind the active one.
unit_ref() { # NAME ARGS...
	local name=$1
	shift
	lvm_ref "$@" >"$OUT/unit/$name.txt"
}
mkdir -p "$OUT/unit"
dmsetup status >"$OUT/unit/active-dmsetup-status.txt"
dmsetup info -c --noheadings -o name,major,minor,attr,open >"$OUT/unit/active-dmsetup-info.txt"
unit_ref active-lvs lvs -a -o lv_name,lv_attr,data_percent,snap_percent,lv_kernel_major,lv_kernel_minor,lv_kernel_read_ahead,lv_device_open,lv_active,lv_permissions,lv_live_table,lv_merge_failed,lv_snapshot_invalid rpt_vg
unit_ref active-lvdisplay lvdisplay rpt_vg
if "$VGTOOL" lvs --noheadings -o lv_attr rpt_vg/lv1 | grep -q '^  ....a'; then
	step "vgtool reports activation: compare the kernel's fields too"
	same lvs
	same lvs -a -o all --reportformat json
	same lvs -o lv_name,lv_attr,data_percent,snap_percent,lv_kernel_major,lv_kernel_minor,lv_device_open
	same lvdisplay
	same vgdisplay -v
	step "an open snapshot, a suspended LV"
	exec 9</dev/rpt_vg/snap
	dmsetup suspend rpt_vg-fixed
	same lvs -a -o lv_name,lv_attr,lv_suspended,lv_device_open,snap_percent,lv_snapshot_invalid
	same lvdisplay rpt_vg/snap rpt_vg/fixed rpt_vg/snap3 rpt_vg/big
	same vgdisplay rpt_vg
	# the -c lines (lvm2's colon fields, its status words as numbers):
	# active, open, suspended, fixed minor, read-ahead, contiguous
	same lvdisplay -c
	same lvdisplay -c -a
	same vgdisplay -c
	same vgdisplay -s
	same vgdisplay -A -c
	same pvdisplay -c
	dmsetup resume rpt_vg-fixed
	exec 9<&-
else
	step "vgtool reports every LV inactive yet: active states not compared"
fi

step "lvm2 deactivates; everything is compared"
lvm_ref vgchange -q -an rpt_vg rpt_vg2
lvm_ref vgcfgbackup -q -f "$OUT/unit/rpt_vg.vg" rpt_vg
unit_ref lvs-a lvs -a rpt_vg
unit_ref lvs-o-plus lvs -a -o+lv_uuid,seg_pe_ranges,devices,lv_tags,origin_size,chunk_size,lv_path,lv_dm_path,seg_count,segtype,seg_start,seg_size,stripes,stripe_size,lv_read_ahead,lv_major,lv_minor,lv_time,lv_host,lv_role,lv_layout rpt_vg
unit_ref lvs-lv-all lvs -a -o lv_all --reportformat json rpt_vg
unit_ref lvs-units-s lvs -a --units s --nosuffix -o lv_name,lv_size,origin,origin_size,seg_start_pe,seg_size_pe,devices -O -lv_size rpt_vg
unit_ref vgs vgs -o vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,vg_seqno,vg_uuid rpt_vg
unit_ref pvs pvs -o pv_name,vg_name,pv_attr,pv_size,pv_free,pv_used,pv_pe_count,pv_pe_alloc_count,pe_start,pv_uuid ${DISK[0]} ${DISK[1]}
unit_ref pvs-segs pvs -o pv_name,pvseg_start,pvseg_size,lv_name,seg_start_pe,segtype ${DISK[0]} ${DISK[1]}
unit_ref lvdisplay-m lvdisplay -m rpt_vg
unit_ref pvdisplay-m pvdisplay -m ${DISK[0]} ${DISK[1]}

same pvs
same vgs
same lvs
same lvs -a
same lvs rpt_vg2 rpt_vg/lv1
same lvs rpt_vg/snap
same lvs /dev/rpt_vg/fixed
same lvs -a -o all
same lvs -a -o all --reportformat json
same vgs -o all
same vgs -o all --reportformat json
same pvs -o all
same pvs -o all --reportformat json
same lvs --reportformat json
same vgs --reportformat json
same pvs --reportformat json
same lvs -a -o+lv_uuid,seg_pe_ranges,devices,lv_tags,origin_size,chunk_size,lv_kernel_major,lv_kernel_minor,lv_active,lv_path,lv_dm_path,seg_count,segtype,seg_start,seg_start_pe,seg_size
same lvs -a --units s --nosuffix -o lv_name,lv_attr,lv_size,origin,snap_percent,data_percent,seg_count,seg_start_pe,seg_size_pe,devices
for u in b B s S k K m M g G t T h H r R 4k; do
	same lvs --units $u
	same pvs --units $u -o+pv_used,pe_start,dev_size,pv_mda_free,pv_mda_size
done
same vgs --nosuffix --units m
same pvs --nosuffix --units m
same lvs --noheadings
same lvs --noheadings --separator :
same lvs --separator :
same vgs --separator '|' --noheadings
same pvs --separator ''
same lvs -O -lv_size,vg_name
same lvs -O lv_attr -o lv_name,lv_attr
same lvs -O '' -o lv_name
same lvs -o name,size,attr,uuid
same vgs -o name,size,attr,uuid,tags
same pvs -o name,size,attr,uuid,tags
same lvs -o lv_name -o +vg_name
same lvs -o-lv_attr,pool_lv
same lvs -o lv_name,vg_name -o lv_size
same lvs -o lv_name -o-lv_name
same lvs -o lv_all
same lvs -o seg_all
same lvs -o vg_all -O vg_name
same pvs -o pv_name,pvseg_start,pvseg_size,lv_name,seg_start_pe,segtype
same pvs -o pv_name,pvseg_all,lv_name,lv_attr,seg_size,devices
same pvs -o pv_name,lv_name
same pvs -o pv_name,vg_name,vg_attr,vg_extent_size
same vgs -o vg_name,lv_name,lv_size,lv_attr
same vgs -o vg_name,lv_name,seg_size,devices
same vgs -o vg_name,pv_name,pv_size,pv_attr
same pvs ${DISK[2]} ${DISK[0]}
same pvs -a
same pvs -a -o pv_name,pv_fmt,pv_uuid,pv_attr,pv_size,vg_name
same lvs nonexistent
same lvs rpt_vg/nonexistent
same vgs nonexistent rpt_vg
same pvdisplay
same pvdisplay -m
same pvdisplay ${DISK[2]}
same pvdisplay --units s ${DISK[3]}
same vgdisplay
same vgdisplay -v
same vgdisplay --units m rpt_vg2
same vgdisplay rpt_vg2 rpt_vg
same lvdisplay rpt_vg2 rpt_vg/lv1
same lvdisplay
same lvdisplay -m
same lvdisplay -a
same lvdisplay --units s rpt_vg/lv1 rpt_vg2
same lvdisplay -m rpt_vg/str rpt_vg/snap
# the -c and -s forms, inactive (vgdisplay -A: none listed)
same lvdisplay -c
same lvdisplay -c rpt_vg2 rpt_vg/lv1
same vgdisplay -c
same vgdisplay -s
same vgdisplay -s --units m rpt_vg2
same vgdisplay -A
same pvdisplay -c
same pvdisplay -c ${DISK[2]}
# refused alike (exit status; the line is on stderr)
same vgdisplay -c -s
same vgdisplay -C -c
same pvdisplay -c -m
same pvdisplay -c -s
same lvdisplay -c -m

((mismatches == 0)) || fail "$mismatches of $n report commands differ from lvm2 (diffs above; outputs in $OUT/cmp)"
echo "all $n report commands match lvm2"
