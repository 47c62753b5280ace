# Shared VGs with lock type dlm (issue 19): one host, a cluster of one
# node (corosync over the loopback, dlm_controld, the kernel's dlm), and
# lvmlockd -g dlm.  lvm2 runs the steps on vgL, vgtool the same on vgV,
# each on its own disk: vgcreate --shared --locktype dlm (lock args
# "1.0.0:CLUSTER"), lock start, lvcreate, exclusive and shared activation
# (lvmlockd's record and dlm's lockspaces checked), deactivation, lock
# stop, the VG refused while stopped, started again, vgchange --locktype
# none and dlm back (the twins of 083's sanlock steps), vgremove: the same
# lines (the VG's name aside) and the same exit status, every command kept
# in $OUT/dlm-messages.txt.  (Two hosts would need a network between the
# guests; the sanlock scenarios 082-083 are the two-host ones.)
# disks: 2
# timeout: 300
# modules: configfs dlm
. "$SRCDIR/tests/kernel/lib.sh"

for p in corosync corosync-quorumtool dlm_controld dlm_tool lvmlockd lvmlockctl; do
	command -v "$p" >/dev/null || fail "$p is not installed (apt-get install corosync dlm-controld lvm2-lockd; ./quickstart does)"
done

REC=$OUT/dlm-messages.txt
: >"$REC"
. "$SRCDIR/tests/kernel/lib-rec.sh"
# lvmlockd's record of VG's lockspace (lvmlockctl --info), its lines from
# "LS" on with the uuids left out
lockspace() {
	lvmlockctl --info | awk -v ls="lvm_$1" '/^VG / { on = 0 } $1 == "LS" && $3 == ls { on = 1 } on && NF' |
		sed -E 's/ [A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}$//'
}

step "the cluster of one: loopback up, configfs, udevd, corosync, dlm_controld, lvmlockd"
# the guest has no network card, and its loopback starts down: corosync
# finds no address for its node without it
ip link set lo up
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
# udevd: dlm's rule (51-dlm.rules) makes the /dev/misc/dlm* nodes that
# dlm_controld and libdlm wait for; lvm2's autoactivation rule masked (it
# would run with the host's /etc/lvm)
mkdir -p /run/udev/rules.d /run/lvm /tmp/corosync
: >/run/udev/rules.d/69-lvm.rules
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle
# the root is read-only: corosync's configuration, state and log here
cat >/tmp/corosync/corosync.conf <<'EOF'
totem {
	version: 2
	cluster_name: vgtest
	transport: knet
	crypto_cipher: none
	crypto_hash: none
}
logging {
	to_stderr: yes
	to_logfile: no
	to_syslog: no
}
quorum {
	provider: corosync_votequorum
}
nodelist {
	node {
		name: node1
		nodeid: 1
		ring0_addr: 127.0.0.1
	}
}
system {
	state_dir: /tmp/corosync
}
EOF
corosync -f -c /tmp/corosync/corosync.conf >"$OUT/corosync.log" 2>&1 &
cs=$!
# wait_for WHAT PID TEST...: TEST true within 60 s, while PID lives
wait_for() {
	local what=$1 pid=$2 i
	shift 2
	for ((i = 0; i < 300; i++)); do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || fail "$what exited (logs in $OUT)"
		sleep 0.2
	done
	fail "$what not ready after 60 s (logs in $OUT)"
}
quorate() { [[ $(corosync-quorumtool -s 2>&1) == *"Quorate:          Yes"* ]]; }
wait_for corosync "$cs" quorate
# dlm_tool status exits 0 when it cannot connect: its text says
dlm_controld --foreground 1 >"$OUT/dlm_controld.log" 2>&1 &
dlmd=$!
dlm_ready() {
	[[ $(dlm_tool status 2>&1) == *"quorate 1"* && -e /sys/kernel/config/dlm/cluster/cluster_name ]]
}
wait_for dlm_controld "$dlmd" dlm_ready
lvmlockd -g dlm
for ((i = 0; i < 100; i++)); do
	[[ -S /run/lvm/lvmlockd.socket ]] && break
	sleep 0.1
done
[[ -S /run/lvm/lvmlockd.socket ]] || fail "lvmlockd did not start"
printf 'activation {\n udev_sync=1\n udev_rules=1\n monitoring=0\n}\nglobal {\n use_lvmlockd = 1\n}\n' \
	>"$LVM_SYSTEM_DIR/lvm.conf"
expect_eq "use_lvmlockd lvm2 reads" "use_lvmlockd=1" "$(lvm_ref lvmconfig global/use_lvmlockd)"

step "vgcreate --shared --locktype dlm, lock start, LVs"
rec "lvm2 pvcreate" pvcreate -q "${DISK[@]}"
((rc == 0)) || fail "pvcreate: exit $rc"
d0=${DISK[0]} d1=${DISK[1]}
rec "lvm2 vgcreate vgL" vgcreate --shared --locktype dlm vgL "$d0"
((rc == 0)) || fail "lvm2's vgcreate --shared --locktype dlm: exit $rc"
want=${outp//vgL/VG}
rec "vgtool vgcreate vgV" vgtool vgcreate --shared --locktype dlm vgV "$d1"
expect_eq "vgcreate --shared --locktype dlm, lvm2's lines" "$want" "${outp//vgV/VG}"
[[ $outp == *"VG vgV starting dlm lockspace"* ]] || fail "vgtool's vgcreate did not start the lockspace: $outp"
twin_ok "vgs: shared, dlm, the cluster's name" vgs --noheadings -o vg_attr,vg_lock_type,vg_lock_args @VG@
expect_eq "the lock args (dlm: the cluster's name)" "wz--ns dlm 1.0.0:vgtest" "$(xargs <<<"$outp")"
# no lvmlock: dlm keeps its locks in the cluster
twin_ok "lvs -a: no lvmlock LV with dlm" lvs -a --noheadings -o lv_name @VG@
expect_eq "LVs of a new dlm VG" "" "$outp"
twin_ok "vgchange --lockstart (started already)" vgchange --lockstart @VG@
twin_ok "lvcreate a" lvcreate -L 4m -n a @VG@
twin_ok "lvcreate b" lvcreate -L 4m -n b @VG@
twin_ok "lvs: the LVs' lock args" lvs --noheadings -o lv_name,lv_attr,lv_lockargs @VG@
# lvremove frees the LV's lock in lvmlockd (free_lv), as lvm2's
twin_ok "lvcreate gone" lvcreate -an -L 4m -n gone @VG@
twin_ok "lvremove gone" lvremove -y @VG@/gone
lvmlockctl --dump | grep -q 'free lv "vgV"' || fail "no free_lv from vgtool in lvmlockd's record after lvremove"
rec "dlm's lockspaces" dlm_tool ls
[[ $outp == *lvm_vgV* && $outp == *lvm_vgL* ]] ||
	fail "dlm has no lockspace for vgL or vgV: $outp"

step "exclusive and shared activation"
twin_ok "lvchange -an a" lvchange -an @VG@/a
twin_ok "lvchange -aey a" lvchange -aey @VG@/a
twin_ok "lvchange -an b" lvchange -an @VG@/b
twin_ok "lvchange -asy b" lvchange -asy @VG@/b
twin_ok "lvs: both active" lvs --noheadings -o lv_name,lv_attr @VG@
# lvmlockd holds a's lock exclusive and b's shared, for vgtool as for lvm2
expect_eq "lvmlockd's record of vgV as of vgL (LV locks ex and sh)" \
	"$(lockspace vgL | sed 's/vgL/VG/; /^LK VG/d' | sort)" "$(lockspace vgV | sed 's/vgV/VG/; /^LK VG/d' | sort)"
[[ $(lockspace vgV) == *"LK LV ex"* && $(lockspace vgV) == *"LK LV sh"* ]] ||
	fail "vgtool's LV locks not in lvmlockd: $(lockspace vgV)"
# granted by both (lvm2 2.03.16): the lock as lvmlockd then holds it, alike
twin "lvchange -asy of an LV active exclusive" lvchange -asy @VG@/a
expect_eq "lvmlockd's record of vgV as of vgL after -asy of a" \
	"$(lockspace vgL | sed 's/vgL/VG/; /^LK VG/d' | sort)" "$(lockspace vgV | sed 's/vgV/VG/; /^LK VG/d' | sort)"
twin_ok "vgchange -an" vgchange -an @VG@
twin_ok "lvs: none active" lvs --noheadings -o lv_name,lv_attr @VG@

step "lock stop: the VG refused while stopped; started again"
twin_ok "vgchange --lockstop" vgchange --lockstop @VG@
twin_refused "lvchange -aey, the lockspace stopped" lvchange -aey @VG@/a
twin_refused "vgremove, the lockspace stopped" vgremove -y @VG@
twin_ok "vgchange --lockstart" vgchange --lockstart @VG@
twin_ok "lvchange -aey a again" lvchange -aey @VG@/a
twin_refused "vgchange --locktype none, an LV active" vgchange --locktype none @VG@
twin_ok "lvchange -an a" lvchange -an @VG@/a

step "vgchange --locktype none, then dlm again"
twin_ok "vgchange --locktype none" vgchange --locktype none @VG@
twin_ok "vgs: local" vgs --noheadings -o vg_attr,vg_lock_type,vg_lock_args @VG@
twin_ok "vgchange --locktype dlm" vgchange --locktype dlm @VG@
twin_ok "vgs: dlm again" vgs --noheadings -o vg_attr,vg_lock_type,vg_lock_args @VG@
twin_ok "lvs: the LVs' lock args again" lvs --noheadings -o lv_name,lv_lockargs @VG@
twin_ok "vgchange --lockstart after the change" vgchange --lockstart @VG@
twin_ok "lvchange -aey a, dlm again" lvchange -aey @VG@/a
twin_ok "lvchange -an a" lvchange -an @VG@/a
expect_eq "seqno, vgtool's as lvm2's" "$(lvm_ref vgs --noheadings -o seqno vgL | xargs)" \
	"$(lvm_ref vgs --noheadings -o seqno vgV | xargs)"
twin_ok "vgck" vgck @VG@
# dlm has no lvmlock: a new VG uuid is allowed, as by lvm2
twin_ok "vgchange -u" vgchange -u @VG@
twin_ok "lvchange -aey a after the new uuid" lvchange -aey @VG@/a
twin_ok "lvchange -an a" lvchange -an @VG@/a

step "vgremove"
twin_ok "vgremove -y" vgremove -y @VG@
twin_ok "vgs: nothing left" vgs --noheadings -o vg_name
expect_eq "VGs after the removals" "" "$outp"
# lvmlockd lets a stopped lockspace go in its own time
for ((i = 0; i < 50; i++)); do
	[[ $(lvmlockctl --info) != *"LS dlm lvm_vg"[LV]* ]] && break
	sleep 0.2
done
rec "lvmlockd's lockspaces after the removals" lvmlockctl --info
[[ $outp != *"LS dlm lvm_vgV"* ]] || fail "vgV's lockspace left in lvmlockd after vgremove: $outp"
step "done"
