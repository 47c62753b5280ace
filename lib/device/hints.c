/* lvm2's hints, invalidated as lvm2's own commands do (see hints.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "device/hints.h"
#include "misc/log.h"
#include "misc/strbuf.h"

static int hints_fd = -1;

/* An empty flag file (lvm2 makes them with fopen "w"). */
static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int hints_invalidate(const char *run_dir, const char *who)
{
	struct strbuf hints = STRBUF_INIT, nohints = STRBUF_INIT, newhints = STRBUF_INIT,
	              line = STRBUF_INIT;
	time_t now = time(NULL);
	struct stat st;
	int fd, r = -1;

	if (stat(run_dir, &st) || !S_ISDIR(st.st_mode) || access(run_dir, W_OK))
		return 0;
	strbuf_addf(&hints, "%s/hints", run_dir);
	strbuf_addf(&nohints, "%s/nohints", run_dir);
	strbuf_addf(&newhints, "%s/newhints", run_dir);
	if (touch(nohints.buf))
		goto out;
	/* lvm2 locks the file only if it is there; it writes it anyway */
	fd = open(hints.buf, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		while (flock(fd, LOCK_EX) && errno == EINTR)
			;
		hints_release();
		hints_fd = fd;
	}
	unlink(nohints.buf);
	/* emptied in place: the inode others lock stays the same */
	fd = open(hints.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		goto out;
	strbuf_addf(&line, "# Created empty by %s pid %d %s", who, (int)getpid(), ctime(&now));
	if (write(fd, line.buf, line.len) != (ssize_t)line.len) {
		close(fd);
		goto out;
	}
	close(fd);
	if (touch(newhints.buf))
		goto out;
	log_debug("lvm2's hints in %s invalidated.", run_dir);
	r = 0;
out:
	if (r)
		log_warn("WARNING: Cannot invalidate lvm2's device hints in %s: %s.", run_dir,
		         strerror(errno));
	strbuf_release(&hints);
	strbuf_release(&nohints);
	strbuf_release(&newhints);
	strbuf_release(&line);
	return r;
}

void hints_release(void)
{
	if (hints_fd >= 0)
		close(hints_fd);
	hints_fd = -1;
}
