# Concurrent commands on one VG serialise on its lock and none is lost: 8
# processes each create 50 LVs and remove every second one, at the same
# time.  Every operation that reported success is in the final metadata,
# seqno counts every commit, and both tools' vgck pass.
# disks: 1
# disk-size: 4G
# timeout: 900
. "$SRCDIR/tests/kernel/lib.sh"

"$VGTOOL" vgcreate -s 1M vg0 ${DISK[0]}

worker() {
	local p=$1 j
	for ((j = 1; j <= 50; j++)); do
		"$VGTOOL" lvcreate -an -Zn -L 1M -n "p$p-$j" vg0 >/dev/null 2>>/tmp/err.$p && echo "create p$p-$j"
		if ((j % 2 == 0)); then
			"$VGTOOL" lvremove "vg0/p$p-$j" >/dev/null 2>>/tmp/err.$p && echo "remove p$p-$j"
		fi
	done >/tmp/ok.$p
}

step "8 writers"
for p in 1 2 3 4 5 6 7 8; do worker $p & done
wait

step "check"
cat /tmp/err.* >&2 || true
creates=$(cat /tmp/ok.* | grep -c '^create' || true)
removes=$(cat /tmp/ok.* | grep -c '^remove' || true)
expect_eq "successful creates" 400 "$creates"
expect_eq "successful removes" 200 "$removes"
want=$(for p in 1 2 3 4 5 6 7 8; do for ((j = 1; j <= 50; j += 2)); do echo "p$p-$j"; done; done | sort)
got=$("$VGTOOL" lvs --noheadings -o lv_name vg0 | sed 's/ //g' | sort)
expect_eq "LVs in the final metadata" "$want" "$got"
ref=$(lvm_ref lvs --noheadings -o lv_name vg0 | sed 's/ //g' | sort)
expect_eq "LVs as lvm2 sees them" "$want" "$ref"
seqno=$(lvm_ref vgs --noheadings -o seqno vg0 | tr -d ' ')
expect_eq "seqno (1 vgcreate + 600 commits)" 601 "$seqno"
"$VGTOOL" vgck vg0
lvm_ref vgck vg0
