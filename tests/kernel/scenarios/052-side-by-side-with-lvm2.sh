# vgtool and lvm2 on one host, at the same time: both take lvm2's lock
# files (/run/lock/lvm), so writers of either tool exclude each other and
# no update is lost; vgtool's changes of which devices are PVs or which VG
# names exist invalidate lvm2's device hints (/run/lvm/hints), so that the
# next lvm2 command sees them; a lock held with flock(1) makes vgtool wait
# (or, with global/wait_for_locks = 0, fail in one line); a devices file in
# use by lvm2 makes vgtool refuse in one line.
# disks: 8
# disk-size: 1G
# timeout: 1200
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lock/lvm /run/lvm # as systemd-tmpfiles makes them for lvm2
seqno() { lvm_ref vgs --noheadings -o seqno "$1" | tr -d ' '; }
# while a lock is held here: lvm2 reading without locks, and without the
# shell's descriptor 9 (its copy would be the lock it waits for)
seqno_unlocked() { lvm_ref vgs --readonly --noheadings -o seqno "$1" 9>&- | tr -d ' '; }
names() { "$@" | sed 's/ //g' | sort; }

step "mixed writers: two vgtool and two lvm2 processes, each 25 creates and 10 removes"
"$VGTOOL" vgcreate -s 1M vg0 ${DISK[0]} >/dev/null
# TOOL: v (vgtool) or l (lvm2); ACT: y or n
worker() { # NAME TOOL ACT
	local name=$1 j
	local -a cmd create
	if [[ $2 == v ]]; then cmd=("$VGTOOL"); else cmd=(lvm); fi
	if [[ $3 == y ]]; then create=(-ay); else create=(-an -Zn); fi
	for ((j = 1; j <= 25; j++)); do
		"${cmd[@]}" lvcreate "${create[@]}" -L 1M -n "$name-$j" vg0 >/dev/null 2>>"/tmp/err.$name" &&
			echo "create $name-$j"
		if ((j % 5 == 0 || j % 5 == 2)); then
			"${cmd[@]}" lvremove -f "vg0/$name-$j" >/dev/null 2>>"/tmp/err.$name" &&
				echo "remove $name-$j"
		fi
	done >"/tmp/ok.$name"
}
worker va v y &
worker vn v n &
worker la l y &
worker ln l n &
wait
cat /tmp/err.* >&2 || true
expect_eq "successful creates" 100 "$(cat /tmp/ok.* | grep -c '^create' || true)"
expect_eq "successful removes" 40 "$(cat /tmp/ok.* | grep -c '^remove' || true)"
want=$(for w in va vn la ln; do for ((j = 1; j <= 25; j++)); do
	((j % 5 == 0 || j % 5 == 2)) || echo "$w-$j"
done; done | sort)
expect_eq "LVs as vgtool reads them" "$want" "$(names "$VGTOOL" lvs --noheadings -o lv_name vg0)"
expect_eq "LVs as lvm2 reads them" "$want" "$(names lvm_ref lvs --noheadings -o lv_name vg0)"
expect_eq "seqno: vgcreate + 140 commits" 141 "$(seqno vg0)"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0
expect_eq "the active ones, in the kernel" \
	"$(for w in va la; do for ((j = 1; j <= 25; j++)); do
		((j % 5 == 0 || j % 5 == 2)) || echo "vg0-$w--$j"
	done; done | sort)" "$(dmsetup ls | awk '{print $1}' | sort)"
[[ -z $(ls /run/lock/lvm) ]] || fail "lock files left behind: $(ls /run/lock/lvm)"

step "P_global: pvcreate, vgextend and vgreduce racing between the tools"
before=$(seqno vg0)
"$VGTOOL" pvcreate -q ${DISK[1]} >/tmp/pv1.out 2>&1 &
lvm pvcreate -q ${DISK[2]} >/tmp/pv2.out 2>&1 &
"$VGTOOL" pvcreate -q ${DISK[3]} >/tmp/pv3.out 2>&1 &
lvm pvcreate -q ${DISK[4]} >/tmp/pv4.out 2>&1 &
wait
cat /tmp/pv?.out >&2
"$VGTOOL" vgextend vg0 ${DISK[1]} >/dev/null &
lvm vgextend vg0 ${DISK[2]} >/dev/null &
"$VGTOOL" vgextend vg0 ${DISK[3]} >/dev/null &
lvm vgextend vg0 ${DISK[4]} >/dev/null &
wait
expect_eq "five PVs in vg0 (vgtool)" 5 "$("$VGTOOL" vgs --noheadings -o pv_count vg0 | tr -d ' ')"
expect_eq "five PVs in vg0 (lvm2)" 5 "$(lvm_ref vgs --noheadings -o pv_count vg0 | tr -d ' ')"
"$VGTOOL" vgreduce vg0 ${DISK[3]} >/dev/null &
lvm vgreduce vg0 ${DISK[2]} >/dev/null &
wait
expect_eq "three PVs left" "${DISK[0]} ${DISK[1]} ${DISK[4]}" \
	"$(lvm_ref pvs --noheadings -o pv_name -S vg_name=vg0 | tr -d ' ' | sort | xargs)"
expect_eq "seqno: 4 extends and 2 reduces more" $((before + 6)) "$(seqno vg0)"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0

step "the watchdog grows a COW while lvm2 extends another LV"
"$VGTOOL" lvcreate -L 32M -n base vg0 >/dev/null
"$VGTOOL" lvcreate -s -L 8M -n snap vg0/base >/dev/null
lvm lvcreate -an -Zn -L 4M -n other vg0 >/dev/null
dd if=/dev/urandom of=/dev/vg0/base bs=1M count=7 oflag=direct 2>/dev/null
before=$(seqno vg0)
cow_before=$("$VGTOOL" lvs --noheadings --units m --nosuffix -o lv_size vg0/snap | tr -d ' ')
(for i in 1 2 3 4 5 6 7 8 9 10; do lvm lvextend -q -L +1M vg0/other >/dev/null || echo fail; done >/tmp/ext.out) &
"$VGTOOL" monitor --once --config 'activation { snapshot_autoextend_threshold = 50 snapshot_autoextend_percent = 50 }' \
	>/tmp/monitor.out 2>&1 || { cat /tmp/monitor.out >&2; fail "monitor failed"; }
wait
[[ ! -s /tmp/ext.out ]] || fail "an lvm2 lvextend failed"
expect_eq "other grew by 10 MiB" 14.00 "$(lvm_ref lvs --noheadings --units m --nosuffix -o lv_size vg0/other | tr -d ' ')"
cow_after=$("$VGTOOL" lvs --noheadings --units m --nosuffix -o lv_size vg0/snap | tr -d ' ')
[[ ${cow_after%.*} -gt ${cow_before%.*} ]] || fail "the COW did not grow ($cow_before -> $cow_after): $(cat /tmp/monitor.out)"
expect_eq "seqno: 10 lvextends and one COW growth" $((before + 11)) "$(seqno vg0)"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0

step "a lock held with flock(1) on V_vg0: vgtool waits for it"
before=$(seqno vg0)
exec 9>/run/lock/lvm/V_vg0
flock -x 9
"$VGTOOL" lvcreate -an -Zn -L 1M -n waited vg0 9>&- >/tmp/waited.out 2>&1 &
pid=$!
wait_flock_waiter $pid
expect_eq "nothing written while the lock is held" "$before" "$(seqno_unlocked vg0)"
exec 9>&-
wait $pid || fail "lvcreate failed after the lock was released: $(cat /tmp/waited.out)"
expect_eq "then written" $((before + 1)) "$(seqno vg0)"

step "... and with global/wait_for_locks = 0 fails in one line, exit 5, nothing written"
before=$(seqno vg0)
exec 9>/run/lock/lvm/V_vg0
flock -x 9
rc=0
"$VGTOOL" lvcreate -an -Zn -L 1M -n nowait --config 'global { wait_for_locks = 0 }' vg0 9>&- \
	>/tmp/nowait.out 2>/tmp/nowait.err || rc=$?
exec 9>&-
expect_eq "exit status" 5 "$rc"
expect_eq "one line" 1 "$(wc -l </tmp/nowait.err)"
grep -q 'wait_for_locks' /tmp/nowait.err || fail "the line does not name the setting: $(cat /tmp/nowait.err)"
expect_eq "nothing written" "$before" "$(seqno vg0)"

step "the same setting in lvm.conf is honoured"
cp "$LVM_SYSTEM_DIR/lvm.conf" /tmp/lvm.conf.saved
printf 'global {\n wait_for_locks = 0\n}\n' >>"$LVM_SYSTEM_DIR/lvm.conf"
exec 9>/run/lock/lvm/V_vg0
flock -x 9
expect_rc 5 "$VGTOOL" lvcreate -an -Zn -L 1M -n nowait2 vg0 9>&- 2>/dev/null
exec 9>&-
cp /tmp/lvm.conf.saved "$LVM_SYSTEM_DIR/lvm.conf"

step "hints: lvm2 sees each vgtool change of PVs and VG names at once"
lvm_ref pvs >/dev/null # writes /run/lvm/hints
grep -q '^scan:' /run/lvm/hints || fail "lvm2 wrote no hints: $(cat /run/lvm/hints)"
# the control: a PV made without touching the hints stays unseen by lvm2
lvm pvcreate -q --config 'devices { hints = "none" }' ${DISK[5]} >/dev/null
lvm_ref pvs --noheadings -o pv_name | grep -qw "${DISK[5]}" &&
	fail "lvm2 saw a PV made behind its hints: this sandbox cannot test them"
lvm_ref pvscan --cache >/dev/null # hints rebuilt with it
lvm_ref pvs >/dev/null
"$VGTOOL" pvcreate -q ${DISK[6]}
lvm_ref pvs --noheadings -o pv_name | grep -qw "${DISK[6]}" || fail "pvcreate: lvm2 does not see ${DISK[6]}"
lvm_ref pvs >/dev/null
"$VGTOOL" vgcreate -q vgb ${DISK[7]} >/dev/null
lvm_ref vgs --noheadings -o vg_name | grep -qw vgb || fail "vgcreate: lvm2 does not see vgb"
lvm_ref pvs >/dev/null
"$VGTOOL" vgextend -q vgb ${DISK[6]} >/dev/null
expect_eq "vgextend: lvm2's count" 2 "$(lvm_ref vgs --noheadings -o pv_count vgb | tr -d ' ')"
lvm_ref pvs >/dev/null
"$VGTOOL" vgreduce -q vgb ${DISK[6]} >/dev/null
expect_eq "vgreduce: lvm2's count" 1 "$(lvm_ref vgs --noheadings -o pv_count vgb | tr -d ' ')"
lvm_ref pvs >/dev/null
"$VGTOOL" vgrename -q vgb vgc >/dev/null
expect_eq "vgrename: lvm2's names" "vg0 vgc" "$(lvm_ref vgs --noheadings -o vg_name | xargs)"
lvm_ref pvs >/dev/null
"$VGTOOL" vgcfgbackup -q -f /tmp/vgc.backup vgc >/dev/null
"$VGTOOL" vgremove -q vgc >/dev/null
expect_eq "vgremove: lvm2's names" "vg0" "$(lvm_ref vgs --noheadings -o vg_name | xargs)"
lvm_ref pvs >/dev/null
"$VGTOOL" vgcfgrestore -q -f /tmp/vgc.backup vgc >/dev/null
expect_eq "vgcfgrestore: lvm2's names" "vg0 vgc" "$(lvm_ref vgs --noheadings -o vg_name | xargs)"
lvm_ref pvs >/dev/null
"$VGTOOL" pvremove -q ${DISK[6]} >/dev/null
lvm_ref pvs --noheadings -o pv_name | grep -qw "${DISK[6]}" && fail "pvremove: lvm2 still sees ${DISK[6]}"
[[ -z $(ls /run/lock/lvm) ]] || fail "lock files left behind: $(ls /run/lock/lvm)"

step "and vgtool sees what lvm2 just did"
lvm pvcreate -q ${DISK[6]} >/dev/null
"$VGTOOL" pvs --noheadings -o pv_name | grep -qw "${DISK[6]}" || fail "vgtool does not see lvm2's pvcreate"
lvm vgcreate -q vgd ${DISK[6]} >/dev/null
"$VGTOOL" vgs --noheadings -o vg_name | grep -qw vgd || fail "vgtool does not see lvm2's vgcreate"
lvm vgrename -q vgd vge >/dev/null
expect_eq "vgtool's names after lvm2's vgrename" "vg0 vgc vge" "$("$VGTOOL" vgs --noheadings -o vg_name | xargs)"

step "a devices file in use by lvm2: vgtool refuses in one line"
mkdir -p "$LVM_SYSTEM_DIR/devices"
: >"$LVM_SYSTEM_DIR/devices/system.devices"
printf 'devices {\n use_devicesfile = 1\n}\n' >>"$LVM_SYSTEM_DIR/lvm.conf"
rc=0
"$VGTOOL" vgs >/tmp/df.out 2>/tmp/df.err || rc=$?
expect_eq "exit status" 5 "$rc"
expect_eq "one line" 1 "$(wc -l </tmp/df.err)"
grep -q 'use_devicesfile' /tmp/df.err || fail "the line does not name the setting: $(cat /tmp/df.err)"
rm "$LVM_SYSTEM_DIR/devices/system.devices"
"$VGTOOL" vgs >/dev/null || fail "without the file, vgtool runs"
cp /tmp/lvm.conf.saved "$LVM_SYSTEM_DIR/lvm.conf"
