/* lvm2 identifiers.
 *
 * An lvm2 id is 32 characters.  The alphabet that lvm2 accepts when it
 * reads one is the 62 letters and digits plus '!' and '#' (64 in all);
 * new ids use only the letters and digits (lvm2 leaves '!' and '#' out of
 * freshly made ids, a relic of LVM1).  On disk and in the label there are
 * no dashes; metadata text and reports show 6-4-4-4-4-4-6 groups; readers
 * skip every dash wherever it stands. */
#include "misc/uuid.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "misc/log.h"

static const char uuid_chars[] = "0123456789abcdefghijklmnopqrstuvwxyz"
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#";
#define UUID_GEN_CHARS 62 /* the first 62 of uuid_chars */

/* A table: every id of a metadata text is checked when it is read, ten
 * thousand LVs' worth in a big VG. */
static const unsigned char uuid_char_ok[256] = {
    ['0' ... '9'] = 1, ['a' ... 'z'] = 1, ['A' ... 'Z'] = 1, ['!'] = 1, ['#'] = 1,
};

static int uuid_char_valid(char c)
{
	return uuid_char_ok[(unsigned char)c];
}

/* Fill buf completely from the kernel's random pool, retrying on EINTR
 * and on short reads (getrandom may return fewer bytes when interrupted). */
static int read_random(unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("Cannot create a new uuid: getrandom failed: %s.",
			          strerror(errno));
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int uuid_generate(char out[UUID_LEN + 1])
{
	/* Map random bytes to the 62 characters without bias by throwing
	 * away bytes >= 248 (4 * 62): lvm2 takes byte % 62, which slightly
	 * favours the first eight characters; the result is equally valid. */
	unsigned char pool[64];
	size_t used = sizeof(pool), n = 0;

	while (n < UUID_LEN) {
		unsigned char b;

		if (used == sizeof(pool)) {
			if (read_random(pool, sizeof(pool)) < 0)
				return -1;
			used = 0;
		}
		b = pool[used++];
		if (b >= 4 * UUID_GEN_CHARS)
			continue;
		out[n++] = uuid_chars[b % UUID_GEN_CHARS];
	}
	out[UUID_LEN] = '\0';
	return 0;
}

void uuid_format(const char *raw, char out[UUID_FORMATTED_LEN + 1])
{
	static const unsigned char groups[] = {6, 4, 4, 4, 4, 4, 6};
	size_t g, i = 0, o = 0;

	for (g = 0; g < sizeof(groups); g++) {
		if (g)
			out[o++] = '-';
		memcpy(out + o, raw + i, groups[g]);
		o += groups[g];
		i += groups[g];
	}
	out[o] = '\0';
}

/* The 6-4-4-4-4-4-6 form lvm2 writes, read without a branch a byte:
 * every LV, PV and VG of a metadata text has one.  0 when `text` is in
 * that form with valid characters (copied to out), else -1. */
static int parse_formatted(const char *text, char out[UUID_LEN + 1])
{
	unsigned ok;

	if (strnlen(text, UUID_FORMATTED_LEN + 1) != UUID_FORMATTED_LEN)
		return -1;
	ok = (text[6] == '-') & (text[11] == '-') & (text[16] == '-') & (text[21] == '-') &
	     (text[26] == '-') & (text[31] == '-');
	memcpy(out, text, 6);
	memcpy(out + 6, text + 7, 4);
	memcpy(out + 10, text + 12, 4);
	memcpy(out + 14, text + 17, 4);
	memcpy(out + 18, text + 22, 4);
	memcpy(out + 22, text + 27, 4);
	memcpy(out + 26, text + 32, 6);
	for (size_t i = 0; i < UUID_LEN; i++)
		ok &= uuid_char_ok[(unsigned char)out[i]];
	out[UUID_LEN] = '\0';
	return ok ? 0 : -1;
}

int uuid_parse(const char *text, char out[UUID_LEN + 1])
{
	char id[UUID_LEN + 1];
	size_t n = 0;

	if (!parse_formatted(text, id)) {
		memcpy(out, id, UUID_LEN + 1);
		return 0;
	}

	/* Collect into id first so that out is untouched on failure. */
	for (; *text; text++) {
		if (*text == '-')
			continue;
		if (n == UUID_LEN || !uuid_char_valid(*text))
			return -1;
		id[n++] = *text;
	}
	if (n != UUID_LEN)
		return -1;
	memcpy(out, id, UUID_LEN);
	out[UUID_LEN] = '\0';
	return 0;
}

int uuid_valid_raw(const char *raw)
{
	size_t i;

	for (i = 0; i < UUID_LEN; i++)
		if (!uuid_char_valid(raw[i]))
			return 0;
	return raw[UUID_LEN] == '\0';
}
