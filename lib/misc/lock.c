/* flock-based locks (see lock.h).  The lock files are never removed:
 * removing a file another process is waiting on would let a third one
 * lock a new file of the same name at the same time. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "misc/lock.h"
#include "misc/log.h"
#include "misc/strbuf.h"

static const char *lock_dir(void)
{
	static char *user_dir;
	const char *d = getenv("VGTOOL_LOCK_DIR");

	if (d && *d)
		return d;
	/* Users other than root can only reach their own image files, which
	 * only their own commands need to serialise on: a private folder
	 * (root's /run/lock/vgtool is not theirs to write). */
	if (geteuid() != 0) {
		if (!user_dir) {
			struct strbuf sb = STRBUF_INIT;
			const char *run = getenv("XDG_RUNTIME_DIR");
			if (run && *run)
				strbuf_addf(&sb, "%s/vgtool", run);
			else
				strbuf_addf(&sb, "/tmp/vgtool-lock-%u", (unsigned)geteuid());
			user_dir = strbuf_detach(&sb, NULL);
		}
		return user_dir;
	}
	return "/run/lock/vgtool";
}

static int make_dir(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0;
	strbuf_addstr(&sb, dir);
	/* create each missing component (/run/lock may not exist in a
	 * minimal environment) */
	for (char *p = sb.buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(sb.buf, 0755) && errno != EEXIST)
			r = -1;
		*p = '/';
	}
	if (mkdir(sb.buf, 0700) && errno != EEXIST)
		r = -1;
	else
		r = 0;
	if (r)
		log_error("Cannot create the lock directory %s: %s.", dir, strerror(errno));
	strbuf_release(&sb);
	return r;
}

static int take(const char *name, enum lock_mode mode)
{
	struct strbuf path = STRBUF_INIT;
	int fd;

	if (make_dir(lock_dir()))
		return -1;
	strbuf_addf(&path, "%s/%s", lock_dir(), name);
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("Cannot open the lock file %s: %s.", path.buf, strerror(errno));
		strbuf_release(&path);
		return -1;
	}
	while (flock(fd, mode == LOCK_EXCLUSIVE_MODE ? LOCK_EX : LOCK_SH)) {
		if (errno == EINTR)
			continue;
		log_error("Cannot lock %s: %s.", path.buf, strerror(errno));
		close(fd);
		strbuf_release(&path);
		return -1;
	}
	log_debug("Locked %s (%s).", path.buf,
	          mode == LOCK_EXCLUSIVE_MODE ? "exclusive" : "shared");
	strbuf_release(&path);
	return fd;
}

int lock_global(enum lock_mode mode)
{
	return take("P_global", mode);
}

int lock_vg(const char *vg_name, enum lock_mode mode)
{
	struct strbuf name = STRBUF_INIT;
	int r;
	/* VG names cannot contain '/', so the name is a safe file name */
	strbuf_addf(&name, "V_%s", vg_name);
	r = take(name.buf, mode);
	strbuf_release(&name);
	return r;
}

void lock_release(int handle)
{
	if (handle >= 0)
		close(handle);
}
