/* The plan of `lvextend/lvreduce/lvresize -r` (lib/device/filesystem.c):
 * which steps run in which order and what is refused before any change,
 * against what lvm2 2.03.16 did through fsadm in the sandbox (scenario
 * 063), and the mountinfo reader that tells where a device is mounted. */
#include "unit.h"

#include "device/filesystem.h"

static struct fs_plan plan(const char *type, int active, int mounted, enum fs_direction dir,
                           int nofsck)
{
	struct fs_situation s = {type, active, mounted, dir, nofsck};
	struct fs_plan p;
	fs_plan_resize(&s, &p);
	return p;
}

/* The plan's steps as letters: C check, L the LV, R the filesystem's
 * resize; or the refusal's number after '!'. */
static const char *steps(const struct fs_plan *p)
{
	static char buf[8];
	size_t n = 0;
	if (p->refusal) {
		snprintf(buf, sizeof(buf), "!%d", (int)p->refusal);
		return buf;
	}
	for (size_t i = 0; i < p->n_steps; i++)
		buf[n++] = p->steps[i] == FS_STEP_CHECK ? 'C'
		           : p->steps[i] == FS_STEP_LV  ? 'L'
		                                        : 'R';
	buf[n] = '\0';
	return buf;
}

static void expect_steps(const char *type, int mounted, enum fs_direction dir, int nofsck,
                         const char *want)
{
	struct fs_plan p = plan(type, 1, mounted, dir, nofsck);
	assert_string_equal(steps(&p), want);
}

static void expect_refusal(const char *type, int active, int mounted, enum fs_direction dir,
                           enum fs_refusal want)
{
	struct fs_plan p = plan(type, active, mounted, dir, 0);
	assert_int_equal(p.refusal, want);
	assert_int_equal(p.n_steps, 0);
}

static void test_family(void **state)
{
	(void)state;
	assert_int_equal(fs_family_of(NULL), FS_FAMILY_NONE);
	assert_int_equal(fs_family_of(""), FS_FAMILY_NONE);
	assert_int_equal(fs_family_of("ext2"), FS_FAMILY_EXT);
	assert_int_equal(fs_family_of("ext3"), FS_FAMILY_EXT);
	assert_int_equal(fs_family_of("ext4"), FS_FAMILY_EXT);
	assert_int_equal(fs_family_of("xfs"), FS_FAMILY_XFS);
	/* fsadm's pattern is ext[234]: nothing else of the family */
	assert_int_equal(fs_family_of("ext4dev"), FS_FAMILY_OTHER);
	assert_int_equal(fs_family_of("swap"), FS_FAMILY_OTHER);
	assert_int_equal(fs_family_of("vfat"), FS_FAMILY_OTHER);
	assert_int_equal(fs_family_of("btrfs"), FS_FAMILY_OTHER);
	assert_int_equal(fs_family_of("crypto_LUKS"), FS_FAMILY_OTHER);
}

/* lvm2: growing, the LV first, then resize2fs; an unmounted filesystem
 * is checked first, a mounted one not (fsadm's check answers "mounted"
 * and lvm2 goes on). */
static void test_ext_grow(void **state)
{
	(void)state;
	expect_steps("ext4", 0, FS_GROW, 0, "CLR");
	expect_steps("ext4", 1, FS_GROW, 0, "LR");
	expect_steps("ext3", 0, FS_GROW, 1, "LR"); /* -n: no check */
	expect_steps("ext2", 1, FS_GROW, 1, "LR");
}

/* lvm2: shrinking, the check and resize2fs first, the LV after; the
 * same size resizes the filesystem to fill the LV (the LV step says
 * "unchanged"). */
static void test_ext_shrink_and_same(void **state)
{
	(void)state;
	expect_steps("ext4", 0, FS_SHRINK, 0, "CRL");
	expect_steps("ext4", 0, FS_SHRINK, 1, "RL");
	expect_steps("ext4", 0, FS_SAME, 0, "CLR");
	expect_steps("ext4", 1, FS_SAME, 0, "LR");
}

static void test_xfs(void **state)
{
	(void)state;
	/* xfs_growfs on the mount point, after the LV; never a check */
	expect_steps("xfs", 1, FS_GROW, 0, "LR");
	expect_steps("xfs", 1, FS_SAME, 0, "LR");
	/* shrinking is refused mounted or not, as fsadm does */
	expect_refusal("xfs", 1, 1, FS_SHRINK, FS_REFUSE_XFS_SHRINK);
	expect_refusal("xfs", 1, 0, FS_SHRINK, FS_REFUSE_XFS_SHRINK);
	/* fsadm would mount it on a temporary directory; vgtool mounts
	 * nothing */
	expect_refusal("xfs", 1, 0, FS_GROW, FS_REFUSE_XFS_UNMOUNTED);
	expect_refusal("xfs", 1, 0, FS_SAME, FS_REFUSE_XFS_UNMOUNTED);
}

static void test_refusals(void **state)
{
	struct fs_plan p;
	(void)state;
	/* fsadm would offer to unmount; vgtool refuses, whatever -y says */
	expect_refusal("ext4", 1, 1, FS_SHRINK, FS_REFUSE_MOUNTED_SHRINK);
	/* lvm2: "Cannot get FSTYPE", "not supported by this tool" */
	expect_refusal(NULL, 1, 0, FS_GROW, FS_REFUSE_NO_FS);
	expect_refusal("swap", 1, 0, FS_GROW, FS_REFUSE_UNSUPPORTED);
	expect_refusal("vfat", 1, 1, FS_SHRINK, FS_REFUSE_UNSUPPORTED);
	/* lvm2 wants an active LV before it looks at the filesystem */
	expect_refusal(NULL, 0, 0, FS_GROW, FS_REFUSE_INACTIVE);
	expect_refusal("ext4", 0, 0, FS_SHRINK, FS_REFUSE_INACTIVE);
	/* the type is refused before what it allows */
	expect_refusal("btrfs", 1, 1, FS_SHRINK, FS_REFUSE_UNSUPPORTED);
	p = plan("ext4", 1, 1, FS_SHRINK, 1);
	assert_int_equal(p.refusal, FS_REFUSE_MOUNTED_SHRINK); /* -n changes nothing there */
}

static void test_programs(void **state)
{
	(void)state;
	assert_string_equal(fs_step_program(FS_FAMILY_EXT, FS_STEP_CHECK), "e2fsck");
	assert_string_equal(fs_step_program(FS_FAMILY_EXT, FS_STEP_RESIZE), "resize2fs");
	assert_string_equal(fs_step_program(FS_FAMILY_XFS, FS_STEP_RESIZE), "xfs_growfs");
	assert_null(fs_step_program(FS_FAMILY_EXT, FS_STEP_LV));
	assert_null(fs_step_program(FS_FAMILY_XFS, FS_STEP_CHECK));
	assert_null(fs_step_program(FS_FAMILY_OTHER, FS_STEP_RESIZE));
}

static const char mountinfo[] =
    "22 1 0:21 / / ro,relatime shared:1 - 9p host ro,trans=virtio\n"
    "25 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=1k\n"
    /* a bind mount of a directory of the filesystem comes first */
    "40 25 254:3 /sub /srv/bind rw,relatime - ext4 /dev/mapper/vg-a rw\n"
    "41 25 254:3 / /tmp/m rw,relatime - ext4 /dev/mapper/vg-a rw\n"
    "42 25 254:30 / /mnt/with\\040space\\011tab\\134 rw - xfs /dev/mapper/vg-x rw\n"
    "43 25 2540:3 / /mnt/other rw - ext4 /dev/mapper/vg-b rw";

static void test_mountinfo(void **state)
{
	struct strbuf mp = STRBUF_INIT;
	(void)state;
	/* the first line of the device, as fsadm's `grep | head -1` */
	assert_int_equal(mountinfo_find(mountinfo, 254, 3, &mp), 1);
	assert_string_equal(mp.buf, "/srv/bind");
	strbuf_reset(&mp);
	/* \040 (space), \011 (tab) and \134 (backslash) decoded */
	assert_int_equal(mountinfo_find(mountinfo, 254, 30, &mp), 1);
	assert_string_equal(mp.buf, "/mnt/with space\ttab\\");
	strbuf_reset(&mp);
	/* 254:3 is not a prefix of 2540:3 nor of 254:30; the last line has
	 * no newline */
	assert_int_equal(mountinfo_find(mountinfo, 2540, 3, &mp), 1);
	assert_string_equal(mp.buf, "/mnt/other");
	strbuf_reset(&mp);
	assert_int_equal(mountinfo_find(mountinfo, 254, 4, &mp), 0);
	assert_int_equal(mountinfo_find(mountinfo, 25, 3, &mp), 0);
	assert_int_equal(mp.len, 0);
	/* short or broken lines are passed over, never read past */
	assert_int_equal(mountinfo_find("1 2 254:3\n1 2 254:3 /\n1 2 x:y / /a\n", 254, 3, &mp), 0);
	assert_int_equal(mountinfo_find("", 254, 3, &mp), 0);
	assert_int_equal(mountinfo_find("1 2 254:3 / /e\\04", 254, 3, &mp), 1);
	assert_string_equal(mp.buf, "/e\\04"); /* a cut escape stays as it is */
	strbuf_release(&mp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_family),
	    cmocka_unit_test(test_ext_grow),
	    cmocka_unit_test(test_ext_shrink_and_same),
	    cmocka_unit_test(test_xfs),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_programs),
	    cmocka_unit_test(test_mountinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
