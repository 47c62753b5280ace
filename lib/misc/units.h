/* Sizes on the command line and in reports, as lvm2 spells them.
 *
 * Internally every size is in 512-byte sectors (uint64_t). */
#ifndef VGTOOL_UNITS_H
#define VGTOOL_UNITS_H

#include <stdint.h>
#include "misc/strbuf.h"

enum sign { SIGN_NONE = 0, SIGN_PLUS, SIGN_MINUS };

/* The allow_sign argument of the parsers below.  0 and 1 are plain "no" and
 * "yes"; the other two are lvm2's psize/pextents (lvcreate and lvextend
 * take "+10G" but refuse "-10G") and nsize/nextents (lvreduce).  Refusals
 * use lvm2's words: "may not be relative/signed", "may not be negative",
 * "may not be positive". */
enum sign_rule {
	SIGN_RULE_NONE = 0,         /* no sign at all */
	SIGN_RULE_ANY = 1,          /* '+' or '-' */
	SIGN_RULE_NOT_NEGATIVE = 2, /* none or '+' */
	SIGN_RULE_NOT_POSITIVE = 3, /* none or '-' */
};

/* -L/--size and friends: "100", "100M", "1.5g", "+10G", "2048s", "4096b".
 * Unit letters are case-insensitive binary multiples (k m g t p e), `s` is
 * sectors, `b` bytes (which must be a multiple of 512); no unit means
 * `default_unit` ('m' for -L, as lvm2).  "100MB" and "100MiB" mean 100 MiB
 * (lvm2 ignores whatever follows the unit letter; other trailing text is
 * refused here).  The number is strtod's (C locale: "0.5", ".5", "1e3",
 * "0x10" as lvm2); a fraction of a sector is dropped, as lvm2 does (1.3k
 * is 2 sectors).  Zero is accepted: "may not be zero" is the caller's. */
struct size_arg {
	enum sign sign;
	uint64_t sectors;
};
/* allow_sign is an enum sign_rule.  Returns 0, or -1 after logging one
 * line naming `what` (e.g. "--size") and the problem: garbage, overflow
 * (>= 16 EiB), a sign the rule refuses:
 *   Invalid argument for --size: -10m (size may not be negative) */
int parse_size_arg(const char *text, char default_unit, int allow_sign, const char *what,
                   struct size_arg *out);

/* -l/--extents: "100", "+10", "50%FREE", "100%ORIGIN", "10%VG", "10%PVS".
 * The keyword is case-insensitive and may be abbreviated as lvm2 allows
 * (V VG, L LV, P PV PVS, F FR FREE, O OR ORIGIN); percentages above 100
 * are accepted (lvm2 caps them later) up to 2^32 - 2. */
enum percent_base {
	PERCENT_NONE = 0, /* plain extent count */
	PERCENT_VG,
	PERCENT_FREE,
	PERCENT_PVS,
	PERCENT_ORIGIN,
	PERCENT_LV,
};
struct extents_arg {
	enum sign sign;
	uint64_t count; /* extents when base == PERCENT_NONE, else percent */
	enum percent_base base;
};
int parse_extents_arg(const char *text, int allow_sign, const char *what, struct extents_arg *out);

/* --units: h H r R (human readable; r/R add lvm2's '<' where the shown
 * value was rounded up) b B s S k K m M g G t T p P e E; lower case are
 * powers of 1024, upper case powers of 1000 (as lvm2 with
 * si_unit_consistency).  An optional leading number (e.g. "4k") multiplies
 * the unit as in lvm2: the unit becomes 'U' (printed "2.00U") unless the
 * number's integer part is 1 ("1.5k" keeps 'k', with 1536 bytes). */
struct units {
	char unit;      /* the letter as given; 'r' is lvm2's default */
	uint64_t bytes; /* bytes per unit; 0 for the human-readable forms */
};
int parse_units_arg(const char *text, struct units *out);
/* The same, without the message (global/units says its own). */
int parse_units_quiet(const char *text, struct units *out);
/* lvm2's default report unit ("r"). */
void units_default(struct units *out);

/* Append `sectors` in the given unit as lvm2's reports print it: two
 * decimals for unit sizes above a byte/sector, "<" prefix where lvm2 puts
 * it, the unit letter unless `nosuffix` (the human-readable forms keep it
 * even then, and zero is "0 " for them, as in lvm2).  u may be NULL for
 * the default. */
void format_size(struct strbuf *sb, uint64_t sectors, const struct units *u, int nosuffix);
/* The same size as lvm2 writes it in messages and in pvdisplay, vgdisplay
 * and lvdisplay ("Rounding up size to full physical extent 4.00 MiB",
 * "VG Size  <100.00 GiB", "PE Size  4194304 B "): the unit spelled out
 * after a blank, KiB/MiB/... for binary units, kB/MB/... for decimal ones,
 * "B " for bytes, "Se" sectors, "Un" custom units; zero is "0   ". */
void format_size_long(struct strbuf *sb, uint64_t sectors, const struct units *u, int nosuffix);

#endif
