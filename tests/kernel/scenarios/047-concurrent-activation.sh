# Activation changes of one VG are serialised on its lock, as lvm2's are:
# two `vgchange -ay` of one VG (an origin with two snapshots and six linear
# LVs) at the same time, then two `-an`, then `lvchange -ay` and `-an` of
# four different LVs at once, ten rounds.  Each command succeeds, and after
# each wave the kernel's tables and the /dev/VG links are exactly what one
# command alone leaves.  Then a command waiting for the VG's lock ends on
# SIGTERM, and on SIGINT unless it ignores it, in one line with exit 5.
# disks: 1
# disk-size: 1G
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

linears=(l1 l2 l3 l4 l5 l6)

step "an origin with two snapshots and six linear LVs"
"$VGTOOL" vgcreate vg0 ${DISK[0]}
"$VGTOOL" lvcreate -L 64M -n base vg0
"$VGTOOL" lvcreate -s -L 8M -n s1 vg0/base
"$VGTOOL" lvcreate -s -L 8M -n s2 vg0/base
for lv in "${linears[@]}"; do "$VGTOOL" lvcreate -L 8M -n "$lv" vg0; done
# what lvcreate left, one command at a time: the reference for every round
all_on=$(dm_table_named)
links_on=$(ls /dev/vg0)
expect_eq "six devices for the stack, six linear" 12 "$(grep -c . <<<"$all_on")"
expect_eq "a link per visible LV" "base l1 l2 l3 l4 l5 l6 s1 s2" "$(echo $links_on)"
"$VGTOOL" vgchange -an vg0

# run_all NAME CMD...: each CMD (one string, split on spaces) in the
# background at once; every one must exit 0 with nothing on stderr.
run_all() {
	local name=$1 i rc
	local -a pids=()
	shift
	for ((i = 1; i <= $#; i++)); do
		# shellcheck disable=SC2086 # the command's words
		"$VGTOOL" ${!i} >"/tmp/$name.$i.out" 2>"/tmp/$name.$i.err" &
		pids+=($!)
	done
	for ((i = 1; i <= $#; i++)); do
		rc=0
		wait "${pids[i - 1]}" || rc=$?
		if ((rc)) || [[ -s /tmp/$name.$i.err ]]; then
			cat "/tmp/$name.$i.err" >&2
			fail "$name: \`vgtool ${!i}\` exited with status $rc (stderr above)"
		fi
	done
}

# lines_of NAME...: the lines of $all_on for these dm devices
lines_of() {
	local name line
	for name; do
		while read -r line; do
			[[ $line != "vg0-$name:"* ]] || echo "$line"
		done <<<"$all_on"
	done | sort
}

# the snapshot s1 brings its origin's whole stack along
some_on=$(lines_of l1 l3 l5 base base-real s1 s1-cow s2 s2-cow)
some_links="base l1 l3 l5 s1 s2"

for ((round = 1; round <= 10; round++)); do
	step "round $round: two vgchange -ay at once"
	run_all "ay$round" "vgchange -ay vg0" "vgchange -ay vg0"
	expect_eq "round $round: tables after two -ay" "$all_on" "$(dm_table_named)"
	expect_eq "round $round: links after two -ay" "$links_on" "$(ls /dev/vg0)"
	for i in 1 2; do
		expect_eq "round $round: -ay #$i says" '  9 logical volume(s) in volume group "vg0" now active' \
			"$(cat /tmp/ay$round.$i.out)"
	done

	step "round $round: two vgchange -an at once"
	run_all "an$round" "vgchange -an vg0" "vgchange -an vg0"
	expect_eq "round $round: tables after two -an" "" "$(dm_table_named)"
	[[ ! -e /dev/vg0 ]] || fail "round $round: /dev/vg0 left after two -an: $(ls /dev/vg0)"

	step "round $round: lvchange -ay of four LVs at once"
	run_all "lvay$round" "lvchange -ay vg0/l1" "lvchange -ay -y vg0/s1" "lvchange -ay vg0/l3" \
		"lvchange -ay vg0/l5"
	expect_eq "round $round: tables after four lvchange -ay" "$some_on" "$(dm_table_named | sort)"
	expect_eq "round $round: links after four lvchange -ay" "$some_links" "$(echo $(ls /dev/vg0))"

	step "round $round: lvchange -an of four LVs at once"
	run_all "lvan$round" "lvchange -an vg0/l5" "lvchange -an vg0/l1" "lvchange -an -y vg0/s2" \
		"lvchange -an vg0/l3"
	expect_eq "round $round: tables after four lvchange -an" "" "$(dm_table_named)"
	[[ ! -e /dev/vg0 ]] || fail "round $round: /dev/vg0 left after four lvchange -an: $(ls /dev/vg0)"
done

# The lock held here, on descriptor 9 of this shell (closed for each vgtool
# started, whose copy would keep it), as another command would hold it.
mkdir -p /run/lock/lvm
exec 9>/run/lock/lvm/V_vg0
flock -x 9

# interrupt "SIG..." CMD...: start CMD, which waits for the lock held
# here, and send it each SIG in turn: the last one ends it (exit 5, one
# line, nothing activated), those before are ignored (it still waits).
interrupt() {
	local -a sigs
	local pid sig rc=0
	read -r -a sigs <<<"$1"
	shift
	"$@" 9>&- 2>/tmp/wait.err &
	pid=$!
	wait_flock_waiter $pid
	for sig in "${sigs[@]}"; do
		kill -$sig $pid
		if [[ $sig != "${sigs[-1]}" ]]; then
			sleep 0.5
			wait_flock_waiter $pid
		fi
	done
	wait $pid || rc=$?
	expect_eq "exit status" 5 "$rc"
	expect_eq "stderr" "  Interrupted while waiting for the lock on volume group vg0." "$(cat /tmp/wait.err)"
	expect_eq "nothing activated" "" "$(dm_table_named)"
}

step "SIGTERM ends a command waiting for the VG lock: one line, exit 5"
# a command in the background of a script ignores SIGINT, and still does
interrupt "INT TERM" "$VGTOOL" vgchange -ay vg0

step "and so does SIGINT (Ctrl-C) where it is not ignored"
interrupt INT env --default-signal=INT "$VGTOOL" lvchange -ay vg0/l1

step "the lock released, the waiting command goes on"
"$VGTOOL" vgchange -ay vg0 9>&- >/tmp/late.out &
pid=$!
wait_flock_waiter $pid
exec 9>&-
wait $pid
expect_eq "tables" "$all_on" "$(dm_table_named)"
"$VGTOOL" vgchange -an vg0

step "both tools agree on the VG"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0
