# --activationmode partial|degraded|complete side by side with lvm2: twin
# VGs, one made by lvm2 and one by vgtool, each over two dm linear devices
# on the guest's disks; `dmsetup remove` makes the second PV vanish and
# `dmsetup create` brings it back.  In each VG: "keep" on the first PV,
# "lin" on the second, "span" with its second segment on the second,
# "orig" on the first with its snapshot "snap"'s COW on the second, and
# "orig2" on the second with its snapshot "snap2" on the first.  Each tool
# activates and deactivates its own VG (vgchange, lvchange) in every mode,
# from the option and from the configuration (vgtool.conf, lvm2's
# lvm.conf): the same exit status, the same messages (names aside), the
# same device-mapper devices after each step (names, uuids, tables,
# attributes, open counts), the same reports, the same udev flags; --test
# changes nothing; a bad mode is one line and exit 3.  In partial mode a
# lost area is an error device VG-LV-missing_S_A; the kernel refuses the
# snapshot whose COW is lost (it cannot read the COW's header): both
# tools fail it and go on with the rest, and where lvm2 leaves that
# snapshot's -cow and error device behind, vgtool leaves nothing (checked,
# then lvm2's removed).  With the PV back, vgtool's vgchange -ay moves the
# LVs back onto it and removes the error devices; lvm2 needs
# `vgchange --refresh` and leaves its error devices behind (checked, then
# removed).  Written MISSING meanwhile, the LVs stay partial: refused, and
# left as they are in the kernel.
# disks: 4
# disk-size: 128M
# timeout: 1500
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1 # no udevd: dmsetup makes its nodes

# pv_up, pv_gone, pv_back (lib.sh): the PVs, on dm linear devices

# The twin VGs: vl by lvm2 on l0 and l1, vt by vgtool on t0 and t1.
declare -A pv0=([vl]=l0 [vt]=t0) pv1=([vl]=l1 [vt]=t1)
run_tool() { # VG ARGS...: the VG's own tool
	local vg=$1
	shift
	if [[ $vg == vl ]]; then lvm_ref "$@"; else "$VGTOOL" "$@"; fi
}

# What must differ between the tools' runs, replaced: the VG's name, its
# PVs' names (device paths, dm names in tables), PV uuids.  A sed script
# per VG (norm_script), so that the outputs of a step take one sed.
norm_script() { # VG
	printf '%s\n' "s#/dev/mapper/${pv0[$1]}\b#/dev/mapper/P0#g" \
		"s#/dev/mapper/${pv1[$1]}\b#/dev/mapper/P1#g" \
		"s/\b${pv0[$1]}\b/P0/g" "s/\b${pv1[$1]}\b/P1/g" \
		"s/\b$1\b/VG/g" 's/^(  LV Creation host, time ).*/\1<host, time>/' \
		's/^(  Block device +)[0-9]+:[0-9]+$/\1<major:minor>/' \
		's/[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}/<uuid>/g'
}

# The VG's device-mapper devices: the tables (devices by name), then
# "name uuid attr open segments" of each; a dm uuid's ids written as the
# LV's name, "LVM-<lin>-missing_0_0".  The ids of the LVs, which never
# change here, are read once (dm_state_prepare, after the twins are
# built) into the sed script that also keeps only the VG's lines.
dm_state_prepare() { # VG
	local vg=$1 vgu lvu lvn
	{
		echo "/^$vg-/!d"
		while read -r vgu lvu lvn; do
			echo "s/LVM-${vgu//-/}${lvu//-/}/LVM-<$lvn>/g"
		done < <(lvm_ref lvs -a --noheadings -o vg_uuid,lv_uuid,lv_name "$vg")
		norm_script "$vg"
	} >"$OUT/dm.$vg"
}
dm_state() { # VG
	{
		dm_table_named
		dmsetup info -c --noheadings --separator ' ' -o name,uuid,attr,open,segments --sort name
	} | sed -E -f "$OUT/dm.$1"
}

# lvm2 keeps the -cow and the error device of a snapshot whose table the
# kernel refused (its dm tree's revert stops at the first device gone);
# vgtool undoes the whole group.  After a step where that happened: none
# of vgtool's, lvm2's removed (so that the states compare).
leftovers() { # VG
	local vg=$1 name found=
	for name in "$vg-snap-cow" "$vg-snap-missing_0_0"; do
		if dmsetup info "$name" >/dev/null 2>&1 && ! dmsetup info "$vg-snap" >/dev/null 2>&1; then
			[[ $vg == vl ]] || fail "vgtool left $name behind"
			dmsetup remove "$name"
			found+=" $name"
		fi
	done
	[[ -z $found ]] || echo "  lvm2 left behind:$found (removed)"
}

# The same step on both VGs, each by its own tool (@VG@ in ARGS: the VG,
# @PV1@: its second PV's dm name): exit status, stdout and the devices of
# the VG after the step compared; stderr as HOW says: "all": every line
# once, as printed; "test": neither stderr nor stdout (each tool says in
# its own words what it did not do); "bad": a bad command line, vgtool's
# stderr one line; "dmfail": the kernel refuses the snapshot whose COW is
# lost: each tool's line about it (lvm2's libdevmapper lines, vgtool's
# one line) checked, the rest compared, and lvm2's leftovers removed.
step_n=0
both() { # HOW ARGS...
	local how=$1 vg ra rb
	shift
	step_n=$((step_n + 1))
	for vg in vl vt; do
		local rc=0 args=("${@//@VG@/$vg}")
		args=("${args[@]//@PV1@/${pv1[$vg]}}")
		run_tool "$vg" "${args[@]}" >"$OUT/$step_n.$vg.nout" 2>"$OUT/$step_n.$vg.err" </dev/null || rc=$?
		echo "$rc" >"$OUT/$step_n.$vg.rc"
		# (lvm2 2.03.16 adds a hint for mirrors, which vgtool cannot
		# have, to vgreduce --removemissing's)
		awk '!seen[$0]++ && !/^  TEST MODE|^  device-mapper: |^  Device-mapper refused to |mirrorsonly/' \
			"$OUT/$step_n.$vg.err" >"$OUT/$step_n.$vg.nerr"
		sed -i -E -f "$OUT/norm.$vg" "$OUT/$step_n.$vg.nout" "$OUT/$step_n.$vg.nerr"
		[[ $how != dmfail ]] || leftovers "$vg"
		dm_state "$vg" >"$OUT/$step_n.$vg.dm"
	done
	ra=$(<"$OUT/$step_n.vl.rc") rb=$(<"$OUT/$step_n.vt.rc")
	((ra == rb)) || {
		cat "$OUT/$step_n.vl.err" "$OUT/$step_n.vt.err" >&2
		fail "step $step_n \`$*\`: lvm2 exited $ra, vgtool $rb"
	}
	case $how in
	all | dmfail)
		expect_file_eq "step $step_n \`$*\`: stderr" "$OUT/$step_n.vl.nerr" "$OUT/$step_n.vt.nerr"
		;;
	bad)
		((ra == 3)) || fail "step $step_n \`$*\`: exit status $ra for a bad command line"
		[[ $(wc -l <"$OUT/$step_n.vt.err") == 1 ]] ||
			fail "step $step_n \`$*\`: vgtool's stderr is not one line: $(cat "$OUT/$step_n.vt.err")"
		grep -q 'Invalid activation mode' "$OUT/$step_n.vl.err" "$OUT/$step_n.vt.err" ||
			fail "step $step_n \`$*\`: no word of the activation mode"
		;;
	esac
	if [[ $how == dmfail ]]; then
		grep -q '^  device-mapper: reload ioctl on .* failed: Input/output error$' "$OUT/$step_n.vl.err" ||
			fail "step $step_n \`$*\`: lvm2 did not fail the snapshot's table"
		grep -qx '  Device-mapper refused to create vt-snap: Input/output error.' "$OUT/$step_n.vt.err" ||
			fail "step $step_n \`$*\`: vgtool did not say why vt-snap failed"
	fi
	[[ $how == test ]] ||
		expect_file_eq "step $step_n \`$*\`: stdout" "$OUT/$step_n.vl.nout" "$OUT/$step_n.vt.nout"
	expect_file_eq "step $step_n \`$*\`: the VG's devices" "$OUT/$step_n.vl.dm" "$OUT/$step_n.vt.dm"
}

# The devices of each VG are as they were at step N.
unchanged_since() { # N WHAT
	local vg
	for vg in vl vt; do
		dm_state "$vg" >"$OUT/now.$vg.dm"
		expect_file_eq "$2: ${vg}'s devices" "$OUT/$1.$vg.dm" "$OUT/now.$vg.dm"
	done
}

reports() {
	both all lvs -a -o lv_name,lv_attr,lv_size,origin,devices @VG@
	both all lvs @VG@
	both all vgs @VG@
}

build() { # VG
	local t=$1 a=/dev/mapper/${pv0[$1]} b=/dev/mapper/${pv1[$1]}
	run_tool $t pvcreate -q "$a" "$b"
	run_tool $t vgcreate -q "$t" "$a" "$b"
	run_tool $t lvcreate -q -an -Zn -L 8M -n keep "$t" "$a"
	run_tool $t lvcreate -q -an -Zn -L 8M -n lin "$t" "$b"
	run_tool $t lvcreate -q -an -Zn -L 8M -n span "$t" "$a"
	run_tool $t lvextend -q -L +8M "$t/span" "$b"
	run_tool $t lvcreate -q -an -Zn -L 8M -n orig "$t" "$a"
	run_tool $t lvcreate -q -s -L 8M -n snap "$t/orig" "$b"
	run_tool $t lvcreate -q -an -Zn -L 8M -n orig2 "$t" "$b"
	run_tool $t lvcreate -q -s -L 8M -n snap2 "$t/orig2" "$a"
	run_tool $t vgchange -q -an "$t"
} >/dev/null 2>&1

step "the twins: vl by lvm2 (disks 0, 1), vt by vgtool (disks 2, 3)"
pv_up l0 0
pv_up l1 1
pv_up t0 2
pv_up t1 3
build vl
build vt
for vg in vl vt; do
	norm_script $vg >"$OUT/norm.$vg"
	dm_state_prepare $vg
done
both all vgchange -ay @VG@
reports
both all vgchange -an @VG@

step "the second PV of each goes away"
pv_gone l1
pv_gone t1

step "default mode (degraded), complete, degraded: partial LVs refused, the rest active, exit 5"
both all vgchange -ay @VG@
reports
both all vgchange -an @VG@
both all vgchange -ay --activationmode complete @VG@
both all vgchange -an @VG@
both all vgchange -ay --activationmode degraded @VG@
both all vgchange -an @VG@
both all vgchange -ay --config 'activation/activation_mode="complete"' @VG@
both all vgchange -an @VG@
both test vgchange -ay --test @VG@
unchanged_since $step_n "vgchange -ay --test"
both all lvchange -ay @VG@/lin
both all lvchange -ay -y @VG@/snap
both all lvchange -ay -y @VG@/snap2
both all lvchange -ay @VG@/keep
both all vgchange -an @VG@

step "a bad mode: one line, exit 3"
both bad vgchange -ay --activationmode bogus @VG@
both bad vgchange -an --activationmode Partial @VG@
both bad lvchange -ay --activationmode '' @VG@/keep
both bad lvs --config 'activation/activation_mode="full"' @VG@
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n activation_mode="bogus"\n}\n' \
	>"$LVM_SYSTEM_DIR/lvm.conf"
both bad vgs @VG@
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"

step "partial mode: error devices for the lost areas; the snapshot whose COW is lost fails"
both test vgchange -ay --activationmode partial --test @VG@
unchanged_since $step_n "vgchange -ay --activationmode partial --test"
both dmfail vgchange -ay --activationmode partial @VG@
grep -q '^VG-lin-missing_0_0 LVM-<lin>-missing_0_0 ' "$OUT/$step_n.vt.dm" ||
	fail "no error device VG-lin-missing_0_0 with its uuid"
grep -qx 'VG-span: 16384 16384 linear VG-span-missing_1_0 0' "$OUT/$step_n.vt.dm" ||
	fail "span's second segment is not on its error device"
active_step=$step_n
reports
both all lvdisplay @VG@/lin
both dmfail vgchange -ay --activationmode partial @VG@
unchanged_since $active_step "a second vgchange -ay --activationmode partial"
both all vgchange -ay @VG@
unchanged_since $active_step "vgchange -ay of partial LVs active"

step "partial mode changes no metadata: writes refused as with any lost PV"
both all lvcreate --config 'activation/activation_mode="partial"' -an -L 4M -n new @VG@
both all lvcreate -an -L 4M -n new @VG@

step "deactivation takes the error devices along, in any mode"
both all lvchange -an @VG@/lin
both all lvchange -an --activationmode partial @VG@/orig2
both all vgchange -an @VG@
[[ ! -s $OUT/$step_n.vt.dm ]] || fail "vgchange -an left devices: $(cat "$OUT/$step_n.vt.dm")"

step "lvchange -ay --activationmode partial, one LV at a time"
both all lvchange -ay --activationmode partial @VG@/lin
both all lvchange -ay --activationmode partial @VG@/span
both all lvchange -ay -y --activationmode partial @VG@/snap2
both dmfail lvchange -ay -y --activationmode partial @VG@/snap
both test lvchange -ay --activationmode partial --test @VG@/keep
unchanged_since $step_n "lvchange -ay --activationmode partial --test"
reports
# lvm2's lvm.conf, read by both tools
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n activation_mode="partial"\n}\n' \
	>"$LVM_SYSTEM_DIR/lvm.conf"
both all lvchange -ay @VG@/keep
both all lvs @VG@
printf 'activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\n' >"$LVM_SYSTEM_DIR/lvm.conf"
both all vgchange -an @VG@

step "udev flags of partial activation and deactivation, vgtool's and lvm2's"
traced() { # OUT CMD...: the cookies of CMD's ops, sorted
	local out=$1 rc=0
	shift
	rm -rf /tmp/trace
	mkdir /tmp/trace
	strace -f -ff -qq --seccomp-bpf -s 128 -e trace=ioctl -o /tmp/trace/t "$@" >/dev/null 2>&1 || rc=$?
	((rc == 0)) || fail "\`$*\` exited with status $rc under strace"
	dm_cookie_ops /tmp/trace/t.* | sed -E 's/^([a-z]+) v[lt]-/\1 VG-/' | sort >"$out"
}
n=0
for cmd in "lvchange -ay --activationmode partial @VG@/lin" \
	"lvchange -ay --activationmode partial @VG@/span" \
	"lvchange -ay -y --activationmode partial @VG@/snap2" \
	"lvchange -an @VG@/lin" "vgchange -an @VG@"; do
	n=$((n + 1))
	traced "$OUT/udev.$n.vl" lvm ${cmd//@VG@/vl}
	traced "$OUT/udev.$n.vt" "$VGTOOL" ${cmd//@VG@/vt}
	grep -q missing "$OUT/udev.$n.vt" || grep -q orig2 "$OUT/udev.$n.vt" ||
		fail "\`$cmd\`: no op on an error device traced"
	expect_file_eq "udev flags of \`$cmd\`" "$OUT/udev.$n.vl" "$OUT/udev.$n.vt"
done
sed 's/^/  /' "$OUT"/udev.*.vt

step "the PV comes back while the LVs are active in partial mode"
both dmfail vgchange -ay --activationmode partial @VG@
pv_back l1
pv_back t1
# vgtool's activation follows the metadata: the LVs move back onto the
# PV and the error devices go; lvm2 activates what is not active yet and
# needs --refresh for the rest, after which its error devices stay
rc=0
lvm_ref vgchange -ay vl >/dev/null 2>&1 || rc=$?
((rc == 0)) || fail "lvm2's vgchange -ay with the PV back exited $rc"
lvm_ref vgchange --refresh vl >/dev/null 2>&1
for name in vl-lin-missing_0_0 vl-span-missing_1_0 vl-orig2-missing_0_0; do
	if dmsetup info "$name" >/dev/null 2>&1; then
		echo "  lvm2 left behind: $name (removed)"
		dmsetup remove "$name"
	fi
done
expect_rc 0 "$VGTOOL" vgchange -ay vt >/dev/null
dm_state vl >"$OUT/back.vl.dm"
dm_state vt >"$OUT/back.vt.dm"
expect_file_eq "the devices with the PV back" "$OUT/back.vl.dm" "$OUT/back.vt.dm"
! grep -q missing "$OUT/back.vt.dm" || fail "vgtool kept error devices with the PV back"
reports
both all vgchange -an @VG@

step "the PV written MISSING meanwhile: still partial when back, refused, left as it is"
pv_gone l1
pv_gone t1
both dmfail vgchange -ay --activationmode partial @VG@
both all vgreduce --removemissing @VG@
pv_back l1
pv_back t1
active_step=$step_n
both all vgchange -ay @VG@
unchanged_since $active_step "vgchange -ay with the PV back but written MISSING"
both all lvchange -ay @VG@/lin
unchanged_since $active_step "lvchange -ay with the PV back but written MISSING"
both all vgchange -an @VG@
[[ ! -s $OUT/$step_n.vt.dm ]] || fail "vgchange -an left devices: $(cat "$OUT/$step_n.vt.dm")"
