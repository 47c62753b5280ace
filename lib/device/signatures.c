/* Signature detection and wiping through libblkid's low-level probe,
 * which reads the device directly (no cache, no udev). */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "device/signatures.h"
#include "misc/log.h"

/* Open `path` (`flags`: O_RDONLY or O_RDWR) and set a probe on it for
 * every superblock and partition table libblkid knows, over the `size`
 * bytes at `offset` (0, 0: the whole device).  NULL (logged), or the
 * probe with the descriptor in *fd (close both with probe_close). */
static blkid_probe probe_open(const char *path, int flags, uint64_t offset, uint64_t size, int *fd)
{
	blkid_probe pr;

	*fd = open(path, flags | O_CLOEXEC);
	if (*fd < 0) {
		log_error("Cannot open %s: %s.", path, strerror(errno));
		return NULL;
	}
	pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, *fd, (blkid_loff_t)offset, (blkid_loff_t)size)) {
		log_error("Cannot probe %s for signatures.", path);
		if (pr)
			blkid_free_probe(pr);
		close(*fd);
		return NULL;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_MAGIC |
	                                          BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	return pr;
}

static void probe_close(blkid_probe pr, int fd)
{
	blkid_free_probe(pr);
	close(fd);
}

/* The type of the signature blkid_do_probe() just found. */
static const char *probe_type(blkid_probe pr)
{
	const char *type = NULL;
	if (blkid_probe_lookup_value(pr, "TYPE", &type, NULL) &&
	    blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL))
		type = "unknown";
	return type;
}

static int is_lvm(const char *type)
{
	return type && !strcmp(type, "LVM2_member");
}

int sig_find(const char *path, struct strbuf *found)
{
	int fd, n = 0;
	blkid_probe pr = probe_open(path, O_RDONLY, 0, 0, &fd);

	if (!pr)
		return -1;
	/* blkid_do_probe steps through every signature, one per call */
	while (blkid_do_probe(pr) == 0) {
		const char *type = probe_type(pr), *off = NULL;
		if (blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off, NULL))
			blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off, NULL);
		if (is_lvm(type))
			continue;
		strbuf_addf(found, "%s%s at offset %s", n ? ", " : "", type, off ? off : "?");
		n++;
	}
	probe_close(pr, fd);
	return n;
}

/* Wipe what blkid finds in the area (all of `path` for 0, 0) but the
 * type `keep`; without `yes`, refuse the first one found instead. */
static int wipe(const char *path, uint64_t offset, uint64_t size, const char *keep, int yes,
                const char *name, struct strbuf *wiped)
{
	int fd, r = 0;
	blkid_probe pr;

	if (!(pr = probe_open(path, yes ? O_RDWR : O_RDONLY, offset, size, &fd)))
		return -1;
	while (blkid_do_probe(pr) == 0) {
		const char *type = probe_type(pr), *off = NULL;
		if (!strcmp(type, keep))
			continue;
		if (!yes) {
			if (blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off, NULL))
				blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off, NULL);
			log_error("%s signature detected on %s at offset %s: not wiped without -y "
			          "(or -Wn to keep it).",
			          type, name, off ? off : "?");
			r = -1;
			break;
		}
		if (dev_test_mode()) {
			strbuf_addf(wiped, "%s\n", type);
			continue;
		}
		/* (blkid_do_wipe steps back: the next probe looks again
		 * where this signature was) */
		if (blkid_do_wipe(pr, 0)) {
			log_error("Failed to wipe %s signature on %s.", type, name);
			r = -1;
			break;
		}
		strbuf_addf(wiped, "%s\n", type);
	}
	blkid_free_probe(pr);
	if (yes && !dev_test_mode() && fsync(fd) && !r) {
		log_error("Cannot flush %s: %s.", path, strerror(errno));
		r = -1;
	}
	close(fd);
	return r;
}

int sig_wipe(const char *path, struct strbuf *wiped)
{
	/* (the PV label is rewritten by the caller) */
	return dev_test_mode() ? 0 : wipe(path, 0, 0, "LVM2_member", 1, path, wiped);
}

int sig_wipe_area(const char *path, uint64_t offset, uint64_t size, int yes, const char *name,
                  struct strbuf *wiped)
{
	/* (a COW's header is the one signature lvm2 leaves in place) */
	return wipe(path, offset, size, "DM_snapshot_cow", yes, name, wiped);
}
