# Power cut: a metadata commit survives losing the disk's volatile write
# cache at any instant.  Every disk state a cut can leave must read as the
# old or the new VG, by vgtool and by lvm2.  (Scenario 015 stops vgtool
# after a write, but the page cache survives that: a missing flush cannot
# show there.)
#
# Recording.  Each PV is a dm "log-writes" device over a data slice and a
# log slice of the guest's disks: the kernel logs every write that reaches
# the PV (offset, length, data) and every flush, in the order they reach
# the disk (a write is logged once the next flush covers it).  Commands
# run under strace, one after the other; after each, the scenario flushes
# every PV itself (sync PV: an fsync) and marks every PV's log ("dmsetup
# message PV 0 mark cK"), so a command's span of each log lies between two
# marks and ends with a flush.
#
# The cut.  Between two flushes of a PV its disk may hold any subset of
# the writes since the last one.  Each PV has its own log and a cut is one
# instant across all of them, but two logs say nothing of the order
# between their writes.  The program does: its flushes (fdatasync) are
# synchronous, so strace's record of the command orders the flushes of all
# PVs, and a logged write was issued after the last pwrite (io_submit for
# lvm2) of the program that overlaps it.  The program's flushes cut the
# command into intervals; in the one that ends at its k-th flush, each PV
# has durable what its completed flushes covered, and may hold any subset
# of the writes it was sent since.  Those are all the states a cut can
# leave and only those: the commit protocol at the top of
# lib/metadata/format/store.c is not assumed, it is what is checked.
# (Each command's flushes in a log must be the program's plus the
# scenario's, or the scenario stops: the two records would not match.)
# The states replayed, per interval: every subset of the pending writes of
# all PVs when there are at most SUBSET_MAX of them, else none, all, each
# alone, all but each, and each prefix in the order issued.  A state that
# differs from another only past the metadata areas (LV zeroing, a
# snapshot's COW header) is replayed once.  A write the kernel sent as one
# request is taken as atomic (a disk promises that only per sector; each
# header write is one sector).
#
# The check.  tests/tools/replay-log writes each state onto replay slices;
# then vgtool (vgs, lvs, vgck) and lvm2 (vgs, vgck) read them (for
# pvcreate, pvs of each).  Each tool must read exactly what it read in the
# old state or in the new one (before and after the command), both tools
# the same; after pvcreate, each PV either.  A PV still holding an older
# copy is not an error: a cut between two PVs' header writes leaves one,
# both tools warn of it (vgtool's vgck exits 5 for it, vgck(8)), and the
# next commit replaces it; those reports are taken out before comparing.
# Where the bytes a reader bases its view on (tests/tools/mda-digest: the
# label sectors, each metadata area's header and the text it points to)
# are those of a state already read, the tools are not asked again: a new
# text in free space changes nothing a reader sees.  A vgtool command must
# also leave no write of its own unflushed when it exits: what it reported
# done must survive.
#
# Operations: pvcreate (of three disks), and vgcreate, lvcreate, lvextend,
# snapshot create and remove, lvrename, vgextend, vgreduce and vgremove on
# a VG over two PVs and on one over three.  Then lvm2's own lvcreate (of a
# second LV), recorded and replayed the same way: lvm2 2.03.16 writes with
# O_DIRECT and sends no flush, so all its writes are one interval, and a
# cache that reorders them breaks its commit; those states are listed, not
# failed (lvm2 relies on the disk keeping its order).
# disks: 2
# disk-size: 2G
# modules: dm-log-writes
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"
export DM_DISABLE_UDEV=1

REPLAY=$SRCDIR/build/tests/tools/replay-log
DIGEST=$SRCDIR/build/tests/tools/mda-digest
for t in "$REPLAY" "$DIGEST"; do
	[[ -x $t ]] || fail "no $t: \`make test-helpers\` (\`make vgtool-test\` builds it)"
done
command -v strace >/dev/null || fail "strace is needed to order the PVs' flushes"
SUBSET_MAX=4
META_END=1048576 # pe_start of every PV here: the tools read nothing past it
INF=999999999

# --- the PVs ---
MiB=2048 # sectors
slot=0
declare -A NPV DEVNO REPLAY_DEVS REPLAY_PATHS
# pv_devices L N: PVs /dev/mapper/L0 ... each a log-writes device over
# slices L0-data and L0-log, with a slice L0-replay to replay onto
pv_devices() {
	local L=$1 i
	NPV[$L]=$2 DEVNO=() # (device numbers of removed devices come back)
	for ((i = 0; i < $2; i++)); do
		dmsetup create $L$i-data --table "0 $((64 * MiB)) linear ${DISK[0]} $((slot * 128 * MiB))"
		dmsetup create $L$i-replay --table "0 $((64 * MiB)) linear ${DISK[0]} $(((slot * 128 + 64) * MiB))"
		dmsetup create $L$i-log --table "0 $((32 * MiB)) linear ${DISK[1]} $((slot * 32 * MiB))"
		dmsetup create $L$i --table "0 $((64 * MiB)) log-writes /dev/mapper/$L$i-data /dev/mapper/$L$i-log"
		DEVNO[$(dmsetup info -c --noheadings -o major,minor --separator : $L$i)]=$i
		slot=$((slot + 1))
	done
	REPLAY_DEVS[$L]=$(devices $L -replay) REPLAY_PATHS[$L]=$(pv_paths $L -replay)
}
pv_paths() { # L [SUFFIX]: the PVs (or their slices), one argument each
	local i
	for ((i = 0; i < NPV[$1]; i++)); do echo /dev/mapper/$1$i${2:-}; done
}
devices() { # L [SUFFIX]: the same, for --devices
	local list
	mapfile -t list < <(pv_paths "$@")
	local IFS=,
	echo "${list[*]}"
}
mark() { # L NAME
	local i
	for ((i = 0; i < NPV[$1]; i++)); do dmsetup message $1$i 0 mark "$2"; done
}

# --- recording ---
declare -A NCMD CMD KIND
# record L KIND CMD...: command number K=NCMD[L] of layout L, between the
# marks cK and cK+1 of every PV's log, under strace; KIND is what to read
# back: "pv" (pvs) or the VG's name (vgs, lvs, vgck)
record() {
	local L=$1 kind=$2 k=${NCMD[$1]:-0}
	shift 2
	CMD[$L:$k]="$*" KIND[$L:$k]=$kind NCMD[$L]=$((k + 1))
	if ((k == 0)); then
		# the scenario's setup is on the disk before the first span
		sync $(pv_paths $L)
		mark $L c0
	fi
	# (-s 1: short strings, but lvm2's io_submit arrays in full)
	strace -o $OUT/$L.$k.trace -qq -yy -s 1 \
		-e trace=pwrite64,pwritev,pwritev2,fdatasync,fsync,io_submit "$@" >/tmp/cmd.out 2>&1 ||
		{ cat /tmp/cmd.out; fail "$L: \`$*\` failed"; }
	# coreutils' sync FILE is fsync(2) of the device: a flush ends the
	# span, and the mark starts the next command's
	sync $(pv_paths $L)
	mark $L c$((k + 1))
}

# --- the logs ---
declare -A FL OFF LEN MARK
# load_logs L: every entry of every PV's log, once the recorders are gone
# (removing one writes its last entries and its super block)
load_logs() {
	local L=$1 i idx flags off len name last end
	FL=() OFF=() LEN=() MARK=()
	for ((i = 0; i < NPV[$L]; i++)); do
		dmsetup remove $L$i
		end=0
		while read -r idx flags off len name; do
			FL[$i:$idx]=$flags OFF[$i:$idx]=$off LEN[$i:$idx]=$len last=$idx
			[[ $flags == *M* ]] && MARK[$i:$name]=$idx
			# neither tool asks for these: replaying them honestly
			# would need a model of them first
			[[ $flags == *[UD]* ]] && fail "$L$i: entry $idx is a FUA write or a discard ($flags)"
			((off + len <= META_END || off >= META_END)) ||
				fail "$L$i: entry $idx straddles the end of the metadata area"
			((off + len < end)) || end=$((off + len))
		done < <("$REPLAY" list /dev/mapper/$L$i-log | tee $OUT/$L$i.entries)
		# the replay tool, on the whole log: the slice it writes is the
		# recorded one (as far as the log wrote; the rest is zeros in both)
		"$REPLAY" replay /dev/mapper/$L$i-log /dev/mapper/$L$i-replay 0-$last
		cmp -n $end /dev/mapper/$L$i-data /dev/mapper/$L$i-replay ||
			fail "$L$i: the whole log replayed differs from the recorded disk"
	done
}

# --- the program's order, from strace ---
EV_KIND=() EV_PV=() EV_OFF=() EV_LEN=()
# parse_trace FILE: the program's writes (W) to and flushes (S) of the
# PVs, in its order
parse_trace() {
	local line rest p=0 dev
	local fd='[0-9]+<[^<>]*<block ([0-9]+:[0-9]+)>>'
	local buf='("([^"\\]|\\.)*"(\.\.\.)?|[^,]*)' # a string strace cut short, or an address
	EV_KIND=() EV_PV=() EV_OFF=() EV_LEN=()
	while IFS= read -r line; do
		if [[ $line =~ ^(fdatasync|fsync)\($fd\)\ =\ 0$ ]]; then
			dev=${BASH_REMATCH[2]}
			[[ -n ${DEVNO[$dev]:-} ]] || continue
			EV_KIND[p]=S EV_PV[p]=${DEVNO[$dev]} EV_OFF[p]=0 EV_LEN[p]=0
			p=$((p + 1))
		elif [[ $line =~ ^pwrite64\($fd,\ .*,\ [0-9]+,\ ([0-9]+)\)\ =\ ([0-9]+)$ ]] ||
			[[ $line =~ ^pwritev2?\($fd,\ \[.*\],\ [0-9]+,\ ([0-9]+)(,\ [^,]*)?\)\ =\ ([0-9]+)$ ]]; then
			dev=${BASH_REMATCH[1]}
			[[ -n ${DEVNO[$dev]:-} ]] || continue
			EV_KIND[p]=W EV_PV[p]=${DEVNO[$dev]} EV_OFF[p]=${BASH_REMATCH[2]}
			EV_LEN[p]=${BASH_REMATCH[-1]}
			p=$((p + 1))
		elif [[ $line == io_submit\(* ]]; then
			rest=$line
			while [[ $rest =~ IOCB_CMD_PWRITE,\ aio_fildes=$fd,\ aio_buf=$buf,\ aio_nbytes=([0-9]+),\ aio_offset=([0-9]+) ]]; do
				rest=${rest#*"${BASH_REMATCH[0]}"}
				dev=${BASH_REMATCH[1]}
				[[ -n ${DEVNO[$dev]:-} ]] || continue
				EV_KIND[p]=W EV_PV[p]=${DEVNO[$dev]} EV_OFF[p]=${BASH_REMATCH[-1]}
				EV_LEN[p]=${BASH_REMATCH[-2]}
				p=$((p + 1))
			done
		fi
	done <"$1"
}

# --- the states a cut can leave ---
declare -A GROUP ISSUE OWN SEEN
STATE_SET=() STATE_DESC=() BEGIN=() END=() DUR=() PEND=()

# states L K: STATE_SET (a replay-log SET per PV) and STATE_DESC for every
# state a cut during command K of layout L can leave, the old state first;
# NEW_SET, the new state; UNFLUSHED, the program's writes it left unflushed
states() {
	local L=$1 k=$2 n=${NPV[$1]} i x g p c t pos lo hi from to
	local -A nsync=() syncpos=()
	STATE_SET=() STATE_DESC=() SEEN=() GROUP=() ISSUE=() OWN=()
	parse_trace $OUT/$L.$k.trace
	for p in "${!EV_KIND[@]}"; do
		[[ ${EV_KIND[p]} == S ]] || continue
		i=${EV_PV[p]} c=${nsync[${EV_PV[p]}]:-0}
		syncpos[$i:$c]=$p nsync[$i]=$((c + 1))
	done
	# each PV's writes fall in groups between its flushes; a write was
	# issued after the last write of the program, between the same two
	# flushes, that overlaps it (one that none explains is the kernel's:
	# a snapshot's COW header)
	for ((i = 0; i < n; i++)); do
		BEGIN[i]=${MARK[$i:c$k]} END[i]=${MARK[$i:c$((k + 1))]}
		c=${nsync[$i]:-0} nsync[$i]=$c g=0
		for ((x = BEGIN[i] + 1; x < END[i]; x++)); do
			case ${FL[$i:$x]} in
			F) g=$((g + 1)) ;;
			W | WA) # (A: REQ_META, a hint only)
				GROUP[$i:$x]=$g lo=-1 hi=$INF
				((g > 0)) && lo=${syncpos[$i:$((g - 1))]}
				((g < c)) && hi=${syncpos[$i:$g]}
				pos=$lo from=${OFF[$i:$x]} to=$((${OFF[$i:$x]} + ${LEN[$i:$x]}))
				for ((p = lo + 1; p < hi && p < ${#EV_KIND[@]}; p++)); do
					[[ ${EV_KIND[p]}${EV_PV[p]} == W$i ]] || continue
					((EV_OFF[p] < to && from < EV_OFF[p] + EV_LEN[p])) && pos=$p
				done
				ISSUE[$i:$x]=$pos
				((pos == lo)) || OWN[$i:$x]=1
				;;
			*) fail "$L$i: entry $x (${FL[$i:$x]}) inside a command's span" ;;
			esac
		done
		((g == c + 1)) || fail "$L$i: \`${CMD[$L:$k]}\`: $g flushes logged, $c by the program and 1 after it"
	done
	# one interval ends at each flush of the program, the last at the
	# scenario's flush after it ended
	UNFLUSHED=0 INTERVAL=0
	local -a ends=() issue=()
	for p in "${!EV_KIND[@]}"; do [[ ${EV_KIND[p]} == S ]] && ends+=("$p"); done
	for pos in "${ends[@]}" $INF; do
		INTERVAL=$((INTERVAL + 1))
		DUR=() PEND=() issue=()
		for ((i = 0; i < n; i++)); do
			c=0 # the PV's flushes done before this one
			for ((g = 0; g < nsync[$i]; g++)); do ((${syncpos[$i:$g]} < pos)) && c=$((c + 1)); done
			for ((x = BEGIN[i] + 1; x < END[i]; x++)); do
				g=${GROUP[$i:$x]:-} p=${ISSUE[$i:$x]:-}
				[[ -n $g ]] || continue
				if ((g < c)); then
					DUR[i]+=" $x"
				elif ((g == c && p < pos)); then
					# pending: kept in the order issued (then by
					# PV and log order), for the prefixes
					for ((t = ${#PEND[@]}; t > 0 && issue[t - 1] > p; t--)); do
						PEND[t]=${PEND[t - 1]} issue[t]=${issue[t - 1]}
					done
					PEND[t]=$i:$x issue[t]=$p
				fi
			done
		done
		if ((pos == INF)); then
			for x in "${PEND[@]}"; do [[ -z ${OWN[$x]:-} ]] || UNFLUSHED=$((UNFLUSHED + 1)); done
		fi
		choose
	done
	NEW_SET=
	for ((i = 0; i < n; i++)); do NEW_SET+=" 0-${END[i]}"; done
	NEW_SET=${NEW_SET# }
}

# choose: the subsets of PEND[] to replay on top of DUR[]
choose() {
	local k=${#PEND[@]} m x all
	((k < 60)) || fail "$k writes between two flushes: too many to choose from"
	all=$(((1 << k) - 1))
	if ((k <= SUBSET_MAX)); then
		for ((m = 0; m <= all; m++)); do add_state $m; done
		return
	fi
	add_state 0
	for ((x = 1; x < k; x++)); do add_state $(((1 << x) - 1)); done
	for ((x = 0; x < k; x++)); do
		add_state $((1 << x))
		add_state $((all & ~(1 << x)))
	done
	add_state $all
}

# add_state MASK: the state with DUR[] and the writes of PEND[] that MASK
# chooses, unless one with the same metadata writes is there already
add_state() {
	local mask=$1 i x t key='' set=''
	local -a chosen=() desc=()
	for ((i = 0; i < NPV[$L]; i++)); do chosen[i]=${DUR[i]:-}; done
	for x in "${!PEND[@]}"; do
		t=${PEND[x]}
		if ((mask >> x & 1)); then
			chosen[${t%:*}]+=" ${t#*:}"
			desc+=("+$L${t%:*}:${t#*:}")
		else
			desc+=("-$L${t%:*}:${t#*:}")
		fi
	done
	for ((i = 0; i < NPV[$L]; i++)); do
		key+="|"
		for x in ${chosen[i]}; do
			t=${OFF[$i:$x]}
			((t < META_END)) && key+=",$x"
		done
		x=${chosen[i]// /,}
		set+=" 0-${BEGIN[i]}$x"
	done
	[[ -z ${SEEN[$key]:-} ]] || return 0
	SEEN[$key]=1
	STATE_SET+=("${set# }")
	STATE_DESC+=("interval $INTERVAL: ${desc[*]:-nothing pending}")
}

replay_state() { # L SETS: put the replay slices of layout L in that state
	local L=$1 i=0 set
	local -a args=()
	for set in $2; do
		args+=("/dev/mapper/$L$i-log" "/dev/mapper/$L$i-replay" "$set")
		i=$((i + 1))
	done
	"$REPLAY" replay "${args[@]}"
}

# --- reading a state back ---
# is_stale LINE: LINE reports a PV that holds an older copy of the VG than
# the newest (one the next commit replaces), in lvm2's words (vgtool's
# reads use them too) or in those of vgtool's vgck
is_stale() {
	local re
	re='^  Volume group [^ ]+: [^ ]+ holds metadata seqno ([0-9]+), the newest is ([0-9]+)\.$'
	[[ $1 =~ $re ]] && ((BASH_REMATCH[1] < BASH_REMATCH[2])) && return 0
	re='^  WARNING: ignoring metadata seqno ([0-9]+) on [^ ]+ for seqno ([0-9]+) on [^ ]+ for VG [^ ]+\.$'
	[[ $1 =~ $re ]] && ((BASH_REMATCH[1] < BASH_REMATCH[2])) && return 0
	# a PV that left the VG still holds its copy (vgreduce)
	re='^  WARNING: outdated PV [^ ]+ seqno ([0-9]+) has been removed in current VG [^ ]+ seqno ([0-9]+)\.$'
	[[ $1 =~ $re ]] && ((BASH_REMATCH[1] < BASH_REMATCH[2])) && return 0
	# a PV already emptied while the others still hold the VG (vgremove)
	re='^  WARNING: PV [^ ]+ in VG [^ ]+ is missing the used flag in PV header\.$'
	[[ $1 =~ $re ]] && return 0
	[[ $1 =~ ^\ \ WARNING:\ Inconsistent\ metadata\ found\ for\ VG\ [^\ ]+\.$ ||
		$1 == "  See vgck --updatemetadata to correct inconsistency." ||
		$1 == "  See vgck --updatemetadata to clear outdated metadata." ]]
}

# run TOOL CMD...: add CMD's output and exit status to READ, without the
# reports of an older copy (which set MIXED)
run() {
	local tool=$1 out rc=0 line kept='' stale=0
	shift
	out=$("$@" 2>&1) || rc=$?
	while IFS= read -r line; do
		if is_stale "$line"; then
			stale=1
			continue
		fi
		[[ -z $line ]] || kept+=$line$'\n'
	done <<<"$out"
	# vgtool's vgck exits 5 for an older copy (vgck(8)): with nothing
	# else to say, the group itself is whole
	((stale && rc == 5)) && [[ $tool == vgtool && -z $kept ]] && rc=0
	((stale)) && MIXED=1
	READ+="\$ $tool $2"$'\n'"${kept}[exit $rc]"$'\n'
}

# reading TOOL L KIND: in READ, what TOOL (vgtool or lvm2) reads from the
# replay slices of layout L
reading() {
	local d=${REPLAY_DEVS[$2]}
	READ=
	case $1:$3 in
	vgtool:pv) run vgtool "$VGTOOL" pvs --devices $d --noheadings -o pv_name,vg_name,pv_uuid ;;
	lvm2:pv) run lvm2 lvm pvs --devices $d --noheadings -o pv_name,vg_name,pv_uuid ;;
	vgtool:*)
		run vgtool "$VGTOOL" vgs --devices $d --noheadings -o vg_name,vg_seqno,pv_count,lv_count,vg_attr $3
		run vgtool "$VGTOOL" lvs --devices $d --noheadings -o lv_name,lv_attr,lv_size,origin $3
		run vgtool "$VGTOOL" vgck --devices $d $3
		;;
	lvm2:*)
		run lvm2 lvm vgs --devices $d --noheadings -o vg_name,vg_seqno,pv_count,lv_count,vg_attr $3
		run lvm2 lvm vgck --devices $d $3
		;;
	esac
}

# side KIND READING OLD NEW: in SIDE, "old" or "new", "per-PV" (pvcreate:
# each PV's line as in one of them), or "neither"
side() {
	local line
	SIDE=neither
	if [[ $2 == "$3" ]]; then
		SIDE=old
	elif [[ $2 == "$4" ]]; then
		SIDE=new
	elif [[ $1 == pv && $2 == *$'\n[exit 0]\n' ]]; then
		# (naming the PVs it sees, which both tools must agree on)
		local pvs=
		while IFS= read -r line; do
			[[ $line == \$* || $line == "[exit 0]" ]] && continue
			[[ $3$4 == *"$line"* ]] || return 0
			line=${line#"${line%%[! ]*}"}
			pvs+=" ${line%% *}"
		done <<<"$2"
		SIDE="per-PV:$pvs"
	fi
}

# --- replaying every state of a command ---
declare -A OLD NEW CACHE_V CACHE_L CACHE_M
PROBLEMS=0 STATES=0 READS=0 LVM2_NEITHER=0
# read_state L KIND: RV and RL, what vgtool and lvm2 read from the
# replay slices of layout L, and MIXED; a state whose bytes that a reader
# looks at (tests/tools/mda-digest) are those of a state read before reads
# the same, and is not read again
read_state() {
	local key
	key=$1:$2:$("$DIGEST" ${REPLAY_PATHS[$1]})
	if [[ -z ${CACHE_V[$key]+set} ]]; then
		MIXED=0
		reading vgtool $1 $2
		CACHE_V[$key]=$READ
		reading lvm2 $1 $2
		CACHE_L[$key]=$READ CACHE_M[$key]=$MIXED
		READS=$((READS + 1))
	fi
	RV=${CACHE_V[$key]} RL=${CACHE_L[$key]} MIXED=${CACHE_M[$key]}
}
# evaluate L K: replay and read every state of command K of layout L
evaluate() {
	local L=$1 k=$2 kind=${KIND[$1:$2]} s sv sl mixed=0 n_old=0 n_new=0 n_pv=0 neither=0 why
	local cmd=${CMD[$1:$2]#"$SRCDIR/"} vgtool_cmd=0
	[[ ${CMD[$L:$k]} == "$VGTOOL "* ]] && vgtool_cmd=1
	states $L $k
	replay_state $L "$NEW_SET"
	read_state $L $kind
	NEW[vgtool]=$RV NEW[lvm2]=$RL
	replay_state $L "${STATE_SET[0]}"
	read_state $L $kind
	OLD[vgtool]=$RV OLD[lvm2]=$RL
	[[ ${OLD[vgtool]} != "${NEW[vgtool]}" ]] || fail "$L: \`$cmd\` changed nothing vgtool sees"
	for s in "${!STATE_SET[@]}"; do
		replay_state $L "${STATE_SET[s]}"
		read_state $L $kind
		side $kind "$RV" "${OLD[vgtool]}" "${NEW[vgtool]}"
		sv=$SIDE
		side $kind "$RL" "${OLD[lvm2]}" "${NEW[lvm2]}"
		sl=$SIDE
		mixed=$((mixed + MIXED))
		case $sv in old) n_old=$((n_old + 1)) ;; new) n_new=$((n_new + 1)) ;; per-PV*) n_pv=$((n_pv + 1)) ;; esac
		[[ $sv != neither && $sv == "$sl" ]] && continue
		neither=$((neither + 1))
		if ((!vgtool_cmd)); then
			# lvm2's own commit: shown, with what vgtool says of it
			why=$(printf '%s\n' "$RV" | grep -v '^\$\|^\[exit' |
				grep -vxF -f <(printf '%s\n' "${OLD[vgtool]}" "${NEW[vgtool]}") |
				head -2 | tr -s ' ' | paste -sd';') || true
			printf '  lvm2 state %d (%s): vgtool reads %s, lvm2 %s: %s\n' $s "${STATE_DESC[s]}" $sv $sl "$why"
			continue
		fi
		PROBLEMS=$((PROBLEMS + 1))
		printf 'POWER CUT PROBLEM: `%s`, state %d (%s): vgtool reads %s, lvm2 reads %s\n' \
			"$cmd" $s "${STATE_DESC[s]}" $sv $sl
		printf '  replay-log SET per PV: %s\n' "${STATE_SET[s]}"
		printf '%s\n' "--- vgtool, old:" "${OLD[vgtool]}" "--- vgtool, new:" "${NEW[vgtool]}" \
			"--- vgtool reads:" "$RV" "--- lvm2, old:" "${OLD[lvm2]}" "--- lvm2, new:" "${NEW[lvm2]}" \
			"--- lvm2 reads:" "$RL" | sed 's/^/  | /'
	done
	STATES=$((STATES + ${#STATE_SET[@]}))
	printf '%s: %d intervals, %d states: %d old, %d new' "$cmd" $INTERVAL ${#STATE_SET[@]} $n_old $n_new
	((n_pv == 0)) || printf ', %d each PV old or new' $n_pv
	((neither == 0)) || printf ', %d NEITHER' $neither
	printf '; %d with an older copy on a PV; %d of its writes unflushed at exit\n' $mixed $UNFLUSHED
	if ((vgtool_cmd && UNFLUSHED)); then
		PROBLEMS=$((PROBLEMS + 1))
		echo "POWER CUT PROBLEM: \`$cmd\` exited with $UNFLUSHED of its writes not flushed"
	fi
	((vgtool_cmd)) || LVM2_NEITHER=$((LVM2_NEITHER + neither))
}

replay_layout() { # L
	local k
	load_logs $1
	for ((k = 0; k < NCMD[$1]; k++)); do evaluate $1 $k; done
}

# vg_operations L VG LV_SIZE PV...: record the VG operations on layout L:
# VG over the PVs named, all but the layout's last PV, which vgextend adds
# and vgreduce takes away again
vg_operations() {
	local L=$1 vg=$2 size=$3 D
	shift 3
	D=$(devices $L)
	record $L $vg "$VGTOOL" vgcreate --devices $D $vg "$@"
	record $L $vg "$VGTOOL" lvcreate --devices $D -L $size -n lv0 $vg
	record $L $vg "$VGTOOL" lvextend --devices $D -L +8M $vg/lv0
	record $L $vg "$VGTOOL" lvcreate --devices $D -s -L 4M -n snap $vg/lv0
	record $L $vg "$VGTOOL" lvremove --devices $D -f $vg/snap
	record $L $vg "$VGTOOL" lvrename --devices $D $vg lv0 lv1
	record $L $vg "$VGTOOL" vgextend --devices $D $vg /dev/mapper/$L$((NPV[$L] - 1))
	record $L $vg "$VGTOOL" vgreduce --devices $D $vg /dev/mapper/$L$((NPV[$L] - 1))
	record $L $vg "$VGTOOL" vgremove --devices $D -f $vg
}

step "a VG over two PVs, and a third PV to add: record"
pv_devices pa 3
record pa pv "$VGTOOL" pvcreate --devices $(devices pa) $(pv_paths pa)
vg_operations pa pa 8M /dev/mapper/pa0 /dev/mapper/pa1
step "a VG over two PVs: replay"
replay_layout pa

step "a VG over three PVs, and a fourth to add: record"
pv_devices pb 4
"$VGTOOL" pvcreate -q --devices $(devices pb) $(pv_paths pb)
# (72 MiB: an LV over two PVs)
vg_operations pb pb 72M /dev/mapper/pb0 /dev/mapper/pb1 /dev/mapper/pb2
step "a VG over three PVs: replay"
replay_layout pb

step "lvm2's own lvcreate, on a VG over two PVs: record"
pv_devices pl 2
D=$(devices pl)
lvm_ref pvcreate -q --devices $D $(pv_paths pl)
lvm_ref vgcreate -q --devices $D pl $(pv_paths pl)
lvm_ref lvcreate -q --devices $D -L 8M -n lv0 pl
record pl pl lvm lvcreate --devices $D -L 8M -n lv1 pl
lvm_ref vgchange -q -an --devices $D pl
step "lvm2's commits: replay"
replay_layout pl

step "$STATES states replayed, $READS read; lvm2's own commits left $LVM2_NEITHER that read as neither VG"
((PROBLEMS == 0)) || fail "$PROBLEMS problems with vgtool's commits after a power cut (POWER CUT PROBLEM lines above)"
