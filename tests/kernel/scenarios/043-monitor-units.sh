# The COW watchdog's cron file and systemd units: the units pass
# `systemd-analyze verify` (with no warning, and their man page found), the
# cron file is a valid /etc/cron.d entry running the monitor every minute,
# and `make install` puts all three and the man page in place.  A missing
# systemd-analyze is a failure (Debian package: systemd), not a skip.
# disks: 1
# timeout: 120
. "$SRCDIR/tests/kernel/lib.sh"

step "systemd-analyze verify"
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (install the systemd package)"
mkdir -p /tmp/units /tmp/man/man8
# the unit runs `vgtool` from systemd's search path: check it with the
# binary under test
sed "s|^ExecStart=vgtool |ExecStart=$VGTOOL |" "$SRCDIR/conf/systemd/vgtool-monitor.service" \
	>/tmp/units/vgtool-monitor.service
grep -q "^ExecStart=$VGTOOL monitor --once" /tmp/units/vgtool-monitor.service ||
	fail "unexpected ExecStart in vgtool-monitor.service"
cp "$SRCDIR/conf/systemd/vgtool-monitor.timer" /tmp/units/
cp "$SRCDIR/doc/vgtool-monitor.8" /tmp/man/man8/
rc=0
MANPATH=/tmp/man systemd-analyze verify /tmp/units/vgtool-monitor.service \
	/tmp/units/vgtool-monitor.timer >/tmp/verify.out 2>&1 || rc=$?
cat /tmp/verify.out
((rc == 0)) || fail "systemd-analyze verify failed (status $rc)"
[[ ! -s /tmp/verify.out ]] || fail "systemd-analyze verify warned: $(head -1 /tmp/verify.out)"
grep -qx "OnUnitActiveSec=10s" /tmp/units/vgtool-monitor.timer || fail "timer period is not 10 s"
grep -q -- "--interval 10" /tmp/units/vgtool-monitor.service || fail "service does not plan for 10 s"
"$VGTOOL" monitor --once --interval 10 -qq # the service's command line parses and runs

step "the cron file"
# /etc/cron.d format: comments, NAME=value lines, and
# "min hour dom month dow user command"
check_field() { # VALUE MIN MAX
	local part lo hi
	IFS=, read -r -a parts <<<"$1"
	for part in "${parts[@]}"; do
		part=${part%/*} # a step "*/5" or "1-9/2": check what it steps over
		[[ $part == '*' ]] && continue
		[[ $part =~ ^([0-9]+)(-([0-9]+))?$ ]] || return 1
		lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[3]:-${BASH_REMATCH[1]}}
		((lo >= $2 && hi <= $3 && lo <= hi)) || return 1
	done
}
entries=0
while IFS= read -r line; do
	[[ -z ${line//[[:space:]]/} || $line =~ ^[[:space:]]*# ]] && continue
	[[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && continue
	read -r min hour dom mon dow user cmd <<<"$line"
	check_field "$min" 0 59 && check_field "$hour" 0 23 && check_field "$dom" 1 31 &&
		check_field "$mon" 1 12 && check_field "$dow" 0 7 || fail "bad time fields: $line"
	[[ $user == root ]] || fail "the entry does not run as root: $line"
	[[ -n $cmd ]] || fail "no command: $line"
	expect_eq "cron command" "vgtool monitor --once --interval 60 -qq" "$cmd"
	expect_eq "every minute" "* * * * *" "$min $hour $dom $mon $dow"
	entries=$((entries + 1))
done <"$SRCDIR/conf/cron.d/vgtool-monitor"
expect_eq "cron entries" 1 "$entries"
grep -q '^PATH=.*/usr/local/sbin.*/usr/sbin' "$SRCDIR/conf/cron.d/vgtool-monitor" ||
	fail "the cron file does not set a PATH that finds vgtool"
[[ $(tail -c 1 "$SRCDIR/conf/cron.d/vgtool-monitor" | od -An -c | tr -d ' ') == '\n' ]] ||
	fail "the cron file must end with a newline (cron ignores a last line without one)"
bash -n <(grep -v '^#' "$SRCDIR/conf/cron.d/vgtool-monitor" | sed -n 's/^\* \* \* \* \* root //p')

step "make install"
make -s -C "$SRCDIR" -o vgtool -o Makefile install DESTDIR=/tmp/inst >/tmp/install.out 2>&1 ||
	fail "make install failed: $(tail -3 /tmp/install.out)"
for f in etc/cron.d/vgtool-monitor lib/systemd/system/vgtool-monitor.service \
	lib/systemd/system/vgtool-monitor.timer share/man/man8/vgtool-monitor.8; do
	found=$(find /tmp/inst -path "*/$f" | head -1)
	[[ -n $found ]] || fail "make install did not install $f: $(find /tmp/inst -type f | head -20)"
	cmp -s "$found" "$SRCDIR/conf/${f#*/}" 2>/dev/null || cmp -s "$found" "$SRCDIR/doc/${f##*/}" ||
		cmp -s "$found" "$SRCDIR/conf/systemd/${f##*/}" || fail "$found differs from the source"
done
