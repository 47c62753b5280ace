# The COW watchdog under write load.  A 16 MiB snapshot of a 128 MiB
# origin and a writer that would fill it in 4 s (96 MiB written at most
# 4 MiB/s: a bound, so that the test measures the watchdog and not how fast
# a loaded host lets dd run against a process start), with
# `vgtool monitor --interval 1` running: the snapshot is never invalidated
# (the VG has room), and at the end it still reads exactly the data the
# origin had when it was taken.  Then the same kind of load with
# `vgtool monitor --once` called at fixed times: the rate rule grows the
# COW while its use is still below the threshold, where lvm2's rule
# (`lvextend --use-policies`, same settings, same moments, a twin
# snapshot) does nothing yet.  No syslog runs here: the extensions are
# logged on stderr.
# disks: 2
# disk-size: 1G
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

sum() { md5sum <"$1" | cut -d' ' -f1; }

"$VGTOOL" vgcreate -q vg0 ${DISK[0]}
"$VGTOOL" lvcreate -q -L 128M -n origin vg0
dd if=/dev/urandom of=/dev/mapper/vg0-origin bs=1M count=128 oflag=direct status=none
before=$(sum /dev/mapper/vg0-origin)
head -c 1M /dev/urandom >/tmp/blk
printf 'activation {\n snapshot_autoextend_threshold = 60\n snapshot_autoextend_percent = 20\n}\n' \
	>"$VGTOOL_SYSTEM_DIR/vgtool.conf"

step "monitor --interval 1 against a writer filling 16 MiB in 4 seconds"
"$VGTOOL" lvcreate -q -s -L 16M -n snap vg0/origin
"$VGTOOL" monitor --interval 1 >"$OUT/monitor.out" 2>"$OUT/monitor.err" &
mon=$!
sleep 1.5 # a first reading before the writes start
t0=$EPOCHREALTIME
for i in $(seq 0 95); do
	dd if=/tmp/blk of=/dev/mapper/vg0-origin bs=1M count=1 seek=$i oflag=direct status=none
	if ((i == 15)); then
		t16=$EPOCHREALTIME
	fi
	sleep 0.25 # at most 4 MiB/s, however late the loop runs
done
echo "writer: 16 MiB in $(((${t16/./} - ${t0/./}) / 1000)) ms, 96 MiB in $(((${EPOCHREALTIME/./} - ${t0/./}) / 1000)) ms"
sleep 2
kill -TERM $mon
rc=0
wait $mon || rc=$?
status=$(dmsetup status vg0-snap)
echo "status: $status"
[[ $status != *Invalid* && $status != *Overflow* ]] || fail "the snapshot was invalidated: $status"
expect_eq "monitor exit status" 0 "$rc"
n=$(grep -c "COW extended from" "$OUT/monitor.err" || true)
((n >= 3)) || fail "expected several extensions logged on stderr, got $n: $(cat "$OUT/monitor.err")"
echo "extensions: $n; last: $(grep "COW extended" "$OUT/monitor.err" | tail -1)"
expect_eq "snapshot keeps the data of before" "$before" "$(sum /dev/mapper/vg0-snap)"
expect_eq "origin has the new data" \
	"$(for i in $(seq 96); do cat /tmp/blk; done | md5sum | cut -d' ' -f1)" \
	"$(head -c 96M /dev/mapper/vg0-origin | md5sum | cut -d' ' -f1)"
"$VGTOOL" lvs vg0
"$VGTOOL" lvremove -q -f vg0/snap

step "--once at fixed times: the rate rule acts below the threshold"
printf 'activation {\n snapshot_autoextend_threshold = 70\n snapshot_autoextend_percent = 20\n}\n' \
	>"$VGTOOL_SYSTEM_DIR/vgtool.conf"
"$VGTOOL" vgcreate -q vg1 ${DISK[1]}
"$VGTOOL" lvcreate -q -L 64M -n twin vg1
"$VGTOOL" lvcreate -q -s -L 16M -n rated vg0/origin
"$VGTOOL" lvcreate -q -s -L 16M -n plain vg1/twin
rm -f /run/vgtool/monitor.state
first_rated= first_plain=
start=${EPOCHREALTIME/./}
# Checks on a fixed beat of 3 s, as a timer would run them, each after
# 1.5 MiB more was written into each origin (9.4% of the COW per beat).
# The writes go in step with the beat rather than from a background
# writer: on a loaded host such a writer ran at half its rate and in
# bursts, and a burst between two checks could carry the use past the
# threshold before any rate was measured.  In step, each check sees the
# same growth: the rate rule must act at the first check where one more
# beat would pass 70% (at about 66% use), lvm2's rule only above 70%.
for ((t = 1; t <= 12; t++)); do
	wait_us=$((start + (t - 1) * 3000000 - ${EPOCHREALTIME/./}))
	((wait_us <= 0)) || sleep "$((wait_us / 1000000)).$(printf %06d $((wait_us % 1000000)))"
	for ((k = 0; k < 6; k++)); do
		seek=$(((t - 1) * 6 + k))
		dd if=/tmp/blk of=/dev/mapper/vg0-origin bs=256k count=1 seek=$seek oflag=direct status=none
		dd if=/tmp/blk of=/dev/mapper/vg1-twin bs=256k count=1 seek=$seek oflag=direct status=none
	done
	"$VGTOOL" monitor --once --interval 3 vg0 >"$OUT/once.$t" 2>&1 || true
	line=$(grep ' rated ' "$OUT/once.$t" || true)
	use=$(dmsetup status vg1-plain | awk '{print $4}')
	"$VGTOOL" lvextend --use-policies vg1/plain >"$OUT/plain.$t" 2>&1 || true
	echo "t=$t rated: [$line] plain ($use): $(grep -o 'changed.*' "$OUT/plain.$t" || echo -)"
	[[ -n $first_rated || $line != *extended* ]] || first_rated=$line
	[[ -n $first_plain ]] || ! grep -q changed "$OUT/plain.$t" || first_plain="$t $use"
	[[ -z $first_rated || -z $first_plain ]] || break
done
[[ -n $first_rated ]] || fail "the monitor never extended the COW"
[[ $first_rated == *"would pass 70% within 3s"* ]] || fail "first extension not by the rate rule: $first_rated"
pct=$(awk '{print $4}' <<<"$first_rated")
awk -v p="$pct" 'BEGIN { exit !(p < 70) }' || fail "rate rule acted at $pct%, not below 70%"
echo "rate rule first acted at $pct% use; lvm2's rule first at: ${first_plain:-never}"
