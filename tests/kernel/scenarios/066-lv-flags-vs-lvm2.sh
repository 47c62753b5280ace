# The activation-related LV and VG flags, vgtool against lvm2: permission
# (lvcreate/lvchange -p r|rw), activation skip (-k y|n, -K) and
# autoactivation (--setautoactivation y|n on lvcreate, lvchange, vgcreate,
# vgchange; -aay).  The same commands run with each tool on twin VGs of
# the same names, each tool seeing only its own disks (--devices), one
# tool after the other (the dm names are the same); the exit codes, what
# they print on stdout, the seqnos, the kernel's devices (names, read-only
# or not, tables) and the metadata texts must agree.  A refusal prints one
# line on stderr and leaves the metadata as it was.  Then each tool reads,
# activates and changes what the other wrote.
# disks: 4
# disk-size: 256M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lock/lvm /run/lvm
export DM_DISABLE_UDEV=1
# a command on several LVs says why for each that it refuses
ONE_LINE_ALL=0

# Deliberate difference (doc/vgtool-lvcreate.8): -Zy (or -Wy) with an LV
# lvm2 will not zero (read-only, autoactivated, skipped from activation):
# lvm2 says so and exits 0 having created nothing; vgtool exits 5.  Both
# leave the metadata as it was.  "vgtool's exit, lvm2's".
declare -A differs=(
	["lvcreate -L 8M -n bad -p r -Zy vg1"]="5 0"
	["lvcreate -L 8M -n bad -aay -Wy vg1"]="5 0"
	["lvcreate -L 8M -n bad -an -ky -Zy vg1"]="5 0"
)

LVS=lv_name,lv_attr,lv_permissions,lv_skip_activation,lv_autoactivation

# st KIND CMD...: one step with $tool on $devs: "$ CMD", its exit status
# and stdout kept in $dir/NNN (no program started: each costs tens of ms
# in the guest); KIND "bad": a refusal, the seqnos unchanged.
n=0
st() {
	local kind=$1 rc=0 before=
	shift
	n=$((n + 1))
	local f=$dir/$(printf %03d $n)
	# (lvm2's refusals leave its metadata as it was: its seqnos are not
	# read again, for time's sake)
	[[ $tool == lvm ]] && kind=ok
	[[ $kind == bad ]] && before=$(seqnos)
	"${run[@]}" "$@" --devices "$devs" </dev/null >"$f.out" 2>"$f.err" || rc=$?
	if [[ -n ${differs["$*"]:-} ]]; then
		local want=${differs["$*"]}
		want=${want% *}
		[[ $tool == lvm ]] && want=${differs["$*"]#* }
		((rc == want)) || {
			echo "MISMATCH: $tool $*: exit $rc, want $want"
			bad=$((bad + 1))
		}
		rc=known
	fi
	printf '$ %s\nexit %s\n%s\n' "$*" "$rc" "$(<"$f.out")" >"$f"
	# (a known difference is a refusal, for the checks, with both)
	[[ $rc == known ]] && rc=5
	CMDLINE="$*" twin_refusal_checks "$tool" "$kind" "$rc" "$f.err" "$before"
}
seqnos() { "${run[@]}" vgs --noheadings -o vg_name,seqno --devices "$devs"; }

# kernel: the devices as a step's output (name and read-only flag, then
# the tables, disks by their place in $mine)
kernel() {
	n=$((n + 1))
	{
		echo "\$ (kernel)"
		dmsetup info -c --noheadings -o name,attr --sort name
		dm_table_named
	} >"$dir/$(printf %03d $n)"
}

# an LV activated writable by metadata but read-only in the kernel (as
# lvm2's --readonly or read_only_volume_list leaves it)
override_ro() {
	local t
	t=$(dmsetup table "$1")
	dmsetup suspend "$1"
	dmsetup reload --readonly "$1" --table "$t"
	dmsetup resume "$1"
}

phase1() {
	st ok vgcreate vg1 "${mine[0]}"
	st ok vgcreate --setautoactivation n vg2 "${mine[1]}"
	st ok vgs -o vg_name,vg_autoactivation,seqno
	st ok lvcreate -L 8M -n lin vg1
	st ok lvcreate -L 8M -n ro -p r vg1
	st ok lvcreate -L 8M -n rw --permission rw -Zn vg1
	st ok lvcreate -L 8M -n skip -ky vg1
	st ok lvcreate -L 8M -n skipk --setactivationskip y -K vg1
	st ok lvcreate -L 8M -n noauto --setautoactivation n vg1
	st ok lvcreate -L 8M -n auto -aay vg1
	st ok lvcreate -L 8M -n ey -a ey vg1
	st ok lvcreate -L 8M -n ln -a ln -Zn vg1
	st ok lvcreate -L 8M -n origin vg1
	st ok lvcreate -L 4M -s -n snap -p r vg1/origin
	st ok lvcreate -L 4M -s -n snapk -ky vg1/origin
	st ok lvcreate -L 8M -n in2 -an -p r -ky --setautoactivation n vg2
	st ok lvcreate -L 8M -n auto2 -aay vg2
	st bad lvcreate -L 8M -n bad -p x vg1
	st bad lvcreate -L 8M -n bad --permission w vg1
	st bad lvcreate -L 8M -n bad -k yes vg1
	st bad lvcreate -L 8M -n bad --setautoactivation Y vg1
	st bad lvcreate -L 8M -n bad -a an vg1
	st bad lvcreate -L 4M -s -n bad --setautoactivation n vg1/origin
	st bad lvcreate -L 8M -n bad -p r -Zy vg1
	st bad lvcreate -L 8M -n bad -aay -Wy vg1
	st bad lvcreate -L 8M -n bad -an -ky -Zy vg1
	st ok lvs -a -o $LVS
	st ok vgs -o vg_name,vg_autoactivation,seqno
	kernel

	st ok lvchange -p r vg1/lin
	st bad lvchange -p r vg1/lin
	st ok lvchange -p rw vg1/ro
	st bad lvchange --permission wr vg1/ro
	st ok lvchange -p r vg1/origin
	kernel
	st ok lvchange -p rw vg1/snap
	st ok lvchange -p r vg1/snapk
	kernel
	st ok lvchange -p rw vg1/origin vg1/snapk
	st ok lvchange -p r vg1/skip
	st ok lvchange -p r vg1/skip vg1/lin vg1/rw
	st ok lvchange -p r --addtag t1 vg1/lin
	st bad lvchange -p x vg1/lin
	st bad lvchange -p r
	st bad lvchange -p r vg1/nosuch
	st ok lvs -o $LVS,lv_tags
	st ok vgs -o vg_name,seqno
	kernel
	# the kernel's read-only flag against the metadata's
	override_ro vg1-ro
	st ok lvs -o $LVS vg1/ro
	st ok lvchange -p rw vg1/ro
	st ok lvs -o $LVS vg1/ro
	st ok lvchange -p rw vg1/lin
	override_ro vg1-lin
	st ok lvchange -ay vg1/lin
	st ok lvs -o $LVS vg1/lin
	kernel

	st ok lvchange -ky vg1/lin
	st ok lvchange -ky vg1/lin
	st ok lvchange -kn vg1/skipk
	st ok lvchange --setactivationskip y vg1/origin
	st ok vgs -o vg_name,seqno
	st ok vgchange -an vg1
	st ok vgchange -ay vg1
	kernel
	st ok lvchange -ay vg1/skip
	st ok lvchange -ay -y vg1/snap
	kernel
	st ok vgchange -an vg1
	st ok vgchange -ay -K vg1
	kernel
	st ok vgchange -an vg1
	st ok lvchange -ay --ignoreactivationskip vg1/skip
	st ok lvchange -ky -ay vg1/rw
	st bad lvchange -ky -ay -K vg1/ey
	kernel
	st bad lvchange -K vg1/lin
	st bad vgchange -K vg1
	st bad lvchange -k x vg1/lin
	st ok lvchange -an -K vg1/skip

	st ok lvchange --setautoactivation n vg1/auto
	st ok lvchange --setautoactivation n vg1/auto
	st ok lvchange --setautoactivation y vg1/noauto
	st bad lvchange --setautoactivation x vg1/noauto
	st ok vgs -o vg_name,seqno
	st ok vgchange -an vg1
	st ok vgchange -aay vg1
	kernel
	st ok lvchange -aay vg1/auto
	st ok lvchange -a ay vg1/noauto
	st ok lvchange -aay vg1/skip
	kernel
	st ok vgchange -aay vg2
	st ok vgchange -aay
	kernel
	st ok vgchange --setautoactivation y vg2
	st bad vgchange --setautoactivation y vg2
	st ok vgchange --setautoactivation n --addtag x vg1
	st bad vgchange --setautoactivation n --deltag x vg1
	st ok vgchange -an vg1
	st ok lvchange -aay vg1/noauto
	st ok lvcreate -L 8M -n auto3 -aay vg1
	st ok vgchange -a y vg1
	kernel
	st bad vgchange --setautoactivation y -ay vg1
	st bad vgchange --setautoactivation maybe vg1
	st bad vgcreate --setautoactivation x vg3 "${mine[1]}"
	st ok lvs -a -o $LVS,lv_tags
	st ok vgs -o vg_name,vg_autoactivation,vg_tags,seqno
	# properties, then activation re-reading the tags, as lvm2's two passes
	st ok lvchange -an @t1
	st ok lvchange --addtag t2 -ky -ay @t1
	st ok lvchange --deltag t2 -ay @t2
	st ok lvchange -kn -S 'lv_tags=t1'
	st ok lvchange -ay -S 'lv_name=lin'
	kernel
	st ok lvs -o lv_name -S 'lv_skip_activation=1'
	st ok lvs -o lv_name -S 'lv_autoactivation=0 && lv_permissions=read-only'
	st ok vgchange -an
}

# each tool's disks: vgtool the first two, lvm2 the others
V=("${DISK[0]}" "${DISK[1]}")
L=("${DISK[2]}" "${DISK[3]}")
vd="${V[0]},${V[1]}" ld="${L[0]},${L[1]}"
# metadata as each tool writes it, less what differs between twins
metadata() { # TOOL DEVS FILE
	"$1" vgcfgbackup -q -f "/tmp/md_%s" --devices "$2" >/dev/null
	cat /tmp/md_vg1 /tmp/md_vg2 | grep -Ev '^#|^(contents|version|description|creation_host|creation_time) =|	(id|device|creation_time|creation_host) =|^$' \
		| sed 's/	*#.*//' >"$3"
}
mkdir -p /tmp/v /tmp/l
bad=0

step "the same commands with both tools"
tool=vgtool run=("$VGTOOL") devs=$vd mine=("${V[@]}") dir=/tmp/v
phase1
metadata "$VGTOOL" "$vd" /tmp/v/metadata
step "vgtool's $n steps done"
tool=lvm run=(lvm) devs=$ld mine=("${L[@]}") dir=/tmp/l n=0
phase1
step "lvm2's $n steps done"
metadata lvm "$ld" /tmp/l/metadata
# each tool's disks under one name
sed -i -e "s|${V[0]}\\b|DISK_A|g" -e "s|${V[1]}\\b|DISK_B|g" -e 's/\bdisk0\b/DISK_A/g' \
	-e 's/\bdisk1\b/DISK_B/g' /tmp/v/[0-9][0-9][0-9]
sed -i -e "s|${L[0]}\\b|DISK_A|g" -e "s|${L[1]}\\b|DISK_B|g" -e 's/\bdisk2\b/DISK_A/g' \
	-e 's/\bdisk3\b/DISK_B/g' /tmp/l/[0-9][0-9][0-9]
for f in /tmp/v/[0-9][0-9][0-9]; do
	if ! diff -u "/tmp/l/${f##*/}" "$f" >/tmp/diff; then
		echo "MISMATCH (lvm2 first, vgtool second):"
		cat /tmp/diff
		bad=$((bad + 1))
	fi
done
[[ -e /tmp/l/$(printf %03d $((n + 1))) ]] && fail "lvm2 ran more steps than vgtool"
diff -u --label lvm2 --label vgtool /tmp/l/metadata /tmp/v/metadata ||
	{ echo "MISMATCH: the metadata texts"; bad=$((bad + 1)); }
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"
step "$n steps agree, and the metadata"

step "each tool reads, activates and changes the other's flags"
# (each output taken apart first: a failing command then ends the scenario)
for d in "$vd" "$ld"; do
	want=$(lvm lvs -a -o $LVS,lv_tags --devices "$d")
	got=$("$VGTOOL" lvs -a -o $LVS,lv_tags --devices "$d")
	expect_eq "lvs by both tools on $d" "$want" "$got"
	want=$(lvm vgs -o vg_name,vg_autoactivation,seqno --devices "$d")
	got=$("$VGTOOL" vgs -o vg_name,vg_autoactivation,seqno --devices "$d")
	expect_eq "vgs by both tools on $d" "$want" "$got"
done
lvm vgck vg1 vg2 --devices "$vd"
"$VGTOOL" vgck vg1 vg2 --devices "$ld"
# -aay, -ay, -ay -K by each tool on the other's VGs: the same devices
activations() { # TOOL DEVS DISK0 DISK1
	local args
	for args in "-aay" "-ay" "-ay -K"; do
		# shellcheck disable=SC2086
		"$1" vgchange $args --devices "$2" >/dev/null
		dmsetup info -c --noheadings -o name,attr --sort name
		dm_table_named | sed -e "s/\\bdisk$3\\b/DISK_A/g" -e "s/\\bdisk$4\\b/DISK_B/g"
		"$1" vgchange -an --devices "$2" >/dev/null
	done
}
want=$(activations lvm "$vd" 0 1)
got=$(activations "$VGTOOL" "$ld" 2 3)
expect_eq "vgtool activates lvm2's VGs as lvm2 activates vgtool's" "$want" "$got"
# each changes the other's, and both read the change
lvm lvchange -kn -p r --setautoactivation n vg1/origin --devices "$vd" >/dev/null
"$VGTOOL" lvchange -kn -p r --setautoactivation n vg1/origin --devices "$ld" >/dev/null
lvm vgchange --setautoactivation y vg1 --devices "$vd" >/dev/null
"$VGTOOL" vgchange --setautoactivation y vg1 --devices "$ld" >/dev/null
want=$(lvm lvs -a -o $LVS,vg_seqno --devices "$vd")
got=$("$VGTOOL" lvs -a -o $LVS,vg_seqno --devices "$ld")
expect_eq "LVs after each changed the other's" "$want" "$got"
want=$(lvm vgs -o vg_name,vg_autoactivation --devices "$vd")
got=$("$VGTOOL" vgs -o vg_name,vg_autoactivation --devices "$ld")
expect_eq "VGs after each changed the other's" "$want" "$got"
metadata "$VGTOOL" "$ld" /tmp/l/metadata2
metadata lvm "$vd" /tmp/v/metadata2
expect_file_eq "the metadata after each changed the other's" /tmp/v/metadata2 /tmp/l/metadata2
step "done"
