/* Loop devices through the kernel's loop-control interface (no losetup:
 * starting programs is slow and their output is not an API). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device/loop.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

/* sysfs shows each loop device's backing file. */
char *loop_find(const char *file)
{
	char real[4096];
	DIR *d;
	struct dirent *e;
	char *found = NULL;

	if (!realpath(file, real))
		return NULL;
	d = opendir("/sys/block");
	if (!d)
		return NULL;
	while (!found && (e = readdir(d))) {
		struct strbuf p = STRBUF_INIT;
		char buf[4096];
		FILE *f;
		if (strncmp(e->d_name, "loop", 4))
			continue;
		strbuf_addf(&p, "/sys/block/%s/loop/backing_file", e->d_name);
		f = fopen(p.buf, "r");
		if (f) {
			if (fgets(buf, sizeof(buf), f)) {
				buf[strcspn(buf, "\n")] = '\0';
				if (!strcmp(buf, real)) {
					strbuf_reset(&p);
					strbuf_addf(&p, "/dev/%s", e->d_name);
					found = strbuf_detach(&p, NULL);
				}
			}
			fclose(f);
		}
		strbuf_release(&p);
	}
	closedir(d);
	return found;
}

char *loop_attach(const char *file)
{
	struct loop_info64 info;
	struct strbuf path = STRBUF_INIT;
	char *existing = loop_find(file);
	int ctl, n, fd = -1, lfd = -1;

	if (existing)
		return existing;
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		log_error("Cannot attach %s to a loop device: /dev/loop-control: %s.", file,
		          strerror(errno));
		return NULL;
	}
	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	close(ctl);
	if (n < 0) {
		log_error("Cannot attach %s: no free loop device: %s.", file, strerror(errno));
		return NULL;
	}
	strbuf_addf(&path, "/dev/loop%d", n);
	fd = open(file, O_RDWR | O_CLOEXEC);
	lfd = open(path.buf, O_RDWR | O_CLOEXEC);
	if (fd < 0 || lfd < 0) {
		log_error("Cannot attach %s to %s: %s.", file, path.buf, strerror(errno));
		goto fail;
	}
	if (ioctl(lfd, LOOP_SET_FD, fd)) {
		log_error("Cannot attach %s to %s: %s.", file, path.buf, strerror(errno));
		goto fail;
	}
	memset(&info, 0, sizeof(info));
	/* autoclear: the loop device goes with its last user (the tables) */
	info.lo_flags = LO_FLAGS_AUTOCLEAR;
	snprintf((char *)info.lo_file_name, sizeof(info.lo_file_name), "%s", file);
	if (ioctl(lfd, LOOP_SET_STATUS64, &info)) {
		log_error("Cannot configure %s for %s: %s.", path.buf, file, strerror(errno));
		ioctl(lfd, LOOP_CLR_FD, 0);
		goto fail;
	}
	close(fd);
	/* lfd stays open on purpose: with autoclear the device would go at
	 * its last close, before any table holds it.  The process's exit
	 * closes it, after the tables are loaded. */
	log_verbose("Attached %s to %s.", file, path.buf);
	return strbuf_detach(&path, NULL);
fail:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	strbuf_release(&path);
	return NULL;
}
