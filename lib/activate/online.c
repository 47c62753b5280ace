/* lvm2's event-activation files under /run/lvm (online.h). */
#include "activate/online.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "misc/xalloc.h"

#define PV_ID_LEN 32
/* lvm2 reads at most this much of a pvs_online file */
#define PV_FILE_MAX 512

static const char *const folders[] = {"pvs_online", "vgs_online", "pvs_lookup"};

int online_pv_id_ok(const char *pv_id)
{
	size_t i;

	for (i = 0; pv_id[i]; i++)
		if (!isalnum((unsigned char)pv_id[i]))
			return 0;
	return i == PV_ID_LEN;
}

int online_name_ok(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
	       strlen(name) < sizeof(((struct online_pv *)0)->vg_name);
}

/* RUN_DIR/FOLDER/NAME in `buf`; -1 when it does not fit or NAME could
 * name something outside the folder. */
static int path_of(char *buf, size_t size, const char *run_dir, const char *folder,
                   const char *name)
{
	int n;

	if (!online_name_ok(name))
		return -1;
	n = snprintf(buf, size, "%s/%s/%s", run_dir, folder, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int online_setup(const char *run_dir)
{
	char path[PATH_MAX];

	if (mkdir(run_dir, 0755) && errno != EEXIST)
		return -1;
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s", run_dir, folders[i]) >=
		    (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
	}
	return 0;
}

void online_clear(const char *run_dir)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		DIR *d;
		struct dirent *de;

		if (snprintf(path, sizeof(path), "%s/%s", run_dir, folders[i]) >= (int)sizeof(path))
			continue;
		if (!(d = opendir(path)))
			continue;
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				(void)unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
}

/* The value of line "KEY:value" of `buf` after its first line, copied. */
static void field(const char *buf, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	const char *p = strchr(buf, '\n');

	out[0] = '\0';
	while (p && *++p) {
		const char *end = strchrnul(p, '\n');
		if (!strncmp(p, key, klen) && (size_t)(end - p) - klen < size) {
			memcpy(out, p + klen, (size_t)(end - p) - klen);
			out[end - p - (ptrdiff_t)klen] = '\0';
			return;
		}
		p = *end ? end : NULL;
	}
}

static int read_pv_file(const char *path, struct online_pv *out)
{
	char buf[PV_FILE_MAX];
	ssize_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	if (sscanf(buf, "%u:%u", &out->major, &out->minor) != 2)
		return -1;
	field(buf, "vg:", out->vg_name, sizeof(out->vg_name));
	field(buf, "dev:", out->dev_name, sizeof(out->dev_name));
	return 0;
}

int online_pv_read(const char *run_dir, const char *pv_id, struct online_pv *out)
{
	char path[PATH_MAX];

	memset(out, 0, sizeof(*out));
	if (!online_pv_id_ok(pv_id) || path_of(path, sizeof(path), run_dir, "pvs_online", pv_id))
		return -1;
	return read_pv_file(path, out);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

enum online_record online_pv_record(const char *run_dir, const char *pv_id, unsigned major,
                                    unsigned minor, const char *vg_name, const char *dev_name,
                                    struct online_pv *other)
{
	char path[PATH_MAX], buf[PV_FILE_MAX];
	int fd, n;
	struct online_pv scratch;

	if (!other)
		other = &scratch;
	memset(other, 0, sizeof(*other));
	if (!online_pv_id_ok(pv_id) || path_of(path, sizeof(path), run_dir, "pvs_online", pv_id)) {
		errno = EINVAL;
		return ONLINE_ERROR;
	}
	n = snprintf(buf, sizeof(buf), "%u:%u\n", major, minor);
	if (vg_name && online_name_ok(vg_name))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "vg:%s\n", vg_name);
	/* lvm2 leaves the name out when it is short or long (its buffer) */
	if (dev_name && strlen(dev_name) > 5 && strlen(dev_name) < 127 && !strchr(dev_name, '\n'))
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "dev:%s\n", dev_name);

	/* O_EXCL: two commands recording the same PV at once make one file */
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno != EEXIST)
			return ONLINE_ERROR;
		if (read_pv_file(path, other))
			return ONLINE_ALREADY; /* being written this instant */
		return other->major == major && other->minor == minor ? ONLINE_ALREADY
		                                                      : ONLINE_DUPLICATE;
	}
	/* a file cut short still says the PV is online, as in lvm2 */
	(void)write_all(fd, buf, (size_t)n);
	close(fd);
	return ONLINE_RECORDED;
}

size_t online_pvs_missing(const char *run_dir, char *const *pv_ids, size_t n)
{
	char path[PATH_MAX];
	size_t missing = 0;
	struct stat st;

	for (size_t i = 0; i < n; i++)
		if (!online_pv_id_ok(pv_ids[i]) ||
		    path_of(path, sizeof(path), run_dir, "pvs_online", pv_ids[i]) ||
		    stat(path, &st))
			missing++;
	return missing;
}

static void unlink_in(const char *run_dir, const char *folder, const char *name)
{
	char path[PATH_MAX];

	if (!path_of(path, sizeof(path), run_dir, folder, name))
		(void)unlink(path);
}

int online_pv_forget_devno(const char *run_dir, unsigned major, unsigned minor)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int forgot = 0;

	if (snprintf(path, sizeof(path), "%s/pvs_online", run_dir) >= (int)sizeof(path) ||
	    !(d = opendir(path)))
		return 0;
	while ((de = readdir(d))) {
		struct online_pv pv;
		char file[PATH_MAX];

		if (!online_pv_id_ok(de->d_name) ||
		    path_of(file, sizeof(file), run_dir, "pvs_online", de->d_name) ||
		    read_pv_file(file, &pv) || pv.major != major || pv.minor != minor)
			continue;
		(void)unlink(file);
		if (pv.vg_name[0]) {
			unlink_in(run_dir, "vgs_online", pv.vg_name);
			unlink_in(run_dir, "pvs_lookup", pv.vg_name);
		}
		forgot = 1;
	}
	closedir(d);
	return forgot;
}

int online_lookup_write(const char *run_dir, const char *vg_name, char *const *pv_ids, size_t n)
{
	char path[PATH_MAX], line[PV_ID_LEN + 2];
	int fd, r = 1;

	if (path_of(path, sizeof(path), run_dir, "pvs_lookup", vg_name))
		return -1;
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		if (!online_pv_id_ok(pv_ids[i]))
			continue;
		memcpy(line, pv_ids[i], PV_ID_LEN);
		line[PV_ID_LEN] = '\n';
		if (write_all(fd, line, PV_ID_LEN + 1))
			r = -1;
	}
	close(fd);
	return r;
}

void online_ids_free(char **pv_ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(pv_ids[i]);
	free(pv_ids);
}

/* The PV ids of lookup file `path` (lines of 32 characters; others, as
 * lvm2, passed over); *found when `pv_id` is one of them. */
static size_t read_lookup(const char *path, const char *pv_id, int *found, char ***ids)
{
	char line[64];
	size_t n = 0, cap = 0;
	FILE *f = fopen(path, "re");

	*found = 0;
	*ids = NULL;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!online_pv_id_ok(line))
			continue;
		if (!strcmp(line, pv_id))
			*found = 1;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[n++] = xstrdup(line);
	}
	fclose(f);
	return n;
}

int online_lookup_find(const char *run_dir, const char *pv_id, char **vg_name, char ***pv_ids,
                       size_t *n)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int r = -1;

	*vg_name = NULL;
	*pv_ids = NULL;
	*n = 0;
	if (snprintf(path, sizeof(path), "%s/pvs_lookup", run_dir) >= (int)sizeof(path) ||
	    !(d = opendir(path)))
		return -1;
	while (r && (de = readdir(d))) {
		char file[PATH_MAX];
		char **ids;
		int found;
		size_t k;

		if (de->d_name[0] == '.' ||
		    path_of(file, sizeof(file), run_dir, "pvs_lookup", de->d_name))
			continue;
		k = read_lookup(file, pv_id, &found, &ids);
		if (!found) {
			online_ids_free(ids, k);
			continue;
		}
		*vg_name = xstrdup(de->d_name);
		*pv_ids = ids;
		*n = k;
		r = 0;
	}
	closedir(d);
	return r;
}

int online_vg_claim(const char *run_dir, const char *vg_name)
{
	char path[PATH_MAX];
	int fd;

	if (path_of(path, sizeof(path), run_dir, "vgs_online", vg_name)) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 1;
}

void online_vg_unclaim(const char *run_dir, const char *vg_name)
{
	unlink_in(run_dir, "vgs_online", vg_name);
}
