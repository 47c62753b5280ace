/* lib/activate/plan.c's promises, pinned for each command's sequence
 * (issue 12): the exact device-mapper operations in their order;
 * idempotence (a kernel already as wanted gives an empty plan); and
 * completion from every half-built state a crash can leave ("re-running
 * it after a crash converges", DESIGN.md).
 *
 * Plans run against a small model of device-mapper (struct kernel) that
 * refuses what the kernel refuses and what the planner promises never to
 * do (plan.h, plan.c's comments, lvm2's order):
 *   - a table names only devices that exist (the executor resolves each
 *     reference to MAJOR:MINOR when the op runs);
 *   - a device held by another's table (live or loaded) or opened cannot
 *     be removed (EBUSY); resuming needs a table;
 *   - suspends top-down (a device before those it uses), resumes
 *     bottom-up (never while a device the table uses is suspended);
 *   - the ops come in this order: clears of tables a crash left loaded;
 *     renames, creates and loads; suspends; resumes; removals: nothing but
 *     suspends and resumes in the window where a live device is suspended;
 *   - dm-snapshot's exception handover (drivers/md/dm-snap.c): a table
 *     with a snapshot on a COW that already has a loaded, not yet resumed
 *     snapshot table is refused at load ("Snapshot cow pairing for
 *     exception table handover failed"); the new table resumes only while
 *     the old one's device is suspended; the old one cannot resume first;
 *     destroying the old one first cancels the handover.
 * libdevmapper's create is three ioctls (create, load, resume), so a crash
 * can also fall inside one: those torn states are tried as well. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include <sys/sysmacros.h>

#include "activate/plan.h"
#include "metadata/alloc.h"
#include "metadata/metadata.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"
#include "plan_vg.h"

#define PV_PATH  "/dev/ubda"
#define PV2_PATH "/dev/ubdb" /* lost_pv_vg's second PV, when back */
#define PV_MAJOR 98
#define DM_MAJOR 254
#define MAX_DEVS 16

/* --- the model of the kernel --- */

struct mdev {
	char *name, *uuid;
	unsigned minor;
	int suspended;
	char *live, *loaded; /* table texts as the kernel prints them; NULL: none */
	int cancelled;       /* the loaded table's handover was cancelled */
	int opens;           /* opened from outside the VG: a mount */
};

struct kernel {
	struct mdev devs[MAX_DEVS];
	size_t n;
	unsigned next_minor;
	struct strbuf trace; /* the ops as they ran, tables resolved */
	struct strbuf err;   /* why an op was refused */
};

static void k_init(struct kernel *k)
{
	memset(k, 0, sizeof(*k));
	strbuf_init(&k->trace, 0);
	strbuf_init(&k->err, 0);
}

static void mdev_free(struct mdev *m)
{
	free(m->name);
	free(m->uuid);
	free(m->live);
	free(m->loaded);
}

static void k_free(struct kernel *k)
{
	for (size_t i = 0; i < k->n; i++)
		mdev_free(&k->devs[i]);
	strbuf_release(&k->trace);
	strbuf_release(&k->err);
	memset(k, 0, sizeof(*k));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Another VG's device, which no plan of this VG may touch (a minor far
 * from those the plans' creates get). */
#define FOREIGN_NAME  "data-lv"
#define FOREIGN_TABLE "0 8192 linear 98:0 819200\n"

/* No device of the VG; the other VG's device. */
static void k_empty(struct kernel *k)
{
	struct mdev *m = &k->devs[0];
	k_init(k);
	k->n = 1;
	m->name = xstrdup(FOREIGN_NAME);
	m->uuid = xstrdup("LVM-zoScWGqZx5HUaccID1ck14BMdTeRWmafKmAybJBUbJyJTOpXEzOaFqMOrimzeFef");
	m->minor = 100;
	m->live = xstrdup(FOREIGN_TABLE);
}

/* A copy of the devices, with an empty trace: a crash state to try. */
static void k_copy(struct kernel *dst, const struct kernel *src)
{
	k_init(dst);
	dst->n = src->n;
	dst->next_minor = src->next_minor;
	for (size_t i = 0; i < src->n; i++) {
		const struct mdev *s = &src->devs[i];
		struct mdev *d = &dst->devs[i];
		*d = *s;
		d->name = xstrdup(s->name);
		d->uuid = xstrdup(s->uuid);
		d->live = dup_or_null(s->live);
		d->loaded = dup_or_null(s->loaded);
	}
}

static struct mdev *k_by_name(struct kernel *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->devs[i].name, name))
			return &k->devs[i];
	return NULL;
}

static struct mdev *k_by_uuid(struct kernel *k, const char *uuid)
{
	for (size_t i = 0; uuid && i < k->n; i++)
		if (!strcmp(k->devs[i].uuid, uuid))
			return &k->devs[i];
	return NULL;
}

__attribute__((format(printf, 2, 3))) static int refuse(struct kernel *k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&k->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Does table text `t` name device 254:minor? */
static int table_uses(const char *t, unsigned minor)
{
	char num[32];
	size_t n = (size_t)snprintf(num, sizeof(num), "%u:%u", DM_MAJOR, minor);
	for (const char *p = t; p && (p = strstr(p, num)); p += n)
		if ((p == t || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
			return 1;
	return 0;
}

/* The COW of the snapshot or snapshot-merge target in table `t`:
 * "start len snapshot <origin> <cow> P <chunk>". */
static int table_snapshot_cow(const char *t, unsigned *cow)
{
	for (const char *line = t; line && *line;) {
		char type[32];
		unsigned maj, min;
		if (sscanf(line, "%*s %*s %31s %*s %u:%u", type, &maj, &min) == 3 &&
		    (!strcmp(type, "snapshot") || !strcmp(type, "snapshot-merge"))) {
			*cow = min;
			return 1;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return 0;
}

/* The snapshot targets sharing COW `cow`, as dm-snap's
 * __find_snapshots_sharing_cow sees them: a live table's target has been
 * resumed (the handover source), a loaded one not yet (the destination). */
static void sharing_cow(struct kernel *k, unsigned cow, struct mdev **src, struct mdev **dest,
                        int *count)
{
	unsigned c;
	*src = *dest = NULL;
	*count = 0;
	for (size_t i = 0; i < k->n; i++) {
		struct mdev *m = &k->devs[i];
		if (m->live && table_snapshot_cow(m->live, &c) && c == cow) {
			*src = m;
			++*count;
		}
		if (m->loaded && table_snapshot_cow(m->loaded, &c) && c == cow) {
			*dest = m;
			++*count;
		}
	}
}

/* snapshot_ctr's register_snapshot: one destination per COW at a time. */
static int check_load(struct kernel *k, const char *name, const char *t)
{
	struct mdev *src, *dest;
	unsigned cow;
	int count;
	if (!table_snapshot_cow(t, &cow))
		return 0;
	sharing_cow(k, cow, &src, &dest, &count);
	if (dest || count == 2)
		return refuse(k,
		              "load %s: EINVAL, snapshot cow pairing for exception table "
		              "handover failed (%s has a table loaded on the same COW)",
		              name, dest ? dest->name : src->name);
	return 0;
}

/* snapshot_dtr: destroying a handover's source before the destination
 * resumed cancels the handover: the destination is invalid (harmless if
 * it never runs, as when both devices are being removed). */
static void destroy_table(struct kernel *k, char **slot, int live)
{
	struct mdev *src, *dest;
	char *t = *slot;
	unsigned cow;
	int count;
	*slot = NULL;
	if (t && live && table_snapshot_cow(t, &cow)) {
		sharing_cow(k, cow, &src, &dest, &count);
		if (dest)
			dest->cancelled = 1;
	}
	free(t);
}

/* snapshot_preresume, for the table `t` that device `m` is about to run
 * (`fresh`: the loaded one).  Also: bottom-up, no device the table uses
 * may be suspended. */
static int check_resume(struct kernel *k, struct mdev *m, const char *t, int fresh)
{
	struct mdev *src, *dest;
	unsigned cow;
	int count;
	for (size_t i = 0; i < k->n; i++)
		if (&k->devs[i] != m && k->devs[i].suspended && table_uses(t, k->devs[i].minor))
			return refuse(k, "resume %s while %s, which it uses, is suspended", m->name,
			              k->devs[i].name);
	if (!table_snapshot_cow(t, &cow))
		return 0;
	sharing_cow(k, cow, &src, &dest, &count);
	if (!src || !dest)
		return 0;
	if (!fresh && src == m)
		return refuse(k,
		              "resume %s: EINVAL, unable to resume snapshot source until "
		              "handover completes",
		              m->name);
	/* do_resume suspends the device switching tables itself */
	if (!src->suspended && src != m)
		return refuse(k,
		              "resume %s: EINVAL, unable to perform snapshot handover until "
		              "source %s is suspended",
		              m->name, src->name);
	return 0;
}

/* The resolved table of a device of the plan, or NULL when it names a
 * device that does not exist (yet). */
static int resolve(void *ctx, const struct kdm_arg *arg, dev_t *out)
{
	struct kernel *k = ctx;
	struct mdev *m;
	if (arg->kind == ARG_PV) {
		if (strcmp(arg->text, PV_PATH) && strcmp(arg->text, PV2_PATH))
			return -1;
		*out = makedev(PV_MAJOR, strcmp(arg->text, PV_PATH) ? 16 : 0);
		return 0;
	}
	if (!(m = k_by_uuid(k, arg->text)))
		return -1;
	*out = makedev(DM_MAJOR, m->minor);
	return 0;
}

static char *k_table(struct kernel *k, const struct kdm_dev *d)
{
	struct strbuf sb = STRBUF_INIT;
	kdm_table_text(d, resolve, k, &sb);
	if (strchr(sb.buf, '<')) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* "load NAME 0 8 linear 98:0 2048, 8 8 linear ..." */
static void trace_op(struct kernel *k, const char *verb, const char *name, const char *table)
{
	strbuf_addf(&k->trace, "%s %s", verb, name);
	for (const char *line = table; line && *line;) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);
		strbuf_addf(&k->trace, "%s%.*s", line == table ? " " : ", ", len, line);
		line = nl ? nl + 1 : NULL;
	}
	strbuf_addch(&k->trace, '\n');
}

static int do_resume(struct kernel *k, struct mdev *m)
{
	char *old;
	if (m->loaded) {
		if (m->cancelled)
			return refuse(k,
			              "resume %s: its snapshot handover was cancelled, the "
			              "snapshot is invalid",
			              m->name);
		if (check_resume(k, m, m->loaded, 1))
			return -1;
		old = m->live;
		m->live = m->loaded;
		m->loaded = NULL;
		m->suspended = 0;
		destroy_table(k, &old, 1);
		return 0;
	}
	if (!m->live)
		return refuse(k, "resume %s: EINVAL, no table", m->name);
	if (m->suspended && check_resume(k, m, m->live, 0))
		return -1;
	m->suspended = 0;
	return 0;
}

static int do_load(struct kernel *k, struct mdev *m, const struct kdm_dev *d, const char *verb)
{
	char *t = k_table(k, d);
	if (!t)
		return refuse(k, "%s %s: a device its table names does not exist", verb, d->name);
	trace_op(k, verb, m->name, t);
	if (check_load(k, m->name, t)) {
		free(t);
		return -1;
	}
	/* the table replaced is destroyed after the new one was built */
	destroy_table(k, &m->loaded, 0);
	m->loaded = t;
	m->cancelled = 0;
	return 0;
}

/* Is `m` held: opened, or named by another device's table? */
static struct mdev *holder_of(struct kernel *k, const struct mdev *m)
{
	for (size_t i = 0; i < k->n; i++) {
		struct mdev *h = &k->devs[i];
		if (h != m && ((h->live && table_uses(h->live, m->minor)) ||
		               (h->loaded && table_uses(h->loaded, m->minor))))
			return h;
	}
	return NULL;
}

/* Run op `i` of `p`; a create only up to `phases` of its three ioctls
 * (3: whole).  0, or -1 with the reason in k->err. */
static int k_apply(struct kernel *k, const struct kdm_plan *p, size_t i, int phases)
{
	const struct kdm_op *op = &p->ops[i];
	struct mdev *m = k_by_name(k, op->name);
	struct mdev *h = NULL;

	if (op->kind != OP_CREATE && !m)
		return refuse(k, "op %zu on %s: ENXIO, no such device", i + 1, op->name);
	switch (op->kind) {
	case OP_CREATE:
		if (m || k_by_uuid(k, op->uuid))
			return refuse(k, "create %s: EBUSY, name or uuid taken", op->name);
		assert_true(k->n < MAX_DEVS);
		m = &k->devs[k->n++];
		memset(m, 0, sizeof(*m));
		m->name = xstrdup(op->name);
		m->uuid = xstrdup(op->uuid);
		m->minor = k->next_minor++;
		if (phases < 2)
			return 0;
		if (do_load(k, m, op->dev, "create"))
			return -1;
		return phases < 3 ? 0 : do_resume(k, m);
	case OP_LOAD:
		return do_load(k, m, op->dev, "load");
	case OP_SUSPEND:
		trace_op(k, "suspend", m->name, NULL);
		/* top-down: no device suspended later in the plan uses this one */
		for (size_t j = i + 1; j < p->n; j++) {
			struct mdev *u = k_by_uuid(k, p->ops[j].uuid);
			if (p->ops[j].kind == OP_SUSPEND && u && u != m && u->live &&
			    table_uses(u->live, m->minor))
				return refuse(k, "suspend %s before %s, which uses it", m->name,
				              u->name);
		}
		m->suspended = 1;
		return 0;
	case OP_RESUME:
		trace_op(k, "resume", m->name, NULL);
		return do_resume(k, m);
	case OP_REMOVE:
		trace_op(k, "remove", m->name, NULL);
		if (m->opens || (h = holder_of(k, m)))
			return refuse(k, "remove %s: EBUSY, %s", m->name,
			              m->opens ? "open" : h->name);
		destroy_table(k, &m->loaded, 0);
		destroy_table(k, &m->live, 1);
		free(m->name);
		free(m->uuid);
		memmove(m, m + 1, (size_t)(k->devs + k->n - m - 1) * sizeof(*m));
		k->n--;
		return 0;
	case OP_CLEAR:
		trace_op(k, "clear", m->name, NULL);
		destroy_table(k, &m->loaded, 0);
		return 0;
	case OP_RENAME:
		strbuf_addf(&k->trace, "rename %s %s\n", op->name, op->new_name);
		if (k_by_name(k, op->new_name))
			return refuse(k, "rename %s: EBUSY, %s exists", op->name, op->new_name);
		free(m->name);
		m->name = xstrdup(op->new_name);
		return 0;
	}
	return refuse(k, "op %zu: unknown kind", i + 1);
}

/* What the executor reads back (kdm_read_state): the devices with their
 * live tables ("" without one), holders counted in the open count, then
 * the PVs under their paths. */
static void k_state(const struct kernel *k, struct kdm_state *s)
{
	memset(s, 0, sizeof(*s));
	s->devs = xcalloc(k->n + 2, sizeof(*s->devs));
	for (size_t i = 0; i < k->n; i++) {
		const struct mdev *m = &k->devs[i];
		struct kdm_kdev *d = &s->devs[s->n++];
		d->name = xstrdup(m->name);
		d->uuid = xstrdup(m->uuid);
		d->dev = makedev(DM_MAJOR, m->minor);
		d->open_count = m->opens;
		for (size_t j = 0; j < k->n; j++)
			d->open_count +=
			    j != i &&
			    ((k->devs[j].live && table_uses(k->devs[j].live, m->minor)) ||
			     (k->devs[j].loaded && table_uses(k->devs[j].loaded, m->minor)));
		d->suspended = m->suspended;
		d->has_inactive = m->loaded != NULL;
		d->live_table = m->live != NULL;
		d->table = xstrdup(m->live ? m->live : "");
	}
	s->devs[s->n].name = xstrdup(PV_PATH);
	s->devs[s->n++].dev = makedev(PV_MAJOR, 0);
	s->devs[s->n].name = xstrdup(PV2_PATH);
	s->devs[s->n++].dev = makedev(PV_MAJOR, 16);
}

/* --- plans --- */

/* Where an op may stand: clears of what a crash left loaded; renames,
 * creates and loads (plan_ops' step 1); the switch (suspends, then
 * resumes); removals. */
static int op_rank(enum kdm_op_kind kind)
{
	switch (kind) {
	case OP_CLEAR:
		return 0;
	case OP_SUSPEND:
		return 2;
	case OP_RESUME:
		return 3;
	case OP_REMOVE:
		return 4;
	default:
		return 1;
	}
}

static void plan_dump(const struct kdm_plan *p, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	kdm_plan_print(p, &sb);
	print_message("%s: plan:\n%s", what, sb.buf);
	strbuf_release(&sb);
}

/* The plan that takes kernel `k` to `lvs` of `vg` active (NULL: all, as
 * vgchange -ay), as act_converge makes it. */
static void plan_for(const struct vg *vg, struct lv *const *lvs, size_t n, const struct kernel *k,
                     struct kdm_devs *want, struct kdm_plan *p)
{
	struct kdm_state have;
	k_state(k, &have);
	assert_int_equal(plan_desired(vg, lvs, n, &have, want), 0);
	plan_ops(want, &have, VG_SCOPE, 1, p);
	kdm_state_free(&have);
	for (size_t i = 1; i < p->n; i++)
		if (op_rank(p->ops[i].kind) < op_rank(p->ops[i - 1].kind)) {
			plan_dump(p, "out of order");
			fail_msg("op %zu (%s) after op %zu (%s)", i + 1, p->ops[i].name, i,
			         p->ops[i - 1].name);
		}
}

/* Run ops [0, n) of `p`, then op n torn after `torn` of its ioctls (0:
 * none), as a crash would leave it. */
static int k_run(struct kernel *k, const struct kdm_plan *p, size_t n, int torn)
{
	for (size_t i = 0; i < n; i++)
		if (k_apply(k, p, i, 3))
			return -1;
	return torn ? k_apply(k, p, n, torn) : 0;
}

/* The kernel is as `vg` wants it: every device with its name and live
 * table, nothing loaded or suspended, nothing else of the VG, the other
 * VG's device as it was; and planning again gives nothing (idempotence). */
static void expect_converged(const struct vg *vg, struct lv *const *lvs, size_t n, struct kernel *k,
                             const char *what)
{
	struct kdm_devs want;
	struct kdm_plan p;
	plan_for(vg, lvs, n, k, &want, &p);
	if (p.n) {
		plan_dump(&p, what);
		fail_msg("%s: the kernel as wanted still gives %zu ops", what, p.n);
	}
	for (size_t i = 0; i < want.n; i++) {
		struct mdev *m = k_by_uuid(k, want.devs[i].uuid);
		char *t = k_table(k, &want.devs[i]);
		if (!m || strcmp(m->name, want.devs[i].name) || !t || !m->live ||
		    strcmp(m->live, t) || m->loaded || m->suspended)
			fail_msg("%s: %s is not as wanted", what, want.devs[i].name);
		free(t);
	}
	for (size_t i = 0; i < k->n; i++)
		if (!strncmp(k->devs[i].uuid, VG_SCOPE, strlen(VG_SCOPE)) &&
		    !kdm_devs_find_uuid(&want, k->devs[i].uuid))
			fail_msg("%s: %s is left over", what, k->devs[i].name);
	if (!k_by_name(k, FOREIGN_NAME) || strcmp(k_by_name(k, FOREIGN_NAME)->live, FOREIGN_TABLE))
		fail_msg("%s: another VG's device was changed", what);
	kdm_plan_free(&p);
	kdm_devs_free(&want);
}

/* Plan from `k` and run the plan: every op must be accepted; the kernel
 * then is as wanted. */
static void converge(const struct vg *vg, struct lv *const *lvs, size_t n, struct kernel *k,
                     const char *what)
{
	struct kdm_devs want;
	struct kdm_plan p;
	plan_for(vg, lvs, n, k, &want, &p);
	if (k_run(k, &p, p.n, 0)) {
		plan_dump(&p, what);
		fail_msg("%s: %s", what, k->err.buf);
	}
	kdm_plan_free(&p);
	kdm_devs_free(&want);
	expect_converged(vg, lvs, n, k, what);
}

/* A kernel with `vg` activated (all its LVs) from nothing. */
static void k_active(struct kernel *k, const struct vg *vg)
{
	k_empty(k);
	converge(vg, NULL, 0, k, "activation");
	strbuf_reset(&k->trace);
}

/* One command's kernel step: from `start`, what `vg` (the metadata after
 * the command) wants of `lvs` (NULL: all) must run as `trace`, op for
 * op; re-planning must then give nothing; and from every state a crash
 * in the middle leaves (after each op, and inside each create), both
 * re-running it and deactivating the VG must converge. */
static void check_sequence(const struct kernel *start, const struct vg *vg, struct lv *const *lvs,
                           size_t n, const char *trace)
{
	struct lv *none = NULL;
	struct kdm_devs want;
	struct kdm_plan p;
	struct kernel k;
	char what[128];

	k_copy(&k, start);
	plan_for(vg, lvs, n, &k, &want, &p);
	if (k_run(&k, &p, p.n, 0)) {
		plan_dump(&p, "the command");
		fail_msg("the command: %s", k.err.buf);
	}
	assert_string_equal(k.trace.buf, trace);
	expect_converged(vg, lvs, n, &k, "after the command");
	k_free(&k);

	for (size_t i = 0; i < p.n; i++)
		for (int torn = 0; torn < 3; torn++) {
			/* torn 0: a crash after ops [0, i]; 1, 2: inside a
			 * create, after its create or load ioctl */
			int is_create = p.ops[i].kind == OP_CREATE;
			if ((torn && !is_create) || (!torn && i + 1 == p.n))
				continue;
			snprintf(what, sizeof(what), "crash after op %zu%s", i + 1,
			         torn == 1   ? "'s create"
			         : torn == 2 ? "'s load"
			                     : "");
			k_copy(&k, start);
			if (k_run(&k, &p, torn ? i : i + 1, torn))
				fail_msg("%s: %s", what, k.err.buf);
			{
				struct kernel off;
				k_copy(&off, &k);
				converge(vg, lvs, n, &k, what);
				snprintf(what + strlen(what), sizeof(what) - strlen(what),
				         ", then vgchange -an");
				converge(vg, &none, 0, &off, what);
				k_free(&off);
			}
			k_free(&k);
		}
	kdm_plan_free(&p);
	kdm_devs_free(&want);
}

/* check_sequence from the kernel with `before` active (NULL: nothing of
 * the VG). */
static void check_command(const struct vg *before, const struct vg *vg, struct lv *const *lvs,
                          size_t n, const char *trace)
{
	struct kernel start;
	if (before)
		k_active(&start, before);
	else
		k_empty(&start);
	check_sequence(&start, vg, lvs, n, trace);
	k_free(&start);
}

/* --- the sequences --- */

/* vgchange -ay of test_vg from nothing: the four devices of the kernel's
 * snapshot documentation, each created after the layers it names. */
static void test_activate_stack(void **state)
{
	struct vg *vg = test_vg();
	(void)state;
	check_command(NULL, vg, NULL, 0,
	              "create vg-base-real 0 32768 linear 98:0 2048\n"
	              "create vg-snap-cow 0 16384 linear 98:0 34816\n"
	              "create vg-snap 0 32768 snapshot 254:0 254:1 P 8\n"
	              "create vg-base 0 32768 snapshot-origin 254:0\n"
	              "create vg-other 0 8192 linear 98:0 51200\n");
	vg_free(vg);
}

/* lvcreate of a linear LV: one create; nothing else is touched. */
static void test_create_linear(void **state)
{
	struct vg *before = plan_vg(0), *vg = plan_vg(WITH_OTHER);
	(void)state;
	check_command(before, vg, NULL, 0, "create vg-other 0 8192 linear 98:0 51200\n");
	vg_free(before);
	vg_free(vg);
}

/* lvcreate --snapshot of an active origin: -real (the origin's extents),
 * -cow and the snapshot are created while the origin runs on; the origin
 * alone is then switched to snapshot-origin, its suspend window holding
 * nothing but its own suspend and resume (the new table loaded before). */
static void test_create_snapshot(void **state)
{
	struct vg *before = plan_vg(WITH_OTHER), *vg = test_vg();
	(void)state;
	check_command(before, vg, NULL, 0,
	              "create vg-base-real 0 32768 linear 98:0 2048\n"
	              "create vg-snap-cow 0 16384 linear 98:0 34816\n"
	              "create vg-snap 0 32768 snapshot 254:2 254:3 P 8\n"
	              "load vg-base 0 32768 snapshot-origin 254:2\n"
	              "suspend vg-base\n"
	              "resume vg-base\n");
	vg_free(before);
	vg_free(vg);
}

/* lvremove of the last snapshot: the origin folds back to linear under
 * its own name and uuid (one switch), then the rest goes top-down: the
 * snapshot before the -real and -cow it holds. */
static void test_remove_last_snapshot(void **state)
{
	struct vg *before = test_vg(), *vg = plan_vg(WITH_OTHER);
	(void)state;
	check_command(before, vg, NULL, 0,
	              "load vg-base 0 32768 linear 98:0 2048\n"
	              "suspend vg-base\n"
	              "resume vg-base\n"
	              "remove vg-snap\n"
	              "remove vg-base-real\n"
	              "remove vg-snap-cow\n");
	vg_free(before);
	vg_free(vg);
}

/* lvremove -f of an origin (its snapshot along), of a plain LV, and
 * vgchange -an: removals only, each device after those that use it. */
static void test_remove(void **state)
{
	struct vg *before = test_vg(), *vg = test_vg();
	struct lv *none = NULL;
	(void)state;
	vg_remove_snapshot(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	vg_remove_lv(vg, vg_find_lv(vg, "base"));
	check_command(before, vg, NULL, 0,
	              "remove vg-snap\n"
	              "remove vg-base\n"
	              "remove vg-base-real\n"
	              "remove vg-snap-cow\n");
	vg_free(vg);
	vg = test_vg();
	vg_remove_lv(vg, vg_find_lv(vg, "other"));
	check_command(before, vg, NULL, 0, "remove vg-other\n");
	check_command(before, vg, &none, 0,
	              "remove vg-snap\n"
	              "remove vg-base\n"
	              "remove vg-other\n"
	              "remove vg-base-real\n"
	              "remove vg-snap-cow\n");
	vg_free(before);
	vg_free(vg);
}

static void rename_lv(struct vg *vg, const char *from, const char *to)
{
	struct lv *lv = vg_find_lv(vg, from);
	free(lv->name);
	lv->name = xstrdup(to);
}

/* lvrename: the devices follow by uuid, renamed with their layers; no
 * table changes (they name devices by number), nothing is suspended. */
static void test_rename(void **state)
{
	struct vg *before = test_vg(), *vg = test_vg();
	(void)state;
	rename_lv(vg, "base", "root");
	check_command(before, vg, NULL, 0,
	              "rename vg-base-real vg-root-real\n"
	              "rename vg-base vg-root\n");
	vg_free(vg);
	vg = test_vg();
	rename_lv(vg, "snap", "keep"); /* the COW LV carries the snapshot's name */
	check_command(before, vg, NULL, 0,
	              "rename vg-snap-cow vg-keep-cow\n"
	              "rename vg-snap vg-keep\n");
	vg_free(vg);
	vg = test_vg();
	rename_lv(vg, "other", "my-data");
	check_command(before, vg, NULL, 0, "rename vg-other vg-my--data\n");
	vg_free(before);
	vg_free(vg);
}

/* lvextend/lvreduce of a linear LV: the new table loaded, then one
 * suspend and resume of that device alone.  The extension here is not
 * contiguous: two targets. */
static void test_resize_linear(void **state)
{
	struct vg *before = plan_vg(WITH_OTHER), *vg = plan_vg(WITH_OTHER);
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, vg_find_lv(vg, "base"), 3, NULL, 0), 0);
	check_command(before, vg, NULL, 0,
	              "load vg-base 0 49152 linear 98:0 2048, 49152 8192 linear 98:0 59392\n"
	              "suspend vg-base\n"
	              "resume vg-base\n");
	vg_free(vg);
	vg = plan_vg(WITH_OTHER);
	alloc_reduce_lv(vg_find_lv(vg, "base"), 2);
	check_command(before, vg, NULL, 0,
	              "load vg-base 0 16384 linear 98:0 2048\n"
	              "suspend vg-base\n"
	              "resume vg-base\n");
	vg_free(before);
	vg_free(vg);
}

/* lvextend of a snapshot: only its -cow is switched.  The snapshot's own
 * table does not change (it names the COW by number, and the persistent
 * store reads the COW's size at each new exception), and the origin is
 * not suspended at all. */
static void test_extend_snapshot(void **state)
{
	struct vg *before = test_vg(), *vg = test_vg();
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, vg_find_lv(vg, "snap"), 1, NULL, 0), 0);
	check_command(before, vg, NULL, 0,
	              "load vg-snap-cow 0 16384 linear 98:0 34816, 16384 8192 linear 98:0 59392\n"
	              "suspend vg-snap-cow\n"
	              "resume vg-snap-cow\n");
	vg_free(before);
	vg_free(vg);
}

/* lvextend of an origin: vgtool (as lvm2) resizes an origin only while
 * it is inactive, so the kernel step is the next activation: -real and
 * the origin at the new size, the snapshot at the size the origin had
 * when it was taken (snapshotN's, as lvm2 loads it). */
static void test_extend_origin(void **state)
{
	struct vg *vg = test_vg();
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, vg_find_lv(vg, "base"), 1, NULL, 0), 0);
	check_command(NULL, vg, NULL, 0,
	              "create vg-base-real 0 32768 linear 98:0 2048, 32768 8192 linear 98:0 59392\n"
	              "create vg-snap-cow 0 16384 linear 98:0 34816\n"
	              "create vg-snap 0 32768 snapshot 254:0 254:1 P 8\n"
	              "create vg-base 0 40960 snapshot-origin 254:0\n"
	              "create vg-other 0 8192 linear 98:0 51200\n");
	vg_free(vg);
}

static struct vg *merging_vg(void)
{
	struct vg *vg = test_vg();
	vg_start_merge(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	return vg;
}

/* lvconvert --merge on a live, unopened stack: both new tables loaded
 * first; the snapshot suspended, then the origin; the origin resumed
 * first, as snapshot-merge, taking the exceptions over from the
 * suspended snapshot (dm-snap's handover needs its source suspended), and
 * only then the snapshot's device, as an error mapping. */
static void test_merge_start(void **state)
{
	struct vg *before = test_vg(), *vg = merging_vg();
	(void)state;
	check_command(before, vg, NULL, 0,
	              "load vg-base 0 32768 snapshot-merge 254:0 254:1 P 8\n"
	              "load vg-snap 0 32768 error\n"
	              "suspend vg-snap\n"
	              "suspend vg-base\n"
	              "resume vg-base\n"
	              "resume vg-snap\n");
	vg_free(before);
	vg_free(vg);
}

/* A merging origin activated from nothing (the merge delayed to the next
 * activation) starts as snapshot-merge. */
static void test_merge_activate(void **state)
{
	struct vg *vg = merging_vg();
	(void)state;
	check_command(NULL, vg, NULL, 0,
	              "create vg-base-real 0 32768 linear 98:0 2048\n"
	              "create vg-snap-cow 0 16384 linear 98:0 34816\n"
	              "create vg-base 0 32768 snapshot-merge 254:0 254:1 P 8\n"
	              "create vg-snap 0 32768 error\n"
	              "create vg-other 0 8192 linear 98:0 51200\n");
	vg_free(vg);
}

/* An open origin delays the merge: the plan is empty.  So it is when the
 * origin is opened after a crash in a merge start that found it unopened
 * (after ops 1 to 3, before the origin itself is suspended): the stack goes
 * back to the snapshot it was, whatever the crash left loaded, and the
 * snapshot's device, left suspended, is resumed.  Once the origin runs
 * snapshot-merge (after op 5), the merge goes on, open or not. */
static void test_merge_delayed(void **state)
{
	struct vg *before = test_vg(), *vg = merging_vg();
	struct kernel start, k;
	struct kdm_devs want;
	struct kdm_plan p;
	char what[64];
	(void)state;
	k_active(&start, before);
	k_by_name(&start, "vg-base")->opens = 1;
	check_sequence(&start, vg, NULL, 0, "");
	k_by_name(&start, "vg-base")->opens = 0;
	plan_for(vg, NULL, 0, &start, &want, &p);
	for (size_t done = 1; done <= 5; done += done == 3 ? 2 : 1) {
		k_copy(&k, &start);
		assert_int_equal(k_run(&k, &p, done, 0), 0);
		strbuf_reset(&k.trace);
		k_by_name(&k, "vg-base")->opens = 1;
		snprintf(what, sizeof(what), "origin opened after op %zu", done);
		converge(vg, NULL, 0, &k, what);
		assert_non_null(strstr(k_by_name(&k, "vg-base")->live,
		                       done == 5 ? "snapshot-merge" : "snapshot-origin"));
		if (done == 3)
			assert_string_equal(k.trace.buf, "clear vg-snap\n"
			                                 "clear vg-base\n"
			                                 "resume vg-snap\n");
		k_free(&k);
	}
	kdm_plan_free(&p);
	kdm_devs_free(&want);
	k_free(&start);
	vg_free(before);
	vg_free(vg);
}

/* The merge done (the snapshot removed from the metadata): the origin
 * folds back to linear, then the layers and the snapshot's error device
 * go; none of them holds another any more. */
static void test_merge_end(void **state)
{
	struct vg *before = test_vg(), *merging = merging_vg(), *vg = plan_vg(WITH_OTHER);
	struct kernel start;
	(void)state;
	k_active(&start, before);
	converge(merging, NULL, 0, &start, "merge start");
	strbuf_reset(&start.trace);
	check_sequence(&start, vg, NULL, 0,
	               "load vg-base 0 32768 linear 98:0 2048\n"
	               "suspend vg-base\n"
	               "resume vg-base\n"
	               "remove vg-base-real\n"
	               "remove vg-snap-cow\n"
	               "remove vg-snap\n");
	k_free(&start);
	vg_free(before);
	vg_free(merging);
	vg_free(vg);
}

/* --- a lost PV: partial activation (lost_pv_vg) --- */

/* vgchange -ay --activationmode partial of linear LVs on a lost PV: each
 * lost area becomes an error device VG-LV-missing_S_A (S: the segment, A:
 * the area) of the area's size, created before the LV's table, which maps
 * the area onto it from its start ("linear <it> 0", as lvm2); what is on
 * the PV left maps as ever.  A crash anywhere converges, and so does the
 * deactivation, which takes the error devices after the LVs using them. */
static void test_partial_linear(void **state)
{
	struct vg *vg = lost_pv_vg(LOST_LINEAR, 0);
	(void)state;
	check_command(NULL, vg, NULL, 0,
	              "create vg-span-missing_1_0 0 8192 error\n"
	              "create vg-span 0 8192 linear 98:0 83968, 8192 8192 linear 254:0 0\n"
	              "create vg-lin-missing_0_0 0 16384 error\n"
	              "create vg-lin 0 16384 linear 254:2 0\n");
	vg_free(vg);
}

/* A lost origin: its -real maps onto the origin's error device (named
 * after the origin, not after -real); the snapshot, whose COW is there,
 * stacks on it as ever.  A lost COW: the -cow maps onto the snapshot's
 * (the COW LV's) error device.  (The kernel refuses that snapshot table,
 * unable to read the COW's header: the tool's business, see
 * tools/activate.c.) */
static void test_partial_snapshot(void **state)
{
	struct vg *vg = lost_pv_vg(LOST_ORIGIN, 0);
	(void)state;
	check_command(NULL, vg, NULL, 0,
	              "create vg-base-missing_0_0 0 32768 error\n"
	              "create vg-base-real 0 32768 linear 254:0 0\n"
	              "create vg-snap-cow 0 16384 linear 98:0 34816\n"
	              "create vg-snap 0 32768 snapshot 254:1 254:2 P 8\n"
	              "create vg-base 0 32768 snapshot-origin 254:1\n");
	vg_free(vg);
	vg = lost_pv_vg(LOST_COW, 0);
	check_command(NULL, vg, NULL, 0,
	              "create vg-base-real 0 32768 linear 98:0 2048\n"
	              "create vg-snap-missing_0_0 0 16384 error\n"
	              "create vg-snap-cow 0 16384 linear 254:1 0\n"
	              "create vg-snap 0 32768 snapshot 254:0 254:2 P 8\n"
	              "create vg-base 0 32768 snapshot-origin 254:0\n");
	vg_free(vg);
}

/* The names and uuids of the error devices: the LV's, with lvm2's
 * suffix; kdm_uuid_layer reads the layer back from a uuid. */
static void test_missing_names(void **state)
{
	struct vg *vg = lost_pv_vg(LOST_LINEAR, 0);
	struct kdm_devs want;
	size_t len;
	(void)state;
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &want), 0);
	assert_string_equal(want.devs[0].name, "vg-span-missing_1_0");
	assert_string_equal(want.devs[0].uuid,
	                    U("KmAybJBUbJyJTOpXEzOaFqMOrimzeFef") "-missing_1_0");
	assert_int_equal(want.devs[0].layer, LAYER_MISSING);
	assert_int_equal(want.devs[0].read_only, 0);
	assert_int_equal(kdm_uuid_layer(want.devs[0].uuid, &len), LAYER_MISSING);
	assert_int_equal(len, strlen(U("KmAybJBUbJyJTOpXEzOaFqMOrimzeFef")));
	assert_int_equal(want.devs[1].n_deps, 1);
	assert_string_equal(want.devs[1].deps[0], want.devs[0].uuid);
	assert_int_equal(kdm_uuid_layer(want.devs[1].uuid, &len), LAYER_TOP);
	assert_int_equal(len, strlen(want.devs[1].uuid));
	assert_int_equal(kdm_uuid_layer(U("x") "-real", NULL), LAYER_REAL);
	assert_int_equal(kdm_uuid_layer(U("x") "-cow", NULL), LAYER_COW);
	kdm_devs_free(&want);
	vg_free(vg);
	{
		char *name = kdm_missing_name("my-vg", "my-lv", 12, 3);
		assert_string_equal(name, "my--vg-my--lv-missing_12_3");
		free(name);
	}
}

/* The flags of op `kind` on device `name` in `p` (the test fails when
 * there is no such op). */
static uint16_t op_flags(const struct kdm_plan *p, enum kdm_op_kind kind, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ops[i].kind == kind && !strcmp(p->ops[i].name, name))
			return p->ops[i].udev_flags;
	plan_dump(p, name);
	fail_msg("no op %d on %s", (int)kind, name);
	return 0;
}

/* udev flags as lvm2 gives them (sandbox, scenario 057): an error device
 * is created with none of its own, and removed as a layer of its LV
 * (with LOW_PRIORITY for a COW LV's), as it is with the metadata or
 * without (an LV gone from it). */
static void test_missing_udev_flags(void **state)
{
	struct vg *vg = lost_pv_vg(LOST_LINEAR | LOST_COW, 0);
	uint16_t layer = KDM_UDEV_DISABLE_SUBSYSTEM_RULES | KDM_UDEV_DISABLE_DISK_RULES |
	                 KDM_UDEV_DISABLE_OTHER_RULES;
	struct lv *none = NULL;
	struct kernel k;
	struct kdm_devs want;
	struct kdm_plan p;
	(void)state;
	k_empty(&k);
	plan_for(vg, NULL, 0, &k, &want, &p);
	assert_int_equal(op_flags(&p, OP_CREATE, "vg-lin-missing_0_0"), 0);
	assert_int_equal(op_flags(&p, OP_CREATE, "vg-snap-missing_0_0"), 0);
	assert_int_equal(k_run(&k, &p, p.n, 0), 0);
	kdm_plan_free(&p);
	kdm_devs_free(&want);
	plan_for(vg, &none, 0, &k, &want, &p);
	assert_int_equal(op_flags(&p, OP_REMOVE, "vg-lin-missing_0_0"), layer);
	assert_int_equal(op_flags(&p, OP_REMOVE, "vg-span-missing_1_0"), layer);
	assert_int_equal(op_flags(&p, OP_REMOVE, "vg-snap-missing_0_0"),
	                 layer | KDM_UDEV_LOW_PRIORITY);
	kdm_plan_free(&p);
	kdm_devs_free(&want);
	{
		/* without metadata */
		char *prefix = VG_SCOPE;
		struct kdm_state have;
		k_state(&k, &have);
		plan_remove(&have, &prefix, 1, &p);
		assert_int_equal(op_flags(&p, OP_REMOVE, "vg-lin-missing_0_0"), layer);
		assert_int_equal(op_flags(&p, OP_REMOVE, "vg-snap-missing_0_0"),
		                 layer | KDM_UDEV_LOW_PRIORITY);
		kdm_plan_free(&p);
		kdm_state_free(&have);
	}
	k_free(&k);
	vg_free(vg);
}

/* The PV is back (and not written MISSING meanwhile): the LVs switch to
 * it, each with one load and one suspend/resume, and the error devices
 * they no longer use go. */
static void test_partial_pv_back(void **state)
{
	struct vg *lost = lost_pv_vg(LOST_LINEAR | LOST_ORIGIN, 0);
	struct vg *vg = lost_pv_vg(LOST_LINEAR | LOST_ORIGIN, 1);
	struct kernel start;
	(void)state;
	k_active(&start, lost);
	check_sequence(&start, vg, NULL, 0,
	               "load vg-base-real 0 32768 linear 98:16 2048\n"
	               "load vg-span 0 8192 linear 98:0 83968, 8192 8192 linear 98:16 67584\n"
	               "load vg-lin 0 16384 linear 98:16 51200\n"
	               "suspend vg-lin\n"
	               "suspend vg-span\n"
	               "suspend vg-base-real\n"
	               "resume vg-base-real\n"
	               "resume vg-span\n"
	               "resume vg-lin\n"
	               "remove vg-base-missing_0_0\n"
	               "remove vg-span-missing_1_0\n"
	               "remove vg-lin-missing_0_0\n");
	k_free(&start);
	vg_free(lost);
	vg_free(vg);
}

/* An LV whose activation is refused keeps what the kernel has of it
 * (kdm_devs_keep): neither reloaded (the PV back here) nor removed,
 * while the rest of the VG converges. */
static void test_keep(void **state)
{
	struct vg *lost = lost_pv_vg(LOST_LINEAR | LOST_COW, 0);
	struct vg *vg = lost_pv_vg(LOST_LINEAR | LOST_COW, 1);
	struct lv *span = vg_find_lv(vg, "span");
	struct kernel k;
	struct kdm_state have;
	struct kdm_devs want;
	struct kdm_plan p;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	k_active(&k, lost);
	k_state(&k, &have);
	assert_int_equal(plan_desired(vg, &span, 1, &have, &want), 0);
	kdm_devs_keep(&want, vg, vg_find_lv(vg, "lin"));
	kdm_devs_keep(&want, vg, vg_find_lv(vg, "snap")); /* its whole group */
	plan_ops(&want, &have, VG_SCOPE, 1, &p);
	kdm_plan_print(&p, &sb);
	assert_string_equal(sb.buf, "load vg-span\n"
	                            "    0 8192 linear </dev/ubda> 83968\n"
	                            "    8192 8192 linear </dev/ubdb> 67584\n"
	                            "suspend vg-span\n"
	                            "resume vg-span\n"
	                            "remove vg-span-missing_1_0\n");
	strbuf_release(&sb);
	kdm_plan_free(&p);
	kdm_devs_free(&want);
	kdm_state_free(&have);
	k_free(&k);
	vg_free(lost);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_activate_stack),
	    cmocka_unit_test(test_create_linear),
	    cmocka_unit_test(test_create_snapshot),
	    cmocka_unit_test(test_remove_last_snapshot),
	    cmocka_unit_test(test_remove),
	    cmocka_unit_test(test_rename),
	    cmocka_unit_test(test_resize_linear),
	    cmocka_unit_test(test_extend_snapshot),
	    cmocka_unit_test(test_extend_origin),
	    cmocka_unit_test(test_merge_start),
	    cmocka_unit_test(test_merge_activate),
	    cmocka_unit_test(test_merge_delayed),
	    cmocka_unit_test(test_merge_end),
	    cmocka_unit_test(test_partial_linear),
	    cmocka_unit_test(test_partial_snapshot),
	    cmocka_unit_test(test_missing_names),
	    cmocka_unit_test(test_missing_udev_flags),
	    cmocka_unit_test(test_partial_pv_back),
	    cmocka_unit_test(test_keep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
