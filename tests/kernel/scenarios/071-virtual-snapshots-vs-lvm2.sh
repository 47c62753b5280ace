# Sparse snapshots (lvcreate --type snapshot -V/--virtualsize, over a
# hidden "zero" origin named LV_vorigin), vgtool against lvm2: the same
# commands run with each tool on twin VGs of the same names, each tool
# seeing only its own disks (--devices), one after the other (the dm names
# and minors come out the same); the exit codes, stdout, the kernel's
# devices and tables and the metadata texts must agree.  The commands:
# creation in lvm2's spellings (-V, --virtualsize, --virtualoriginsize,
# -l percentages, -c, -an, -p r, -k y, --addtag, PVs), the reports
# (lvs -a with the hidden origin in brackets, lvdisplay -m, lvscan -a),
# activation by lvchange and vgchange, lvextend/lvreduce of the COW,
# lvrename (the origin follows), lvremove (the origin goes too),
# vgcfgbackup/vgcfgrestore, and lvm2's refusals (-V 0, a signed size,
# 16E, an origin named, the hidden origin named, merge, %ORIGIN, ...).  A
# refusal prints one line on stderr and leaves the metadata as it was.
# Then: the udev flags of each tool's activation, deactivation and
# removal (strace), each tool reading, activating and changing what the
# other wrote, and the sizes of lvm2's snapshot-usage-exa test on 4 GiB
# extents (the kernel refuses 15 EiB).
# disks: 5
# disk-size: 256M,256M,256M,256M,9G
# modules: dm-zero
# timeout: 240
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lock/lvm /run/lvm
export DM_DISABLE_UDEV=1
# a command on several LVs says why for each that it refuses
ONE_LINE_ALL=0

LVS=lv_name,lv_attr,lv_size,origin,origin_size,lv_role,lv_layout,seg_type,lv_modules,lv_tags
LVS2=lv_path,lv_dm_path,lv_ancestors,lv_descendants,devices,chunk_size,lv_kernel_minor

# Steps whose stdout is not compared, only their exit status: lvm2
# prints its usage there (vgtool says on stderr what is missing).
declare -A exit_only=(
	["lvcreate --type snapshot -V 1G -n b vg1"]=1
)

# st KIND CMD...: one step with $tool on $devs, its exit status and
# stdout kept in $dir/NNN; KIND "bad": a refusal, the seqnos unchanged
# (vgtool's only: lvm2 is the reference).
n=0
st() {
	local kind=$1 rc=0 before=
	shift
	n=$((n + 1))
	local f=$dir/$(printf %03d $n)
	[[ $tool == lvm ]] && kind=ok
	[[ $kind == bad ]] && before=$(seqnos)
	"${run[@]}" "$@" --devices "$devs" </dev/null >"$f.out" 2>"$f.err" || rc=$?
	[[ -z ${exit_only["$*"]:-} ]] || : >"$f.out"
	printf '$ %s\nexit %s\n%s\n' "$*" "$rc" "$(<"$f.out")" >"$f"
	CMDLINE="$*" twin_refusal_checks "$tool" "$kind" "$rc" "$f.err" "$before"
}
seqnos() { "${run[@]}" vgs --noheadings -o vg_name,seqno --devices "$devs"; }

# kernel: the devices as a step's output (name, read-only flag, minor,
# then the tables)
kernel() {
	n=$((n + 1))
	{
		echo "\$ (kernel)"
		dmsetup info -c --noheadings -o name,attr,minor --sort name
		dm_table_named
	} >"$dir/$(printf %03d $n)"
}

phase1() {
	local A=${mine[0]} B=${mine[1]}
	st ok vgcreate vg1 "$A" "$B"
	st ok lvcreate --type snapshot -V 1G -L 8M -n s1 vg1
	kernel
	st ok lvs -a -o $LVS
	st ok lvs -a -o $LVS2
	st ok lvs
	st ok lvs --segments -a -o+devices,seg_pe_ranges
	st ok lvdisplay -a -m vg1
	st ok lvscan -a
	st ok vgs -o vg_name,lv_count,snap_count,seqno
	st ok lvcreate --type snapshot --virtualsize 100m -l 2 -n s2 -an vg1
	st ok lvcreate -s --virtualoriginsize 5M -L 5M vg1
	st ok lvcreate --type snapshot -V 52M -l 10%FREE -c 64k -pr -ky --addtag t1 -n s3 vg1
	st ok lvcreate --type snapshot -V 20M -l 50%PVS -n s4 vg1 "$B"
	kernel

	st bad lvcreate --type snapshot -V 0 -L 8M -n b vg1
	st bad lvcreate --type snapshot -V 16E -L 8M -n b vg1
	st bad lvcreate --type snapshot -V 15E -L 8M -n b vg1
	st bad lvcreate --type snapshot -V 1G -L 8M -n b vg1/s1
	st bad lvcreate --type snapshot -V 1G -L 8M -i 2 -n b vg1
	st bad lvcreate --type snapshot -V 1G -l 10%ORIGIN -n b vg1
	st bad lvcreate -s -L 8M -n b vg1/s1_vorigin
	# lvm2 makes a thin LV of -V without --type snapshot (its
	# sparse_segtype_default), which the sandbox's kernel cannot load
	# (no dm-thin-pool): both refuse, exit 3
	st bad lvcreate -s -V 1G -L 8M -n b vg1
	st bad lvs vg1/s1_vorigin
	st ok lvs -a -o $LVS vg1/s1_vorigin
	st bad lvchange -an vg1/s1_vorigin
	st bad lvremove -f vg1/s1_vorigin
	st bad lvextend -L+4M vg1/s1_vorigin
	st bad lvrename vg1 s1_vorigin foo
	st bad lvconvert --merge vg1/s1
	st ok vgs -o vg_name,seqno

	st ok lvchange -an vg1/s1
	kernel
	st ok vgchange -an vg1
	st ok vgchange -ay vg1
	kernel
	st ok lvchange -an vg1
	st ok lvchange -ay vg1/s3
	st ok lvchange -ay vg1
	kernel
	dd if=/dev/zero of=/dev/mapper/vg1-s1 bs=64k count=4 seek=10 oflag=direct status=none
	st ok lvs -o lv_name,data_percent,snap_percent vg1/s1
	st ok lvextend -L+4M vg1/s1
	st ok lvreduce -f -l-1 vg1/s1
	st ok lvextend -L 1G vg1/s4
	st ok lvresize -l+1 vg1/s2
	st ok vgs -o vg_name,seqno
	kernel
	st ok lvrename vg1 s1 r1
	kernel
	st ok lvrename vg1/r1 vg1/s1
	st ok lvchange -p r vg1/s1
	st ok lvchange --addtag x -kn vg1/s3
	st ok lvs -a -o $LVS,lv_skip_activation,lv_permissions
	kernel
	st ok lvremove vg1/s2
	st ok lvremove -f vg1/lvol0
	st ok vgcfgbackup -f "/tmp/$tool.bk" vg1
	st ok lvremove -f vg1/s4
	st ok vgs -o vg_name,lv_count,snap_count,seqno
	st ok vgchange -an vg1
	# (from here on the seqnos differ: lvm2's vgcfgrestore writes the
	# backup's seqno plus one, lower than the one on the disks; vgtool
	# one more than that, whatever the VG holds)
	st ok vgcfgrestore -f "/tmp/$tool.bk" vg1
	st ok lvs -a -o $LVS
	st bad vgsplit vg1 vg2 "$B"
	st ok vgchange -ay vg1
	kernel
}

# each tool's disks: vgtool the first two, lvm2 the next two
V=("${DISK[0]}" "${DISK[1]}")
L=("${DISK[2]}" "${DISK[3]}")
vd="${V[0]},${V[1]}" ld="${L[0]},${L[1]}"
# metadata as each tool writes it, less what differs between twins
metadata() { # TOOL DEVS FILE
	"$1" vgcfgbackup -q -f "/tmp/md_%s" --devices "$2" >/dev/null
	grep -Ev '^#|^(contents|version|description|creation_host|creation_time) =|	(id|device|creation_time|creation_host|seqno) =|^$' /tmp/md_vg1 |
		sed 's/	*#.*//' >"$3"
}
mkdir -p /tmp/v /tmp/l
bad=0

step "the same commands with both tools"
"$VGTOOL" pvcreate -q "${V[@]}" >/dev/null
lvm pvcreate -q "${L[@]}" >/dev/null
tool=vgtool run=("$VGTOOL") devs=$vd mine=("${V[@]}") dir=/tmp/v
phase1
metadata "$VGTOOL" "$vd" /tmp/v/metadata
"$VGTOOL" vgchange -an vg1 --devices "$vd" >/dev/null
step "vgtool's $n steps done"
tool=lvm run=(lvm) devs=$ld mine=("${L[@]}") dir=/tmp/l n=0
phase1
metadata lvm "$ld" /tmp/l/metadata
lvm vgchange -an vg1 --devices "$ld" >/dev/null
step "lvm2's $n steps done"
# each tool's disks under one name (lib.sh's twin_normalise), the disks
# of the dm tables, the backup files, uuids and times (lvdisplay) too
uuid='[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}'
normalise() { # FIRST_DISK_NUMBER
	twin_normalise -E -e "s/\bdisk$1\b/DISK_A/g" -e "s/\bdisk$(($1 + 1))\b/DISK_B/g" \
		-e "s|/tmp/$tool.bk|/tmp/TOOL.bk|" -e "s/$uuid/UUID/g" \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} [+-][0-9]{4}/TIME/'
}
tool=vgtool dir=/tmp/v mine=("${V[@]}")
normalise 0
tool=lvm dir=/tmp/l mine=("${L[@]}")
normalise 2
# (kept for a look at a failure)
cp -r /tmp/v /tmp/l "$OUT/"
twin_compare /tmp/l /tmp/v
[[ -e /tmp/l/$(printf %03d $((n + 1))) ]] && fail "lvm2 ran more steps than vgtool"
diff -u --label lvm2 --label vgtool /tmp/l/metadata /tmp/v/metadata ||
	{ echo "MISMATCH: the metadata texts"; bad=$((bad + 1)); }
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree, and the metadata"

step "the udev flags of activation, deactivation and removal"
# traced TOOL CMD...: the DM ops of the command with their udev cookies
traced() {
	rm -rf /tmp/trace
	mkdir /tmp/trace
	strace -f -ff -qq --seccomp-bpf -s 128 -e trace=ioctl -o /tmp/trace/t "$@" >/dev/null
	echo "\$ ${*:2}"
	# (the order of the resumes differs: lvm2's follows its own tree)
	dm_cookie_ops /tmp/trace/t.* | sort
}
cookies() { # TOOL DEVS
	"$1" lvcreate --type snapshot -V 64M -L 4M -n u1 -an vg1 --devices "$2" >/dev/null
	traced "$1" lvchange -ay vg1/u1 --devices "$2" | sed "s|$2|DEVS|"
	traced "$1" lvchange -an vg1/u1 --devices "$2" | sed "s|$2|DEVS|"
	"$1" lvchange -ay vg1/u1 --devices "$2" >/dev/null
	traced "$1" lvremove -f vg1/u1 --devices "$2" | sed "s|$2|DEVS|"
}
want=$(cookies lvm "$ld")
got=$(cookies "$VGTOOL" "$vd")
expect_eq "the cookies of each device-mapper operation" "$want" "$got"

step "each tool reads, activates and changes the other's sparse snapshots"
for d in "$vd" "$ld"; do
	want=$(lvm lvs -a -o $LVS --devices "$d")
	got=$("$VGTOOL" lvs -a -o $LVS --devices "$d")
	expect_eq "lvs -a by both tools on $d" "$want" "$got"
done
activation() { # TOOL DEVS DISK0 DISK1
	"$1" vgchange -ay vg1 --devices "$2" >/dev/null
	dmsetup info -c --noheadings -o name,attr,minor --sort name
	dm_table_named | sed -e "s/\\bdisk$3\\b/DISK_A/g" -e "s/\\bdisk$4\\b/DISK_B/g"
	"$1" vgchange -an vg1 --devices "$2" >/dev/null
}
want=$(activation lvm "$vd" 0 1)
got=$(activation "$VGTOOL" "$ld" 2 3)
expect_eq "vgtool activates lvm2's VG as lvm2 activates vgtool's" "$want" "$got"
# each creates one in the other's VG and removes one the other made
# (inactive: the twins' VGs have the same name, and so would the devices)
lvm lvcreate --type snapshot -V 40M -L 4M -n x1 -an vg1 --devices "$vd" >/dev/null
"$VGTOOL" lvcreate --type snapshot -V 40M -L 4M -n x1 -an vg1 --devices "$ld" >/dev/null
lvm lvrename vg1 s1 s9 --devices "$vd" >/dev/null
"$VGTOOL" lvrename vg1 s1 s9 --devices "$ld" >/dev/null
lvm lvremove -f vg1/s3 --devices "$vd" >/dev/null
"$VGTOOL" lvremove -f vg1/s3 --devices "$ld" >/dev/null
want=$(lvm lvs -a -o $LVS --devices "$vd")
got=$("$VGTOOL" lvs -a -o $LVS --devices "$ld")
expect_eq "LVs after each changed the other's" "$want" "$got"
metadata "$VGTOOL" "$vd" /tmp/v/metadata2
metadata lvm "$ld" /tmp/l/metadata2
expect_file_eq "the metadata after each changed the other's" /tmp/l/metadata2 /tmp/v/metadata2
lvm vgchange -an vg1 --devices "$vd" >/dev/null
"$VGTOOL" vgchange -an vg1 --devices "$ld" >/dev/null

step "the COW watchdog grows a sparse snapshot as any other"
# lvextend --use-policies by each tool, then vgtool's monitor, past
# lvm2's autoextend threshold (50%): 3 MiB written into a 4 MiB COW
policy='activation { snapshot_autoextend_threshold = 50 snapshot_autoextend_percent = 100 }'
grown() { # TOOL DEVS
	"$1" lvcreate --type snapshot -V 64M -L 4M -n m1 vg1 --devices "$2" >/dev/null
	dd if=/dev/zero of=/dev/mapper/vg1-m1 bs=1M count=3 oflag=direct status=none
	"$1" lvextend --use-policies --config "$policy" vg1/m1 --devices "$2"
	"$1" lvs -o lv_name,lv_size,origin_size vg1/m1 --devices "$2"
}
want=$(grown lvm "$ld")
lvm vgchange -an vg1 --devices "$ld" >/dev/null
got=$(grown "$VGTOOL" "$vd")
expect_eq "lvextend --use-policies" "$want" "$got"
dd if=/dev/zero of=/dev/mapper/vg1-m1 bs=1M count=6 oflag=direct status=none
"$VGTOOL" monitor --once --config "$policy" --devices "$vd" >/dev/null
expect_eq "the monitor grew it" "16.00m" \
	"$("$VGTOOL" lvs --noheadings -o lv_size vg1/m1 --devices "$vd" | xargs)"
"$VGTOOL" vgchange -an vg1 --devices "$vd" >/dev/null

step "snapshot-usage-exa's sizes on 4 GiB extents"
# The kernel refuses a 15 EiB device (EINVAL): lvm2 2.03.16 keeps the LV
# it has committed ("big" and "[big_vorigin]" stay) and fails, exit 5;
# vgtool fails too and puts the metadata back.  15 PiB works: lvm2's
# outputs and tables for it, as it made them in this sandbox, here
# rather than run again (for time's sake).
big=${DISK[4]}
"$VGTOOL" pvcreate -q "$big" --devices "$big" >/dev/null
"$VGTOOL" vgcreate -q -s 4G vgb "$big" --devices "$big" >/dev/null
expect_rc 5 "$VGTOOL" lvcreate --type snapshot -V15E -l1 -n big -s vgb --devices "$big"
expect_eq "15E: vgtool keeps nothing" "" "$("$VGTOOL" lvs -a --noheadings vgb --devices "$big")"
expect_eq "15E: no device left" "" "$(dm_table_named)"
got=$(
	"$VGTOOL" lvcreate --type snapshot -V15P -l1 -n big2 -s vgb --devices "$big"
	"$VGTOOL" lvs -a -o lv_name,lv_attr,lv_size,origin_size vgb --devices "$big"
	dm_table_named | sed 's/\bdisk4\b/DISK/'
)
expect_eq "15P: as lvm2" '  Logical volume "big2" created.
  LV             Attr       LSize  OSize 
  big2           swi-a-s---  4.00g 15.00p
  [big2_vorigin] ori-a-s--- 15.00p 15.00p
vgb-big2: 0 32985348833280 snapshot vgb-big2_vorigin-real vgb-big2-cow P 8
vgb-big2-cow: 0 8388608 linear DISK 2048
vgb-big2_vorigin: 0 32985348833280 snapshot-origin vgb-big2_vorigin-real
vgb-big2_vorigin-real: 0 32985348833280 zero' "$got"
"$VGTOOL" vgremove -f vgb --devices "$big" >/dev/null
step "done"
