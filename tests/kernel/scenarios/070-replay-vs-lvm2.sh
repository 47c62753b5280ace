# The replay table, vgtool against lvm2: every tests/kernel/replay/*.txt
# (in name order; tests/kernel/replay/README.md describes the format), each
# line one command run by lvm2 on its twin and by vgtool on its own, from
# blank disks at the start of each file.  Per line the exit status, stdout
# and (after a line that can change metadata) the VGs' metadata must agree
# once VG names, PV paths, uuids and times are normalised; a vgtool refusal
# (exit 3 or 5) says why in one line on stderr.  A mismatch names its
# file:line.  Arguments NAME.txt (files of the replay folder) replay only
# those (tests/kernel/run's boot number is no such argument).  Without
# any, the files are dealt between this scenario (the first, third...) and
# 076 (the second, fourth...; it sets REPLAY_PART=2 and sources this one),
# so that the table runs in two guests of half its length each: one guest
# of its whole length was the suite's last to finish, and near its timeout
# on a busy machine.
# disks: 6
# disk-size: 64M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

export DM_DISABLE_UDEV=1
mkdir -p /run/lock/lvm /run/lvm

replay_dir=$SRCDIR/tests/kernel/replay
files=()
for f; do [[ $f != *.txt ]] || files+=("$replay_dir/${f##*/}"); done
some=${#files[@]}
if ((!some)); then
	all=("$replay_dir"/*.txt) # the glob sorts by name (LC_ALL=C)
	[[ -e ${all[0]} ]] || fail "no replay files in $replay_dir"
	for ((i = ${REPLAY_PART:-1} - 1; i < ${#all[@]}; i += 2)); do files+=("${all[i]}"); done
fi
[[ -e ${files[0]} ]] || fail "no replay files in $replay_dir"
for f in "${files[@]}"; do [[ -s $f ]] || fail "no replay file $f, or an empty one"; done

# The twins: lvm2's on the first three disks, vgtool's on the others.  The
# VG names have one length (so that aligned columns stay aligned once
# normalised), sort alike (lvmtw1 < lvmtw2 as vgttw1 < vgttw2) and cannot
# be part of any other word of the output.
declare -A VGN=([L1]=lvmtw1 [L2]=lvmtw2 [L3]=lvmtw3 [V1]=vgttw1 [V2]=vgttw2 [V3]=vgttw3)
PVS_L=("${DISK[0]}" "${DISK[1]}" "${DISK[2]}")
PVS_V=("${DISK[3]}" "${DISK[4]}" "${DISK[5]}")
[[ ${#DISK[0]} == "${#DISK[3]}" ]] || fail "the twins' disk names differ in length"

R=/tmp/replay
mkdir -p "$R/L" "$R/V" "$R/sysL" "$R/sysV"

# Each tool sees only its twin's disks: the same configuration text for
# both (so that configuration reports compare once the paths are
# normalised): lib.sh's activation keys, no lvm2 device hints (the disks
# are wiped behind lvm2's back between files) and a filter.
conf() { # DISK...
	local d pats=
	for d; do pats+="\"a|^$d\$|\", "; done
	printf 'activation {\n\tudev_sync = 0\n\tudev_rules = 0\n\tmonitoring = 0\n}\n'
	printf 'devices {\n\thints = "none"\n\tglobal_filter = [ %s"r|.*|" ]\n}\n' "$pats"
}
conf "${PVS_L[@]}" >"$LVM_SYSTEM_DIR/lvm.conf"
conf "${PVS_L[@]}" >"$R/sysL/vgtool.conf" # vgtool reading lvm2's twin
conf "${PVS_V[@]}" >"$R/sysV/vgtool.conf"

# Commands that never change metadata: no capture after them.
readonly_cmds=" pvs vgs lvs pvdisplay vgdisplay lvdisplay pvscan vgscan lvscan vgmknodes vgck fullreport lvmconfig dumpconfig config help version formats segtypes devtypes "

# Every file read by one awk first (bash is slow under emulation), so that
# a line the harness cannot take fails before anything runs.  Per command
# line it prints "C", FILE:LINE, 1 for a leading "~ " (else 0), the
# number of words N, the line, then the N words with lvm2's twin's
# placeholders replaced and the N with vgtool's; or "E", FILE:LINE and
# why the line is refused; and "F" at the end of each file.  Words: shell
# words with single quotes, double quotes (\" and \\ their escapes) and
# a backslash outside quotes; no other shell syntax.
parse_awk='
function words(s,   i, c, q, w, inw, n, len) {
	n = 0; w = ""; inw = 0; q = ""; len = length(s)
	for (i = 1; i <= len; i++) {
		c = substr(s, i, 1)
		if (q == "\047") {
			if (c == q) q = ""; else w = w c
		} else if (q == "\"") {
			if (c == q)
				q = ""
			else if (c == "\\" && i < len && index("\"\\", substr(s, i + 1, 1)))
				w = w substr(s, ++i, 1)
			else if (c == "$" || c == "`") {
				WHY = "a $ or ` in double quotes (single quotes take them)"
				return -1
			} else
				w = w c
		} else if (c == " " || c == "\t") {
			if (inw) WORD[++n] = w
			w = ""; inw = 0
		} else if (c == "\047" || c == "\"") {
			q = c; inw = 1
		} else if (c == "\\" && i < len) {
			w = w substr(s, ++i, 1); inw = 1
		} else if (index("|;&<>()$`*?[{}\\", c) || (c == "#" && !inw)) {
			WHY = "unquoted \047" c "\047 (shell syntax the format leaves out)"
			return -1
		} else {
			w = w c; inw = 1
		}
	}
	if (q != "") { WHY = "unterminated " q " quote"; return -1 }
	if (inw) WORD[++n] = w
	if (!n) { WHY = "no command"; return -1 }
	return n
}
function subst(w, side) {
	gsub(/@VG@/, VG[side, 1], w); gsub(/@VG2@/, VG[side, 2], w); gsub(/@VG3@/, VG[side, 3], w)
	gsub(/@PV0@/, PV[side, 1], w); gsub(/@PV1@/, PV[side, 2], w); gsub(/@PV2@/, PV[side, 3], w)
	return w
}
BEGIN {
	split(ARGV[1], a, " "); split(ARGV[2], b, " "); split(ARGV[3], c, " "); split(ARGV[4], d, " ")
	for (i = 1; i <= 3; i++) {
		VG["L", i] = a[i]; VG["V", i] = b[i]; PV["L", i] = c[i]; PV["V", i] = d[i]
	}
	ARGV[1] = ARGV[2] = ARGV[3] = ARGV[4] = ""
}
FNR == 1 && NR > 1 { print "F" }
{
	loc = FILENAME; sub(/.*\//, "", loc); loc = loc ":" FNR
	line = $0
	if (line ~ /^[ \t]*(#|$)/) next
	skip = sub(/^~ /, "", line)
	if ((n = words(line)) < 0) { print "E"; print loc; print WHY ": " line; next }
	for (i = 1; i <= n; i++)
		if (subst(WORD[i], "L") ~ /@[A-Z][A-Z0-9]*@/) {
			print "E"; print loc; print "unknown placeholder in \047" WORD[i] "\047: " line; next
		}
	print "C"; print loc; print skip; print n; print line
	for (i = 1; i <= n; i++) print subst(WORD[i], "L")
	for (i = 1; i <= n; i++) print subst(WORD[i], "V")
}
END { if (NR) print "F" }'
mapfile -t P < <(awk "$parse_awk" "${VGN[L1]} ${VGN[L2]} ${VGN[L3]}" "${VGN[V1]} ${VGN[V2]} ${VGN[V3]}" \
	"${PVS_L[*]}" "${PVS_V[*]}" "${files[@]}")
LOC=() LINE=() SKIP=() WSTART=() WCOUNT=() FILE_END=()
for ((i = 0; i < ${#P[@]}; )); do
	case ${P[i]} in
	E) fail "${P[i + 1]}: ${P[i + 2]}" ;;
	F) FILE_END+=(${#LINE[@]}) i=$((i + 1)) ;;
	C)
		LOC+=("${P[i + 1]}") SKIP+=("${P[i + 2]}") WCOUNT+=("${P[i + 3]}") LINE+=("${P[i + 4]}")
		WSTART+=($((i + 5)))
		i=$((i + 5 + 2 * P[i + 3]))
		;;
	*) fail "the replay parser said '${P[i]}'" ;;
	esac
done
((${#FILE_END[@]} == ${#files[@]})) || fail "the replay parser read ${#FILE_END[@]} of ${#files[@]} files"
total=${#LINE[@]}
step "${#files[@]} files, $total lines"

# blank: no dm device, no VG, the disks' first MiB zeroed, no backups.
blank() {
	dmsetup remove_all
	local d
	for d in "${DISK[@]}"; do
		dd if=/dev/zero of="$d" bs=1M count=1 oflag=direct status=none
	done
	rm -rf /dev/lvmtw[123] /dev/vgttw[123] "$LVM_SYSTEM_DIR"/{backup,archive,cache} \
		"$R"/sysV/{backup,archive} /run/lvm/pvs_online /run/lvm/vgs_online /run/lvm/pvs_lookup
}

# pass SIDE FIRST END: lines FIRST..END-1 on twin SIDE; per line K the exit
# status, stdout and stderr in $R/SIDE/K.{out,err}, and after a line that
# can change metadata each VG's (vgtool vgcfgbackup) in $R/SIDE/mK.VG, the
# capture's stderr in $R/SIDE/eK; a line of the manifest per line.
pass() {
	local side=$1 k rc crc m
	for ((k = $2; k < $3; k++)); do
		if [[ $side == L ]]; then
			WORDS=("${P[@]:WSTART[k]:WCOUNT[k]}")
		else
			WORDS=("${P[@]:WSTART[k]+WCOUNT[k]:WCOUNT[k]}")
		fi
		rc=0
		if [[ $side == L ]]; then
			lvm "${WORDS[@]}" </dev/null >"$R/$side/$k.out" 2>"$R/$side/$k.err" || rc=$?
		else
			VGTOOL_SYSTEM_DIR=$R/sysV "$VGTOOL" "${WORDS[@]}" </dev/null \
				>"$R/$side/$k.out" 2>"$R/$side/$k.err" || rc=$?
			if ((rc == 3 || rc == 5)); then
				local -a errs
				local e n=0
				mapfile -t errs <"$R/$side/$k.err"
				for e in "${errs[@]}"; do [[ $e == *WARNING* ]] || n=$((n + 1)); done
				((n == 1)) || {
					echo "MISMATCH ${LOC[k]}: ${LINE[k]}: vgtool exit $rc with $n lines on stderr (one wanted):"
					printf '  %s\n' "${errs[@]}"
					bad=$((bad + 1))
				}
			fi
		fi
		crc=-
		if [[ $readonly_cmds != *" ${WORDS[0]} "* ]]; then
			crc=0
			VGTOOL_SYSTEM_DIR=$R/sys$side "$VGTOOL" vgcfgbackup -f "$R/$side/m$k.%s" \
				</dev/null >/dev/null 2>"$R/$side/e$k" || crc=$?
			for m in "$R/$side/m$k".*; do
				[[ -e $m ]] && printf '%s\t%d\t%s\n' "$side" "$k" "${m##*/}" >>"$R/metas"
			done
		fi
		printf '%s\t%d\t%s\t%d\t%s\t%s\t%s\n' "$side" "$k" "${LOC[k]}" "$rc" \
			"${SKIP[k]}" "$crc" "${LINE[k]//$'\t'/ }" >>"$R/manifest"
	done
}

bad=0
: >"$R/manifest"
: >"$R/metas"
first=0
for ((fi_ = 0; fi_ < ${#files[@]}; fi_++)); do
	end=${FILE_END[fi_]}
	step "${files[fi_]##*/}: $((end - first)) lines, lvm2"
	blank
	# one twin at a time, from no dm device each: the kernel gives both
	# tools' devices the same minors
	pass L "$first" "$end"
	dmsetup remove_all
	step "${files[fi_]##*/}: vgtool"
	pass V "$first" "$end"
	first=$end
done
blank

step "comparing"
# One awk for the whole run: each line's record per twin (exit status,
# stdout unless the line starts with "~ ", the capture's status, stderr and
# files), normalised, in $OUT/replay/{lvm2,vgtool}.txt (and stderr, not
# compared, in {lvm2,vgtool}.txt.stderr); a MISMATCH line per
# step whose records differ, with its first differing line.
mkdir -p "$OUT/replay"
awk -v R="$R" -v OUTL="$OUT/replay/lvm2.txt" -v OUTV="$OUT/replay/vgtool.txt" \
	-v VL="${VGN[L1]} ${VGN[L2]} ${VGN[L3]}" -v VV="${VGN[V1]} ${VGN[V2]} ${VGN[V3]}" \
	-v PL="${PVS_L[*]}" -v PV="${PVS_V[*]}" '
# once per file, each gsub only when index() finds its cue: mawk compiles
# a dynamic regex on every call, which under emulation cost minutes
function norm(s, side,   i) {
	for (i = 1; i <= 3; i++) {
		if (index(s, VG[side, i]))
			gsub(VG[side, i], i == 1 ? "@VG@" : "@VG" i "@", s)
		if (index(s, PVP[side, i]))
			gsub(PVP[side, i], "@PV" (i - 1) "@", s)
	}
	if (index(s, "-"))
		gsub(UUID, "@UUID@", s)
	if (index(s, ":"))
		gsub(TIME, "@TIME@", s)
	return s
}
function slurp(path, side, meta,   s, line, body) {
	s = ""
	body = !meta
	while ((getline line < path) > 0) {
		if (!body) {
			# the backup header (tool, command line, host, time) says
			# nothing about the VG
			if (line !~ / \{$/)
				continue
			body = 1
		}
		if (line ~ /^\t*creation_time = /)
			sub(/= .*/, "= @T@", line)
		s = s line "\n"
	}
	close(path)
	return norm(s, side)
}
function record(side, k, rc, skip, crc,   s, n, i, f, names) {
	s = "exit " rc "\n"
	s = s (skip ? "(stdout not compared)\n" : slurp(R "/" side "/" k ".out", side, 0))
	if (crc != "-") {
		s = s "--- metadata (capture exit " crc ")\n" slurp(R "/" side "/e" k, side, 0)
		n = split(METAS[side, k], names, " ")
		for (i = 1; i <= n; i++) {
			f = names[i]
			s = s "--- VG " norm(substr(f, index(f, ".") + 1), side) "\n" \
				slurp(R "/" side "/" f, side, 1)
		}
	}
	return s
}
BEGIN {
	FS = "\t"
	split(VL, a, " ")
	split(VV, b, " ")
	split(PL, c, " ")
	split(PV, d, " ")
	for (i = 1; i <= 3; i++) {
		VG["L", i] = a[i]; VG["V", i] = b[i]
		PVP["L", i] = c[i]; PVP["V", i] = d[i]
	}
	X = "[0-9A-Za-z]"
	X4 = X X X X
	X6 = X4 X X
	UUID = X6 "-" X4 "-" X4 "-" X4 "-" X4 "-" X4 "-" X6
	D = "[0-9]"
	TIME = D D D D "-" D D "-" D D " " D D ":" D D ":" D D " [-+]" D D D D
	bad = 0
}
FILENAME ~ /metas$/ { METAS[$1, $2] = METAS[$1, $2] ($3 == "" ? "" : " " $3); next }
{
	side = $1; k = $2
	LOCS[k] = $3; CMD[k] = $7
	REC[side, k] = record(side, k, $4, $5, $6)
	# stderr, for whoever reads a mismatch: not compared
	ERR[side, k] = slurp(R "/" side "/" k ".err", side, 0)
	if (!(k in SEEN)) { SEEN[k] = 1; ORDER[++n] = k }
}
END {
	for (j = 1; j <= n; j++) {
		k = ORDER[j]
		hdr = "### " LOCS[k] ": " CMD[k] "\n"
		printf "%s%s", hdr, REC["L", k] > OUTL
		printf "%s%s", hdr, REC["V", k] > OUTV
		printf "%s%s", hdr, ERR["L", k] > (OUTL ".stderr")
		printf "%s%s", hdr, ERR["V", k] > (OUTV ".stderr")
		if (REC["L", k] == REC["V", k])
			continue
		bad++
		nl = split(REC["L", k], la, "\n")
		nv = split(REC["V", k], va, "\n")
		for (i = 1; i <= nl || i <= nv; i++)
			if (la[i] != va[i])
				break
		printf "MISMATCH %s: %s\n  lvm2:   %s\n  vgtool: %s\n", LOCS[k], CMD[k], \
			(i <= nl ? la[i] : "(end)"), (i <= nv ? va[i] : "(end)")
	}
	print bad > (R "/awk-bad")
}' "$R/metas" "$R/manifest"
read -r awk_bad <"$R/awk-bad"
if ((awk_bad)); then
	echo "The first differences (lvm2 first, vgtool second; whole records in \$OUT/replay):"
	diff -u "$OUT/replay/lvm2.txt" "$OUT/replay/vgtool.txt" | head -n 80 || true
fi
bad=$((bad + awk_bad))
((bad == 0)) || fail "$bad mismatches with lvm2 in $total lines (MISMATCH lines above)"
((some || total >= 150)) || fail "only $total lines in the replay table (150 at least)"
step "$total lines agree"
