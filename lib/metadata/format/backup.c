/* Metadata backups and archives (see backup.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "metadata/format/backup.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

const char *system_dir(void)
{
	static char *user_dir;
	const char *d = getenv("VGTOOL_SYSTEM_DIR");
	const char *home;

	if (d && *d)
		return d;
	/* A user who is not root works on image files of their own and
	 * cannot write /etc: their configuration, backups and archives live
	 * in ~/.vgtool instead. */
	if (geteuid() != 0 && (home = getenv("HOME")) && *home) {
		if (!user_dir) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s/.vgtool", home);
			user_dir = strbuf_detach(&sb, NULL);
		}
		return user_dir;
	}
	return "/etc/vgtool";
}

void text_origin_init(struct text_origin *o, const char *description)
{
	struct utsname u;
	struct strbuf sys = STRBUF_INIT;

	memset(o, 0, sizeof(*o));
	o->now = time(NULL);
	o->description = description;
	if (uname(&u) == 0) {
		o->hostname = xstrdup(u.nodename);
		strbuf_addf(&sys, "%s %s %s %s %s", u.sysname, u.nodename, u.release, u.version,
		            u.machine);
	} else {
		o->hostname = xstrdup("");
	}
	o->system_line = strbuf_detach(&sys, NULL);
}

void text_origin_release(struct text_origin *o)
{
	free((char *)o->hostname);
	free((char *)o->system_line);
	o->hostname = o->system_line = NULL;
}

static int ensure_dir(const char *path)
{
	if (mkdir(path, 0700) && errno != EEXIST) {
		log_error("Cannot create %s: %s.", path, strerror(errno));
		return -1;
	}
	return 0;
}

int backup_write_file(const struct vg *vg, const struct text_origin *o, const char *path)
{
	struct strbuf text = STRBUF_INIT, tmp = STRBUF_INIT;
	int fd, r = -1;
	size_t done = 0;

	text_export_vg(vg, TEXT_FILE, o, &text);
	strbuf_addf(&tmp, "%s.tmp", path);
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("Cannot write %s: %s.", tmp.buf, strerror(errno));
		goto out;
	}
	while (done < text.len) {
		ssize_t n = write(fd, text.buf + done, text.len - done);
		if (n <= 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("Cannot write %s: %s.", tmp.buf, strerror(errno));
			close(fd);
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) || close(fd)) {
		log_error("Cannot write %s: %s.", tmp.buf, strerror(errno));
		goto out;
	}
	if (rename(tmp.buf, path)) {
		log_error("Cannot rename %s to %s: %s.", tmp.buf, path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	if (r)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	strbuf_release(&text);
	return r;
}

/* The next free archive index for this VG (lvm2 numbers them). */
static unsigned next_archive_index(const char *dir, const char *vg_name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t nl = strlen(vg_name);
	unsigned next = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		unsigned idx;
		if (strncmp(e->d_name, vg_name, nl) || e->d_name[nl] != '_')
			continue;
		if (sscanf(e->d_name + nl + 1, "%5u-", &idx) == 1 && idx + 1 > next)
			next = idx + 1;
	}
	closedir(d);
	return next;
}

/* <system dir>/<sub> in `dir`, both folders made if missing; 0 or -1
 * (logged). */
static int system_subdir(const char *sub, struct strbuf *dir)
{
	strbuf_addf(dir, "%s/%s", system_dir(), sub);
	return ensure_dir(system_dir()) || ensure_dir(dir->buf) ? -1 : 0;
}

/* The VG to `path`, described as lvm2 describes its copies: "Created
 * *before* executing 'lvcreate ...'". */
static int write_described(const struct vg *vg, const char *path, const char *when,
                           const char *cmdline)
{
	struct strbuf desc = STRBUF_INIT;
	struct text_origin o;
	int r;

	strbuf_addf(&desc, "Created *%s* executing '%s'", when, cmdline);
	text_origin_init(&o, desc.buf);
	r = backup_write_file(vg, &o, path);
	text_origin_release(&o);
	strbuf_release(&desc);
	return r;
}

int backup_archive(const struct vg *vg, const char *cmdline)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	unsigned rnd = 0;
	int r = -1;

	if (!system_subdir("archive", &dir)) {
		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd = (unsigned)time(NULL);
		strbuf_addf(&path, "%s/%s_%05u-%u.vg", dir.buf, vg->name,
		            next_archive_index(dir.buf, vg->name), rnd % 1000000000u);
		r = write_described(vg, path.buf, "before", cmdline);
	}
	strbuf_release(&dir);
	strbuf_release(&path);
	return r;
}

int backup_after(const struct vg *vg, const char *cmdline)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	int r = -1;

	if (!system_subdir("backup", &dir)) {
		strbuf_addf(&path, "%s/%s", dir.buf, vg->name);
		r = write_described(vg, path.buf, "after", cmdline);
	}
	strbuf_release(&dir);
	strbuf_release(&path);
	return r;
}

void backup_remove(const char *vg_name)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/backup/%s", system_dir(), vg_name);
	if (unlink(path.buf) && errno != ENOENT)
		log_warn("WARNING: cannot remove %s: %s.", path.buf, strerror(errno));
	strbuf_release(&path);
}
