# The replay table's second half: the second, fourth... of the files of
# tests/kernel/replay (070 replays the others; its comment says how).
# disks: 6
# disk-size: 64M
# timeout: 600
REPLAY_PART=2
. "$SRCDIR/tests/kernel/scenarios/070-replay-vs-lvm2.sh"
