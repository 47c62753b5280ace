# lvm2's answers to bad input, replayed with vgtool: every command of
# tests/fixtures/lvm2/errors.txt (recorded from lvm2 2.03.16 in a guest
# with disks of the same sizes: setup, then each refusal and a few accepted
# edge cases) runs in order with vgtool on the same disks (the recording's
# disk names mapped to this guest's), and must end with lvm2's exit
# status; a refusal prints exactly one line on stderr.
# disks: 8
# disk-size: 64M,80M,16M,16M,64M,16M,64M,32M
# timeout: 600
. "$SRCDIR/tests/kernel/lib.sh"

fixture=$SRCDIR/tests/fixtures/lvm2/errors.txt
[[ -s $fixture ]] || fail "no fixture $fixture"

# Deliberate differences, each documented (man pages, closing notes):
#   none yet
declare -A allowed=()

tools=" pvcreate pvremove pvs pvdisplay vgcreate vgextend vgreduce vgremove vgrename vgchange vgck vgs vgdisplay lvcreate lvremove lvrename lvextend lvreduce lvresize lvchange lvs lvdisplay "
n=0 bad=0 cmd=
while IFS= read -r line; do
	case $line in
	'>>> $ '*) cmd=$(fixture_disks "${line#'>>> $ '}") ;;
	'>>> exit '*)
		[[ -n $cmd ]] || continue
		want=${line#'>>> exit '}
		word=${cmd%% *}
		if [[ $tools == *" $word "* ]]; then
			run="\"\$VGTOOL\" $cmd"
		else
			run=$cmd
		fi
		rc=0
		eval "$run" </dev/null >/tmp/out 2>/tmp/err || rc=$?
		n=$((n + 1))
		if ((rc != want)) && [[ -z ${allowed[$cmd]:-} ]]; then
			echo "MISMATCH: $cmd: lvm2 exit $want, vgtool exit $rc: $(head -c 300 /tmp/err)"
			bad=$((bad + 1))
		elif ((rc != 0)) && [[ $tools == *" $word "* ]] && [[ $(wc -l </tmp/err) != 1 ]]; then
			echo "MISMATCH: $cmd: refused with $(wc -l </tmp/err) lines on stderr: $(cat /tmp/err)"
			bad=$((bad + 1))
		fi
		cmd=
		;;
	esac
done <"$fixture"
step "$n commands replayed, $bad differ from lvm2"
((n > 50)) || fail "only $n commands in the fixture"
((bad == 0)) || fail "$bad of $n commands answered differently from lvm2 (MISMATCH lines above)"
