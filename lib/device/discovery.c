/* Device discovery: the kernel's own list of block devices, which is there
 * with or without udevd running (as in the test sandbox), sorted as lvm2
 * sorts them (see discovery.h), and lvm2's device filters. */
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "device/discovery.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

static char dev_dir_name[4096] = "/dev";

int dev_dir_configure(const char *dir)
{
	size_t n;

	if (!dir)
		dir = "/dev";
	n = strlen(dir);
	if (*dir != '/' || n >= sizeof(dev_dir_name)) {
		log_error("devices/dir must be an absolute directory name: %s", dir);
		return -1;
	}
	while (n > 1 && dir[n - 1] == '/')
		n--;
	memcpy(dev_dir_name, dir, n);
	dev_dir_name[n] = '\0';
	return 0;
}

const char *dev_dir(void)
{
	return dev_dir_name;
}

/* --- filters --- */

struct pattern {
	regex_t re;
	int accept;
};
struct pattern_list {
	struct pattern *p;
	size_t n;
};
static struct pattern_list global_filter, filter;
static struct dev_filter_config settings = {.multipath_components = 1, .md_components = 1};

static void patterns_free(struct pattern_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		regfree(&l->p[i].re);
	free(l->p);
	l->p = NULL;
	l->n = 0;
}

/* lvm2's syntax: 'a' or 'r', a delimiter character, the regular expression,
 * the same delimiter last ("a|^/dev/sd|", "r/.*\/"). */
static int patterns_compile(struct pattern_list *l, const char *key, char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *it = items[i];
		size_t len = strlen(it);
		struct strbuf re = STRBUF_INIT;
		struct pattern pat;
		int rc;
		if (len < 3 || (it[0] != 'a' && it[0] != 'r') || it[len - 1] != it[1]) {
			log_error("Invalid %s pattern \"%s\": it must read a|REGEX| or r|REGEX| "
			          "(any delimiter).",
			          key, it);
			return -1;
		}
		strbuf_add(&re, it + 2, len - 3);
		rc = regcomp(&pat.re, re.buf, REG_EXTENDED | REG_NOSUB);
		strbuf_release(&re);
		if (rc) {
			log_error("Invalid %s pattern \"%s\": not a regular expression.", key, it);
			return -1;
		}
		pat.accept = it[0] == 'a';
		l->p = xrealloc(l->p, (l->n + 1) * sizeof(*l->p));
		l->p[l->n++] = pat;
	}
	return 0;
}

int dev_discovery_configure(const struct dev_filter_config *c)
{
	dev_discovery_release();
	settings = *c;
	settings.global_filter = settings.filter = NULL; /* compiled below, not kept */
	if (patterns_compile(&global_filter, "devices/global_filter", c->global_filter,
	                     c->n_global_filter) ||
	    patterns_compile(&filter, "devices/filter", c->filter, c->n_filter)) {
		dev_discovery_release();
		return -1;
	}
	return 0;
}

void dev_discovery_release(void)
{
	patterns_free(&global_filter);
	patterns_free(&filter);
	settings = (struct dev_filter_config){.multipath_components = 1, .md_components = 1};
}

/* 1 accepted, 0 rejected, -1 no pattern matched any name. */
static int patterns_match(const struct pattern_list *l, const char *const *names, size_t n)
{
	int rejected = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < l->n; i++)
			if (!regexec(&l->p[i].re, names[k], 0, NULL, 0)) {
				if (l->p[i].accept)
					return 1;
				rejected = 1;
				break; /* the first match decides for this name */
			}
	return rejected ? 0 : -1;
}

int dev_filter_accepts_names(const char *const *names, size_t n)
{
	return patterns_match(&global_filter, names, n) != 0 &&
	       patterns_match(&filter, names, n) != 0;
}

int dev_filter_accepts(const char *path, const char *alias)
{
	const char *names[2] = {path, alias};
	return dev_filter_accepts_names(names, alias ? 2 : 1);
}

int dev_lv_link(const char *dm_name, const char *dir, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = dm_name, *split = NULL;

	*out = NULL;
	/* the first '-' that is not half of a "--" */
	for (; *p && !split; p++) {
		if (*p != '-')
			continue;
		if (p[1] == '-')
			p++;
		else
			split = p;
	}
	if (!split || split == dm_name || !split[1])
		return -1;
	strbuf_addf(&sb, "%s/", dir);
	for (p = dm_name; *p; p++) {
		if (p == split) {
			strbuf_addch(&sb, '/');
			continue;
		}
		strbuf_addch(&sb, *p);
		if (*p == '-' && p[1] == '-')
			p++;
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

/* --- the kernel's devices --- */

static void add(struct dev_list *l, const char *path)
{
	l->paths = xrealloc(l->paths, (l->n + 1) * sizeof(*l->paths));
	l->paths[l->n++] = xstrdup(path);
}

void dev_list_free(struct dev_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = 0;
}

int dev_list_contains(const struct dev_list *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->paths[i], path))
			return 1;
	return 0;
}

size_t dev_list_find_rdev(const struct dev_list *l, size_t n, const char *path)
{
	struct stat want, st;
	if (stat(path, &want) || !S_ISBLK(want.st_mode))
		return n;
	for (size_t i = 0; i < n && i < l->n; i++)
		if (!stat(l->paths[i], &st) && S_ISBLK(st.st_mode) && st.st_rdev == want.st_rdev)
			return i;
	return n;
}

int dev_path_is_hidden_lv(const char *path)
{
	char sys[96], uuid[8] = "";
	struct stat st;
	FILE *f;
	if (settings.scan_lvs || stat(path, &st) || !S_ISBLK(st.st_mode))
		return 0;
	/* (a device that is no dm device has no dm/uuid) */
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/dm/uuid", major(st.st_rdev),
	         minor(st.st_rdev));
	if (!(f = fopen(sys, "re")))
		return 0;
	if (!fgets(uuid, sizeof(uuid), f))
		uuid[0] = '\0';
	fclose(f);
	return !strncmp(uuid, "LVM-", 4);
}

/* Kinds of devices that never hold a PV, by kernel name. */
static int skip_name(const char *name)
{
	return !strncmp(name, "ram", 3) || !strncmp(name, "zram", 4) || !strncmp(name, "sr", 2) ||
	       !strncmp(name, "fd", 2);
}

/* The first line of a sysfs attribute of block device NAME (bounded kernel
 * data: a dm uuid has at most 128 characters); "" when absent. */
void dev_sys_attr(const char *name, const char *attr, char *buf, size_t size)
{
	char path[256];
	FILE *f;
	buf[0] = 0;
	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	if (!(f = fopen(path, "re")))
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/* Is device NAME a component of a multipath device or an md array (one
 * of its holders is), which lvm2 leaves out so that the PV is seen once,
 * on the multipath device or the array? */
static int is_component(const char *name)
{
	char path[256], uuid[256];
	struct dirent *e;
	DIR *d;
	int r = 0;

	if (!settings.multipath_components && !settings.md_components)
		return 0;
	snprintf(path, sizeof(path), "/sys/class/block/%s/holders", name);
	if (!(d = opendir(path)))
		return 0;
	while (!r && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (!strncmp(e->d_name, "md", 2)) {
			r = settings.md_components;
		} else if (!strncmp(e->d_name, "dm-", 3) && settings.multipath_components) {
			dev_sys_attr(e->d_name, "dm/uuid", uuid, sizeof(uuid));
			r = !strncmp(uuid, "mpath-", 6);
		}
	}
	closedir(d);
	return r;
}

/* Whether dm device NAME (dm-N) may hold a PV for us, and the path to use:
 * DIR/mapper/NAME (DIR: dev_dir()) where that node is this device, else
 * /dev/dm-N (which devtmpfs always has).  0 when it must be skipped. */
static int mapper_path(const char *name, unsigned maj, unsigned min, struct strbuf *path,
                       struct strbuf *alias, char **lv_link)
{
	char uuid[256], dmname[256], suspended[8];
	struct stat st;
	int is_lv;

	/* (the uuid first: most dm devices are LVs, skipped after one read) */
	dev_sys_attr(name, "dm/uuid", uuid, sizeof(uuid));
	is_lv = !strncmp(uuid, "LVM-", 4);
	if (is_lv) {
		/* an LV: only with scan_lvs, and never a private layer
		 * ("LVM-" + 64 characters of ids + "-real", "-cow", ...) */
		if (!settings.scan_lvs || strlen(uuid) != 4 + 64)
			return 0;
	}
	dev_sys_attr(name, "dm/suspended", suspended, sizeof(suspended));
	if (!strcmp(suspended, "1"))
		return 0; /* a read would wait for the resume */
	dev_sys_attr(name, "dm/name", dmname, sizeof(dmname));
	/* an LV is also DIR/VG/LV to the filters, as in lvm2 */
	if (is_lv && dmname[0])
		dev_lv_link(dmname, dev_dir(), lv_link);
	strbuf_addf(alias, "/dev/%s", name);
	if (dmname[0]) {
		strbuf_addf(path, "%s/mapper/%s", dev_dir(), dmname);
		if (!stat(path->buf, &st) && S_ISBLK(st.st_mode) && major(st.st_rdev) == maj &&
		    minor(st.st_rdev) == min) {
			/* an LV whose DIR/VG/LV link is there goes by that
			 * name, which lvm2 prefers to DIR/mapper/NAME: a PV on
			 * an LV is reported, and named on command lines, so */
			if (*lv_link && !stat(*lv_link, &st) && S_ISBLK(st.st_mode) &&
			    major(st.st_rdev) == maj && minor(st.st_rdev) == min) {
				char *mapper = strbuf_detach(path, NULL);
				strbuf_addstr(path, *lv_link);
				free(*lv_link);
				*lv_link = mapper; /* still a name the filters see */
			}
			return 1;
		}
		strbuf_reset(path);
	}
	strbuf_addstr(path, alias->buf);
	strbuf_reset(alias);
	return 1;
}

/* The kernel's own list of block devices, in one read.  It replaced
 * libudev's enumeration, which resolves every sysfs entry through a chain of
 * symlinks: with 100 active LVs that cost 25 syscalls per dm device and most
 * of the time of `lvs` (measured in the sandbox).  Devices of size 0 (no
 * media, an unbound loop device) are left out. */
static int discover_proc_partitions(struct dev_list *out)
{
	FILE *f = fopen("/proc/partitions", "r");
	char line[256];

	if (!f) {
		log_error("Cannot list block devices: /proc/partitions: %s (is /proc mounted?)",
		          strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned maj, min;
		unsigned long long blocks;
		char name[128];
		struct strbuf path = STRBUF_INIT;
		if (sscanf(line, " %u %u %llu %127s", &maj, &min, &blocks, name) != 4)
			continue; /* the heading and the blank line */
		struct strbuf alias = STRBUF_INIT;
		char *lv_link = NULL;
		const char *names[3];
		size_t n_names = 0;
		int keep;
		if (!blocks || skip_name(name))
			continue;
		if (!strncmp(name, "dm-", 3)) {
			keep = mapper_path(name, maj, min, &path, &alias, &lv_link);
		} else {
			keep = !is_component(name);
			/* devtmpfs names nodes after the kernel, as udev does;
			 * a '/' in a kernel name (cciss/c0d0) is written '!' in
			 * this file (and in sysfs, which is why the sysfs look
			 * happens before this) */
			for (char *c = name; *c; c++)
				if (*c == '!')
					*c = '/';
			strbuf_addf(&path, "/dev/%s", name);
			/* a devices/dir other than /dev (lvm2's test suite
			 * makes one): the device is DIR/NAME where that node is
			 * this device, as lvm2 knows it, /dev/NAME its alias */
			if (strcmp(dev_dir(), "/dev")) {
				struct stat st;
				strbuf_addf(&alias, "%s/%s", dev_dir(), name);
				if (!stat(alias.buf, &st) && S_ISBLK(st.st_mode) &&
				    major(st.st_rdev) == maj && minor(st.st_rdev) == min) {
					struct strbuf t = path;
					path = alias;
					alias = t;
				} else {
					strbuf_reset(&alias);
				}
			}
		}
		names[n_names++] = path.buf;
		if (alias.len)
			names[n_names++] = alias.buf;
		if (lv_link)
			names[n_names++] = lv_link;
		if (keep && dev_filter_accepts_names(names, n_names))
			add(out, path.buf);
		strbuf_release(&path);
		strbuf_release(&alias);
		free(lv_link);
	}
	fclose(f);
	return 0;
}

int dev_list_discover(struct dev_list *out, const char *only)
{
	memset(out, 0, sizeof(*out));
	if (only) {
		char *copy = xstrdup(only), *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (*tok && !dev_list_contains(out, tok))
				add(out, tok);
		free(copy);
		return 0;
	}
	return discover_proc_partitions(out);
}

int dev_held_by_lv(dev_t rdev)
{
	char path[320], uuid[256];
	struct dirent *e;
	DIR *d;
	int r = 0;

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/holders", major(rdev), minor(rdev));
	if (!rdev || !(d = opendir(path)))
		return 0;
	while (!r && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		dev_sys_attr(e->d_name, "dm/uuid", uuid, sizeof(uuid));
		r = !strncmp(uuid, "LVM-", 4);
	}
	closedir(d);
	return r;
}

int dev_is_dm(dev_t rdev)
{
	char path[96];
	struct stat st;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/dm", major(rdev), minor(rdev));
	return rdev && !stat(path, &st);
}
