# Lock files on a read-only file system, vgtool against lvm2 (lvm2's
# vgchange-sysinit test is the model): with global/locking_dir on a
# read-only mount, a command fails ("File locking initialisation
# failed."), unless --sysinit or --ignorelockingfailure is given: then
# reads and activation go on without lock files and changes are refused;
# --nolocking and global/locking_type 0 take no lock files at all.  The
# same steps with each tool on twin VGs of the same names (one tool after
# the other, each seeing only its own disk): exit codes, stdout, and which
# LVs are active must agree; vgtool's refusals are one line and leave the
# seqnos alone.
# disks: 2
# disk-size: 64M
# timeout: 240
. "$SRCDIR/tests/kernel/lib.sh"

mkdir -p /run/lvm
export DM_DISABLE_UDEV=1

# the lock folder, on a tmpfs made read-only once the tools have their
# VGs (lvm.conf is read by both tools: global/locking_dir is one they
# share)
ro=/tmp/rolock
mkdir -p "$ro"
mount -t tmpfs -o size=1m,mode=0700 none "$ro"
printf 'global {\n locking_dir = "%s"\n}\n' "$ro" >>"$LVM_SYSTEM_DIR/lvm.conf"

# the seqnos a refusal must leave alone, read without lock files
seqnos() {
	local -a words
	words=($("${run[@]}" vgs --nolocking --noheadings -o vg_name,seqno --devices "$devs"))
	echo "${words[*]}"
}
# active: the step records which of the tool's LVs the kernel has
active() {
	n=$((n + 1))
	dmsetup info -c --noheadings -o name 2>/dev/null | sort >"$dir/$(printf %03d $n)" || true
}

setup() {
	twin_st ok vgcreate ro1 "$devs"
	twin_st ok lvcreate -an -Zn -L 8M -n l1 ro1
	twin_st ok lvcreate -an -Zn -L 8M -n l2 ro1
}

phase() {
	# nothing can lock: the command fails before it reads anything
	twin_st bad vgchange -ay ro1
	twin_st bad lvs ro1
	active
	# --sysinit: activation goes on, quietly; so does deactivation
	twin_st ok vgchange --sysinit -ay ro1
	active
	twin_st ok vgchange --sysinit -an ro1
	active
	twin_st ok lvchange --sysinit -ay ro1/l1
	active
	# --ignorelockingfailure: reads and activation; no change
	twin_st ok lvs --ignorelockingfailure -o lv_name,lv_attr ro1
	twin_st ok vgchange --ignorelockingfailure -an ro1
	active
	twin_st bad lvcreate --ignorelockingfailure -an -Zn -L 4M -n l3 ro1
	twin_st bad vgchange --ignorelockingfailure --addtag t1 ro1
	# no lock files at all: every command works (with a warning for
	# locking_type)
	twin_st ok lvcreate --nolocking -an -Zn -L 4M -n l3 ro1
	twin_st ok lvs --config 'global{locking_type=0}' -o lv_name ro1
	twin_st ok vgremove --config 'global{locking_type=0}' -ff ro1
	active
}

ONE_LINE_ALL=1
bad=0
mkdir -p /tmp/v /tmp/l
step "the VGs, then the lock folder read-only"
tool=vgtool run=("$VGTOOL") devs=${DISK[0]} mine=("${DISK[0]}") dir=/tmp/v n=0
setup
tool=lvm run=(lvm) devs=${DISK[1]} mine=("${DISK[1]}") dir=/tmp/l n=0
setup
mount -o remount,ro "$ro"
touch "$ro/x" 2>/dev/null && fail "the lock folder is not read-only"

step "the same steps with both tools"
tool=vgtool run=("$VGTOOL") devs=${DISK[0]} mine=("${DISK[0]}") dir=/tmp/v n=3
phase
twin_normalise
tool=lvm run=(lvm) devs=${DISK[1]} mine=("${DISK[1]}") dir=/tmp/l n=3
phase
twin_normalise
twin_compare /tmp/l /tmp/v
((bad == 0)) || fail "$bad steps differ (MISMATCH lines above)"

# vgtool's words where lvm2's test looks for them
expect_file_eq "vgtool's line without --sysinit" <(echo "  File locking initialisation failed.") /tmp/v/004.err
[[ ! -s /tmp/v/007.err ]] || fail "--sysinit said: $(</tmp/v/007.err)"
step "$n steps agree"
umount "$ro"
