/* lvm2's text syntax: one tokenizer, parser and emitter for both the
 * metadata text on disk and vgtool.conf / --config.
 *
 * (Folder lib/config: the syntax only.  It never opens a file and never
 * knows what a key means: lib/metadata/format and tools/config.c do.)
 *
 *   section { key = value ... }    key = 12 | -3 | 077 | 1.5 | "str" | 'str' | word | [ v, v ]
 *   # comments to end of line; whitespace separates tokens
 *
 * The grammar is lvm2's (libdm's config parser), made strict where lvm2
 * silently accepts nonsense:
 *
 * - Keys are [A-Za-z0-9_+.@:&!-]+ (lvm2 names such as "pv0",
 *   "snapshot1", "lv-with-dash", tag sections "@tag").  A '/' in an
 *   unquoted key is a path: "a/b = 1" means "a { b = 1 }", as in lvm2
 *   (handy for --config 'activation/udev_sync=0').  A key may also be a
 *   quoted string (lvm2 quotes keys holding '#', '"' or '!'); quoted keys
 *   are taken literally, '/' included.
 * - Integers are 64-bit signed; a leading 0 means octal (lvm2 reads them
 *   with strtoll base 0, and lvm.conf has "umask = 077").  Hex is not
 *   accepted (lvm2's tokenizer rejects it too), nor "09", "12abc" or a
 *   value out of range, each with a precise error.
 * - Floats are [+-]digits.digits (either side may be empty, not both),
 *   no exponent, as in lvm2.  Config files only; metadata has none.
 * - "..." strings take \" and \\ as escapes; a backslash before any other
 *   byte is kept as it is (lvm2 does the same, so regexes such as
 *   "a|^/dev/sd.*\.|" survive).  '...' strings have no escapes.  A bare
 *   word in value position is a string (lvm2: TOK_STRING_BARE); it may
 *   not start with a digit, '+', '-' or '.', and ends at a space, '#',
 *   '=', '{', '}' (and in a list at ',' or ']').  Strings hold any byte
 *   but NUL (bare words: no control bytes); newlines are fine in "...".
 * - Lists: '[' values ']', commas optional, one trailing comma allowed,
 *   items of mixed types, no nested lists; "[]" is an empty list.
 * - A key given twice in one section: sections merge and the later value
 *   replaces the earlier one in place (lvm2's behaviour, minus its
 *   warning), unless limits->reject_duplicates (metadata), when it is an
 *   error.  A key that is both a section and a value is always an error.
 *
 * Input is untrusted (metadata comes from disks): the parser has limits on
 * depth, total nodes, string and input length, never uses fixed-size
 * buffers, recurses at most max_depth deep, and reports the first error as
 * "line L, column C: reason" (both 1-based; the column counts bytes, a tab
 * is one column). */
#ifndef VGTOOL_CONFIG_H
#define VGTOOL_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "misc/strbuf.h"

enum cfg_type {
	CFG_SECTION = 0,
	CFG_INT,   /* int64 */
	CFG_FLOAT, /* only in config files; metadata has none */
	CFG_STRING,
	CFG_LIST, /* of INT, FLOAT, STRING (no nested lists) */
	CFG_EMPTY_ARRAY = CFG_LIST,
	CFG_COMMENT, /* emitter only: a line "# text" (key NULL, text in comment) */
};

/* One field of the union is meaningful, the one `type` names; read the
 * others never.  Kept at 16 bytes: a metadata text of ten thousand LVs
 * is a quarter of a million nodes and list items, and every page of them
 * costs a fault (dear in an emulated sandbox). */
struct cfg_value {
	enum cfg_type type;
	uint32_t n_items; /* CFG_LIST; 0 otherwise */
	union {
		int64_t i;               /* CFG_INT */
		double f;                /* CFG_FLOAT */
		char *s;                 /* CFG_STRING: unescaped, NUL-terminated */
		struct cfg_value *items; /* CFG_LIST: NULL when empty */
	};
};
/* Free what a value holds and make it empty (type 0). */
void cfg_value_clear(struct cfg_value *v);

/* Layout, for the emitter (the parser leaves all of these 0).  lvm2's
 * writer puts empty lines and comments by hand; these flags let a tree
 * carry them so that cfg_emit reproduces lvm2's text byte for byte. */
enum cfg_node_flags {
	/* The comment belongs to the value text itself: written in every
	 * layout (even when cfg_emit_opts.comments is 0), after exactly one
	 * tab, never aligned.  lvm2's header lines "creation_host = ..." and
	 * "creation_time = ..." are written this way, on disk too. */
	CFG_F_COMMENT_VERBATIM = 1u << 0,
	/* Set by cfg_parse_arena on the nodes it makes (their key, value and
	 * the node itself live in the tree's arena) and on its root. */
	CFG_F_ARENA = 1u << 1,
	CFG_F_ARENA_ROOT = 1u << 2,
	/* The parser's own bookkeeping, meaningless once it returns: a
	 * section whose keys it found through its hash table, and a section
	 * it made for a step of a path key ("a" of "a/b = 1"). */
	CFG_F_PARSE_HASHED = 1u << 3,
	CFG_F_PARSE_IMPLICIT = 1u << 4,
	/* cfg_parse_stream: a section handed to the stream's `closed` */
	CFG_F_PARSE_STREAMED = 1u << 5,
	/* On a root: a creation_time beyond 64-bit signed was read as
	 * CFG_REPAIRED_CREATION_TIME (what lvm2 does with the ones its old
	 * 32-bit builds wrote); the reader warns, the next commit writes it. */
	CFG_F_REPAIRED_TIME = 1u << 6,
};
#define CFG_REPAIRED_CREATION_TIME 1527120000 /* 2018-05-24, lvm2's choice */

struct cfg_node {
	char *key; /* NULL for the root and for CFG_COMMENT lines */
	struct cfg_node *parent;
	struct cfg_node *next;  /* sibling, in file order */
	struct cfg_node *child; /* first child when v.type == CFG_SECTION */
	/* Last child, so that appending is O(1) (a metadata section may hold
	 * thousands of LVs).  Kept by the parser and the cfg_* functions; code
	 * that relinks nodes by hand must fix it or set it to NULL (it is then
	 * found again by walking the children). */
	struct cfg_node *last_child;
	struct cfg_value v;
	char *comment;      /* emitter only: printed after the value as "# ..." */
	unsigned line, col; /* where it was parsed (1-based), 0 when built */
	/* Emitter only, see cfg_emit(). */
	unsigned flags;             /* enum cfg_node_flags */
	unsigned char blank_before; /* empty lines written before the node */
	unsigned char blank_after;  /* ... and after it (after its "}") */
	unsigned char list_wrap;    /* CFG_LIST: 0 = one line, N = N items a line */
};

struct cfg_limits {
	size_t max_input;      /* bytes */
	unsigned max_depth;    /* nesting of sections; top-level keys are depth 1 */
	size_t max_nodes;      /* nodes + list items */
	size_t max_string;     /* bytes in one string or key (escapes undone) */
	int reject_duplicates; /* a key twice in one section is an error */
};

/* Limits for metadata read from a disk, and for config files.
 * metadata: 32 MiB, depth 64, 4M nodes, 1 MiB strings, no duplicates.
 * config:   4 MiB, depth 32, 256K nodes, 64 KiB strings, lvm2's merging. */
extern const struct cfg_limits cfg_limits_metadata;
extern const struct cfg_limits cfg_limits_config;

/* The root is a section with key NULL holding the top-level nodes.
 * Parse stops at the first NUL byte or at `len` (metadata text is
 * NUL-terminated on disk).  On error returns NULL and puts one line in
 * `err` ("line L, column C: reason", no trailing newline), without
 * logging; `err` may be NULL. */
struct cfg_node *cfg_parse(const char *text, size_t len, const struct cfg_limits *lim,
                           struct strbuf *err);
/* The same, the tree allocated from one arena that cfg_free(root) frees
 * whole: far fewer allocations for a large text.  The tree must not be
 * changed (no cfg_add_*, cfg_merge, cfg_value_clear on its values, and
 * cfg_free of its root only): for metadata text, read once and dropped. */
struct cfg_node *cfg_parse_arena(const char *text, size_t len, const struct cfg_limits *lim,
                                 struct strbuf *err);
/* Streaming, for a text too large to hold whole as a tree (the LVs of a
 * VG of ten thousand): the caller is handed the sections of one section as
 * each closes, and the parser may then drop what is below them, so that
 * the tree never holds more than one of them whole.
 *
 * `open` is called when a section that is a child of the text's first
 * section opens (for metadata: "physical_volumes", "logical_volumes"),
 * before its body; it returns 1 to stream that section (only one is ever
 * streamed).  `closed` is then called with each section written inside
 * it, once its body is parsed; it returns 1 when done with its contents.
 *
 * The parse itself is unchanged: the same errors and limits, the same
 * tree apart from the dropped contents.  What the callbacks saw is the
 * whole text unless the parser sets `broken`: the text went on to change
 * a streamed section or the first section after streaming began (a later
 * entry in the first section, a path key reaching into it).  The caller
 * must then read the text again without streaming; a text as lvm2 writes
 * it never does this. */
struct cfg_stream {
	int (*open)(void *ctx, struct cfg_node *sec);
	int (*closed)(void *ctx, struct cfg_node *sec);
	void *ctx;
	int broken;  /* set by the parser, see above */
	int dropped; /* set by the parser: some contents were dropped */
};
struct cfg_node *cfg_parse_stream(const char *text, size_t len, const struct cfg_limits *lim,
                                  struct strbuf *err, struct cfg_stream *st);
/* (for tree.c: frees an arena tree's root and its arena) */
void cfg_free_arena_root(struct cfg_node *root);
/* The head of a text only: parsing stops at the first section nested in
 * a section, which is left out, with everything after it.  For a
 * metadata text that is the VG section's own values (name, id, seqno,
 * extent_size, ...) before "physical_volumes {": what a scan needs, at a
 * cost that does not grow with the VG.  Errors as cfg_parse, for the part
 * read.  An arena tree, as cfg_parse_arena's. */
struct cfg_node *cfg_parse_head(const char *text, size_t len, const struct cfg_limits *lim,
                                struct strbuf *err);
/* Frees `node` and everything below it (not its siblings).  A node still
 * in a tree is unlinked from its parent first.  NULL is fine. */
void cfg_free(struct cfg_node *node);

/* Lookup under a section by "a/b/c" (empty segments are skipped, so
 * "/a//b" is "a/b"); NULL when absent or when `section` is not a section.
 * With duplicate keys in a built tree, the first one wins. */
const struct cfg_node *cfg_find(const struct cfg_node *section, const char *path);
/* Typed getters: 0 on success, -1 when missing, -2 when of another type. */
int cfg_get_int(const struct cfg_node *section, const char *path, int64_t *out);
int cfg_get_str(const struct cfg_node *section, const char *path, const char **out);
int cfg_get_float(const struct cfg_node *section, const char *path, double *out); /* int ok too */
/* lvm2's booleans: an int (non-zero is true) or one of y/yes/on/true,
 * n/no/off/false in any case; -2 for anything else. */
int cfg_get_bool(const struct cfg_node *section, const char *path, int *out);
/* A list's items.  As in lvm2, a single value counts as a list of one
 * ("scan = \"/dev\"" is the same as "scan = [\"/dev\"]"); -2 for a
 * section. */
int cfg_get_list(const struct cfg_node *section, const char *path, const struct cfg_value **items,
                 size_t *n);

/* Building trees (for export and tests).  Each returns the new node,
 * appended as the last child of `parent` (which must be a section).
 * Keys are copied; a key is written quoted when it is not a plain word. */
struct cfg_node *cfg_new_root(void);
struct cfg_node *cfg_add_section(struct cfg_node *parent, const char *key);
struct cfg_node *cfg_add_int(struct cfg_node *parent, const char *key, int64_t v);
struct cfg_node *cfg_add_float(struct cfg_node *parent, const char *key, double v);
struct cfg_node *cfg_add_str(struct cfg_node *parent, const char *key, const char *s);
/* An empty list, to fill with cfg_list_add_*() (e.g. stripes = ["pv0", 0]). */
struct cfg_node *cfg_add_list(struct cfg_node *parent, const char *key);
/* A list of strings (e.g. status = ["READ", "WRITE"]); n may be 0. */
struct cfg_node *cfg_add_str_list(struct cfg_node *parent, const char *key, const char *const *s,
                                  size_t n);
/* Append one item to a list node. */
void cfg_list_add_str(struct cfg_node *list, const char *s);
void cfg_list_add_int(struct cfg_node *list, int64_t v);
/* A copy of `src` (a value, or a section with everything below it),
 * under its own key. */
struct cfg_node *cfg_add_copy(struct cfg_node *parent, const struct cfg_node *src);
/* The same, placed right after `after` (a child of `parent`), or first
 * when `after` is NULL, instead of last. */
struct cfg_node *cfg_insert_copy(struct cfg_node *parent, struct cfg_node *after,
                                 const struct cfg_node *src);
/* `dst` (a node of a built tree) takes a copy of `src`'s value or, for a
 * section, of its children; its key stays. */
void cfg_replace(struct cfg_node *dst, const struct cfg_node *src);
/* `dst` becomes a list of the items of `front` then those of `back` (a
 * value that is not a list counts as one item).  Either may be `dst`'s
 * own value. */
void cfg_list_concat(struct cfg_node *dst, const struct cfg_value *front,
                     const struct cfg_value *back);
/* A comment line "# text" of its own (CFG_COMMENT); written in every
 * layout, as lvm2 writes "# Generated by LVM2 version ..." on disk too. */
struct cfg_node *cfg_add_comment_line(struct cfg_node *parent, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The comment after a value, without the "# ": cfg_set_comment(n, "%s",
 * "Hint only") writes `device = "/dev/sda"\t# Hint only`.  Newlines in it
 * are written as spaces. */
void cfg_set_comment(struct cfg_node *node, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Emit in lvm2's layout: "key {" ... "}" for sections, one "key = value"
 * per line, nested lines indented by `indent_tabs` tabs per level, lists
 * as ["a", "b"] on one line (or list_wrap items a line, as lvm2 writes
 * stripes = [ ... ]), strings in "..." with \" and \\ escaped, ints in
 * decimal, floats as "%f" (more digits when needed to read back the same
 * double).  Comments are aligned as lvm2 aligns them in backup files: a
 * line of width W columns (tabs count 8) gets max(1, 5 - W / 8) tabs, so
 * short lines put the comment at column 40.
 *
 * lvm2's two layouts (lib/format_text/export.c, checked against lvm2
 * 2.03.16's own output, see tests/unit/test_config_lvm2.c):
 *   backup file (vgcfgbackup, archives): cfg_emit_file, 1 tab a level,
 *     comments on;
 *   on disk (metadata area text): cfg_emit_disk, no indentation, no
 *     value comments (comment lines and CFG_F_COMMENT_VERBATIM comments
 *     are still written).
 * Empty lines come from blank_before / blank_after; the tree a writer
 * builds says where.  lvm2's map (annotate() in test_config_lvm2.c does
 * it to lvm2's own text):
 *   header (first in a backup, after the VG's "}" on disk):
 *     comment line "Generated by LVM2 version V: <ctime>"  blank_after 1
 *     contents; version  blank_after 1; description  blank_after 1;
 *     creation_host  VERBATIM comment "<uname -s -n -r -v -m>";
 *     creation_time  VERBATIM comment "<ctime>", blank_after 1
 *   VG: format "informational", extent_size "<size>";
 *     allocation_policy (only when not normal)  blank_before 1;
 *     physical_volumes  blank_before 1; each pvN  blank_before 1;
 *       device "Hint only", blank_after 1; dev_size, pe_count, ba_size
 *       "<size>"
 *     logical_volumes  blank_before 1; then one empty line that lvm2
 *       writes before historical_logical_volumes (blank_before 1, and 1
 *       before each of its LVs) even when there is none: logical_volumes
 *       then gets blank_after 1 (with no LVs either, physical_volumes
 *       gets blank_after 2);
 *       each LV  blank_before 1; creation_time "<%Y-%m-%d %T %z>";
 *       read_ahead = -1 "None"; segment_count  blank_after 1;
 *       segmentN: extent_count "<size>", blank_after 1; striped
 *         stripe_count = 1 "linear", stripe_size "<size>";
 *         stripes/mirrors/raids  blank_before 1, list_wrap 2
 *   where <size> is lvm2's "%g Kilobytes|Megabytes|..." of the sectors.
 * `opts` NULL means cfg_emit_file. */
struct cfg_emit_opts {
	int indent_tabs; /* tabs per nesting level */
	int comments;    /* write node comments */
};
extern const struct cfg_emit_opts cfg_emit_file;
extern const struct cfg_emit_opts cfg_emit_disk;
void cfg_emit(const struct cfg_node *root, const struct cfg_emit_opts *opts, struct strbuf *out);

/* One value as lvm2's lvmconfig writes it: scalars as cfg_emit does,
 * lists as ["a","b"], or with `spaces` as [ "a", "b" ] (an empty one
 * "[]" and "[ ]"). */
void cfg_emit_value(const struct cfg_value *v, int spaces, struct strbuf *out);

/* Merge `over` into `base` (for --config over vgtool.conf): values in
 * `over` replace or add to those of `base` (new keys go last), sections
 * merge recursively; a value in `over` replaces a section of that name in
 * `base` and vice versa.  This is what lvm2's lookups through its
 * --config tree and then lvm.conf amount to.  `over` must not be a part
 * of `base` (the same tree is fine: nothing to do).  `over` is left untouched;
 * its comment lines are not copied.  Keys are matched by a linear scan:
 * meant for config-sized trees. */
void cfg_merge(struct cfg_node *base, const struct cfg_node *over);

#endif
