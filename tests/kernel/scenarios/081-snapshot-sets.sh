# Snapshot sets (vgtool snapset): one crash-consistent snapshot of several
# origins.  A writer (tests/tools/seqwrite) numbers its writes and sends
# them in turn to 2, then 4 origins, each only once the one before it
# completed; a set taken while it runs must hold every write up to some
# point and none after it, on every origin.  The same writer under
# lvm2's one-by-one snapshots must show the opposite, or the check proves
# nothing.  Then the suspension window for 2, 4 and 8 origins (-vvv);
# every device-mapper step of a set's creation failed (old tables back,
# old metadata) and crashed after (the next activation makes the whole
# set), and crashes between the metadata writes (the whole set or none);
# lvm2 reading, activating and removing a set (lvremove @snapset_NAME);
# the merge of a set (checksums, one origin open, one member invalid:
# all refused); the watchdog growing a member; a set of two mounted ext4
# filesystems under writers (clean snapshots, merged at the next
# activation); refusals.
# disks: 2
# disk-size: 512M
# modules: ext4
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"
need_test_hooks

SEQ=$SRCDIR/build/tests/tools/seqwrite
[[ -x $SEQ ]] || fail "no $SEQ: make test-helpers"
export DM_DISABLE_UDEV=1

step "setup: VG vs over two disks, origins o0..o7 (16 MiB each)"
"$VGTOOL" vgcreate vs "${DISK[0]}" "${DISK[1]}" >/dev/null
for i in 0 1 2 3 4 5 6 7; do
	"$VGTOOL" lvcreate -L 16M -n "o$i" vs >/dev/null
done

# run_writer ORIGIN...: start the writer on them; stop_writer waits for it
run_writer() {
	local o
	# (numbers from an earlier run would count as this one's)
	for o; do
		dd if=/dev/zero of="/dev/mapper/vs-$o" bs=1M count=16 oflag=direct status=none
	done
	rm -f "$OUT/stop"
	"$SEQ" write "$OUT/stop" "${@/#//dev/mapper/vs-}" >"$OUT/writes" &
	writer=$!
	sleep 0.5 # (under way before the snapshots)
}
stop_writer() {
	sleep 0.5 # (and going on after them)
	touch "$OUT/stop"
	wait "$writer" || fail "the writer failed"
}
# check_set NAME ORIGIN...: the snapshots of the origins in set NAME
check_set() {
	local set=$1 o devs=()
	shift
	for o; do devs+=("/dev/mapper/vs-${o}_$set"); done
	"$SEQ" check "${devs[@]}"
}

for n in 2 4; do
	origins=()
	for ((i = 0; i < n; i++)); do origins+=("o$i"); done
	step "a set of $n origins under the ordered writer"
	run_writer "${origins[@]}"
	"$VGTOOL" snapset create -l 100%ORIGIN "c$n" "${origins[@]/#/vs/}" >"$OUT/create.c$n"
	stop_writer
	res=$(check_set "c$n" "${origins[@]}") || fail "set of $n origins: $res"
	echo "set of $n origins: $res, $(cat "$OUT/writes") writes in all"
	# the snapshot was taken in the middle: writes before and after it
	top=${res##* at }
	((top > n)) || fail "set of $n: only $top writes before the snapshot"
	(($(cat "$OUT/writes") > top + n)) || fail "set of $n: no write after the snapshot"

	step "the same writer, $n snapshots one after another by lvm2"
	run_writer "${origins[@]}"
	for o in "${origins[@]}"; do
		lvm_ref lvcreate -s -l 100%ORIGIN -n "${o}_lv$n" "vs/$o" >/dev/null
	done
	stop_writer
	rc=0
	res=$(check_set "lv$n" "${origins[@]}") || rc=$?
	echo "one by one, $n origins: $res"
	expect_eq "the check of one-by-one snapshots" 1 "$rc"
	"$VGTOOL" snapset remove -f "c$n" >/dev/null
	for o in "${origins[@]}"; do lvm_ref lvremove -f "vs/${o}_lv$n" >/dev/null; done
done

step "suspension window for 2, 4 and 8 origins (-vvv)"
for n in 2 4 8; do
	origins=()
	for ((i = 0; i < n; i++)); do origins+=("vs/o$i"); done
	"$VGTOOL" snapset create -vvv -L 4M "w$n" "${origins[@]}" >/dev/null 2>"$OUT/window.$n"
	line=$(grep 'longest suspension' "$OUT/window.$n") || fail "no suspension line for $n origins"
	echo "$n origins: ${line#*dm: }"
	# every origin suspended before any resumed: one window over all
	ops=$(grep -Eo '^ *dm (suspend|resume) vs-o[0-9]+:' "$OUT/window.$n" | awk '{ print $2 }' | uniq -c | xargs)
	expect_eq "suspends and resumes of the set of $n" "$n suspend $n resume" "$ops"
	"$VGTOOL" snapset remove -f "w$n" >/dev/null
done

# What a set's creation leaves: the VG's tables (by name), its LVs with
# their tags, and what vgck says.
state() {
	dm_table_named | grep '^vs-' || true
	echo "--"
	"$VGTOOL" lvs -a --noheadings -o lv_name,lv_tags,origin vs
	"$VGTOOL" vgck vs 2>&1
}
seqno() { "$VGTOOL" vgs --noheadings -o seqno vs | tr -d ' '; }
state >"$OUT/none"
for set in f k w; do
	"$VGTOOL" snapset create -L 4M "$set" vs/o0 vs/o1 >/dev/null
	state >"$OUT/whole.$set"
	"$VGTOOL" snapset remove -f "$set" >/dev/null
done
# the plan's operations, in order, from test mode
"$VGTOOL" snapset create -t -L 4M f vs/o0 vs/o1 2>&1 |
	awk '$1 ~ /^(create|load|suspend|resume|remove|rename|clear)$/ { print $1 }' >"$OUT/ops"
mapfile -t ops <"$OUT/ops"
expect_eq "the plan of a set of two origins" \
	"create create create load create create create load suspend suspend resume resume" "${ops[*]}"

step "each of the ${#ops[@]} operations refused by the kernel: old tables, old metadata"
for ((n = 1; n <= ${#ops[@]}; n++)); do
	rc=0
	VGTOOL_TEST_FAIL_DM_OP=$n "$VGTOOL_TEST" snapset create -L 4M f vs/o0 vs/o1 \
		>"$OUT/fail.$n" 2>&1 || rc=$?
	((rc == 5)) || fail "a failure at op $n (${ops[n - 1]}): exit $rc: $(cat "$OUT/fail.$n")"
	# up to the resumes, the plan is undone at once; a failed resume
	# leaves the next activation to finish (towards the old metadata)
	[[ ${ops[n - 1]} != resume ]] || "$VGTOOL" vgchange -ay vs >/dev/null
	state >"$OUT/after-fail.$n"
	expect_file_eq "after a failure at op $n (${ops[n - 1]})" "$OUT/none" "$OUT/after-fail.$n"
done

step "a crash after each operation: the next activation makes the whole set"
for ((n = 1; n < ${#ops[@]}; n++)); do
	rc=0
	VGTOOL_TEST_CRASH_AFTER_DM_OP=$n "$VGTOOL_TEST" snapset create -L 4M k vs/o0 vs/o1 \
		>"$OUT/crash.$n" 2>&1 || rc=$?
	((rc == 99)) || fail "a crash after op $n: exit $rc: $(cat "$OUT/crash.$n")"
	"$VGTOOL" vgchange -ay vs >"$OUT/repair.$n" 2>&1 || fail "repair after op $n: $(cat "$OUT/repair.$n")"
	state >"$OUT/after-crash.$n"
	expect_file_eq "after a crash after op $n (${ops[n - 1]})" "$OUT/whole.k" "$OUT/after-crash.$n"
	"$VGTOOL" snapset remove -f k >/dev/null
done

step "a crash after each disk write: the whole set or none of it"
declare -A seen=()
for ((n = 1; ; n++)); do
	rc=0
	VGTOOL_TEST_CRASH_AFTER_WRITE=$n "$VGTOOL_TEST" snapset create -L 4M w vs/o0 vs/o1 \
		>"$OUT/wcrash.$n" 2>&1 || rc=$?
	((rc == 0)) && break
	((rc == 99)) || fail "a crash after write $n: exit $rc: $(cat "$OUT/wcrash.$n")"
	# between the two PVs' metadata writes: the newer one is read (it
	# has the set), and vgck --updatemetadata writes it to both, as lvm2's
	if ! "$VGTOOL" vgck vs >/dev/null 2>&1; then
		"$VGTOOL" vgck --updatemetadata vs >/dev/null 2>&1 || fail "vgck --updatemetadata after write $n"
		seen[mended]+=" $n"
	fi
	"$VGTOOL" vgchange -ay vs >"$OUT/wrepair.$n" 2>&1 || fail "repair after write $n: $(cat "$OUT/wrepair.$n")"
	state >"$OUT/after-wcrash.$n"
	if cmp -s "$OUT/none" "$OUT/after-wcrash.$n"; then
		seen[none]+=" $n"
	elif cmp -s "$OUT/whole.w" "$OUT/after-wcrash.$n"; then
		seen[whole]+=" $n"
		"$VGTOOL" snapset remove -f w >/dev/null
	else
		diff -u "$OUT/none" "$OUT/after-wcrash.$n" >&2 || true
		fail "a crash after write $n left neither no set nor the whole set"
	fi
done
echo "crashes after writes: none of the set after${seen[none]:- (none)}; all of it after${seen[whole]:- (none)} (two PVs' metadata mended after${seen[mended]:- (none)})"
[[ -n ${seen[none]:-} && -n ${seen[whole]:-} ]] || fail "the crashes never fell on both sides of the commit"
"$VGTOOL" snapset remove -f w >/dev/null

step "lvm2 reads a set, activates it with the same tables, removes it by its tag"
"$VGTOOL" snapset create -L 8M l vs/o0 vs/o1 vs/o2 >/dev/null
dm_table_named | grep '^vs-' >"$OUT/tables.vgtool"
expect_eq "lvm2's view of the set" \
	"o0_l snapset_l o0|o1_l snapset_l o1|o2_l snapset_l o2" \
	"$(lvm_ref lvs --noheadings -o lv_name,lv_tags,origin -S 'lv_tags=snapset_l' vs | xargs -n3 | paste -sd'|')"
"$VGTOOL" vgchange -an vs >/dev/null
lvm_ref vgchange -ay vs >/dev/null
dm_table_named | grep '^vs-' >"$OUT/tables.lvm2"
expect_file_eq "the set's tables, activated by lvm2" "$OUT/tables.vgtool" "$OUT/tables.lvm2"
lvm_ref lvremove -f @snapset_l >"$OUT/lvm2-remove" 2>&1 || fail "lvm2's lvremove @snapset_l: $(cat "$OUT/lvm2-remove")"
rc=0
"$VGTOOL" snapset list l 2>/dev/null || rc=$?
expect_eq "exit status of snapset list of the removed set" 5 "$rc"
state >"$OUT/after-lvm2"
expect_file_eq "after lvm2 removed the set" "$OUT/none" "$OUT/after-lvm2"

sum() { dd if="/dev/mapper/vs-$1" bs=1M count=16 iflag=direct status=none | md5sum | cut -d' ' -f1; }
fill() { # MiB ORIGIN...
	local mib=$1 o
	shift
	for o; do dd if=/dev/urandom of="/dev/mapper/vs-$o" bs=1M count="$mib" oflag=direct status=none; done
}

step "merge of a set: every origin back to the set's data"
declare -A want=()
fill 16 o0 o1 o2
for o in o0 o1 o2; do want[$o]=$(sum $o); done
"$VGTOOL" snapset create -l 100%ORIGIN m vs/o0 vs/o1 vs/o2 >/dev/null
fill 8 o0 o1 o2
"$VGTOOL" snapset merge --interval 1 m >"$OUT/merge.m" || fail "snapset merge m: $(cat "$OUT/merge.m")"
for o in o0 o1 o2; do expect_eq "$o after the merge" "${want[$o]}" "$(sum $o)"; done
expect_eq "LVs after the merge" "o0 o1 o2 o3 o4 o5 o6 o7" "$("$VGTOOL" lvs --noheadings -o lv_name vs | xargs)"

step "lvconvert --merge @snapset_NAME with one origin open: that one waits for its activation"
for o in o0 o1; do want[$o]=$(sum $o); done
"$VGTOOL" snapset create -l 100%ORIGIN d vs/o0 vs/o1 >/dev/null
fill 8 o0 o1
exec 3</dev/mapper/vs-o0
"$VGTOOL" lvconvert --merge --interval 1 @snapset_d >"$OUT/merge.d" 2>&1 || fail "lvconvert --merge @snapset_d: $(cat "$OUT/merge.d")"
grep -q "Delaying merge since origin is open" "$OUT/merge.d" || fail "o0's merge was not delayed: $(cat "$OUT/merge.d")"
expect_eq "o1 after its merge" "${want[o1]}" "$(sum o1)"
exec 3<&-
"$VGTOOL" lvchange --refresh vs/o0 >/dev/null
for ((i = 0; i < 100; i++)); do
	"$VGTOOL" monitor --once >/dev/null 2>&1 || true
	"$VGTOOL" lvs -a --noheadings -o lv_name vs | grep -q o0_d || break
	sleep 0.2
done
expect_eq "o0 after its delayed merge" "${want[o0]}" "$(sum o0)"

step "a set with an invalid member: the merge refused for all"
"$VGTOOL" snapset create -L 4M v vs/o0 vs/o1 >/dev/null
fill 16 o1 # (more than its 4 MiB COW: the kernel drops it)
before=$(seqno)
expect_rc 5 "$VGTOOL" snapset merge v
expect_eq "seqno after a refused merge" "$before" "$(seqno)"
expect_eq "merging members" "" "$("$VGTOOL" lvs --noheadings -o lv_name -S 'lv_merging=1' vs | xargs)"
"$VGTOOL" snapset remove -f v >/dev/null

step "the watchdog grows a member as any snapshot"
"$VGTOOL" snapset create -L 4M g vs/o0 vs/o1 >/dev/null
fill 3 o0
"$VGTOOL" monitor --once --config 'activation{snapshot_autoextend_threshold=60 snapshot_autoextend_percent=50}' >"$OUT/monitor" 2>&1 ||
	fail "monitor: $(cat "$OUT/monitor")"
sizes=$("$VGTOOL" lvs --noheadings -o lv_name,lv_size -S 'lv_tags=snapset_g' vs | xargs -n2 | paste -sd'|')
[[ $sizes == "o0_g "*"|o1_g 4.00m" && $sizes != "o0_g 4.00m|"* ]] ||
	fail "the watchdog should have grown o0_g only: $sizes ($(cat "$OUT/monitor"))"
"$VGTOOL" snapset list g >"$OUT/list.g"
grep -Eq '^  g +vs .* o1_g +o1 +4.00m +0.00$' "$OUT/list.g" || fail "snapset list g: $(cat "$OUT/list.g")"
"$VGTOOL" snapset remove -f vs/g >/dev/null

step "mounted ext4 on two origins under writers: the set's filesystems are clean (frozen by the suspend)"
mkdir -p /tmp/m0 /tmp/m1
for i in 0 1; do
	mkfs.ext4 -q -F "/dev/mapper/vs-o$i"
	mount "/dev/mapper/vs-o$i" "/tmp/m$i"
done
for i in 0 1; do
	(
		n=0
		while [[ ! -e $OUT/stop-fs ]]; do
			n=$((n + 1))
			head -c 65536 /dev/urandom >"/tmp/m$i/f$((n % 40))"
			((n % 8)) || rm -f "/tmp/m$i/f$(((n + 20) % 40))"
		done
	) &
	fswriter[i]=$!
done
sleep 1
"$VGTOOL" snapset create -L 8M fs vs/o0 vs/o1 >/dev/null
sleep 1
touch "$OUT/stop-fs"
wait "${fswriter[@]}"
for i in 0 1; do
	e2fsck -fn "/dev/mapper/vs-o${i}_fs" >"$OUT/fsck.$i" 2>&1 ||
		fail "the snapshot of mounted o$i is not clean: $(tail -n 5 "$OUT/fsck.$i")"
done
# the merge of mounted origins waits for their next activation
"$VGTOOL" snapset merge fs >"$OUT/merge.fs"
expect_eq "merges put off" 2 "$(grep -c 'Delaying merge since origin is open' "$OUT/merge.fs")"
umount /tmp/m0 /tmp/m1
"$VGTOOL" vgchange -an vs >/dev/null
"$VGTOOL" vgchange -ay --poll n vs >/dev/null
for ((i = 0; i < 100; i++)); do
	"$VGTOOL" monitor --once >/dev/null 2>&1 || true
	[[ -z $("$VGTOOL" lvs -a --noheadings -o lv_name -S 'lv_name=~_fs' vs) ]] && break
	sleep 0.2
done
for i in 0 1; do
	e2fsck -fn "/dev/mapper/vs-o$i" >"$OUT/fsck-merged.$i" 2>&1 ||
		fail "o$i after the merge of its mounted snapshot: $(tail -n 5 "$OUT/fsck-merged.$i")"
done

step "refusals: one line on stderr, exit 3 or 5, nothing changed"
"$VGTOOL" snapset create -L 4M r vs/o0 >/dev/null
# room for one more 4 MiB COW, not two
free=$("$VGTOOL" vgs --noheadings -o vg_free_count vs | tr -d ' ')
"$VGTOOL" lvcreate -an -Zn -l $((free - 1)) -n filler vs >/dev/null 2>&1
state >"$OUT/before-refusals"
before=$(seqno)
refuse() { # STATUS ARGS...
	local want=$1 rc=0
	shift
	"$VGTOOL" snapset "$@" >"$OUT/refused.out" 2>"$OUT/refused.err" || rc=$?
	((rc == want)) || fail "snapset $*: exit $rc, expected $want: $(cat "$OUT/refused.err")"
	expect_eq "stderr lines of snapset $*" 1 "$(wc -l <"$OUT/refused.err")"
}
refuse 3 create -L 4M x vs/o0 other/o1   # origins in two VGs
refuse 3 create -L 4M x vs/o0 vs/o0      # one origin twice
refuse 3 create -L 4M -x vs/o0           # (an option) 
refuse 3 create -L 4M 'x/y' vs/o0
refuse 3 create -L 4M 'x:y' vs/o0
refuse 3 create -L 4M mlog vs/o0         # o0_mlog: a name lvm2 keeps for itself
refuse 3 create x vs/o0                  # no size
refuse 3 create -L 4M x                  # no origin
refuse 5 create -L 4M r vs/o1            # the set exists
refuse 5 create -L 4M x vs/nosuch
refuse 5 create -L 4M x vs/o0_r          # a snapshot of a snapshot
refuse 5 create -L 4M x vs/o1 vs/nosuch  # one bad origin: no set
refuse 5 create -L 4M x vs/o1 vs/o2      # no room for the second
refuse 5 list nosuch
refuse 5 remove nosuch
refuse 5 merge vs/nosuch
refuse 5 remove r                        # active: -f or -y wanted
refuse 3 frobnicate
refuse 3 list -L 4M
refuse 3 remove -c 8k r
exec 3</dev/mapper/vs-o0_r
refuse 5 remove -f r                     # in use
exec 3<&-
state >"$OUT/after-refusals"
expect_file_eq "after the refusals" "$OUT/before-refusals" "$OUT/after-refusals"
expect_eq "seqno after the refusals" "$before" "$(seqno)"
echo "PASS"
