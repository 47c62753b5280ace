# The booted-system mode itself, two boots of a systemd guest on the same
# disks: the first installs vgtool's .deb (dpkg -i "$DEB"), finds the
# package's timer enabled and started and its udev rules where udev reads
# them, and writes a marker under /etc and a file on a test disk; the
# second finds both, the package still installed, udevd running, the
# timer active, and vgtool-monitor.service run by the timer in this boot.
# The token both boots compare is made in the first and kept in $OUT, so
# that nothing a former run left can pass for it.
# init: systemd
# boots: 2
# disks: 1
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

marker=/etc/vgtool-077.marker
mnt=/tmp/077-disk
mkdir -p "$mnt"

# The boot has ended with every unit started: "running", not "degraded"
# (a unit that failed) nor still "starting" after a minute.
check_state() {
	local state
	state=$(timeout 60 systemctl is-system-running --wait) || true
	[[ $state == running ]] && return
	systemctl --failed --no-pager || true
	fail "the system is '$state' after boot $BOOT (failed units above)"
}

if ((BOOT == 1)); then
	step "boot 1: a booted system, not the plain guest"
	[[ -d /run/systemd/system ]] || fail "no /run/systemd/system: systemd is not PID 1"
	expect_eq "PID 1" systemd "$(</proc/1/comm)"
	check_state
	expect_eq "systemd-udevd" active "$(systemctl is-active systemd-udevd.service || true)"
	[[ -f $DEB ]] || fail "no package at \$DEB='$DEB'"

	step "dpkg -i ${DEB##*/}"
	# through a pipe: on the console (a terminal) dpkg would draw its
	# progress, a hundred steps on one line of the log
	dpkg -i "$DEB" | cat
	expect_eq "dpkg status" "install ok installed" "$(dpkg-query -W -f='${Status}' vgtool)"
	expect_eq "vgtool-monitor.timer enabled" enabled "$(systemctl is-enabled vgtool-monitor.timer || true)"
	expect_eq "vgtool-monitor.timer started" active "$(systemctl is-active vgtool-monitor.timer || true)"
	/usr/sbin/vgtool --version

	step "the package's udev rules are in /lib/udev/rules.d"
	mapfile -t rules < <(dpkg -L vgtool | grep '/rules\.d/.*\.rules$')
	((${#rules[@]})) || fail "the package installs no udev rules file"
	for r in "${rules[@]}"; do
		[[ $r == /lib/udev/rules.d/* ]] || fail "udev rules file $r is not in /lib/udev/rules.d"
		[[ -f $r ]] || fail "udev rules file $r is missing"
	done
	echo "${rules[*]}"

	step "a marker under /etc and a file on ${DISK[0]}"
	read -r token </proc/sys/kernel/random/uuid
	echo "$token" >"$OUT/token"
	echo "$token" >"$marker"
	mkfs.ext4 -q "${DISK[0]}"
	mount "${DISK[0]}" "$mnt"
	echo "$token" >"$mnt/file"
	umount "$mnt"
	exit 0
fi

step "boot $BOOT: what boot 1 left"
[[ -f $OUT/token ]] || fail "boot 1 kept no token in \$OUT"
read -r token <"$OUT/token"
[[ -f $marker ]] || fail "$marker, written in boot 1, is gone"
expect_eq "$marker" "$token" "$(<"$marker")"
mount -o ro "${DISK[0]}" "$mnt"
[[ -f $mnt/file ]] || fail "the file written on ${DISK[0]} in boot 1 is gone"
expect_eq "the file on ${DISK[0]}" "$token" "$(<"$mnt/file")"
umount "$mnt"
expect_eq "dpkg status" "install ok installed" "$(dpkg-query -W -f='${Status}' vgtool)"

step "udevd and the package's timer run from the boot"
check_state
expect_eq "systemd-udevd" active "$(systemctl is-active systemd-udevd.service || true)"
expect_eq "vgtool-monitor.timer enabled" enabled "$(systemctl is-enabled vgtool-monitor.timer || true)"
expect_eq "vgtool-monitor.timer active" active "$(systemctl is-active vgtool-monitor.timer || true)"

step "vgtool-monitor.service ran, started by the timer"
# OnBootSec=10s: the timer has usually fired before the test starts; wait
# for a run to end (the timer's period, 10 s, and some margin)
for ((i = 0; i < 60; i++)); do
	journal=$(journalctl -b -u vgtool-monitor.service -o short-monotonic --no-pager)
	[[ $journal == *"Finished vgtool-monitor.service"* ]] && break
	sleep 1
done
echo "$journal" | tail -n 5
[[ $journal == *"Finished vgtool-monitor.service"* ]] ||
	fail "no run of vgtool-monitor.service ended in this boot's journal within 60 s"
# (a timer that has not fired has no time of its last trigger: "n/a")
last=$(systemctl show -P LastTriggerUSec vgtool-monitor.timer)
[[ -n $last && $last != n/a ]] || fail "vgtool-monitor.timer never fired in this boot (LastTriggerUSec='$last')"
echo "the timer last fired: $last"
expect_eq "the last run of vgtool-monitor.service" success "$(systemctl show -p Result --value vgtool-monitor.service)"
