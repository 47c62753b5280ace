# lvmconfig and fullreport against lvm2, and -S on vgremove, vgexport and
# vgimport.  On the same disks (lvm2 builds two VGs, an active origin with
# its snapshot, an inactive LV, tags, an orphan PV), `vgtool fullreport`
# prints what `lvm fullreport` prints (every column, text and JSON,
# subreports configured with --configreport -o/-O/-S, the layout options)
# and exits alike.  `vgtool lvmconfig` prints what lvm2's does for the keys
# both have (default, list, full, current, diff, missing, new, the comment
# and layout options, --validate) and refuses what lvm2 refuses with its
# exit code, in one line.  Then vgremove, vgexport, vgimport and vgchange
# with -S on twin VGs of the same names (each tool on its own disks):
# the same exit codes, output and resulting VGs.
# disks: 4
# disk-size: 64M
# timeout: 150
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mkdir -p /run/lock/lvm /run/lvm

mismatches=0
n=0
# same ARGS...: lvm2 and vgtool print the same stdout and exit alike; a
# vgtool failure says why in one line (warnings aside).
same() {
	same_output "$@"
	vgtool_says_one_line "$(tail -n 1 "$OUT/cmp/$n.vgtool")" "$OUT/cmp/$n.vgtool.err" "$*"
}
vgtool_says_one_line() {
	if [[ $1 != "exit 0" ]] && [[ $(grep -vc WARNING "$2") != 1 ]]; then
		echo "MISMATCH: vgtool $3: $1 with $(wc -l <"$2") lines on stderr" >&2
		mismatches=$((mismatches + 1))
	fi
}
# like RC ARGS...: vgtool exits RC, as lvm2 2.03.16 does (recorded: each
# lvm2 command costs about a second in this guest), saying why in one
# line.
like() {
	local want=$1 rc=0
	shift
	n=$((n + 1))
	"$VGTOOL" "$@" >/tmp/like.out 2>/tmp/like.err || rc=$?
	if ((rc != want)); then
		echo "MISMATCH: vgtool $*: exit $rc, lvm2 exits $want: $(cat /tmp/like.err)" >&2
		mismatches=$((mismatches + 1))
	fi
	vgtool_says_one_line "exit $rc" /tmp/like.err "$*"
}

step "VGs: an active origin with its snapshot, an inactive LV, tags, an orphan PV"
"$VGTOOL" pvcreate -q "${DISK[0]}" "${DISK[1]}" "${DISK[2]}"
"$VGTOOL" vgcreate -q --addtag site1 vg1 "${DISK[0]}"
"$VGTOOL" vgcreate -q --addtag t1 vg2 "${DISK[1]}"
"$VGTOOL" lvcreate -q -L 8M -n lin --addtag db vg1
"$VGTOOL" lvcreate -q -L 4M -s -n snap vg1/lin
"$VGTOOL" lvcreate -q -an -Zn -L 12M -n off vg1 2>/dev/null
dd if=/dev/zero of=/dev/vg1/lin bs=1M count=1 oflag=direct status=none

step "fullreport"
C=(--configreport vg -o vg_name,vg_size --configreport pv -o pv_name,pv_attr
	--configreport lv -o lv_name,lv_attr,origin,snap_percent -O lv_name
	--configreport pvseg -o pv_name,pvseg_start,pvseg_size,lv_name
	--configreport seg -o lv_name,seg_start,seg_size,segtype,chunk_size -O lv_name)
S=(--configreport lv -o+selected,lv_active_locally -S 'origin = lin'
	--configreport pvseg -O -pvseg_start -S 'pvseg_size > 1'
	--configreport vg -S 'vg_name = vg2')
same fullreport
same fullreport --reportformat json
# -o, -O and -S before any --configreport are for no report (lvm2's)
same fullreport -o vg_name -O bogus -S 'nosuch = 1' "${C[@]}" "${S[@]}" -a --units s --binary
same fullreport "${C[@]}" "${S[@]}" --reportformat json
same fullreport "${C[@]}" --rows --nameprefixes --unquoted --noheadings \
	--configreport log -o log_type vg2 vg1 vg2
same fullreport "${C[@]}" --separator : --aligned --nosuffix --units m @t1 nosuch
like 3 fullreport vg1/lin
like 3 fullreport --configreport bogus
like 3 fullreport --reportformat yaml
# lvm2 prints the VGs before the one where it notices: vgtool nothing
like 5 fullreport --configreport vg -o vg_name,lv_name
like 5 fullreport --configreport lv -o bogus
like 5 fullreport --configreport seg -S 'nosuch = 1'

step "lvmconfig"
keys=(devices/use_devicesfile devices/devicesfile devices/filter devices/global_filter
	devices/scan_lvs devices/multipath_component_detection devices/md_component_detection
	devices/require_restorefile_with_uuid devices/allow_changes_with_duplicate_pvs
	backup/backup backup/archive global/wait_for_locks global/locking_dir
	global/prioritise_write_locks activation/udev_sync activation/udev_rules
	activation/verify_udev_operations activation/snapshot_autoextend_threshold
	activation/snapshot_autoextend_percent activation/polling_interval
	activation/activation_mode)
cfg='backup { archive = 0 backup = "y" } activation/polling_interval = 30 devices/scan_lvs = 0'
# (more in tests/unit/test_config_settings.c, against lvm2's recorded output)
same lvmconfig --typeconfig default --withversions --withspaces "${keys[@]}"
same config --type full --config 'activation { udev_sync = 0 udev_rules = 0 }' "${keys[@]}"
same dumpconfig --config "$cfg" --withversions backup/archive /activation nosuch
same lvmconfig --config "$cfg" --type diff backup activation/polling_interval devices/scan_lvs
same lvmconfig --config 'backup/archive = "x"' --validate
"$VGTOOL" lvmconfig --type list --withversions -f /tmp/list.file "${keys[@]}"
"$VGTOOL" lvmconfig --type list --withversions "${keys[@]}" >/tmp/list.out
expect_file_eq "lvmconfig -f" /tmp/list.out /tmp/list.file
like 0 lvmconfig --config "$cfg" --validate
like 5 lvmconfig --config 'backup/archive = 0' --type missing backup/archive backup/backup
like 0 lvmconfig --type new --sinceversion 2.3.12 devices/use_devicesfile devices/devicesfile
like 5 lvmconfig --type default --atversion 2.2.80 devices/scan_lvs backup/archive
# the refusals (lvm2 2.03.16's exit codes), one line each
like 5 lvmconfig foo/bar
like 5 lvmconfig backup/
like 5 lvmconfig --config 'nosuch/key = 1' --validate
like 5 lvmconfig --config 'backup/nosuch = 1' --validate
like 5 lvmconfig --config 'archive = 1' --validate
like 5 lvmconfig --config 'activation/polling_interval = 1.5' --validate
like 5 lvmconfig --type default -f /nonexistent/dir/out backup/archive
like 3 lvmconfig --type bogus
like 3 lvmconfig --type default --validate
like 3 lvmconfig -l --type default
like 3 lvmconfig --atversion 2.3.0 backup
like 3 lvmconfig --type default --atversion 2.3 backup
like 3 lvmconfig --type current --atversion 2.3.0 backup
like 3 lvmconfig --ignoreadvanced
like 3 lvmconfig --mergedconfig --type list
like 3 lvmconfig --sinceversion 2.2.0 --type default
like 3 lvmconfig --type list --withcomments
like 3 lvmconfig --config 'backup {'
like 3 lvmconfig --config 'activation/activation_mode = "weird"' backup
# vgtool has no profiles: lvm2 lists its profilable settings here
like 3 lvmconfig --type profilable

step "-S on vgremove, vgexport, vgimport, vgchange: twin VGs"
"$VGTOOL" vgremove -q -ff vg1 vg2 >/dev/null
"$VGTOOL" pvremove -q "${DISK[0]}" "${DISK[1]}" "${DISK[2]}" >/dev/null
# twins: the steps with $tool (twin_st), from blank disks
twins() {
	"${run[@]}" vgcreate -q --addtag keep tv1 "${mine[0]}" --devices "$devs" >/dev/null
	"${run[@]}" vgcreate -q tv2 "${mine[1]}" --devices "$devs" >/dev/null
	"${run[@]}" lvcreate -q -an -Zn -L 8M -n l1 tv1 --devices "$devs" >/dev/null 2>&1
	twin_st bad vgremove -S 'lv_name = l1'
	twin_st bad vgremove -S 'vg_name = tv2' tv1 nosuch
	twin_st bad vgchange --addtag x -S 'vg_name = tv2' nosuch
	twin_st ok vgexport -S 'vg_name = tv2'
	twin_st ok vgimport -S 'vg_name = tv2 || vg_name = tv1'
	twin_st ok vgs -o vg_name,vg_attr,vg_tags
	twin_st ok vgremove -S 'vg_name = tv2'
	twin_st ok vgremove -f -S 'tags = keep'
	twin_normalise
}
# lvm2 asks before removing the LVs (on stdout), and no answer is a no
vgtool_only["vgremove -S lv_name = l1"]=5
mkdir -p /tmp/tv /tmp/tl
bad=0
# vgtool's own answers where lvm2's are recorded
"$VGTOOL" vgcreate -q tv3 "${DISK[0]}" >/dev/null
like 0 vgremove -S 'vg_name = nomatch'
like 5 vgremove -S 'nosuch = 1'
like 3 vgexport -a -S 'vg_name = tv3'
like 3 vgimport -a -S 'vg_name = tv3'
like 3 vgremove
like 0 vgremove -S 'vg_name = tv3'
steps=$n
n=0 tool=vgtool run=("$VGTOOL") mine=("${DISK[0]}" "${DISK[1]}") devs="${DISK[0]},${DISK[1]}" dir=/tmp/tv
twins
n=0 tool=lvm run=(lvm_ref) mine=("${DISK[2]}" "${DISK[3]}") devs="${DISK[2]},${DISK[3]}" dir=/tmp/tl
twins
twin_compare /tmp/tl /tmp/tv
cp -r /tmp/tv /tmp/tl "$OUT/" 2>/dev/null || true
mismatches=$((mismatches + bad))

((mismatches == 0)) || fail "$mismatches of $((steps + n)) commands differ from lvm2 (diffs above; outputs in $OUT/cmp, $OUT/tv, $OUT/tl)"
step "all $steps lvmconfig and fullreport commands and $n twin steps match lvm2"
