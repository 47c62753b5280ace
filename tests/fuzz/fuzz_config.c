/* libFuzzer target for lib/config: metadata text comes from disks, so the
 * parser must survive any bytes.
 *
 * For each input: parse with the metadata limits (duplicates refused) and
 * with the config limits (lvm2's merging); on success emit in both
 * layouts and check that the text parses again to the same tree and that
 * emitting that gives the same text (a fixpoint); on failure check that
 * the error reads "line L, column C: reason".  Any broken promise aborts.
 *
 * Build and run (see tests/fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -Ilib -I. lib/config/{emit,parse,tree}.c lib/misc/strbuf.c lib/misc/xalloc.c \
 *     tests/fuzz/fuzz_config.c -o fuzz_config
 *   ./fuzz_config -max_total_time=300 corpus-dir tests/fuzz/corpus/config
 * With -DFUZZ_STANDALONE it is a plain program that runs the files named
 * on its command line once (for checking the corpus without libFuzzer). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_config: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static int same_value(const struct cfg_value *a, const struct cfg_value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case CFG_INT:
		return a->i == b->i;
	case CFG_FLOAT:
		/* Same bits, so -0.0 and 0.0 differ; NaN cannot be parsed. */
		return !memcmp(&a->f, &b->f, sizeof(a->f));
	case CFG_STRING:
		return !strcmp(a->s, b->s);
	case CFG_LIST:
		if (a->n_items != b->n_items)
			return 0;
		for (size_t i = 0; i < a->n_items; i++)
			if (!same_value(&a->items[i], &b->items[i]))
				return 0;
		return 1;
	default:
		return 1;
	}
}

static int same_tree(const struct cfg_node *a, const struct cfg_node *b)
{
	for (; a && b; a = a->next, b = b->next) {
		if (!a->key != !b->key || (a->key && strcmp(a->key, b->key)))
			return 0;
		if (!same_value(&a->v, &b->v))
			return 0;
		if (a->v.type == CFG_SECTION && !same_tree(a->child, b->child))
			return 0;
		if (b->parent == NULL || (b->next == NULL && b->parent->last_child != b))
			return 0;
	}
	return !a && !b;
}

static void check_error(const struct strbuf *err)
{
	size_t line, col;
	int used = 0;

	if (sscanf(err->buf, "line %zu, column %zu: %n", &line, &col, &used) != 2 || !used ||
	    !line || !col || !err->buf[used] || strchr(err->buf, '\n'))
		broken("badly formed error", err->buf);
}

static void check_round_trip(const struct cfg_node *root, const struct cfg_limits *lim,
                             const struct cfg_emit_opts *opts)
{
	struct strbuf text = STRBUF_INIT, again = STRBUF_INIT, err = STRBUF_INIT;
	struct cfg_node *back;
	/* The emitted text may be longer than the input (indentation,
	 * quoting), so only its length limit is lifted. */
	struct cfg_limits relaxed = *lim;

	relaxed.max_input = (size_t)-1;
	cfg_emit(root, opts, &text);
	back = cfg_parse(text.buf, text.len, &relaxed, &err);
	if (!back) {
		strbuf_addstr(&err, "\n--- emitted text:\n");
		strbuf_add(&err, text.buf, text.len);
		broken("emitted text does not parse", err.buf);
	}
	if (!same_tree(root->child, back->child))
		broken("emitted text parses to another tree", text.buf);
	cfg_emit(back, opts, &again);
	if (again.len != text.len || memcmp(again.buf, text.buf, text.len))
		broken("emitting is not a fixpoint", text.buf);
	cfg_free(back);
	strbuf_release(&text);
	strbuf_release(&again);
	strbuf_release(&err);
}

/* The arena parse is the same parse: the same tree or the same error. */
static void check_arena(const uint8_t *data, size_t size, const struct cfg_limits *lim,
                        const struct cfg_node *root, const struct strbuf *err)
{
	struct strbuf aerr = STRBUF_INIT;
	struct cfg_node *a = cfg_parse_arena((const char *)data, size, lim, &aerr);

	if (!a != !root)
		broken("the arena parse disagrees on success", root ? aerr.buf : err->buf);
	if (!a && strcmp(aerr.buf, err->buf))
		broken("the arena parse gives another error", aerr.buf);
	if (a && !same_tree(root->child, a->child))
		broken("the arena parse builds another tree", NULL);
	cfg_free(a);
	strbuf_release(&aerr);
}

static void check_one(const uint8_t *data, size_t size, const struct cfg_limits *lim)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse((const char *)data, size, lim, &err), *copy;

	check_arena(data, size, lim, root, &err);
	/* the head parse reads a prefix: it must not crash or leak */
	cfg_free(cfg_parse_head((const char *)data, size, lim, NULL));
	if (!root) {
		check_error(&err);
		strbuf_release(&err);
		return;
	}
	if (err.len)
		broken("error text on success", err.buf);
	check_round_trip(root, lim, &cfg_emit_file);
	check_round_trip(root, lim, &cfg_emit_disk);

	/* A merge into an empty tree is a copy. */
	copy = cfg_new_root();
	cfg_merge(copy, root);
	if (!same_tree(root->child, copy->child))
		broken("merge into an empty tree is no copy", NULL);
	/* And merging a tree into itself changes nothing. */
	cfg_merge(copy, root);
	if (!same_tree(root->child, copy->child))
		broken("merging a tree into its copy changed it", NULL);
	cfg_free(copy);

	/* Lookups of the first keys by path find them. */
	if (root->child && root->child->key && !strchr(root->child->key, '/') &&
	    cfg_find(root, root->child->key) != root->child)
		broken("cfg_find misses the first key", root->child->key);
	cfg_free(root);
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_one(data, size, &cfg_limits_metadata);
	check_one(data, size, &cfg_limits_config);
	return 0;
}

#include "standalone.h"
