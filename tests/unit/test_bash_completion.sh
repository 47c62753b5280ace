#!/bin/bash
# The generated bash completion against vgtool's own help: every command
# `vgtool help` lists and every option `vgtool help CMD` lists is offered,
# and nothing else; option arguments and VG/LV names are completed.  The
# help text and the completion come from the command table by two separate
# paths (cmdline_print_usage, and --command-table through
# build-aux/gen-bash-completion), so a generator that drops or invents a
# word, or a completion file older than the table, fails here.
#
# The Makefile copies this file to $(B)/tests/unit/test_bash_completion,
# beside $(B)/vgtool and $(B)/bash-completion/vgtool, so tests/run-all runs
# it with the unit tests; VGTOOL and COMPLETION override the two paths.  It
# prints cmocka's summary lines, which tests/run-all counts.  Each check
# runs in plain bash and again with bash-completion's library loaded (when
# installed), since the completion takes a path of its own for each.
set -uo pipefail
build=$(cd "$(dirname "$0")/../.." && pwd)
vgtool=${VGTOOL:-$build/vgtool}
completion=${COMPLETION:-$build/bash-completion/vgtool}
library=/usr/share/bash-completion/bash_completion

passed=0
failed=0
failures=()

# result NAME STATUS [MESSAGE...]
result() {
	local name=$1 status=$2
	shift 2
	echo "[ RUN      ] $name"
	if [ "$status" -eq 0 ]; then
		echo "[       OK ] $name"
		passed=$((passed + 1))
	else
		printf '%s\n' "$@" | sed 's/^/    /'
		echo "[  FAILED  ] $name"
		failed=$((failed + 1))
		failures+=("$name")
	fi
}

for f in "$vgtool" "$completion"; do
	if ! [ -f "$f" ]; then
		echo "test_bash_completion: $f is missing (make builds it)" >&2
		echo "[  FAILED  ] 1 test(s), listed below:"
		exit 1
	fi
done

# A vgtool on PATH that answers the completion's two reports with fixed
# names, so that name completion is tested without disks or root.
stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
cat >"$stub/vgtool" <<'EOF'
#!/bin/sh
case " $* " in
*" vgs "*) printf '  vg0\n  vg1\n' ;;
*" lvs "*) printf '  vg0/base\n  vg0/snap\n  vg1/home\n' ;;
*" pvs "*) printf '  /dev/sdb\n' ;;
esac
EOF
chmod +x "$stub/vgtool"

# complete_lines MODE < LINES: for line N (from 0) of LINES, each word
# completing it offers (its last word is the one being completed) as a line
# "N<tab>WORD".  All in one bash, since starting programs is most of the
# cost here (loading bash-completion's library, for MODE "library", most of
# all).  Each line is split as bash splits it for completion: at blanks,
# and around the "=" of --option=value (the "=" a word of its own, the one
# completed when nothing follows it).
complete_lines() {
	PATH="$stub:$PATH" bash --norc --noprofile -c '
		mode=$1 completion=$2 library=$3 n=0
		if [ "$mode" = library ]; then . "$library" || exit 1; fi
		. "$completion" || exit 1
		while IFS= read -r line; do
			read -ra parts <<<"$line"
			[[ $line == *" " ]] && parts+=("")
			COMP_WORDS=()
			for w in "${parts[@]}"; do
				if [[ $w == --*=* ]]; then
					COMP_WORDS+=("${w%%=*}" "=")
					[ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
				else
					COMP_WORDS+=("$w")
				fi
			done
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMP_LINE=$line COMP_POINT=${#line}
			COMPREPLY=()
			_vgtool vgtool "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			for w in "${COMPREPLY[@]}"; do printf "%s\t%s\n" "$n" "$w"; done
			n=$((n + 1))
		done
	' _ "$1" "$completion" "$library"
}

# expect NAME LINE WORD...: completing LINE must offer exactly the WORDs
# (queued: check runs them all at once).
names=()
lines=()
wanted=
expect() {
	local w
	names+=("$1")
	lines+=("$2")
	shift 2
	for w in "$@"; do wanted+="$((${#lines[@]} - 1))"$'\t'"$w"$'\n'; done
}

# words_by_line VAR: the sorted "N<tab>WORD" lines on stdin into VAR[N]
# (one word per line each).
words_by_line() {
	local -n out=$1
	local i w
	out=()
	while IFS=$'\t' read -r i w; do
		[ -n "$i" ] || continue
		out[i]+=${out[i]:+$'\n'}$w
	done < <(sort -t $'\t' -k1,1n -k2)
}

# check MODE: every queued line completed in MODE, against its words.
check() {
	local mode=$1 i got=() want=()
	words_by_line want <<<"${wanted%$'\n'}"
	words_by_line got < <(printf '%s\n' "${lines[@]}" | complete_lines "$mode")
	for i in "${!lines[@]}"; do
		if [ "${got[i]-}" = "${want[i]-}" ]; then
			result "$mode: ${names[i]}" 0
		else
			result "$mode: ${names[i]}" 1 "completing \"${lines[i]}\":" \
				"$(diff <(echo "${want[i]-}") <(echo "${got[i]-}") |
					sed -n 's/^</missing:/p; s/^>/extra:/p')"
		fi
	done
}

# The commands as `vgtool help` lists them ("  NAME   summary" lines).
commands=$("$vgtool" help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\) .*/\1/p')
if [ -z "$commands" ]; then
	result "help lists commands" 1 "no command found in \`$vgtool help\`"
	commands=
fi

# shellcheck disable=SC2086
expect "commands" "vgtool " $commands --help --version
# shellcheck disable=SC2046,SC2086
expect "help COMMAND" "vgtool help lv" $(printf '%s\n' $commands | grep '^lv')
for cmd in $commands; do
	# "  -L, --size SIZE   help" or "      --config STRING   help"
	opts=$("$vgtool" help "$cmd" | sed -n '/^Options:/,$p' |
		sed -n 's/^  \(-[A-Za-z]\), \(--[a-z-]*\).*/\1\n\2/p; s/^      \(--[a-z-]*\).*/\1/p')
	if [ -z "$opts" ]; then
		result "$cmd options" 1 "no option found in \`$vgtool help $cmd\`"
		continue
	fi
	# shellcheck disable=SC2086
	expect "$cmd options" "vgtool $cmd -" $opts
done

# option arguments: a letter is the command's own option
expect "lvcreate -a values" "vgtool lvcreate -a " y n ay
expect "lvcreate --alloc values" "vgtool lvcreate --alloc c" contiguous cling cling_by_tags
expect "--reportformat=" "vgtool lvs --reportformat=" basic json
expect "--reportformat=VALUE" "vgtool lvs --reportformat=j" json
expect "--units values" "vgtool vgs --units g" g
expect "an argument without a list" "vgtool lvcreate -L "
# lvs -a is --all, a flag: the next word is a name
expect "lvs -a takes nothing" "vgtool lvs -a vg1" "vg1/" "vg1/home "

# names from the reports
expect "VG names" "vgtool vgchange -ay " vg0 vg1
expect "LV names" "vgtool lvremove -f vg0" "vg0/" "vg0/base " "vg0/snap "
expect "vgextend VG" "vgtool vgextend --autobackup n v" vg0 vg1
expect "no VG names for vgcreate" "vgtool vgcreate -s 4m "

check plain
[ -f "$library" ] && check library

total=$((passed + failed))
echo "[==========] $total test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -gt 0 ]; then
	echo "[  FAILED  ] $failed test(s), listed below:"
	printf '[  FAILED  ] %s\n' "${failures[@]}"
	exit 1
fi
