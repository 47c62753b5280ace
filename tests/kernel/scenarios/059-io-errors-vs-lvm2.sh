# I/O errors from the real kernel, vgtool beside lvm2.  Every PV is a dm
# linear device on a guest disk, which the scenario switches to an `error`
# table (the whole disk fails), to `flakey ... error_writes` (writes fail,
# reads work), or to a table with an error segment over one metadata area;
# then back to its linear table (the fault clears).
#  1. Twin VGs, one made by lvm2 and one by vgtool, two PVs each.  A PV
#     that fails whole reads as missing to both (the same reports and
#     warnings), and both refuse changes alike.  A PV that fails writes:
#     lvcreate fails with exit 5 on both, vgtool in one line naming the
#     device; the VG reads as before to both tools, and vgck is clean.
#     A PV that drops writes: the change seems done; once the PV is back
#     both tools warn of its old copy alike, and the next change repairs.
#     A slow PV (a `delay` table) changes nothing but the time.  A loop
#     device under a PV detached: the PV is missing to both tools alike,
#     and back once the file is attached again.
#  2. The fault starting at each write of a commit in turn, on a VG over
#     two PVs (one or the other failing) and over three PVs (the last one
#     failing): the test build of vgtool runs the scenario's fault
#     command right after its Nth write (VGTOOL_TEST_AFTER_WRITE), for
#     lvcreate, lvextend, snapshot create, snapshot remove and merge
#     start.  After each: exit 0 (the fault came after the last write) or
#     5 with one error line naming the failed device; vgtool and lvm2 read
#     the same VG, the old or the new one, while the PV fails and after it
#     comes back; a lagging PV is warned about by both, the next change
#     brings it up to date, and then vgck (both tools) is clean.
#  3. A snapshot whose COW PV fails right after the commit: the kernel
#     refuses the snapshot table (its header cannot be read); the dm
#     tables are exactly as before, exit 5.
#  4. Twin VGs on PVs with two metadata areas (lvm2's pvcreate
#     --pvmetadatacopies 2), the second area of one PV unreadable: both
#     tools print lvm2's warnings, use the other areas and go on changing
#     the VG; once readable again, `vgck --updatemetadata` of each tool
#     rewrites it and vgck is clean.
# disks: 8
# disk-size: 128M
# modules: dm-flakey dm-delay loop
# timeout: 1500
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

export DM_DISABLE_UDEV=1 # no udevd: dmsetup makes its nodes
SECTORS=204800           # each PV: 100 MiB at 1 MiB of its disk
declare -A linear
pv_up() { # NAME DISK
	linear[$1]="0 $SECTORS linear ${DISK[$2]} 2048"
	dmsetup create "$1" --table "${linear[$1]}"
}
retable() { # NAME TABLE
	dmsetup suspend "$1"
	dmsetup load "$1" --table "$2"
	dmsetup resume "$1"
}
pv_fail() { retable "$1" "0 $SECTORS error"; }
pv_fail_writes() { retable "$1" "0 $SECTORS flakey ${linear[$1]#* * linear } 0 180 1 error_writes"; }
pv_back() { retable "$1" "${linear[$1]}"; }

# The fault command the test build runs after its Nth write.
cat >/tmp/fault <<EOF
#!/bin/bash
export DM_DISABLE_UDEV=1
touch /tmp/fired
dmsetup suspend "\$1" && dmsetup load "\$1" --table "0 $SECTORS error" && dmsetup resume "\$1"
EOF
chmod +x /tmp/fault

# Both tools' view of a VG: seqno, LV names and sizes, one command each
# (stderr in /tmp/view.TOOL.err).
view() { # TOOL VG
	if [[ $1 == lvm2 ]]; then
		lvm_ref lvs -a --noheadings --units s --nosuffix -o vg_seqno,lv_name,lv_size "$2" \
			2>/tmp/view.lvm2.err
	else
		"$VGTOOL" lvs -a --noheadings --units s --nosuffix -o vg_seqno,lv_name,lv_size "$2" \
			2>/tmp/view.vgtool.err
	fi
}
lvs_only() { awk '{ print $2, $3 }'; } # a view without the seqno
# Each tool's view must be the same; prints it.
agreed_view() { # VG WHAT
	local a b
	a=$(view vgtool "$1") || fail "$2: vgtool cannot read $1: $(cat /tmp/view.vgtool.err)"
	b=$(view lvm2 "$1") || fail "$2: lvm2 cannot read $1: $(cat /tmp/view.lvm2.err)"
	[[ -n $a ]] || fail "$2: vgtool reads no LV in $1"
	[[ $a == "$b" ]] || fail "$2: vgtool and lvm2 read $1 differently: [$a] vs [$b]"
	echo "$a"
}
# vgck of both tools: exit 0 and no warning.
clean_vgck() { # VG WHAT
	local out
	out=$("$VGTOOL" vgck "$1" 2>&1) || fail "$2: vgtool vgck $1: $out"
	[[ -z $out ]] || fail "$2: vgtool vgck $1 warns: $out"
	out=$(lvm_ref vgck "$1" 2>&1) || fail "$2: lvm2 vgck $1: $out"
	[[ -z $out ]] || fail "$2: lvm2 vgck $1 warns: $out"
}

# --- 1. twin VGs, whole-PV and write failures ---------------------------
pv_up la 0
pv_up lb 1
pv_up va 2
pv_up vb 3
lvm_ref pvcreate -q /dev/mapper/la /dev/mapper/lb
lvm_ref vgcreate -q l /dev/mapper/la /dev/mapper/lb
lvm_ref lvcreate -q -an -Zn -L 8M -n x l /dev/mapper/lb
"$VGTOOL" vgcreate -q v /dev/mapper/va /dev/mapper/vb
"$VGTOOL" lvcreate -q -an -Zn -L 8M -n x v /dev/mapper/vb

norm() { # VG: names and uuids that differ between the twins
	sed -E -e "s#/dev/mapper/[lvmn]([ab])\b#/dev/mapper/P\1#g" -e "s/\b$1\b/VG/g" \
		-e "s#/dev/loop[0-9]+#/dev/loopN#g" \
		-e 's/[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}/<uuid>/g'
}
# The twins: $L made by lvm2, $V by vgtool.
L=l V=v
twin() { # STEM ARGS with @VG@: the same on $L by lvm2 and $V by vgtool
	local stem=$1 ra=0 rb=0
	shift
	lvm_ref "${@//@VG@/$L}" >"$OUT/$stem.l.out" 2>"$OUT/$stem.l.err" || ra=$?
	"$VGTOOL" "${@//@VG@/$V}" >"$OUT/$stem.v.out" 2>"$OUT/$stem.v.err" || rb=$?
	((ra == rb)) || fail "$stem \`$*\`: lvm2 exited $ra, vgtool $rb"
	norm $L <"$OUT/$stem.l.out" >"$OUT/$stem.l.nout"
	norm $V <"$OUT/$stem.v.out" >"$OUT/$stem.v.nout"
	expect_file_eq "$stem \`$*\`: stdout" "$OUT/$stem.l.nout" "$OUT/$stem.v.nout"
	return $ra
}
same_stderr() { # STEM
	awk '!seen[$0]++' "$OUT/$1.l.err" | norm $L >"$OUT/$1.l.nerr"
	awk '!seen[$0]++' "$OUT/$1.v.err" | norm $V >"$OUT/$1.v.nerr"
	expect_file_eq "$1: stderr" "$OUT/$1.l.nerr" "$OUT/$1.v.nerr"
}

step "1a. a PV failing whole reads as missing to both tools"
pv_fail lb
pv_fail vb
twin 1a-lvs lvs -a -o lv_name,lv_attr,lv_size,devices @VG@
same_stderr 1a-lvs
twin 1a-vgs vgs -o vg_name,vg_attr,pv_count,vg_missing_pv_count,lv_count,seqno @VG@
same_stderr 1a-vgs
rc=0
twin 1a-create lvcreate -an -Zn -L 4M -n y @VG@ || rc=$?
((rc == 5)) || fail "1a: lvcreate on a VG with a failed PV exited $rc (lvm2 too), expected 5"
same_stderr 1a-create
pv_back lb
pv_back vb
twin 1a-back lvs -a -o lv_name,lv_attr,lv_size,devices @VG@
clean_vgck l "1a"
clean_vgck v "1a"

step "1b. a PV failing writes: lvcreate fails (5), one line, the VG unchanged"
before=$(agreed_view v "1b before")
before_l=$(view lvm2 l)
pv_fail_writes lb
pv_fail_writes vb
rc=0
twin 1b-create lvcreate -an -Zn -L 4M -n y @VG@ || rc=$?
((rc == 5)) || fail "1b: lvcreate with failing writes exited $rc (lvm2 too), expected 5"
err=$(cat "$OUT/1b-create.v.err")
[[ $err =~ ^"  Write error on /dev/mapper/vb at "[0-9]+": Input/output error: VG v was not changed."$ ]] ||
	fail "1b: vgtool's stderr: $err"
expect_eq "1b: v as vgtool and lvm2 read it, the fault on" "$before" "$(agreed_view v "1b on")"
expect_eq "1b: l as lvm2 reads it, the fault on" "$before_l" "$(view lvm2 l)"
pv_back lb
pv_back vb
expect_eq "1b: v after the fault" "$before" "$(agreed_view v "1b after")"
clean_vgck v "1b"
clean_vgck l "1b"
twin 1b-next lvcreate -an -Zn -L 4M -n y @VG@
expect_eq "1b: the next change, seqno" "$(view lvm2 l | awk 'NR == 1 { print $1 }')" \
	"$(view vgtool v | awk 'NR == 1 { print $1 }')"

step "1c. a PV dropping writes: the change seems done; once back, both tools warn and the next change repairs"
pv_drop_writes() { retable "$1" "0 $SECTORS flakey ${linear[$1]#* * linear } 0 180 1 drop_writes"; }
pv_drop_writes lb
pv_drop_writes vb
twin 1c-create lvcreate -an -Zn -L 4M -n z @VG@
pv_back lb
pv_back vb
twin 1c-lvs lvs -o lv_name,lv_size @VG@
same_stderr 1c-lvs
grep -q "Inconsistent metadata found for VG v" "$OUT/1c-lvs.v.err" ||
	fail "1c: no warning of the PV that dropped the writes: $(cat "$OUT/1c-lvs.v.err")"
twin 1c-next lvremove -f @VG@/z
same_stderr 1c-next
clean_vgck l "1c"
clean_vgck v "1c"

step "1d. a slow PV (delay 50 ms): the same change as lvm2's"
pv_slow() { retable "$1" "0 $SECTORS delay ${linear[$1]#* * linear } 50"; }
pv_slow lb
pv_slow vb
twin 1d-create lvcreate -an -Zn -L 4M -n d @VG@
same_stderr 1d-create
twin 1d-lvs lvs -o lv_name,lv_size @VG@
pv_back lb
pv_back vb
twin 1d-remove lvremove -f @VG@/d

step "1e. a loop device under a PV detached, then attached again"
truncate -s 64M /tmp/l.img /tmp/v.img
loop_l=$(losetup -f --show /tmp/l.img)
loop_v=$(losetup -f --show /tmp/v.img)
lvm_ref vgextend -q l "$loop_l"
"$VGTOOL" vgextend -q v "$loop_v"
lvm_ref lvcreate -q -an -Zn -L 4M -n onloop l "$loop_l"
"$VGTOOL" lvcreate -q -an -Zn -L 4M -n onloop v "$loop_v"
losetup -d "$loop_l" "$loop_v"
twin 1e-lvs lvs -a -o lv_name,lv_attr,lv_size,devices @VG@
same_stderr 1e-lvs
twin 1e-vgs vgs -o vg_name,vg_attr,pv_count,vg_missing_pv_count,lv_count @VG@
same_stderr 1e-vgs
rc=0
twin 1e-create lvcreate -an -Zn -L 4M -n y2 @VG@ || rc=$?
((rc == 5)) || fail "1e: lvcreate with the loop PV gone exited $rc (lvm2 too), expected 5"
same_stderr 1e-create
losetup "$loop_l" /tmp/l.img
losetup "$loop_v" /tmp/v.img
twin 1e-back lvs -a -o lv_name,lv_attr,lv_size,devices @VG@
same_stderr 1e-back
twin 1e-remove lvremove -f @VG@/onloop
lvm_ref vgreduce -q l "$loop_l"
"$VGTOOL" vgreduce -q v "$loop_v"
losetup -d "$loop_l" "$loop_v"
clean_vgck l "1e"
clean_vgck v "1e"

# --- 2. the fault at each write of a commit -----------------------------
pv_up wa 4
pv_up wb 5
pv_up wc 6
"$VGTOOL" vgcreate -q w /dev/mapper/wa /dev/mapper/wb /dev/mapper/wc
"$VGTOOL" lvcreate -q -an -Zn -L 8M -n x w /dev/mapper/wc
"$VGTOOL" lvcreate -q -an -Zn -L 8M -n x2 v /dev/mapper/va

# try VG PV OP UNDO: OP by the test build with the fault on PV after each
# write in turn, until the fault no longer comes (OP wrote fewer times)
try() {
	local vg=$1 pv=$2 op=$3 undo=$4 n=1 rc old got err
	old=$(agreed_view "$vg" "$op: before")
	while :; do
		rm -f /tmp/fired
		rc=0
		VGTOOL_TEST_AFTER_WRITE="$n:/tmp/fault $pv" "$VGTOOL_TEST" ${op//@VG@/$vg} \
			>/dev/null 2>/tmp/err || rc=$?
		[[ -e /tmp/fired ]] || break
		err=$(grep -v '^  WARNING' /tmp/err || true)
		if ((rc == 5)); then
			[[ $(wc -l <<<"$err") == 1 ]] || fail "$op, $pv failing after write $n: not one line: $err"
			[[ $err == *"/dev/mapper/$pv "* ]] ||
				fail "$op, $pv failing after write $n: the line does not name the device: $err"
		elif ((rc != 0)); then
			fail "$op, $pv failing after write $n: exit $rc: $(cat /tmp/err)"
		fi
		got=$(agreed_view "$vg" "$op, $pv failing after write $n, fault on")
		pv_back "$pv"
		# the failed PV's copy, old or new, never wins over the others
		expect_eq "$op, $pv failing after write $n, once it is back" "$got" \
			"$(agreed_view "$vg" "$op, $pv back after write $n")"
		if [[ $got != "$old" ]]; then
			# the new VG stands; exit 5 when the failed PV lags,
			# which both tools warn of
			if ((rc == 5)); then
				grep -q "Inconsistent metadata found for VG $vg" /tmp/view.vgtool.err ||
					fail "$op, write $n: vgtool does not warn of the lagging PV: $(cat /tmp/view.vgtool.err)"
				grep -q "Inconsistent metadata found for VG $vg" /tmp/view.lvm2.err ||
					fail "$op, write $n: lvm2 does not see a lagging PV: $(cat /tmp/view.lvm2.err)"
			fi
			run_undo "${undo//@VG@/$vg}" || fail "$op, write $n: undo failed"
			# the undo was the next change: every copy up to date
			clean_vgck "$vg" "$op, $pv failing after write $n, after the next change"
		else
			"$VGTOOL" vgck "$vg" >/dev/null 2>&1 || fail "$op, write $n: vgck after an unchanged VG"
		fi
		got=$(view vgtool "$vg")
		expect_eq "$op, write $n: the LVs as before, for the next try" "$(lvs_only <<<"$old")" \
			"$(lvs_only <<<"$got")"
		old=$got
		n=$((n + 1))
	done
	((rc == 0)) || fail "$op: exit $rc with no fault: $(cat /tmp/err)"
	[[ $(view vgtool "$vg") != "$old" ]] || fail "$op: changed nothing"
	run_undo "${undo//@VG@/$vg}" || fail "$op: undo failed"
	((n > 4)) || fail "$op: only $((n - 1)) writes"
	step "  $vg, $pv failing: $op: the fault after each of its $((n - 1)) writes"
}
run_undo() { # CMDLINE: a vgtool command, or merge_undo VG
	if [[ $1 == merge_undo* ]]; then
		$1
	else
		"$VGTOOL" $1 >/dev/null 2>&1
	fi
}
merge_undo() { # VG: finish the merge (the activation starts it), then a
	local i          # new snapshot
	"$VGTOOL" vgchange -ay --poll n "$1" >/dev/null
	for ((i = 0; i < 100; i++)); do
		"$VGTOOL" monitor --once "$1" >/dev/null 2>&1 || true
		[[ $("$VGTOOL" lvs -a --noheadings -o lv_name "$1") =~ (^|[[:space:]])s($|[[:space:]]) ]] || break
		sleep 0.2
	done
	"$VGTOOL" vgchange -an "$1" >/dev/null
	"$VGTOOL" lvcreate -s -L 4M -n s "$1/x" >/dev/null
}

step "2. the fault at each write of a commit"
# (each operation with one of the failing PVs, to keep the run short)
create=("lvcreate -an -Zn -L 4M -n t @VG@" "lvremove -f @VG@/t")
extend=("lvextend -L +4M @VG@/x" "lvreduce -f -L -4M @VG@/x")
snap=("lvcreate -s -L 4M -n s @VG@/x" "lvremove -f @VG@/s")
unsnap=("lvremove -f @VG@/s" "lvcreate -s -L 4M -n s @VG@/x")
merge=("lvconvert --merge @VG@/s" "merge_undo @VG@")
try v va "${create[@]}"
try v va "${extend[@]}"
try v vb "${snap[@]}"
"$VGTOOL" lvcreate -q -s -L 4M -n s v/x
try v va "${unsnap[@]}"
try v vb "${merge[@]}"
"$VGTOOL" lvremove -q -f v/s
try w wc "${create[@]}"
try w wc "${snap[@]}"
"$VGTOOL" lvcreate -q -s -L 4M -n s w/x
try w wc "${merge[@]}"
"$VGTOOL" lvremove -q -f w/s

# --- 3. the COW's PV failing as the snapshot is created -----------------
step "3. snapshot of an active origin, the COW's PV failing after each write"
"$VGTOOL" lvchange -ay v/x2
tables=$(dm_table_named)
n=1
while :; do
	rm -f /tmp/fired
	rc=0
	VGTOOL_TEST_AFTER_WRITE="$n:/tmp/fault vb" "$VGTOOL_TEST" lvcreate -s -L 4M -n s2 v/x2 /dev/mapper/vb \
		>/dev/null 2>/tmp/err || rc=$?
	[[ -e /tmp/fired ]] || break
	pv_back vb
	if ((rc == 5)); then
		# (the error table of vb itself is gone again)
		expect_eq "3: dm tables after the failure at write $n" "$tables" "$(dm_table_named)"
	elif ((rc == 0)); then
		[[ $(dm_table_named) == *"v-s2-cow"* ]] || fail "3: write $n: created, but not active"
	else
		fail "3: write $n: exit $rc: $(cat /tmp/err)"
	fi
	agreed_view v "3: after write $n" >/dev/null
	"$VGTOOL" lvremove -f v/s2 >/dev/null 2>&1 || true
	clean_vgck v "3: after write $n and the next change"
	n=$((n + 1))
done
((rc == 0)) || fail "3: exit $rc with no fault: $(cat /tmp/err)"
((n > 3)) || fail "3: only $((n - 1)) writes"
"$VGTOOL" lvremove -f v/s2 >/dev/null
"$VGTOOL" lvchange -an v/x2
step "  the fault after each of the $((n - 1)) writes: tables as before, or the snapshot active"

# --- 4. one of two metadata areas unreadable -----------------------------
step "4. PVs with two metadata areas, the second one unreadable"
PVS=120000 # sectors, two PVs on the last disk
declare -A two
two[ma]="0 $PVS linear ${DISK[7]} 2048"
two[na]="0 $PVS linear ${DISK[7]} $((2048 + PVS + 2048))"
for pv in ma na; do
	dmsetup create "$pv" --table "${two[$pv]}"
done
lvm_ref pvcreate -q --pvmetadatacopies 2 /dev/mapper/ma /dev/mapper/na
lvm_ref vgcreate -q m /dev/mapper/ma
"$VGTOOL" vgcreate -q n /dev/mapper/na
L=m V=n
twin 4-create lvcreate -an -Zn -L 4M -n x @VG@
# the last 2 MiB (the second area lies there) fail
mda2_fail() { # PV
	local off=${two[$1]##* }
	retable "$1" "0 $((PVS - 4096)) linear ${DISK[7]} $off
$((PVS - 4096)) 4096 error"
}
mda2_fail ma
mda2_fail na
twin 4-lvs lvs -o lv_name,lv_size @VG@
same_stderr 4-lvs
twin 4-write lvcreate -an -Zn -L 4M -n y @VG@
same_stderr 4-write
# vgck: lvm2 only warns (exit 0); vgtool's vgck fails on a damaged area
# (vgtool-vgck(8)), naming it
lvm_ref vgck m 2>/dev/null || fail "4: lvm2 vgck of m failed"
rc=0
"$VGTOOL" vgck n 2>"$OUT/4-vgck.err" || rc=$?
((rc == 5)) || fail "4: vgtool vgck of n exited $rc, expected 5"
grep -q "^  Volume group n: /dev/mapper/na: damaged metadata area" "$OUT/4-vgck.err" ||
	fail "4: vgtool vgck does not name the damaged area: $(cat "$OUT/4-vgck.err")"
retable ma "${two[ma]}"
retable na "${two[na]}"
twin 4-back lvs -o lv_name,lv_size @VG@
same_stderr 4-back
twin 4-update vgck --updatemetadata @VG@
clean_vgck m "4: after vgck --updatemetadata"
clean_vgck n "4: after vgck --updatemetadata"
twin 4-seqno vgs -o vg_name,seqno,lv_count @VG@
