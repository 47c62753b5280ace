# The COW watchdog fails loudly and recovers: a full (or nearly full) VG
# makes it exit 5
# with the reason logged (to syslog when one listens, else to stderr) and
# the next run works once there is room; an invalid snapshot is reported
# (exit 5) and left exactly as it was; a disabled policy above 95% is an
# alarm; a corrupt state file is no history; --test changes nothing;
# --reportformat json is valid JSON.  The races and refusals are injected
# into the test build ($VGTOOL_TEST); the installed binary, which root runs
# from cron, runs no command named by VGTOOL_TEST_MONITOR_BETWEEN.
# disks: 2
# disk-size: 1G
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

pol() { echo "activation{snapshot_autoextend_threshold=$1 snapshot_autoextend_percent=$2}"; }
seqno() { lvm_ref vgs --noheadings -o seqno "$1" | tr -d ' '; }
mon() { # EXPECTED_STATUS NAME ARGS...: run the monitor, keep its output
	local want=$1 name=$2 rc=0
	shift 2
	"${MON_VGTOOL:-$VGTOOL}" monitor "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
	sed "s/^/[$name] /" "$OUT/$name.out" "$OUT/$name.err"
	((rc == want)) || fail "monitor ($name) exited with $rc, expected $want"
}

"$VGTOOL" vgcreate -q vg0 ${DISK[0]}
"$VGTOOL" lvcreate -q -L 64M -n origin vg0
free=$(lvm_ref vgs --noheadings -o vg_free_count vg0 | tr -d ' ')
"$VGTOOL" lvcreate -q -s -L 8M -n snap vg0/origin
"$VGTOOL" lvcreate -q -an -Zn -l $((free - 2)) -n filler vg0
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=7 oflag=direct status=none

step "a full VG: exit 5, the reason on stderr (no syslog here)"
[[ ! -e /dev/log ]] || fail "/dev/log exists: this step wants no syslog"
mon 5 full1 --config "$(pol 70 20)"
grep -q "vg0/snap: needs .* but volume group vg0 has only 0 free extents" "$OUT/full1.err" ||
	fail "no reason on stderr"
grep -q " snap .*vg-full" "$OUT/full1.out" || fail "the report does not say vg-full"
step "the next run works: still full, same answer; with room, it extends"
mon 5 full2 --config "$(pol 70 20)"
"$VGTOOL" lvremove -q -f vg0/filler
mon 0 room --config "$(pol 70 20)"
grep -q "vg0/snap: COW extended from 8.00 MiB to" "$OUT/room.err" || fail "extension not logged"
grep -q " snap .*extended" "$OUT/room.out" || fail "the report does not say extended"

step "with a syslog daemon the events go there, tagged with the snapshot"
busybox syslogd -n -O /tmp/messages &
syslogd=$!
for i in $(seq 50); do [[ -S /dev/log ]] && break; sleep 0.1; done
[[ -S /dev/log ]] || fail "busybox syslogd did not create /dev/log"
# one extent left: the COW grows by that much, and it is still a failure
free=$(lvm_ref vgs --noheadings -o vg_free_count vg0 | tr -d ' ')
"$VGTOOL" lvcreate -q -an -Zn -l $((free - 1)) -n filler vg0
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=3 seek=8 oflag=direct status=none
mon 5 syslog --config "$(pol 50 20)"
grep -q " snap .*extended-partly  *16.00m" "$OUT/syslog.out" || fail "not extended by the last extent"
sleep 0.5
cat /tmp/messages
grep -q "user.notice vgtool-monitor\[[0-9]*\]: vg0/snap: COW extended from 12.00 MiB to 16.00 MiB" \
	/tmp/messages || fail "the extension is not in syslog"
grep -q "user.err vgtool-monitor\[[0-9]*\]: vg0/snap: needs" /tmp/messages ||
	fail "the problem is not in syslog"
kill $syslogd
wait $syslogd || true
rm -f /dev/log
"$VGTOOL" lvremove -q -f vg0/filler

step "an invalid snapshot: reported, exit 5, left as it was"
"$VGTOOL" vgcreate -q vg1 ${DISK[1]}
"$VGTOOL" lvcreate -q -L 16M -n origin vg1
"$VGTOOL" lvcreate -q -s -L 4M -n small vg1/origin
dd if=/dev/urandom of=/dev/mapper/vg1-origin bs=1M count=6 oflag=direct status=none
[[ $(dmsetup status vg1-small) == *Invalid* ]] || fail "small did not become invalid"
seq0=$(seqno vg1)
tables0=$(dm_table_named)
mon 5 invalid --config "$(pol 50 20)" vg1
grep -q "vg1/small: snapshot is invalid" "$OUT/invalid.err" || fail "invalid snapshot not reported"
grep -q " small .*invalid" "$OUT/invalid.out" || fail "the report does not say invalid"
# with the policy off too: the data is lost all the same
mon 5 invalid-off --config "$(pol 100 20)" vg1
grep -q "vg1/small: snapshot is invalid" "$OUT/invalid-off.err" ||
	fail "invalid snapshot not reported with the policy off"
expect_eq "metadata unchanged (seqno)" "$seq0" "$(seqno vg1)"
expect_eq "kernel unchanged" "$tables0" "$(dm_table_named)"
"$VGTOOL" vgremove -q -f vg1

step "policy off and above 95%: an alarm"
"$VGTOOL" lvcreate -q -s -L 4M -n nearly vg0/origin
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=4k count=985 oflag=direct status=none
dmsetup status vg0-nearly
mon 5 alarm --config "$(pol 100 20)" vg0
grep -q "vg0/nearly: COW 9[5-9].*autoextend is off" "$OUT/alarm.err" || fail "no alarm"
"$VGTOOL" lvremove -q -f vg0/nearly

step "a corrupt state file is no history; the run rewrites it"
printf 'vgtool-monitor-state 1\nboot x\n\0\0garbage' >/run/vgtool/monitor.state
mon 0 corrupt --config "$(pol 70 20)"
head -1 /run/vgtool/monitor.state | grep -qx "vgtool-monitor-state 1" || fail "state not rewritten"
grep -q "^$(cat /proc/sys/kernel/random/boot_id)\$" <(sed -n 's/^boot //p' /run/vgtool/monitor.state) ||
	fail "state file has another boot id"

step "--test: nothing written, nothing loaded"
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=4 seek=24 oflag=direct status=none
seq0=$(seqno vg0)
tables0=$(dm_table_named)
cp /run/vgtool/monitor.state /tmp/state0
mon 0 test -t --config "$(pol 50 20)"
expect_eq "seqno after --test" "$seq0" "$(seqno vg0)"
expect_eq "tables after --test" "$tables0" "$(dm_table_named)"
cmp -s /tmp/state0 /run/vgtool/monitor.state || fail "--test changed the state file"

step "--reportformat json"
mon 0 json --reportformat json --config "$(pol 50 20)"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"][0]["snapshot"]; assert r[0]["lv_name"]=="snap", r' \
	"$OUT/json.out" || fail "not the expected JSON: $(cat "$OUT/json.out")"

step "the installed binary runs no command named by its environment"
VGTOOL_TEST_MONITOR_BETWEEN="touch /tmp/hook-ran" mon 0 nohook --config "$(pol 50 20)"
[[ ! -e /tmp/hook-ran ]] || fail "$VGTOOL ran the command in VGTOOL_TEST_MONITOR_BETWEEN"

step "a snapshot removed between the reading and the growth is skipped"
"$VGTOOL" lvcreate -q -s -L 4M -n gone vg0/origin
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=3 seek=40 oflag=direct status=none
VGTOOL_TEST_MONITOR_BETWEEN="$VGTOOL lvremove -q -f vg0/gone" MON_VGTOOL=$VGTOOL_TEST \
	mon 0 removed --config "$(pol 50 20)"
grep -q " gone .*skipped" "$OUT/removed.out" || fail "the removed snapshot is not reported skipped"
[[ ! -s $OUT/removed.err ]] || fail "skipping is no error: $(cat "$OUT/removed.err")"

step "the kernel refuses the growth: exit 5; the next run loads the table"
cowsize() { dmsetup table "vg0-$1-cow" | awk '{ s += $2 } END { print s }'; }
lvsize() { lvm_ref lvs --noheadings --units s --nosuffix -o lv_size "vg0/$1" | tr -d ' '; }
"$VGTOOL" lvcreate -q -s -L 4M -n refused vg0/origin
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=3 seek=44 oflag=direct status=none
VGTOOL_TEST_FAIL_DM_OP=1 MON_VGTOOL=$VGTOOL_TEST mon 5 dmfail --config "$(pol 50 20)"
grep -q " refused .*failed" "$OUT/dmfail.out" || fail "the refused growth is not reported failed"
grep -q "vg0/refused: COW not extended" "$OUT/dmfail.err" || fail "the failure is not logged"
echo "after the refusal: metadata $(lvsize refused) sectors, kernel $(cowsize refused)"
mon 0 catchup --config "$(pol 50 20)"
expect_eq "kernel COW size follows the metadata" "$(lvsize refused)" "$(cowsize refused)"
