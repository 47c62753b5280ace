# Boot activation on a booted system (systemd as PID 1), three boots of
# the same disks with vgtool's .deb installed next to the host's lvm2:
#
# 1. dpkg -i; lvm.conf's global/event_activation = 0 (boot activation
#    handed to vgtool, README "Boot activation"); vgV made by vgtool over
#    two disks (an origin with an ext4 file system in /etc/fstab, and its
#    snapshot), vgL made by lvm2 (an origin and a snapshot); the watchdog
#    set to grow COWs (vgtool.conf).
# 2. Both VGs came up by vgtool's udev rule and its transient units
#    vgtool-activate-VG, once each, none by lvm2's; four devices per origin,
#    /dev/VG/LV links once, the mount up.  A writer fills the origin's
#    snapshot faster than its COW can hold for long: the timer's
#    vgtool-monitor (not the test) grows it before it fills, and says so in
#    the journal.  Then lvm.conf hands boot activation back to lvm2.
# 3. Both VGs came up by lvm2's rule (lvm-activate-VG), none by vgtool's,
#    with the tables vgtool made in boot 2; the mount up.  dpkg -r keeps the
#    VGs, the data and vgtool.conf; dpkg --purge removes the configuration.
# init: systemd
# boots: 3
# disks: 3
# disk-size: 512M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"
# the system's own configuration, as the boot's units read it (lib.sh
# points both tools at throw-away folders in /tmp)
unset LVM_SYSTEM_DIR VGTOOL_SYSTEM_DIR

mnt=/mnt/base
vgtool=/usr/sbin/vgtool

check_state() {
	local state
	state=$(timeout 90 systemctl is-system-running --wait) || true
	[[ $state == running ]] && return
	systemctl --failed --no-pager || true
	fail "the system is '$state' after boot $BOOT (failed units above)"
}

# set_conf FILE KEY VALUE: the line "# KEY = ..." or "KEY = ..." of FILE
# (lvm.conf and vgtool.conf both list every key, commented) made
# "KEY = VALUE"
set_conf() {
	sed -i -E "s/^([[:space:]]*)#? ?$2 = .*/\\1$2 = $3/" "$1"
	grep -Eq "^[[:space:]]*$2 = $3\$" "$1" || fail "$1: no line for $2"
}

# units STARTED_PREFIX: the names of the units of this boot whose name
# starts so, one line each time one was started
units_started() {
	journalctl -b -o cat --no-pager | sed -nE "s/^Started ($1[^ ]*)\\.service.*/\\1/p"
}

# activated_by WINNER OTHER: this boot started the units WINNERvgL and
# WINNERvgV once each (the activation of each VG), and no OTHER* unit
activated_by() {
	expect_eq "$1* units started" "${1}vgL ${1}vgV" "$(units_started "$1" | sort | xargs)"
	expect_eq "$2* units started" "" "$(units_started "$2" | xargs)"
}

# the named tables of the four-device stacks (minor numbers differ by tool)
tables() { dm_table_named | sort; }

expect_stack() {
	local vg=$1 origin=$2 snap=$3 dev
	for dev in "$vg-$origin-real" "$vg-$snap-cow" "$vg-$snap" "$vg-$origin"; do
		dmsetup info "$dev" >/dev/null 2>&1 || fail "boot $BOOT: $dev is not active"
	done
	[[ $(dmsetup table "$vg-$origin") == *" snapshot-origin "* ]] || fail "$vg-$origin is no origin"
	[[ $(dmsetup table "$vg-$snap") == *" snapshot "* ]] || fail "$vg-$snap is no snapshot"
	# the links of udev's rules, one per visible LV, none for the layers
	expect_eq "/dev/$vg" "$origin $snap" "$(cd "/dev/$vg" && echo *)"
	[[ /dev/$vg/$origin -ef /dev/mapper/$vg-$origin ]] || fail "/dev/$vg/$origin is not $vg-$origin"
}

if ((BOOT == 1)); then
	step "boot 1: a booted system; install vgtool next to lvm2"
	[[ -d /run/systemd/system ]] || fail "no /run/systemd/system: systemd is not PID 1"
	expect_eq "PID 1" systemd "$(</proc/1/comm)"
	check_state
	# man-db's index of the new man pages takes most of dpkg's time
	# under emulation, and nothing here reads it
	echo "man-db man-db/auto-update boolean false" | debconf-set-selections
	dpkg -i "$DEB" | grep -v '^(Reading database'
	expect_eq "vgtool-monitor.timer enabled" enabled "$(systemctl is-enabled vgtool-monitor.timer || true)"
	expect_eq "dpkg status" "install ok installed" "$(dpkg-query -W -f='${Status}' vgtool)"
	[[ -f /lib/udev/rules.d/69-vgtool.rules ]] || fail "the package has no 69-vgtool.rules"
	grep -q 'IMPORT{program}="/usr/sbin/vgtool pvscan --cache' /lib/udev/rules.d/69-vgtool.rules ||
		fail "69-vgtool.rules does not run /usr/sbin/vgtool"

	step "boot activation handed from lvm2 to vgtool (lvm.conf), the watchdog on"
	set_conf /etc/lvm/lvm.conf event_activation 0
	expect_eq "lvm2's event_activation" "event_activation=0" "$(lvmconfig global/event_activation)"
	set_conf /etc/vgtool/vgtool.conf snapshot_autoextend_threshold 60
	set_conf /etc/vgtool/vgtool.conf snapshot_autoextend_percent 50
	expect_eq "vgtool's threshold" "snapshot_autoextend_threshold=60" \
		"$($vgtool lvmconfig activation/snapshot_autoextend_threshold)"

	step "vgV by vgtool over two disks, vgL by lvm2"
	$vgtool pvcreate -q "${DISK[0]}" "${DISK[1]}"
	$vgtool vgcreate -q vgV "${DISK[0]}" "${DISK[1]}"
	# the origin across both disks: vgV needs both to be complete
	$vgtool lvcreate -q -L 400M -n base vgV
	# inode tables and journal written now, not by ext4's lazy init in
	# the background of boot 2 (whose writes would fill the snapshot
	# faster than the test's own), and a small journal, whose cycling
	# also lands in the COW
	mkfs.ext4 -q -J size=4 -E lazy_itable_init=0,lazy_journal_init=0 /dev/vgV/base
	$vgtool lvcreate -q -L 16M -s -n snap vgV/base
	lvm pvcreate -q "${DISK[2]}"
	lvm vgcreate -q vgL "${DISK[2]}"
	lvm lvcreate -q -L 16M -n lbase vgL
	lvm lvcreate -q -L 8M -s -n lsnap vgL/lbase
	mkdir -p "$mnt"
	# nofail: a mount that does not come up is this test's failure to
	# report, not a boot stopped in emergency mode
	echo "/dev/vgV/base $mnt ext4 defaults,nofail 0 2" >>/etc/fstab
	mount "$mnt"
	echo "written in boot 1" >"$mnt/boot1"
	umount "$mnt"
	exit 0
fi

if ((BOOT == 2)); then
	step "boot 2: both VGs activated by vgtool's rule, once each"
	check_state
	activated_by vgtool-activate- lvm-activate-
	journalctl -b -u vgtool-activate-vgV.service -o cat --no-pager | grep -q 'in volume group "vgV" now active' ||
		fail "vgtool-activate-vgV.service did not activate vgV"
	expect_stack vgV base snap
	expect_stack vgL lbase lsnap
	expect_eq "mount of $mnt" /dev/mapper/vgV-base "$(findmnt -n -o SOURCE "$mnt" || true)"
	expect_eq "the file of boot 1" "written in boot 1" "$(<"$mnt/boot1")"

	step "a writer fills vgV/snap; the timer's watchdog grows it"
	size0=$($vgtool lvs --noheadings --units m --nosuffix -o lv_size vgV/snap | tr -d ' ')
	# 1 MiB a second and a half: the 16 MiB COW would fill in about 24 s;
	# the timer checks every 10 s and grows a COW past 60% (or that would
	# pass it before the next check) by at least 50%
	for ((i = 0; i < 32; i++)); do
		dd if=/dev/urandom of="$mnt/fill" bs=1M count=1 seek=$i conv=notrunc oflag=direct status=none
		sleep 1.5
	done
	sync
	# The watchdog off before the tables are recorded for boot 3: a tick
	# after the record saw the writer's rate and grew the COW again (a
	# CI run: boot 3's tables then differed).  The timer stopped, a run
	# in progress let finish, and the policy off for boot 3 (whose own
	# timer would grow a COW left past the threshold).
	systemctl stop vgtool-monitor.timer
	for ((i = 0; i < 120; i++)); do
		case $(systemctl is-active vgtool-monitor.service || true) in
		active | activating) sleep 0.5 ;;
		*) break ;;
		esac
	done
	set_conf /etc/vgtool/vgtool.conf snapshot_autoextend_threshold 100
	status=$(dmsetup status vgV-snap)
	[[ $status != *Invalid* ]] || fail "vgV/snap filled and was dropped by the kernel: $status"
	size1=$($vgtool lvs --noheadings --units m --nosuffix -o lv_size vgV/snap | tr -d ' ')
	echo "vgV/snap: ${size0} MiB -> ${size1} MiB ($status)"
	[[ ${size1%.*} -gt ${size0%.*} ]] || fail "vgV/snap was not grown (${size0} -> ${size1} MiB)"
	journalctl -b -t vgtool-monitor -o cat --no-pager | tee "$OUT/monitor.journal"
	grep -q 'vgV/snap.*extended' "$OUT/monitor.journal" ||
		fail "the journal has no growth of vgV/snap by vgtool-monitor"

	step "boot activation handed back to lvm2"
	tables >"$OUT/tables.vgtool"
	set_conf /etc/lvm/lvm.conf event_activation 1
	exit 0
fi

step "boot 3: both VGs activated by lvm2's rule; vgtool's stood aside"
check_state
activated_by lvm-activate- vgtool-activate-
expect_stack vgV base snap
expect_stack vgL lbase lsnap
tables >/tmp/tables.lvm2
expect_file_eq "lvm2's tables against vgtool's of boot 2" "$OUT/tables.vgtool" /tmp/tables.lvm2
expect_eq "mount of $mnt" /dev/mapper/vgV-base "$(findmnt -n -o SOURCE "$mnt" || true)"

step "dpkg -r keeps the VGs, the data and the configuration; --purge removes the configuration"
dpkg -r vgtool
[[ ! -e $vgtool && ! -e /lib/udev/rules.d/69-vgtool.rules ]] || fail "dpkg -r left vgtool's program or rules"
[[ -f /etc/vgtool/vgtool.conf ]] || fail "dpkg -r removed vgtool.conf (a conffile)"
lvm vgs vgV vgL >/dev/null
expect_eq "the file of boot 1" "written in boot 1" "$(<"$mnt/boot1")"
dpkg --purge vgtool
[[ ! -e /etc/vgtool/vgtool.conf && ! -e /etc/cron.d/vgtool-monitor ]] ||
	fail "dpkg --purge left vgtool's configuration"
expect_eq "dpkg status after --purge" "" "$(dpkg-query -W -f='${Status}' vgtool 2>/dev/null || true)"
lvm vgs vgV vgL >/dev/null
echo "boot activation: vgtool and lvm2 hand over in both directions"
