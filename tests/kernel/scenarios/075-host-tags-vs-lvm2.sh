# Host tags and their files, vgtool's next to lvm2's: each tool's own
# file gives the host tags (tags/hosttags: the machine name; @site: a tag
# for every host; @elsewhere and here: only for the hosts named in their
# host_list, this one for "here" only), and the file of tag "site" (lvm_site.conf, vgtool_site.conf)
# sets activation/volume_list = [ "@*" ].  On twin VGs (lvm2 on "vgL",
# vgtool on "vgV"), LVs tagged with each tag are activated by vgchange
# -ay: those with a host tag (on the LV, or any LV of a VG with one) come
# up, the others stay inactive, alike under both tools; and lvmconfig
# shows the same merged files.
# disks: 2
# disk-size: 256M
# timeout: 300
. "$SRCDIR/tests/kernel/lib.sh"

# the guest's machine name is "(none)", not a valid tag
host=tagtest
echo $host >/proc/sys/kernel/hostname
tags='tags {
 hosttags = 1
 @site { }
 @elsewhere { host_list = [ "nosuchhost" ] }
 here { host_list = [ "nosuchhost", "tagtest" ] }
}
'
printf '%s' "$tags" >>"$LVM_SYSTEM_DIR/lvm.conf"
cp "$LVM_SYSTEM_DIR/lvm.conf" "$VGTOOL_SYSTEM_DIR/vgtool.conf"
printf 'activation {\n volume_list = [ "@*" ]\n}\nlog {\n verbose = 0\n}\n' >"$LVM_SYSTEM_DIR/lvm_site.conf"
cp "$LVM_SYSTEM_DIR/lvm_site.conf" "$VGTOOL_SYSTEM_DIR/vgtool_site.conf"

step "lvmconfig: the merged files"
lvm lvmconfig >"$OUT/lvm2.conf" 2>/dev/null || fail "lvm2's lvmconfig failed"
"$VGTOOL" lvmconfig >"$OUT/vgtool.conf" || fail "vgtool's lvmconfig failed"
expect_file_eq "lvmconfig" "$OUT/lvm2.conf" "$OUT/vgtool.conf"
grep -q 'volume_list="@\*"' "$OUT/vgtool.conf" || fail "vgtool_site.conf not merged"

step "vgchange -ay with volume_list = [ \"@*\" ]"
lvm vgcreate -q vgL ${DISK[0]} >/dev/null
"$VGTOOL" vgcreate -q vgV ${DISK[1]} >/dev/null
for t in lvm "$VGTOOL"; do
	vg=vgL
	[[ $t == lvm ]] || vg=vgV
	"$t" lvcreate -q -an -Zn -L 8M -n site --addtag site $vg >/dev/null 2>&1
	"$t" lvcreate -q -an -Zn -L 8M -n host --addtag "$host" $vg >/dev/null 2>&1
	"$t" lvcreate -q -an -Zn -L 8M -n elsewhere --addtag elsewhere $vg >/dev/null 2>&1
	"$t" lvcreate -q -an -Zn -L 8M -n here --addtag here $vg >/dev/null 2>&1
	"$t" lvcreate -q -an -Zn -L 8M -n plain $vg >/dev/null 2>&1
	"$t" vgchange -ay $vg >/dev/null 2>&1 || fail "$t vgchange -ay $vg failed"
	"$t" lvs --noheadings -o lv_name,lv_active $vg >"$OUT/$vg.active"
	"$t" vgchange -an $vg >/dev/null 2>&1
done
expect_file_eq "active LVs" "$OUT/vgL.active" "$OUT/vgV.active"
grep -q 'site *active' "$OUT/vgV.active" || fail "an LV with host tag site not active"
grep -q 'host *active' "$OUT/vgV.active" || fail "an LV with the machine name not active"
grep -q 'here *active' "$OUT/vgV.active" || fail "an LV with this host's host_list tag not active"
grep -q 'plain *active' "$OUT/vgV.active" && fail "an LV without host tags active"
grep -q 'elsewhere *active' "$OUT/vgV.active" && fail "an LV of another host's tag active"

step "a host tag on the VG lets every LV through"
lvm vgchange -q --addtag site vgL >/dev/null
"$VGTOOL" vgchange -q --addtag site vgV >/dev/null
lvm vgchange -ay vgL >/dev/null 2>&1
"$VGTOOL" vgchange -ay vgV >/dev/null 2>&1
lvm lvs --noheadings -o lv_name,lv_active vgL >"$OUT/vgL.active"
"$VGTOOL" lvs --noheadings -o lv_name,lv_active vgV >"$OUT/vgV.active"
expect_file_eq "active LVs" "$OUT/vgL.active" "$OUT/vgV.active"
grep -q 'plain *active' "$OUT/vgV.active" || fail "an LV of a VG with a host tag not active"
lvm vgchange -an vgL >/dev/null 2>&1
"$VGTOOL" vgchange -an vgV >/dev/null 2>&1

step "an invalid tag name: lvm2's words"
printf 'tags {\n "@-bad" { }\n}\n' >>"$VGTOOL_SYSTEM_DIR/vgtool.conf"
rc=0
err=$("$VGTOOL" vgs 2>&1 >/dev/null) || rc=$?
expect_eq "exit status with a bad tag" 5 "$rc"
expect_eq "the bad tag's line" "  Invalid tag in config file: @-bad" "$err"
echo "host tags: ok"
