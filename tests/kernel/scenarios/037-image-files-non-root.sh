# Image files without root, as PRODUCT.md promises: user "nobody" makes a
# PV, a VG over two files, LVs and a snapshot (inactive: no kernel), reports
# them, resizes and removes, with backups under ~/.vgtool and locks in a
# private folder; activation is refused with one line and exit 5.  Then
# root attaches the files to loop devices and lvm2 reads the VG as its own.
# A lock folder that is not nobody's alone (root's, group-writable, a
# symbolic link) is refused in one line, exit 5.
# disks: 1
# modules: loop
. "$SRCDIR/tests/kernel/lib.sh"

user=65534
home=/tmp/nobody-home
mkdir -p "$home" /tmp/nr
chown "$user:$user" "$home" /tmp/nr
# as nobody, with nothing of the root tests' environment
as_user() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" \
		setpriv --reuid=$user --regid=$user --clear-groups "$VGTOOL" "$@"
}
D=--devices=/tmp/nr/a.img,/tmp/nr/b.img

step "files made and used by nobody"
setpriv --reuid=$user --regid=$user --clear-groups truncate -s 64M /tmp/nr/a.img /tmp/nr/b.img
as_user pvcreate /tmp/nr/a.img
as_user vgcreate vgn /tmp/nr/a.img /tmp/nr/b.img
as_user lvcreate -an -L 100M -n data vgn "$D" # spans both files
as_user lvcreate -s -L 8M -n snap vgn/data "$D"
as_user lvextend -L +4M vgn/snap "$D"
as_user lvs -a --noheadings -o lv_name,lv_attr,lv_size,origin vgn "$D" >"$OUT/lvs"
cat "$OUT/lvs"
grep -q 'data *owi---s--- 100.00m' "$OUT/lvs" || fail "origin not as expected: $(cat "$OUT/lvs")"
grep -q 'snap *swi---s--- *12.00m data' "$OUT/lvs" || fail "snapshot not as expected: $(cat "$OUT/lvs")"
as_user vgck vgn "$D"

step "where nobody's files went"
[[ -f $home/.vgtool/backup/vgn ]] || fail "no backup under ~/.vgtool: $(find "$home" | head)"
ls "$home/.vgtool/archive/" | grep -q '^vgn_' || fail "no archive under ~/.vgtool"
[[ $(stat -c '%u %a' /tmp/vgtool-lock-$user) == "$user 700" ]] ||
	fail "lock folder: $(stat -c '%u %a' /tmp/vgtool-lock-$user 2>&1)"
[[ $(stat -c %U "$home/.vgtool/backup/vgn") == nobody ]] || fail "backup not owned by nobody"

step "activation needs root: one line, exit 5, nothing changed"
seq=$(as_user vgs --noheadings -o seqno vgn "$D")
rc=0
as_user vgchange -ay vgn "$D" 2>"$OUT/ay.err" || rc=$?
cat "$OUT/ay.err"
grep -q 'needs root' "$OUT/ay.err" || fail "the refusal does not say why"
expect_eq "exit status" 5 "$rc"
expect_eq "stderr lines" 1 "$(wc -l <"$OUT/ay.err")"
expect_eq "seqno" "$seq" "$(as_user vgs --noheadings -o seqno vgn "$D")"
[[ -z $(dmsetup table 2>/dev/null | grep vgn || true) ]] || fail "a device appeared"

step "lvm2 reads nobody's VG through loop devices"
la=$(losetup -f --show /tmp/nr/a.img)
lb=$(losetup -f --show /tmp/nr/b.img)
lvm_ref vgck vgn
lvm_ref lvs -a --noheadings -o lv_name,lv_attr,lv_size,origin vgn >"$OUT/lvs.lvm2"
expect_file_eq "lvs by lvm2" "$OUT/lvs" "$OUT/lvs.lvm2"
losetup -d "$la" "$lb"

step "a lock folder in \$XDG_RUNTIME_DIR, private; one another user could write to is refused"
# as_user_run RUNTIME_DIR ARGS...: as_user with XDG_RUNTIME_DIR set
as_user_run() {
	local run=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" XDG_RUNTIME_DIR="$run" \
		setpriv --reuid=$user --regid=$user --clear-groups "$VGTOOL" "$@"
}
mkdir -m 700 /tmp/run-own
chown $user:$user /tmp/run-own
as_user_run /tmp/run-own vgs vgn "$D" >/dev/null
[[ $(stat -c '%u %a' /tmp/run-own/vgtool) == "$user 700" ]] ||
	fail "lock folder: $(stat -c '%u %a' /tmp/run-own/vgtool 2>&1)"
mkdir -p /tmp/run-root/vgtool # root's
mkdir -p /tmp/run-open/vgtool # nobody's, but the group may write
chown $user:$user /tmp/run-open/vgtool
chmod 770 /tmp/run-open/vgtool
mkdir /tmp/run-link # a link to nobody's own folder
ln -s /tmp/run-own/vgtool /tmp/run-link/vgtool
seq=$(as_user vgs --noheadings -o seqno vgn "$D")
for run in run-root run-open run-link; do
	case $run in
	run-root) why="it belongs to uid 0, not to uid $user" ;;
	run-open) why="its group or others can write to it (mode 0770)" ;;
	run-link) why="it is a symbolic link" ;;
	esac
	rc=0
	as_user_run /tmp/$run lvextend -L +4M vgn/snap "$D" 2>"$OUT/$run.err" || rc=$?
	expect_eq "$run: exit status" 5 "$rc"
	expect_eq "$run: stderr" "  Refusing the lock folder /tmp/$run/vgtool: $why." "$(cat "$OUT/$run.err")"
	expect_rc 5 as_user_run /tmp/$run vgs vgn "$D"
done
expect_eq "seqno" "$seq" "$(as_user vgs --noheadings -o seqno vgn "$D")"
expect_eq "nothing written in the refused folders" "" "$(find /tmp/run-root/vgtool /tmp/run-open/vgtool -mindepth 1)"

step "removal by nobody"
as_user lvremove -f vgn/data "$D"
as_user vgremove vgn "$D"
as_user pvremove /tmp/nr/a.img /tmp/nr/b.img
