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
 * every superblock and partition table libblkid knows.  NULL (logged), or
 * the probe with the descriptor in *fd (close both with probe_close). */
static blkid_probe probe_open(const char *path, int flags, int *fd)
{
	blkid_probe pr;

	*fd = open(path, flags | O_CLOEXEC);
	if (*fd < 0) {
		log_error("Cannot open %s: %s.", path, strerror(errno));
		return NULL;
	}
	pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, *fd, 0, 0)) {
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
	blkid_probe pr = probe_open(path, O_RDONLY, &fd);

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

int sig_wipe(const char *path, struct strbuf *wiped)
{
	int fd, r = 0;
	blkid_probe pr;

	if (dev_test_mode())
		return 0;
	if (!(pr = probe_open(path, O_RDWR, &fd)))
		return -1;
	while (blkid_do_probe(pr) == 0) {
		const char *type = probe_type(pr);
		if (is_lvm(type))
			continue;
		if (blkid_do_wipe(pr, 0)) {
			log_error("Cannot wipe the %s signature on %s.", type, path);
			r = -1;
			break;
		}
		strbuf_addf(wiped, "%s\n", type);
	}
	blkid_free_probe(pr);
	if (fsync(fd) && !r) {
		log_error("Cannot flush %s: %s.", path, strerror(errno));
		r = -1;
	}
	close(fd);
	return r;
}
