# Event activation (pvscan --cache, conf/udev/69-vgtool.rules) next to
# lvm2's.  By hand first: the same pvscan --cache sequences by each tool
# from an empty record, with the same lines, exit codes and devices after
# each (a VG of two PVs activated when its second PV is recorded, in
# either order, and once; the four-device stack of an origin; activation
# skip, --setautoactivation n on an LV and on a VG, auto_activation_
# volume_list; the udev rule's --udevoutput form), and the record shared
# between the tools.  Then with udevd and the rules: every VG activated
# exactly once (counted by a wrapper around vgtool) when the disks appear
# one by one in any order, all at once, or again; lvm2's own rule taking
# over when it is on (lvm2 wins, vgtool's rule stands aside, the tables
# are the same), and vgtool activating when lvm.conf turns lvm2's event
# activation off.  vgA is made by vgtool, vgL by lvm2: each comes up
# under the other tool's activation with the same tables.  Last, the
# rule's other two branches: a VG on a device-mapper device (as on LUKS:
# the PV appears with the device's activation event) and one on a loop
# device (once it has a backing file), each activated once.
# disks: 5
# modules: loop
# disk-size: 256M
# timeout: 400
. "$SRCDIR/tests/kernel/lib.sh"

run_dir=/run/lvm
wrap=/tmp/vgtool-wrapped
udev_log=/tmp/vgtool-udev.log
export VGTOOL_SYSTEM_DIR LVM_SYSTEM_DIR

clear_record() { rm -f "$run_dir"/pvs_online/* "$run_dir"/vgs_online/* "$run_dir"/pvs_lookup/*; }
all_off() { "$VGTOOL" vgchange -q -an vgA vgL vgN >/dev/null; }
# the devices now active, named (minor numbers differ between tools)
active() { dm_table_named | sort; }
# none_of TARGET: no device of this target type is active
none_of() { ! dmsetup ls --target "$1" | grep -qv '^No devices found'; }

step "VGs: vgA (vgtool, two PVs), vgL (lvm2), vgN (vgtool, no autoactivation); a PV in no VG"
# vgA's second PV holds no metadata: its VG is known from the first's, or
# from the lookup file the first left
"$VGTOOL" pvcreate -q "${DISK[0]}" "${DISK[3]}" "${DISK[4]}"
"$VGTOOL" pvcreate -q --pvmetadatacopies 0 "${DISK[1]}"
"$VGTOOL" vgcreate -q vgA "${DISK[0]}" "${DISK[1]}"
"$VGTOOL" lvcreate -q -an -L 8M -n base vgA
"$VGTOOL" lvcreate -q -L 4M -s -n snap vgA/base
"$VGTOOL" lvcreate -q -an -ky -L 4M -n skipped vgA
"$VGTOOL" lvcreate -q -an --setautoactivation n -L 4M -n noauto vgA
# the PV on the second disk fills first: a VG over both
"$VGTOOL" lvcreate -q -an -L 240M -n big vgA
lvm_ref vgcreate -q vgL "${DISK[2]}"
lvm_ref lvcreate -q -an -L 8M -n lbase vgL
lvm_ref lvcreate -q -an -L 4M -s -n lsnap vgL/lbase
"$VGTOOL" vgcreate -q --setautoactivation n vgN "${DISK[3]}"
"$VGTOOL" lvcreate -q -an -L 4M -n n1 vgN
all_off
lvm_ref vgchange -q -an vgL >/dev/null

# sequence NAME ARGS_LINE...: from an empty record with nothing active, each
# line run as `TOOL pvscan --cache LINE` by lvm2, then (the same from the
# start) by vgtool: the lines printed (pvscan[PID] without the PID) and
# exit codes, and the devices active after the sequence, must be the same.
# DISKn in a line is DISK[n], DEVNOn its MAJOR:MINOR.
sequence() {
	local name=$1 line tool rc
	shift
	mkdir -p "$OUT/seq"
	for tool in lvm2 vgtool; do
		all_off
		clear_record
		: >"$OUT/seq/$name.$tool"
		for line; do
			local args=$line i
			for i in 0 1 2 3 4; do
				args=${args//DISK$i/${DISK[i]}}
				args=${args//DEVNO$i/$(disk_devno "$i")}
			done
			rc=0
			if [[ $tool == lvm2 ]]; then
				# shellcheck disable=SC2086
				lvm_ref pvscan --cache $args >/tmp/seq.out 2>/tmp/seq.err || rc=$?
			else
				# shellcheck disable=SC2086
				"$VGTOOL" pvscan --cache $args >/tmp/seq.out 2>/tmp/seq.err || rc=$?
			fi
			{
				echo "\$ pvscan --cache $line"
				sed -E 's/pvscan\[[0-9]+\]/pvscan[PID]/' /tmp/seq.out
				echo "exit $rc"
			} >>"$OUT/seq/$name.$tool"
			sed "s/^/    $tool: /" /tmp/seq.err >&2
		done
		{
			echo "active:"
			active
		} >>"$OUT/seq/$name.$tool"
	done
	expect_file_eq "sequence $name: vgtool's lines and devices against lvm2's" \
		"$OUT/seq/$name.lvm2" "$OUT/seq/$name.vgtool"
}

step "by hand: -aay in each order, again, and VGs that must stay inactive"
sequence aay-1-0 "-aay DISK1" "-aay DISK0" "-aay DISK0" "-aay DISK2" "-aay DISK3" "-aay DISK4"
grep -q '^vgA-base: .* snapshot-origin ' "$OUT/seq/aay-1-0.vgtool" ||
	fail "vgA/base is not a snapshot origin after autoactivation"
for lv in vgA-skipped vgA-noauto vgN-n1; do
	! grep -q "^$lv:" "$OUT/seq/aay-1-0.vgtool" || fail "$lv was autoactivated"
done
sequence aay-0-1 "-aay DISK0" "-aay DISK1" "-aay DEVNO2" "DISK4" "-aay DISK1"
sequence udev-form "--listvg --checkcomplete --vgonline --autoactivation event --udevoutput DISK1" \
	"--listvg --checkcomplete --vgonline --autoactivation event --udevoutput DISK0" \
	"--listvg --checkcomplete --vgonline --autoactivation event --udevoutput DISK0" \
	"--listvg --checkcomplete --vgonline --udevoutput DISK2" \
	"--listvg DISK3" "--listvg --checkcomplete DISK1"
sequence all-then-one "" "-aay DISK1" "-aay DISK0"
sequence unknown-value "--autoactivation later -aay DISK0" "-aay DISK2"

step "by hand: auto_activation_volume_list"
printf 'activation {\n auto_activation_volume_list = [ "vgL", "vgA/noauto", "vgA/base" ]\n}\n' \
	>"$VGTOOL_SYSTEM_DIR/vgtool.conf"
cp "$LVM_SYSTEM_DIR/lvm.conf" /tmp/lvm.conf.saved
{
	cat /tmp/lvm.conf.saved
	printf 'activation {\n auto_activation_volume_list = [ "vgL", "vgA/noauto", "vgA/base" ]\n}\n'
} >"$LVM_SYSTEM_DIR/lvm.conf"
sequence volume-list "-aay DISK0" "-aay DISK1" "-aay DISK2"
grep -q '^vgA-base:' "$OUT/seq/volume-list.vgtool" || fail "vgA/base not activated by the list"
! grep -q '^vgA-big:' "$OUT/seq/volume-list.vgtool" || fail "vgA/big activated against the list"
cp /tmp/lvm.conf.saved "$LVM_SYSTEM_DIR/lvm.conf"
rm -f "$VGTOOL_SYSTEM_DIR/vgtool.conf"

step "one record for both tools"
all_off
clear_record
lvm_ref pvscan --cache "${DISK[1]}" >/dev/null
out=$("$VGTOOL" pvscan --cache -aay "${DISK[0]}")
[[ $out == *"VG vgA is complete."*"run autoactivation."* ]] ||
	fail "vgtool did not see lvm2's record of ${DISK[1]}: $out"
"$VGTOOL" lvs --noheadings -o lv_active vgA/base | grep -q active || fail "vgA/base not active"
all_off
clear_record
"$VGTOOL" pvscan --cache --listvg --checkcomplete --vgonline "${DISK[2]}" | grep -q "VG vgL complete"
out=$(lvm_ref pvscan --cache -aay "${DISK[2]}")
[[ $out == *"VG vgL skip autoactivation."* ]] || fail "lvm2 did not honour vgtool's claim: $out"
none_of snapshot-origin || fail "lvm2 activated a VG vgtool had claimed"

step "global/event_activation = 0 in vgtool.conf"
printf 'global {\n event_activation = 0\n}\n' >"$VGTOOL_SYSTEM_DIR/vgtool.conf"
clear_record
out=$("$VGTOOL" pvscan --cache --listvg --checkcomplete --vgonline --udevoutput "${DISK[2]}")
expect_eq "the udev form with event activation off" "LVM_EVENT_ACTIVATION=0" "$out"
"$VGTOOL" pvscan --cache -aay "${DISK[2]}" >/dev/null
[[ -z $(ls "$run_dir/pvs_online") ]] || fail "pvscan recorded a PV with event activation off"
out=$("$VGTOOL" vgchange -aay --autoactivation event vgL)
expect_eq "vgchange --autoactivation event" "  Skip vgchange for event and event_activation=0." "$out"
none_of linear || fail "something was activated with event activation off"
rm -f "$VGTOOL_SYSTEM_DIR/vgtool.conf"

step "the command line forms lvm2 takes and refuses"
# (pvscan without --cache in a line of `sequence`: PVSCAN stands for it)
forms() {
	local tool=$1 line rc
	shift
	for line; do
		rc=0
		# shellcheck disable=SC2086
		if [[ $tool == lvm2 ]]; then lvm_ref pvscan $line >/tmp/f.out 2>/dev/null || rc=$?
		else "$VGTOOL" pvscan $line >/tmp/f.out 2>/tmp/f.err || rc=$?; fi
		echo "\$ pvscan $line"
		sed -E 's/pvscan\[[0-9]+\]/pvscan[PID]/' /tmp/f.out
		echo "exit $rc"
		# a refusal: one line on stderr
		if [[ $tool == vgtool && $rc == 3 && $(wc -l </tmp/f.err) -lt 1 ]]; then
			echo "vgtool said nothing on stderr"
		fi
	done
}
lines=("--listvg ${DISK[0]}" "--listvg ${DISK[3]}" "--listvg --checkcomplete ${DISK[0]}"
	"--listvg --checkcomplete --vgonline ${DISK[0]}" "-aay ${DISK[0]}"
	"--checkcomplete ${DISK[0]}" "--cache --vgonline ${DISK[0]}"
	"--cache --checkcomplete ${DISK[0]}" "--udevoutput ${DISK[0]}"
	"--cache --udevoutput ${DISK[0]}" "--cache -aay --udevoutput ${DISK[0]}"
	"--cache -ay ${DISK[0]}" "--cache -an ${DISK[0]}" "--cache --listvg --udevoutput ${DISK[0]}")
clear_record
forms lvm2 "${lines[@]}" >"$OUT/forms.lvm2"
clear_record
forms vgtool "${lines[@]}" >"$OUT/forms.vgtool"
expect_file_eq "pvscan's forms" "$OUT/forms.lvm2" "$OUT/forms.vgtool"

# --- udevd with the rules --------------------------------------------------

# Every vgtool that udev starts goes through this wrapper, which logs its
# command line: what the rules ran is counted, not guessed.
cat >"$wrap" <<EOF
#!/bin/bash
printf '%s\n' "\$*" >>$udev_log
export VGTOOL_SYSTEM_DIR=/tmp/vgtool-udev
exec "$VGTOOL" "\$@"
EOF
chmod +x "$wrap"
mkdir -p /tmp/vgtool-udev /tmp/lvm-udev /run/udev/rules.d
: >"$udev_log"
cp "$SRCDIR/conf/udev/57-vgtool.rules" /run/udev/rules.d/
sed "s|@SBINDIR@/vgtool|$wrap|g" "$SRCDIR/conf/udev/69-vgtool.rules" >/run/udev/rules.d/69-vgtool.rules
grep -q "IMPORT{program}=\"$wrap pvscan" /run/udev/rules.d/69-vgtool.rules
# lvm2's rule, masked at first (vgtool alone, as on a machine without lvm2)
lvm2_rule=
for f in /lib/udev/rules.d/69-lvm.rules /lib/udev/rules.d/69-dm-lvm.rules; do
	[[ -z $lvm2_rule && -f $f ]] && lvm2_rule=$f
done
[[ -n $lvm2_rule ]] || fail "lvm2's autoactivation rule is not installed"
: >"/run/udev/rules.d/${lvm2_rule##*/}"

# activations VG: how many `vgchange -aay` of VG the rules ran since the log
# was last emptied (each claim starts one)
activations() { grep -c "^vgchange -aay --autoactivation event $1\$" "$udev_log" || true; }
expect_activations() {
	expect_eq "$1: activations of vgA" "$2" "$(activations vgA)"
	expect_eq "$1: activations of vgL" "$3" "$(activations vgL)"
	# vgN is complete too and vgchange -aay runs for it (as lvm2's), but
	# its --setautoactivation n keeps it inactive
	! dmsetup info vgN-n1 >/dev/null 2>&1 || fail "$1: vgN was activated"
}
# trigger DISKS...: add events for these disks, processed in parallel
trigger() {
	local d devs=()
	for d; do devs+=("${DISK[d]}"); done
	udevadm trigger --action=add "${devs[@]}"
	udevadm settle --timeout=120
}
round() {
	all_off
	udevadm settle
	clear_record
	: >"$udev_log"
}

step "udevd: vgtool's rule alone, at udevd's start"
all_off
clear_record
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=120
expect_activations "first trigger" 1 1
[[ -L /dev/vgA/base && -L /dev/vgA/snap && -L /dev/vgL/lbase ]] || fail "no /dev/VG/LV links"
tables_vgtool=$(active)
[[ $tables_vgtool == *"vgL-lbase: "*" snapshot-origin "* ]] || fail "vgL/lbase is no origin"
! dmsetup info vgN-n1 >/dev/null 2>&1 || fail "vgN was autoactivated"

for order in "3 1 2 0" "0 2 1 3" "2 0 1"; do
	step "udevd: disks one at a time, in the order $order"
	round
	seen=" "
	for d in $order; do
		trigger "$d"
		seen+="$d "
		# vgA is complete once both of its disks were seen, not before
		want=0
		[[ $seen != *" 0 "* || $seen != *" 1 "* ]] || want=1
		expect_eq "order $order, after disk $d: activations of vgA" "$want" "$(activations vgA)"
	done
	expect_activations "order $order" 1 1
	expect_eq "tables after order $order" "$tables_vgtool" "$(active)"
done

step "udevd: all disks at once, then again"
round
trigger 0 1 2 3
expect_activations "all at once" 1 1
trigger 0 1 2 3
trigger 1
expect_activations "the same events again" 1 1
expect_eq "tables after all at once" "$tables_vgtool" "$(active)"

step "udevd: lvm2's rule on: lvm2 activates, vgtool's rule stands aside"
printf 'activation {\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n}\n' >/tmp/lvm-udev/lvm.conf
# lvm2's rule as installed, with lvm2's configuration in /tmp (the guest's
# /etc is read-only) and its pvscan's output logged for the failure messages
cat >/tmp/lvm-logged <<'EOF'
#!/bin/bash
# one line per run, written at once (runs happen in parallel)
rc=0
out=$(/sbin/lvm "$@" 2>/dev/null) || rc=$?
printf '%s\n' "lvm $* -> $rc${out:+ | ${out//$'\n'/ | }}" >>/tmp/lvm-udev.log
[[ -z $out ]] || printf '%s\n' "$out"
exit $rc
EOF
chmod +x /tmp/lvm-logged
{
	echo 'ENV{LVM_SYSTEM_DIR}="/tmp/lvm-udev"'
	sed 's|IMPORT{program}="/sbin/lvm pvscan|IMPORT{program}="/tmp/lvm-logged pvscan|' "$lvm2_rule"
} >"/run/udev/rules.d/${lvm2_rule##*/}"
grep -q 'IMPORT{program}="/tmp/lvm-logged pvscan' "/run/udev/rules.d/${lvm2_rule##*/}"
udevadm control --reload
round
trigger 3 1 0 2
expect_activations "lvm2's rule on" 0 0
# vgtool's rule runs its pvscan only where lvm2's printed nothing: the VG
# was complete and claimed already (by lvm2's pvscan of another disk of it,
# running at the same time); it then finds the claim taken too
! grep -q '^vgchange' "$udev_log" ||
	fail "vgtool activated under lvm2's rule: $(cat "$udev_log"); lvm2's pvscan: $(cat /tmp/lvm-udev.log)"
while read -r line; do
	[[ $line == "pvscan --cache "* ]] || fail "vgtool ran '$line' under lvm2's rule"
	dev=${line##* }
	grep -q "^lvm pvscan .* $dev -> 0" /tmp/lvm-udev.log || fail "lvm2's pvscan of $dev did not run first"
	! grep "^lvm pvscan .* $dev -> 0" /tmp/lvm-udev.log | grep -q "LVM_VG_NAME" ||
		fail "vgtool ran on $dev although lvm2 took the event"
done <"$udev_log"
[[ -e $run_dir/vgs_online/vgA && -e $run_dir/vgs_online/vgL ]] || fail "lvm2 claimed no VG"
expect_eq "tables activated by lvm2 (vgA made by vgtool)" "$tables_vgtool" "$(active)"

step "udevd: lvm.conf's event_activation = 0: vgtool activates"
printf 'activation {\n monitoring=0\n}\nglobal {\n use_lvmpolld=0\n event_activation=0\n}\n' \
	>/tmp/lvm-udev/lvm.conf
round
trigger 1 2 0 3
expect_activations "lvm2's event activation off" 1 1
expect_eq "tables activated by vgtool (vgL made by lvm2)" "$tables_vgtool" "$(active)"

step "udevd: vgtool.conf's event_activation = 0 too: nobody activates"
printf 'global {\n event_activation = 0\n}\n' >/tmp/vgtool-udev/vgtool.conf
round
trigger 0 1 2 3
expect_activations "both off" 0 0
none_of snapshot-origin || fail "a VG was activated with both tools off"
rm -f /tmp/vgtool-udev/vgtool.conf

step "udevd: PVs on a device-mapper device and on a loop device"
all_off
"$VGTOOL" pvremove -q "${DISK[4]}"
dmsetup create pvdm --table "0 131072 linear ${DISK[4]} 2048"
udevadm settle
"$VGTOOL" vgcreate -q vgD /dev/mapper/pvdm
"$VGTOOL" lvcreate -q -an -L 8M -n d1 vgD
truncate -s 64M /tmp/pv-loop.img
loopdev=$(losetup -f --show /tmp/pv-loop.img)
udevadm settle
"$VGTOOL" vgcreate -q vgO "$loopdev"
"$VGTOOL" lvcreate -q -an -L 8M -n o1 vgO
# (the new PVs' change events may have activated them meanwhile)
udevadm settle
"$VGTOOL" vgchange -q -an vgD vgO >/dev/null
# the devices go and come back with udevd watching: each VG activated by
# the event that makes its PV readable, once
udevadm settle
dmsetup remove pvdm
losetup -d "$loopdev"
# (a detach while udev's workers still read the device is put off to
# their close)
for ((i = 0; i < 50; i++)); do
	[[ -z $(losetup -a) ]] && break
	sleep 0.1
done
[[ -z $(losetup -a) ]] || fail "$loopdev stays bound: $(losetup -a)"
udevadm settle
round
dmsetup create pvdm --table "0 131072 linear ${DISK[4]} 2048"
losetup -f /tmp/pv-loop.img # (the old number may still be held)
udevadm settle --timeout=120
expect_eq "activations of vgD (a PV on a dm device)" 1 "$(activations vgD)"
expect_eq "activations of vgO (a PV on a loop device)" 1 "$(activations vgO)"
dmsetup info vgD-d1 >/dev/null 2>&1 || fail "vgD/d1 was not activated"
dmsetup info vgO-o1 >/dev/null 2>&1 || fail "vgO/o1 was not activated"
echo "autoactivation: vgtool and lvm2 agree"
