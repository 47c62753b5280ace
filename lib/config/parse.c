/* The tokenizer and parser of lvm2's text syntax (see config.h for the
 * grammar and for where it is stricter than lvm2).
 *
 * The input comes from disks and users, so: every byte is checked, every
 * count has a limit, recursion goes one level per nested section and the
 * depth limit stops it, and the first problem ends the parse with its line
 * and column. */
#include "config/config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "misc/xalloc.h"

const struct cfg_limits cfg_limits_metadata = {
    /* lvm2 refuses text above half of the metadata area; areas of a few
     * MiB are common, tens of MiB rare. */
    .max_input = 32u << 20,
    .max_depth = 64,
    /* Real metadata spends 15-25 bytes a node; this leaves room for
     * 32 MiB of it while bounding memory for hostile input made of
     * two-byte list items. */
    .max_nodes = 4u << 20,
    .max_string = 1u << 20,
    .reject_duplicates = 1,
};

const struct cfg_limits cfg_limits_config = {
    .max_input = 4u << 20,
    .max_depth = 32,
    .max_nodes = 256u << 10,
    .max_string = 64u << 10,
    .reject_duplicates = 0,
};

/* Longer than any double printed with "%f" and enough digits to read it
 * back (309 integer digits, ~340 decimals); it also keeps strtod() away
 * from megabytes of digits. */
#define MAX_NUMBER_LEN 1024

/* One entry of the table that finds a key among its parent's children in
 * O(1): duplicate checks and lvm2's section merging need it, and a
 * section of metadata can hold many thousands of keys.  Kept at 16 bytes:
 * every page of memory a command touches costs a page fault, which is
 * dear in an emulated test sandbox (about 0.2 ms each where measured), and
 * this table was half of the faults of `lvs` over 200 LVs. */
struct key_entry {
	struct cfg_node *node; /* its parent is node->parent */
	uint32_t hash;         /* the low bits of the key's hash */
};

struct parser {
	const char *start; /* the text */
	const char *end;   /* first NUL, or start + len */
	int nul_end;       /* the text was cut at a NUL byte */
	const char *p;     /* the next byte to read */
	size_t line;       /* of p, 1-based */
	const char *line_start;
	const struct cfg_limits *lim;
	size_t nodes;
	struct strbuf *err;
	int failed;
	/* cfg_parse_head: stop at the first section nested in a section */
	int head_only, stopped;
	/* cfg_parse_arena: nodes, keys and strings come from here */
	struct cfg_arena *arena;
	size_t block; /* the size of the next block */

	struct key_entry *tab;
	size_t tab_size; /* a power of two */
	size_t tab_used;
	size_t seed;

	/* cfg_parse_stream */
	struct cfg_stream *st;
	struct cfg_node *root;
	struct cfg_node *first_sec;  /* the root's first section child */
	const char *value_key;       /* the key whose value is being read */
	struct cfg_node *stream_sec; /* the section being streamed, once open */
};

struct pos {
	size_t line, col;
};

static struct pos here(const struct parser *P)
{
	struct pos r = {P->line, (size_t)(P->p - P->line_start) + 1};
	return r;
}

/* Only the first error is kept: everything after it is a consequence. */
__attribute__((format(printf, 3, 4))) static void fail_at(struct parser *P, struct pos at,
                                                          const char *fmt, ...)
{
	va_list ap;

	if (P->failed)
		return;
	P->failed = 1;
	if (!P->err)
		return;
	strbuf_reset(P->err);
	strbuf_addf(P->err, "line %zu, column %zu: ", at.line, at.col);
	va_start(ap, fmt);
	strbuf_vaddf(P->err, fmt, ap);
	va_end(ap);
}

/* What the end of the text is, for "unexpected end" messages: a NUL in
 * the middle of a buffer ends lvm2's metadata text, and saying so spares
 * the reader a hunt for the missing brace. */
static const char *end_name(const struct parser *P)
{
	return P->nul_end ? "end of input (a NUL byte)" : "end of input";
}

/* Byte classes, one table lookup for each question the scanner asks of
 * every byte (a metadata text of ten thousand LVs is four megabytes). */
enum {
	C_SPACE = 1 << 0,    /* space, \t, \n, \v, \f, \r */
	C_KEY = 1 << 1,      /* may be part of a bare key */
	C_NUM_END = 1 << 2,  /* may follow a number: space , ] } # */
	C_WORD_END = 1 << 3, /* ends a bare word: space # = { } */
	C_LIST_END = 1 << 4, /* ends a bare word in a list too: , ] */
	C_CTRL = 1 << 5,     /* a control byte, never part of a bare word */
	C_QUOTED = 1 << 6,   /* stops the scan of a quoted string: " ' \ \n */
	C_SLASH = 1 << 7,    /* '/': part of a key too, splitting it into a path */
};

#define SPACE_CLASS (C_SPACE | C_NUM_END | C_WORD_END)
static const unsigned char byte_class[256] = {
    [0 ... 8] = C_CTRL,
    ['\t'] = SPACE_CLASS,
    ['\n'] = SPACE_CLASS | C_QUOTED,
    ['\v'] = SPACE_CLASS,
    ['\f'] = SPACE_CLASS,
    ['\r'] = SPACE_CLASS,
    [14 ... 0x1f] = C_CTRL,
    [' '] = SPACE_CLASS,
    ['!'] = C_KEY,
    ['"'] = C_QUOTED,
    ['#'] = C_NUM_END | C_WORD_END,
    ['&'] = C_KEY,
    ['\''] = C_QUOTED,
    ['+'] = C_KEY,
    [','] = C_NUM_END | C_LIST_END,
    ['-'] = C_KEY,
    ['.'] = C_KEY,
    ['/'] = C_SLASH,
    ['0' ... '9'] = C_KEY,
    [':'] = C_KEY,
    ['='] = C_WORD_END,
    ['@'] = C_KEY,
    ['A' ... 'Z'] = C_KEY,
    ['\\'] = C_QUOTED,
    [']'] = C_NUM_END | C_LIST_END,
    ['_'] = C_KEY,
    ['a' ... 'z'] = C_KEY,
    ['{'] = C_WORD_END,
    ['}'] = C_NUM_END | C_WORD_END,
    [0x7f] = C_CTRL,
};
#undef SPACE_CLASS

static inline int is_space(int c)
{
	return byte_class[(unsigned char)c] & C_SPACE;
}

static inline int is_key_char(int c)
{
	return byte_class[(unsigned char)c] & (C_KEY | C_SLASH);
}

/* A byte shown in a message: printable ASCII as 'c', anything else by
 * value, so that an error about garbage never prints garbage. */
static void describe_byte(char *buf, size_t size, unsigned char c)
{
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
}

/* A token quoted in a message, cut at 40 bytes and with non-printable
 * bytes escaped. */
static void quote_token(struct strbuf *sb, const char *b, const char *e)
{
	size_t n = (size_t)(e - b);

	strbuf_addch(sb, '\'');
	for (size_t i = 0; i < n && i < 40; i++) {
		unsigned char c = (unsigned char)b[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
			strbuf_addch(sb, c);
		else
			strbuf_addf(sb, "\\x%02x", c);
	}
	if (n > 40)
		strbuf_addstr(sb, "...");
	strbuf_addch(sb, '\'');
}

/* A key or name for a message, quoted by quote_token(); to free. */
static char *show(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	quote_token(&sb, s, s + strlen(s));
	return strbuf_detach(&sb, NULL);
}

static void advance(struct parser *P)
{
	if (*P->p == '\n') {
		P->line++;
		P->line_start = P->p + 1;
	}
	P->p++;
}

/* Inlined and kept in locals: this runs between every two tokens. */
static inline void skip_space(struct parser *P)
{
	const char *p = P->p, *end = P->end;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') {
			P->line++;
			P->line_start = ++p;
		} else if (byte_class[c] & C_SPACE) {
			p++;
		} else if (c == '#') {
			/* comments are most of a stock lvm.conf */
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
		} else {
			break;
		}
	}
	P->p = p;
}

/* ---- memory ----
 *
 * A tree from cfg_parse_arena() is allocated from one arena: a metadata
 * text of ten thousand LVs is some 200,000 nodes and strings, and one
 * malloc and free for each was a quarter of a report's work.  The tree is
 * freed whole (cfg_free of its root), never changed. */

struct cfg_arena {
	struct cfg_arena *next; /* the previous block */
	size_t used, size;
	max_align_t data[];
};

#define ARENA_BLOCK_MAX ((size_t)1 << 20)

/* `n` bytes aligned to `align` (a power of two), not zeroed.  Blocks
 * start at a size the text suggests (a tree takes a few times its text)
 * and double, so that a small text costs a small block and a large one a
 * few dozen.  Strings are packed byte to byte: most keys and values are a
 * few bytes, and rounding each to 16 was a quarter of a tree's memory. */
__attribute__((noinline)) static void arena_grow(struct parser *P, size_t n)
{
	size_t size = n > P->block ? n : P->block;
	struct cfg_arena *b;

	if (size > SIZE_MAX - sizeof(*b))
		fatal_oom(size);
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = P->arena;
	P->arena = b;
	if (P->block < ARENA_BLOCK_MAX)
		P->block *= 2;
}

static inline void *arena_alloc(struct parser *P, size_t n, size_t align)
{
	struct cfg_arena *b = P->arena;

	if (b)
		b->used = (b->used + align - 1) & ~(align - 1);
	if (!b || b->used > b->size || b->size - b->used < n) {
		arena_grow(P, n);
		b = P->arena;
	}
	b->used += n;
	return (char *)b->data + b->used - n;
}

/* Where the arena stands, to come back to it (cfg_parse_stream drops a
 * streamed section's contents this way).  A mark starts a new block when
 * little is left in the current one, so that the contents of a section
 * (an LV is under 2 KB) fit in it and a rollback frees nothing. */
struct arena_mark {
	struct cfg_arena *block;
	size_t used;
};

static struct arena_mark arena_mark(struct parser *P)
{
	struct arena_mark m;

	if (P->arena->used > P->arena->size || P->arena->size - P->arena->used < 16384)
		arena_grow(P, 0);
	m.block = P->arena;
	m.used = P->arena->used;
	return m;
}

static void arena_rollback(struct parser *P, struct arena_mark m)
{
	while (P->arena != m.block) {
		struct cfg_arena *b = P->arena;
		P->arena = b->next;
		free(b);
	}
	P->arena->used = m.used;
}

static void cfg_arena_free(struct cfg_arena *a)
{
	while (a) {
		struct cfg_arena *next = a->next;
		free(a);
		a = next;
	}
}

/* Zeroed memory for the tree. */
static void *p_alloc(struct parser *P, size_t n)
{
	void *p;
	if (!P->arena)
		return xcalloc(1, n);
	p = arena_alloc(P, n, _Alignof(struct cfg_node));
	memset(p, 0, n);
	return p;
}

static inline char *p_strndup(struct parser *P, const char *s, size_t n)
{
	char *c;
	if (!P->arena)
		return xstrndup(s, n);
	c = arena_alloc(P, n + 1, 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static void p_free(struct parser *P, void *ptr)
{
	if (!P->arena)
		free(ptr);
}

static void p_value_clear(struct parser *P, struct cfg_value *v)
{
	if (!P->arena)
		cfg_value_clear(v);
	else
		memset(v, 0, sizeof(*v));
}

/* ---- the key table ---- */

static size_t key_hash(const struct parser *P, const struct cfg_node *parent, const char *key)
{
	/* FNV-1a over the parent's address and the key, seeded per parse so
	 * that hostile keys cannot be chosen to collide in advance. */
	size_t h = (size_t)14695981039346656037ull ^ P->seed;

	/* the parent in one step (the finaliser below spreads it) */
	h ^= (size_t)(uintptr_t)parent * (size_t)0x9e3779b97f4a7c15ull;
	for (const unsigned char *s = (const unsigned char *)key; *s; s++) {
		h ^= *s;
		h *= (size_t)1099511628211ull;
	}
	/* FNV leaves the low bits, which pick the slot, poorly mixed for keys
	 * that differ only in their parent ("id" of ten thousand LVs): fold
	 * the high bits in (the finaliser of MurmurHash3) */
	h ^= h >> 33;
	h *= (size_t)0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* The entry for `key` under `parent`, or NULL; *hash gets the key's hash
 * for key_add, so that a key is hashed once. */
static struct key_entry *key_find(struct parser *P, const struct cfg_node *parent, const char *key,
                                  size_t *hash)
{
	size_t h, mask, i;

	h = *hash = key_hash(P, parent, key);
	if (!P->tab_size)
		return NULL;
	mask = P->tab_size - 1;
	for (i = h & mask; P->tab[i].node; i = (i + 1) & mask) {
		struct cfg_node *n = P->tab[i].node;
		if (P->tab[i].hash == (uint32_t)h && n->parent == parent && !strcmp(n->key, key))
			return &P->tab[i];
	}
	return NULL;
}

static void key_insert_entry(struct parser *P, struct key_entry e)
{
	size_t mask = P->tab_size - 1, i;

	for (i = e.hash & mask; P->tab[i].node; i = (i + 1) & mask)
		;
	P->tab[i] = e;
}

static void key_add(struct parser *P, struct cfg_node *n, size_t hash)
{
	struct key_entry e = {n, (uint32_t)hash};

	/* Keep the table at most half full so that probes stay short. */
	if ((P->tab_used + 1) * 2 > P->tab_size) {
		struct key_entry *old = P->tab;
		size_t old_size = P->tab_size;

		/* Only sections past SMALL_SECTION keys are in the table:
		 * it starts small and doubles with them. */
		P->tab_size = old_size ? old_size * 2 : 64;
		P->tab = xcalloc(P->tab_size, sizeof(*P->tab));
		for (size_t i = 0; i < old_size; i++)
			if (old[i].node)
				key_insert_entry(P, old[i]);
		free(old);
	}
	key_insert_entry(P, e);
	P->tab_used++;
}

/* Sections of up to this many keys are searched by walking their children:
 * most of a metadata text's sections hold under ten keys (an LV, a
 * segment, a PV), and a walk comparing first bytes costs less than hashing
 * the key.  A section that grows past it (logical_volumes, with thousands)
 * moves its keys into the table, where its later keys go too. */
#define SMALL_SECTION 8

/* The child of `parent` named `key`, or NULL; *hash gets the key's hash
 * when `parent` is (now) in the table, for child_added. */
static struct cfg_node *child_find(struct parser *P, struct cfg_node *parent, const char *key,
                                   size_t *hash)
{
	struct cfg_node *c;
	size_t n = 0;

	if (parent->flags & CFG_F_PARSE_HASHED) {
		struct key_entry *e = key_find(P, parent, key, hash);
		return e ? e->node : NULL;
	}
	/* three bytes before strcmp: siblings often share a first letter
	 * ("status", "segment_count", "segment1").  Keys are never empty;
	 * key[2] is read only when key[1] matched a byte that is not NUL */
	for (c = parent->child; c; c = c->next, n++)
		if (c->key[0] == key[0] && c->key[1] == key[1] &&
		    (!key[1] || c->key[2] == key[2]) && !strcmp(c->key, key))
			return c;
	if (n >= SMALL_SECTION) {
		for (c = parent->child; c; c = c->next)
			key_add(P, c, key_hash(P, parent, c->key));
		parent->flags |= CFG_F_PARSE_HASHED;
		*hash = key_hash(P, parent, key);
	}
	return NULL;
}

/* `n` was just made a child of its parent: into the table if the parent's
 * keys are there. */
static void child_added(struct parser *P, struct cfg_node *n, size_t hash)
{
	if (n->parent->flags & CFG_F_PARSE_HASHED)
		key_add(P, n, hash);
}

/* ---- nodes ---- */

static int count_node(struct parser *P, struct pos at)
{
	if (P->nodes >= P->lim->max_nodes) {
		fail_at(P, at, "too many values: more than the limit of %zu", P->lim->max_nodes);
		return 0;
	}
	P->nodes++;
	return 1;
}

static inline struct cfg_node *new_child(struct parser *P, struct cfg_node *parent, char *key,
                                         struct pos at)
{
	struct cfg_node *n =
	    P->arena ? arena_alloc(P, sizeof(*n), _Alignof(struct cfg_node)) : xmalloc(sizeof(*n));

	/* every field set in one go, without a memset call */
	*n = (struct cfg_node){.key = key,
	                       .parent = parent,
	                       .line = (unsigned)at.line,
	                       .col = (unsigned)at.col,
	                       .flags = P->arena ? CFG_F_ARENA : 0};
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->child = n;
	parent->last_child = n;
	return n;
}

/* ---- strings ---- */

/* Moves P->p forward to `to`, keeping the line count. */
static void skip_to(struct parser *P, const char *to)
{
	const char *nl;

	while ((nl = memchr(P->p, '\n', (size_t)(to - P->p)))) {
		P->line++;
		P->line_start = nl + 1;
		P->p = nl + 1;
	}
	P->p = to;
}

/* A quoted string starting at P->p (on the quote).  "..." takes \" and \\
 * as escapes and keeps any other backslash; '...' takes none.  Returns the
 * unescaped text (to free) or NULL after an error.  One scan finds the end
 * and the length; the copy is a memcpy unless there are escapes. */
static char *read_quoted(struct parser *P, const char *what)
{
	struct pos open = here(P);
	char quote = *P->p, *out, *o;
	const char *b = P->p + 1, *s = b, *end = P->end;
	size_t len;
	int escapes = 0, newlines = 0;

	/* Plain bytes are passed over with one table lookup each; the rare
	 * ones (quotes, backslashes, newlines) are looked at closely. */
	for (;; s++) {
		while (s < end && !(byte_class[(unsigned char)*s] & C_QUOTED))
			s++;
		if (s >= end || *s == quote)
			break;
		if (*s == '\n')
			newlines = 1;
		else if (quote == '"' && *s == '\\' && s + 1 < end &&
		         (s[1] == '"' || s[1] == '\\')) {
			escapes++;
			s++;
		}
	}
	len = (size_t)(s - b) - (size_t)escapes;
	if (s >= P->end) {
		struct pos e;
		skip_to(P, s);
		e = here(P);
		fail_at(P, open,
		        "unterminated %s: no closing %c before the %s at line %zu, column %zu",
		        what, quote, end_name(P), e.line, e.col);
		return NULL;
	}
	if (len > P->lim->max_string) {
		fail_at(P, open, "%s longer than %zu bytes (limit)", what, P->lim->max_string);
		return NULL;
	}
	if (!escapes) {
		out = p_strndup(P, b, len);
	} else {
		out = o = p_alloc(P, len + 1);
		for (const char *c = b; c < s; c++) {
			if (*c == '\\' && c + 1 < s && (c[1] == '"' || c[1] == '\\'))
				c++;
			*o++ = *c;
		}
		*o = '\0';
	}
	/* past the closing quote */
	if (newlines)
		skip_to(P, s + 1);
	else
		P->p = s + 1;
	return out;
}

/* ---- numbers ---- */

static locale_t c_numeric_locale(void)
{
	/* strtod() follows LC_NUMERIC; the text always uses '.'. */
	static locale_t loc;

	if (!loc)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

/* A byte that may follow a number: anything else glued to it ("12abc",
 * "0x10", "1.2.3", "1e5") makes the whole token a bad number. */
static int ends_number(const struct parser *P, const char *s)
{
	return s >= P->end || (byte_class[(unsigned char)*s] & C_NUM_END);
}

static int read_number(struct parser *P, struct cfg_value *v)
{
	/* Most numbers of a metadata text are plain decimal integers (an
	 * extent, a count, a time): read at once when it has at most 18
	 * digits (no overflow) and a separator follows; anything else, or
	 * anything wrong, goes the long way below. */
	if (*P->p >= '0' && *P->p <= '9' &&
	    (*P->p != '0' || P->p + 1 >= P->end || P->p[1] < '0' || P->p[1] > '9')) {
		const char *d = P->p, *stop = P->end - d > 18 ? d + 18 : P->end;
		uint64_t mag = 0;
		while (d < stop && *d >= '0' && *d <= '9')
			mag = mag * 10 + (uint64_t)(*d++ - '0');
		if (d < stop || d == P->end) {
			if (ends_number(P, d)) {
				v->type = CFG_INT;
				v->i = (int64_t)mag;
				P->p = d;
				return 1;
			}
		}
	}

	struct pos at = here(P);
	const char *b = P->p, *s = P->p, *digits, *e;
	int neg = 0, is_float = 0;
	size_t n_int = 0, n_frac = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	digits = s;
	while (s < P->end && *s >= '0' && *s <= '9')
		s++, n_int++;
	if (s < P->end && *s == '.') {
		is_float = 1;
		s++;
		while (s < P->end && *s >= '0' && *s <= '9')
			s++, n_frac++;
	}
	e = s;
	if (!ends_number(P, s) || (n_int + n_frac == 0)) {
		struct strbuf msg = STRBUF_INIT;

		/* Show the whole glued token, up to the next separator. */
		while (e < P->end && !is_space((unsigned char)*e) && !strchr(",]}#={[", *e))
			e++;
		quote_token(&msg, b, e);
		if (n_int == 1 && *digits == '0' && s < P->end && (*s == 'x' || *s == 'X'))
			fail_at(P, at, "invalid number %s: hexadecimal is not supported", msg.buf);
		else if (s < P->end && (*s == 'e' || *s == 'E') && n_int + n_frac)
			fail_at(P, at, "invalid number %s: exponents are not supported", msg.buf);
		else
			fail_at(P, at, "invalid number %s", msg.buf);
		strbuf_release(&msg);
		return 0;
	}
	if ((size_t)(e - b) > MAX_NUMBER_LEN) {
		fail_at(P, at, "number longer than %d characters", MAX_NUMBER_LEN);
		return 0;
	}

	if (is_float) {
		char *copy = xstrndup(b, (size_t)(e - b));
		locale_t loc = c_numeric_locale();
		double d;

		errno = 0;
		d = loc ? strtod_l(copy, NULL, loc) : strtod(copy, NULL);
		/* Underflow still gives the nearest double (or 0), which is
		 * what the text means; overflow has no value at all. */
		if (errno == ERANGE && (d > 1.0 || d < -1.0)) {
			struct strbuf msg = STRBUF_INIT;
			quote_token(&msg, b, e);
			fail_at(P, at, "number %s is out of range", msg.buf);
			strbuf_release(&msg);
			free(copy);
			return 0;
		}
		free(copy);
		v->type = CFG_FLOAT;
		v->f = d;
	} else {
		/* lvm2 reads integers with strtoll(base 0): a leading 0 is
		 * octal ("umask = 077").  Accumulate the magnitude unsigned so
		 * that INT64_MIN itself fits. */
		unsigned base = (n_int > 1 && *digits == '0') ? 8 : 10;
		uint64_t mag = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

		for (const char *d = digits; d < e; d++) {
			unsigned dv = (unsigned)(*d - '0');
			if (dv >= base) {
				struct strbuf msg = STRBUF_INIT;
				quote_token(&msg, b, e);
				fail_at(P, at,
				        "invalid number %s: a leading 0 means octal, and %c is no "
				        "octal digit",
				        msg.buf, *d);
				strbuf_release(&msg);
				return 0;
			}
			if (mag > (limit - dv) / base && !neg && P->value_key && P->root &&
			    !strcmp(P->value_key, "creation_time")) {
				/* lvm2 before 2.02.169 on 32 bits wrote some
				 * creation times past 2^63; lvm2 reads them as
				 * 2018-05-24 and says so: the caller warns */
				v->type = CFG_INT;
				v->i = CFG_REPAIRED_CREATION_TIME;
				P->root->flags |= CFG_F_REPAIRED_TIME;
				P->p = e;
				return 1;
			}
			if (mag > (limit - dv) / base) {
				struct strbuf msg = STRBUF_INIT;
				quote_token(&msg, b, e);
				fail_at(P, at, "integer %s is out of range (64-bit signed)",
				        msg.buf);
				strbuf_release(&msg);
				return 0;
			}
			mag = mag * base + dv;
		}
		v->type = CFG_INT;
		/* -(2^63) cannot be negated as int64; write it via the unsigned
		 * wrap, which is exact in two's complement. */
		v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	}
	P->p = e; /* numbers never span lines */
	return 1;
}

/* ---- values ---- */

/* One scalar: a number, a quoted string or a bare word (a string). */
static int read_scalar(struct parser *P, struct cfg_value *v, int in_list)
{
	unsigned char c;
	char what[16];

	if (P->p >= P->end) {
		fail_at(P, here(P), "expected a value, found the %s", end_name(P));
		return 0;
	}
	c = (unsigned char)*P->p;
	if (c == '"' || c == '\'') {
		if (!(v->s = read_quoted(P, "string")))
			return 0;
		v->type = CFG_STRING;
		return 1;
	}
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
		return read_number(P, v);

	struct pos at = here(P);
	if (c == '[') {
		fail_at(P, at, "nested lists are not supported");
		return 0;
	}
	if (strchr("]{}=,", c) || c < 0x20 || c == 0x7f) {
		describe_byte(what, sizeof(what), c);
		fail_at(P, at, "expected a value, found %s", what);
		return 0;
	}

	/* A bare word, as lvm2 reads "scan = /dev" or "x = yes".  lvm2 ends
	 * it only at space, '#', '=', '{' or '}'; inside a list we end it at
	 * ',' and ']' too (lvm2 would swallow them and fail later). */
	{
		const char *b = P->p, *p = P->p, *end = P->end;
		unsigned stop = C_WORD_END | (in_list ? C_LIST_END : 0);
		while (p < end) {
			c = (unsigned char)*p;
			if (byte_class[c] & stop)
				break;
			if (byte_class[c] & C_CTRL) {
				P->p = p;
				describe_byte(what, sizeof(what), c);
				fail_at(P, here(P), "unexpected %s in a value", what);
				return 0;
			}
			p++;
		}
		P->p = p;
		if ((size_t)(P->p - b) > P->lim->max_string) {
			fail_at(P, at, "value longer than %zu bytes (limit)", P->lim->max_string);
			return 0;
		}
		v->type = CFG_STRING;
		v->s = p_strndup(P, b, (size_t)(P->p - b));
	}
	return 1;
}

static int read_value(struct parser *P, struct cfg_value *v)
{
	struct pos open;
	size_t cap = 0;

	skip_space(P);
	if (P->p >= P->end || *P->p != '[')
		return read_scalar(P, v, 0);

	open = here(P);
	advance(P);
	v->type = CFG_LIST;
	for (;;) {
		skip_space(P);
		if (P->p >= P->end) {
			fail_at(P, open, "unterminated list: no ']' before the %s", end_name(P));
			return 0;
		}
		if (*P->p == ']') {
			advance(P);
			return 1;
		}
		if (*P->p == ',') {
			fail_at(P, here(P), "expected a value before ','");
			return 0;
		}
		if (!count_node(P, here(P)))
			return 0;
		if (v->n_items == cap) {
			cap = cap ? cap * 2 : 4;
			if (P->arena) {
				struct cfg_value *items = p_alloc(P, cap * sizeof(*items));
				if (v->n_items)
					memcpy(items, v->items, v->n_items * sizeof(*items));
				v->items = items;
			} else {
				v->items = xrealloc(v->items, cap * sizeof(*v->items));
			}
		}
		memset(&v->items[v->n_items], 0, sizeof(*v->items));
		/* Counted before reading, so that a failed item is freed too. */
		v->n_items++;
		if (!read_scalar(P, &v->items[v->n_items - 1], 1))
			return 0;
		/* Commas are optional between items, as in lvm2 ("[1 2]"),
		 * and one may follow the last. */
		skip_space(P);
		if (P->p < P->end && *P->p == ',')
			advance(P);
	}
}

/* ---- keys and sections ---- */

static int parse_body(struct parser *P, struct cfg_node *sec, unsigned depth, struct pos open);

/* The key at P->p: a word (a path when it holds '/') or a quoted string.
 * Fills `segs` with the path's elements (each to free). */
struct key {
	char **segs; /* `few` for up to four elements, else malloc'ed */
	size_t n;
	char *few[4];
	const char *tb, *te; /* the key as read (the text, or the unquoted copy) */
	char *text;          /* quoted for messages, made when needed */
};

static const char *key_text(struct key *k)
{
	struct strbuf sb = STRBUF_INIT;

	if (!k->text) {
		quote_token(&sb, k->tb, k->te);
		k->text = strbuf_detach(&sb, NULL);
	}
	return k->text;
}

static void key_release(struct parser *P, struct key *k)
{
	if (!P->arena)
		for (size_t i = 0; i < k->n; i++)
			free(k->segs[i]);
	if (k->segs != k->few)
		free(k->segs);
	if (k->text)
		free(k->text);
}

static int read_key(struct parser *P, struct key *k)
{
	struct pos at = here(P);
	unsigned char c = (unsigned char)*P->p;
	char what[16];

	if (c == '"' || c == '\'') {
		char *s = read_quoted(P, "key");
		if (!s)
			return 0;
		if (!*s) {
			p_free(P, s);
			fail_at(P, at, "empty key");
			return 0;
		}
		k->segs = k->few;
		k->segs[0] = s;
		k->n = 1;
		/* Still alive when a message needs it: the node that takes it
		 * over lives until the parse ends. */
		k->tb = s;
		k->te = s + strlen(s);
		return 1;
	}

	if (!is_key_char(c)) {
		if (c == '=')
			fail_at(P, at, "missing key before '='");
		else if (c == '}')
			fail_at(P, at, "unexpected '}': no section is open");
		else if (c == '{')
			fail_at(P, at, "missing section name before '{'");
		else {
			describe_byte(what, sizeof(what), c);
			fail_at(P, at, "expected a key, found %s", what);
		}
		return 0;
	}

	{
		const char *b = P->p, *s, *p = P->p, *end = P->end;
		size_t parts = 1;
		/* in locals: a store through P would make the compiler reload
		 * P->p after every byte */
		while (p < end && (byte_class[(unsigned char)*p] & C_KEY))
			p++;
		/* a path ("a/b = 1"): the rare case, counted on */
		while (p < end && is_key_char(*p))
			parts += *p++ == '/';
		P->p = p;
		if (P->p < P->end && !is_space(*P->p) && *P->p != '=' && *P->p != '{' &&
		    *P->p != '#') {
			describe_byte(what, sizeof(what), (unsigned char)*P->p);
			fail_at(P, here(P), "invalid character %s in key", what);
			return 0;
		}
		if ((size_t)(P->p - b) > P->lim->max_string) {
			fail_at(P, at, "key longer than %zu bytes (limit)", P->lim->max_string);
			return 0;
		}
		k->tb = b;
		k->te = P->p;

		/* Split "a/b/c"; empty elements are skipped, as in lvm2. */
		if (parts == 1) {
			k->segs = k->few;
			k->segs[k->n++] = p_strndup(P, b, (size_t)(P->p - b));
			return 1;
		}
		k->segs = parts <= 4 ? k->few : xmalloc(parts * sizeof(*k->segs));
		for (s = b; s < P->p;) {
			const char *e = s;
			while (e < P->p && *e != '/')
				e++;
			if (e > s)
				k->segs[k->n++] = p_strndup(P, s, (size_t)(e - s));
			s = e + 1;
		}
		if (!k->n) {
			fail_at(P, at, "empty key %s", key_text(k));
			return 0;
		}
	}
	return 1;
}

/* The section that path element `name` names under `parent`, made when
 * missing (an implicit step of a path key). */
static struct cfg_node *path_step(struct parser *P, struct cfg_node *parent, char *name,
                                  struct pos at)
{
	size_t hash = 0;
	struct cfg_node *n = child_find(P, parent, name, &hash);

	/* A path reaching into what was streamed: the caller has seen it
	 * already, without what this adds. */
	if (n && P->st &&
	    ((n->flags & CFG_F_PARSE_STREAMED) || (n == P->first_sec && P->stream_sec)))
		P->st->broken = 1;
	if (n) {
		if (n->v.type != CFG_SECTION) {
			fail_at(P, at, "'%s' is a value (line %u, column %u), not a section", name,
			        n->line, n->col);
			return NULL;
		}
		return n;
	}
	if (!count_node(P, at))
		return NULL;
	n = new_child(P, parent, p_strndup(P, name, strlen(name)), at);
	/* Created as a step of a path key ("a" of "a/b = 1"): writing the
	 * section out later ("a { c = 2 }") is not a duplicate. */
	n->flags |= CFG_F_PARSE_IMPLICIT;
	child_added(P, n, hash);
	if (parent == P->root && !P->first_sec)
		P->first_sec = n;
	return n;
}

/* The body of `n`, a section of the streamed section: handed to the
 * stream's `closed` once parsed, and its contents dropped when the caller
 * is done with them (the arena goes back to where it stood before them).
 * Contents that went into the key table stay: the table would point into
 * the memory given back. */
static int parse_streamed(struct parser *P, struct cfg_node *n, unsigned depth)
{
	struct arena_mark mark = arena_mark(P);
	size_t tab_used = P->tab_used;
	struct pos open = here(P);

	advance(P);
	if (!parse_body(P, n, depth, open))
		return 0;
	if (!P->st->closed(P->st->ctx, n))
		return 1;
	n->flags |= CFG_F_PARSE_STREAMED;
	if (P->tab_used == tab_used && !(n->flags & CFG_F_PARSE_HASHED)) {
		n->child = n->last_child = NULL;
		arena_rollback(P, mark);
		P->st->dropped = 1;
	}
	return 1;
}

/* One "key = value" or "key { ... }" at P->p, under `sec` at `depth`. */
static int parse_entry(struct parser *P, struct cfg_node *sec, unsigned depth)
{
	struct pos at = here(P);
	struct key k = {0};
	struct cfg_node *parent = sec, *n;
	size_t hash = 0;
	unsigned d = depth;
	int ok = 0, is_section;

	/* An entry of the first section after one of its sections began to
	 * stream: what the stream's caller took for the whole of the first
	 * section is not. */
	if (P->stream_sec && sec == P->first_sec)
		P->st->broken = 1;
	if (!read_key(P, &k))
		goto out;
	if (depth + k.n > P->lim->max_depth) {
		fail_at(P, at, "%s is nested deeper than %u levels (limit)", key_text(&k),
		        P->lim->max_depth);
		goto out;
	}
	skip_space(P);
	if (P->p >= P->end || (*P->p != '=' && *P->p != '{')) {
		if (P->p >= P->end) {
			fail_at(P, here(P), "expected '=' or '{' after %s, found the %s",
			        key_text(&k), end_name(P));
		} else {
			char what[16];
			describe_byte(what, sizeof(what), (unsigned char)*P->p);
			fail_at(P, here(P), "expected '=' or '{' after %s, found %s", key_text(&k),
			        what);
		}
		goto out;
	}
	is_section = *P->p == '{';
	if (P->head_only && is_section && depth + k.n > 1) {
		P->stopped = 1;
		ok = 1;
		goto out;
	}

	for (size_t i = 0; i + 1 < k.n; i++) {
		if (!(parent = path_step(P, parent, k.segs[i], at)))
			goto out;
		d++;
	}
	d++;

	n = child_find(P, parent, k.segs[k.n - 1], &hash);
	if (n) {
		if (is_section != (n->v.type == CFG_SECTION)) {
			fail_at(P, at, "%s is already a %s (line %u, column %u)", key_text(&k),
			        n->v.type == CFG_SECTION ? "section" : "value", n->line, n->col);
			goto out;
		}
		if (P->lim->reject_duplicates &&
		    !(is_section && (n->flags & CFG_F_PARSE_IMPLICIT))) {
			fail_at(P, at, "duplicate key %s (first at line %u, column %u)",
			        key_text(&k), n->line, n->col);
			goto out;
		}
		n->flags &= ~(unsigned)CFG_F_PARSE_IMPLICIT;
	} else {
		if (!count_node(P, at))
			goto out;
		n = new_child(P, parent, k.segs[k.n - 1], at);
		k.segs[k.n - 1] = NULL; /* now the node's */
		child_added(P, n, hash);
		if (is_section && parent == P->root && !P->first_sec)
			P->first_sec = n;
	}

	if (is_section && P->st && k.n == 1) {
		if (sec == P->first_sec && !P->stream_sec && P->st->open(P->st->ctx, n))
			P->stream_sec = n;
		else if (sec == P->stream_sec) {
			ok = parse_streamed(P, n, d);
			goto out;
		}
	}
	if (is_section) {
		struct pos open = here(P);
		advance(P);
		ok = parse_body(P, n, d, open);
	} else {
		struct cfg_value v = {0};
		advance(P);
		P->value_key = n->key;
		if (read_value(P, &v)) {
			/* A repeated key (config files): the later value wins,
			 * in the place of the first, as in lvm2. */
			p_value_clear(P, &n->v);
			n->v = v;
			ok = 1;
		} else {
			p_value_clear(P, &v);
		}
	}
out:
	key_release(P, &k);
	return ok;
}

/* The entries of section `sec` up to its '}' (or the end, for the root). */
static int parse_body(struct parser *P, struct cfg_node *sec, unsigned depth, struct pos open)
{
	for (;;) {
		skip_space(P);
		if (P->p >= P->end) {
			if (!sec->key)
				return 1;
			char *shown = show(sec->key);
			fail_at(P, here(P),
			        "unexpected %s: section %s (line %zu, column %zu) is not closed",
			        end_name(P), shown, open.line, open.col);
			free(shown);
			return 0;
		}
		if (*P->p == '}' && sec->key) {
			advance(P);
			return 1;
		}
		if (!parse_entry(P, sec, depth))
			return 0;
		if (P->stopped)
			return 1;
	}
}

/* The root of an arena tree carries its arena (cfg_free finds it). */
struct arena_root {
	struct cfg_node node; /* first: the root's address is the struct's */
	struct cfg_arena *arena;
};

void cfg_free_arena_root(struct cfg_node *root)
{
	struct arena_root *r = (struct arena_root *)root;
	cfg_arena_free(r->arena);
	free(r);
}

static struct cfg_node *parse(const char *text, size_t len, const struct cfg_limits *lim,
                              struct strbuf *err, int head_only, int arena, struct cfg_stream *st)
{
	struct parser P = {0};
	struct cfg_node *root;
	const char *nul = memchr(text, '\0', len);
	struct pos top = {1, 1};
	int ok;

	P.lim = lim ? lim : &cfg_limits_config;
	P.err = err;
	P.start = P.p = P.line_start = text;
	P.end = nul ? nul : text + len;
	P.nul_end = nul != NULL;
	P.line = 1;
	P.seed = (size_t)(uintptr_t)&P;
	P.head_only = head_only;

	if ((size_t)(P.end - P.start) > P.lim->max_input) {
		fail_at(&P, top, "the text is %zu bytes, more than the limit of %zu",
		        (size_t)(P.end - P.start), P.lim->max_input);
		return NULL;
	}

	P.st = st;
	if (arena) {
		struct arena_root *r = xcalloc(1, sizeof(*r));
		root = &r->node;
		root->flags |= CFG_F_ARENA_ROOT;
		size_t n = (size_t)(P.end - P.start);
		P.block = n < 4096 ? 16384 : n < ARENA_BLOCK_MAX / 4 ? 4 * n : ARENA_BLOCK_MAX;
		(void)arena_alloc(&P, 0, 1); /* the first block: P.arena set means arena */
	} else {
		root = xcalloc(1, sizeof(*root));
	}
	root->v.type = CFG_SECTION;
	P.root = root;
	ok = parse_body(&P, root, 0, top);
	if (arena)
		((struct arena_root *)root)->arena = P.arena;
	free(P.tab);
	if (!ok) {
		cfg_free(root);
		return NULL;
	}
	return root;
}

struct cfg_node *cfg_parse(const char *text, size_t len, const struct cfg_limits *lim,
                           struct strbuf *err)
{
	return parse(text, len, lim, err, 0, 0, NULL);
}

struct cfg_node *cfg_parse_arena(const char *text, size_t len, const struct cfg_limits *lim,
                                 struct strbuf *err)
{
	return parse(text, len, lim, err, 0, 1, NULL);
}

struct cfg_node *cfg_parse_head(const char *text, size_t len, const struct cfg_limits *lim,
                                struct strbuf *err)
{
	return parse(text, len, lim, err, 1, 1, NULL);
}

struct cfg_node *cfg_parse_stream(const char *text, size_t len, const struct cfg_limits *lim,
                                  struct strbuf *err, struct cfg_stream *st)
{
	st->broken = st->dropped = 0;
	return parse(text, len, lim, err, 0, 1, st);
}
