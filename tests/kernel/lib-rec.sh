# The record of lvm2's and vgtool's commands side by side, for the
# scenarios that compare them line for line (082-084), sourced after
# lib.sh with $REC set: the file that keeps every command, its output and
# its exit status.

# rec WHAT COMMAND...: run a command (lvm2's, or "vgtool ...", or a lock
# daemon's tool), keep "## [host N: ]WHAT", "$ COMMAND", its stdout and
# stderr, and "exit N" in $REC and the log; its status in $rc, its output
# in $outp.
rec() {
	local what=$1 text
	shift
	rc=0
	case $1 in
	lvmlockctl | sanlock | dlm_tool) outp=$("$@" 2>&1) || rc=$? ;;
	vgtool) outp=$("$VGTOOL" "${@:2}" 2>&1) || rc=$? ;;
	*) outp=$(lvm_ref "$@" 2>&1) || rc=$? ;;
	esac
	text="## ${HOST:+host $HOST: }$what"$'\n'"\$ $*"$'\n'"${outp:+$outp$'\n'}exit $rc"
	printf '%s\n' "$text" >>"$REC"
	printf '%s\n' "$text"
}
# rec_ok / rec_refused WHAT COMMAND...: rec, and the status must be 0 / not 0.
rec_ok() {
	rec "$@"
	((rc == 0)) || fail "$1: \`$2 ...\` exited with status $rc"
}
rec_refused() {
	rec "$@"
	((rc != 0)) || fail "$1: \`$2 ...\` succeeded; it was expected to be refused"
}

# twin WHAT ARGS...: lvm2 runs ARGS with @VG@ as vgL, vgtool as vgV (twin
# VGs, one for each tool): the same lines (the VG's name aside) and the
# same exit status.  (lvm2's "remove ioctl ... Device or resource busy"
# left out: its removal of a device meeting udev's look at it, which
# libdevmapper then retries; vgtool waits for udev first.)
twin() {
	local what=$1 want wrc
	shift
	rec "$what (lvm2)" "${@//@VG@/vgL}"
	want=$(grep -v '^  device-mapper: remove ioctl on .* failed: Device or resource busy$' <<<"$outp" || true)
	want=${want//vgL/VG} wrc=$rc
	rec "$what (vgtool)" vgtool "${@//@VG@/vgV}"
	[[ ${outp//vgV/VG} == "$want" && $rc == "$wrc" ]] ||
		fail "$what: vgtool said [$outp] (exit $rc), lvm2 [$want] (exit $wrc)"
}
twin_ok() {
	twin "$@"
	((rc == 0)) || fail "$1: exit $rc"
}
twin_refused() {
	twin "$@"
	((rc != 0)) || fail "$1: succeeded; it was expected to be refused"
}
