/* libFuzzer target for lib/metadata/format/text_import.c and
 * text_export.c: metadata text comes from disks and backup files.
 *
 * For each input (as a NUL-terminated copy): text_peek_vg and
 * text_import_vg must not crash; a VG imported must pass vg_validate and
 * agree with text_peek_vg on name, seqno and id.  A VG that vgtool may
 * write (no read_only_reason) must export, in both layouts, to a text
 * that imports again and exports to the same bytes (a fixpoint); a
 * read-only VG must still export without crashing.  text_import_vg, which
 * streams the LVs through the parser, and text_import_vg_whole, which
 * reads a whole tree, must give the same VG or the same error line.  Any
 * broken promise aborts.
 *
 * Build and run (see tests/fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -DVGTOOL_VERSION='"fuzz"' -Ilib -I. tests/fuzz/fuzz_text.c \
 *     lib/metadata/format/text_import.c lib/metadata/format/text_export.c \
 *     lib/metadata/vg.c lib/metadata/validate.c lib/metadata/names.c \
 *     lib/config/emit.c lib/config/parse.c lib/config/tree.c \
 *     lib/misc/strbuf.c lib/misc/xalloc.c lib/misc/uuid.c lib/misc/log.c \
 *     -o fuzz_text
 *   ./fuzz_text -max_total_time=300 -dict=tests/fuzz/text.dict \
 *     corpus-dir tests/fuzz/corpus/text
 * With -DFUZZ_STANDALONE it is a plain program that runs the files named
 * on its command line once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/format/text.h"
#include "metadata/metadata.h"
#include "metadata/validate.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_text: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static const struct text_origin origin = {"Write from \"fuzz\" \\ test.", "fuzzhost",
                                          "Linux fuzzhost 6.1.0 #1 SMP x86_64", 1795645314};

static char *export(const struct vg *vg, enum text_layout layout)
{
	struct strbuf sb = STRBUF_INIT;
	text_export_vg(vg, layout, &origin, &sb);
	return strbuf_detach(&sb, NULL);
}

static void fixpoint(const struct vg *vg, enum text_layout layout)
{
	char *t1 = export(vg, layout), *t2;
	struct vg *again = text_import_vg(t1, strlen(t1), "export");
	if (!again)
		broken("exported text does not import", t1);
	if (again->read_only_reason)
		broken("exported text imports read-only", again->read_only_reason);
	t2 = export(again, layout);
	if (strcmp(t1, t2)) {
		fprintf(stderr, "--- first export\n%s\n--- second export\n%s\n", t1, t2);
		broken("export of the re-imported VG differs", NULL);
	}
	free(t1);
	free(t2);
	vg_free(again);
}

static FILE *null; /* where the log goes between captures */

/* The error line an import logs, or "" (log streams captured). */
static char *import_error(const char *text, size_t size, struct vg **out, int whole)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		broken("open_memstream failed", NULL);
	log_set_streams(f, f);
	*out = whole ? text_import_vg_whole(text, size, "fuzz") : text_import_vg(text, size, "fuzz");
	fclose(f);
	log_set_streams(null, null);
	return buf;
}

/* text_import_vg streams the LVs of the text through the parser; a whole
 * tree must give the same VG (as exported) or the same error line. */
static void same_as_whole(const char *text, size_t size, const struct vg *vg)
{
	struct vg *a, *b;
	char *ea = import_error(text, size, &a, 0), *eb = import_error(text, size, &b, 1);

	if (strcmp(ea, eb)) {
		fprintf(stderr, "--- streamed\n%s--- whole\n%s", ea, eb);
		broken("streamed and whole imports differ", text);
	}
	if (!a != !vg || !a != !b)
		broken("streamed and whole imports differ in success", text);
	if (a) {
		char *ta = export(a, TEXT_DISK), *tb = export(b, TEXT_DISK);
		if (strcmp(ta, tb) || !a->read_only_reason != !b->read_only_reason ||
		    (a->read_only_reason && strcmp(a->read_only_reason, b->read_only_reason)))
			broken("streamed and whole imports give different VGs", text);
		free(ta);
		free(tb);
	}
	vg_free(a);
	vg_free(b);
	free(ea);
	free(eb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	char *name = NULL, id[UUID_LEN + 1];
	uint32_t seqno = 0;
	int peek;
	struct vg *vg;

	if (!null) {
		null = fopen("/dev/null", "w");
		log_set_streams(null, null);
	}
	memcpy(text, data, size);
	text[size] = '\0';
	peek = text_peek_vg(text, size, &name, &seqno, id);
	vg = text_import_vg(text, size, "fuzz");
	same_as_whole(text, size, vg);
	if (vg) {
		struct strbuf err = STRBUF_INIT;
		if (vg_validate(vg, &err))
			broken("imported VG fails vg_validate", err.buf);
		strbuf_release(&err);
		if (peek || strcmp(name, vg->name) || seqno != vg->seqno || strcmp(id, vg->id))
			broken("text_peek_vg disagrees with text_import_vg", text);
		if (!vg->read_only_reason) {
			fixpoint(vg, TEXT_DISK);
			fixpoint(vg, TEXT_FILE);
		} else {
			free(export(vg, TEXT_DISK));
			free(export(vg, TEXT_FILE));
		}
		vg_free(vg);
	}
	free(name);
	free(text);
	return 0;
}

#include "standalone.h"
