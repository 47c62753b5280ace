/* Sizes as lvm2 2.03.16 reads them on the command line and prints them in
 * reports.  Every rule below was checked against lvm2 itself (lvcreate -L,
 * lvcreate -l and lvs --units on loop devices); tests/unit/test_misc_units.c
 * holds the observed tables. */
#include "misc/units.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "misc/log.h"

#define SECTOR_SIZE 512

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Numbers are read in the C locale, so "1.5g" means the same whatever
 * LC_NUMERIC the user has (lvm2 retries a '.' in the C locale too). */
static double strtod_c(const char *s, char **end)
{
	static locale_t c_locale;

	if (!c_locale)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c_locale ? strtod_l(s, end, c_locale) : strtod(s, end);
}

static const char *sign_refusal(enum sign sign, int allow_sign)
{
	switch (allow_sign) {
	case SIGN_RULE_NONE:
		return sign != SIGN_NONE ? "may not be relative/signed" : NULL;
	case SIGN_RULE_NOT_NEGATIVE:
		return sign == SIGN_MINUS ? "may not be negative" : NULL;
	case SIGN_RULE_NOT_POSITIVE:
		return sign == SIGN_PLUS ? "may not be positive" : NULL;
	default:
		return NULL;
	}
}

static enum sign take_sign(const char **p)
{
	if (**p == '+') {
		(*p)++;
		return SIGN_PLUS;
	}
	if (**p == '-') {
		(*p)++;
		return SIGN_MINUS;
	}
	return SIGN_NONE;
}

/* Position of a unit letter in "kmgtpe" (k = 1), or 0. */
static int binary_power(char c)
{
	static const char letters[] = "kmgtpe";
	const char *at = c ? strchr(letters, lower(c)) : NULL;

	return at ? (int)(at - letters) + 1 : 0;
}

int parse_size_arg(const char *text, char default_unit, int allow_sign, const char *what,
                   struct size_arg *out)
{
	const char *p = text, *why;
	enum sign sign;
	char *end;
	char unit;
	double v;
	int power;

	if (!what)
		what = "size";

	sign = take_sign(&p);
	if (*p == '+' || *p == '-') {
		log_error("Invalid argument for %s: %s (multiple sign symbols)", what, text);
		return -1;
	}
	/* Like lvm2: a digit or a radix point first, so no "inf", "nan",
	 * leading blanks or a second sign reach strtod. */
	if (!is_digit(*p) && *p != '.') {
		log_error("Invalid argument for %s: %s (a size starts with a number)", what, text);
		return -1;
	}
	errno = 0;
	v = strtod_c(p, &end);
	if (end == p || errno) {
		log_error("Invalid argument for %s: %s (%s)", what, text,
		          errno == ERANGE ? "number out of range" : "not a number");
		return -1;
	}

	/* The unit: one letter, case-insensitive, all binary.  lvm2 looks at
	 * that letter only and ignores whatever follows it; "100MB" and
	 * "100MiB" are common spellings of 100 MiB and mean just that here,
	 * but other trailing text is refused rather than silently dropped. */
	unit = *end ? lower(*end) : lower(default_unit);
	power = binary_power(unit);
	if (*end) {
		const char *rest = end + 1;

		if (!power && unit != 's' && unit != 'b') {
			log_error("Invalid argument for %s: %s (unknown unit '%c')", what, text,
			          *end);
			return -1;
		}
		if (power && lower(*rest) == 'i' && lower(rest[1]) == 'b')
			rest += 2;
		else if (power && lower(*rest) == 'b')
			rest++;
		if (*rest) {
			log_error("Invalid argument for %s: %s (unexpected text after the unit)",
			          what, text);
			return -1;
		}
	}

	/* To sectors, in the same floating-point steps as lvm2 so that any
	 * fraction truncates to the same sector count. */
	if (power) {
		while (--power > 0)
			v *= 1024;
		v *= 2;
	} else if (unit == 'b') {
		/* Checked here, unlike lvm2, so that a huge byte count cannot
		 * overflow the integer conversion below. */
		if (v >= 18446744073709551616.0) {
			log_error("Invalid argument for %s: %s (size is too big: >= 16 EiB)", what,
			          text);
			return -1;
		}
		if ((uint64_t)v % SECTOR_SIZE) {
			uint64_t up = (uint64_t)v - (uint64_t)v % SECTOR_SIZE + SECTOR_SIZE;

			log_error("Invalid argument for %s: %s (size is not a multiple of 512 "
			          "bytes; try %llu or %llu)",
			          what, text, (unsigned long long)(up - SECTOR_SIZE),
			          (unsigned long long)up);
			return -1;
		}
		v /= SECTOR_SIZE;
	} else if (unit != 's') {
		log_error("Invalid argument for %s: %s (internal error: default unit '%c')", what,
		          text, default_unit);
		return -1;
	}

	/* 2^55 sectors is 16 EiB: byte offsets must fit in 64 bits. */
	if (v >= (double)(UINT64_MAX >> 9)) {
		log_error("Invalid argument for %s: %s (size is too big: >= 16 EiB)", what, text);
		return -1;
	}
	why = sign_refusal(sign, allow_sign);
	if (why) {
		log_error("Invalid argument for %s: %s (size %s)", what, text, why);
		return -1;
	}

	out->sign = sign;
	/* A fraction of a sector is dropped (lvm2: 1.3k is 2 sectors, 0.1s
	 * is 0); rounding up to extents is the caller's business. */
	out->sectors = (uint64_t)v;
	return 0;
}

static const struct {
	const char *name;
	enum percent_base base;
} percent_names[] = {
    /* lvm2 accepts these abbreviations, in any case. */
    {"V", PERCENT_VG},          {"VG", PERCENT_VG},    {"L", PERCENT_LV},
    {"LV", PERCENT_LV},         {"P", PERCENT_PVS},    {"PV", PERCENT_PVS},
    {"PVS", PERCENT_PVS},       {"F", PERCENT_FREE},   {"FR", PERCENT_FREE},
    {"FREE", PERCENT_FREE},     {"O", PERCENT_ORIGIN}, {"OR", PERCENT_ORIGIN},
    {"ORIGIN", PERCENT_ORIGIN},
};

int parse_extents_arg(const char *text, int allow_sign, const char *what, struct extents_arg *out)
{
	const char *p = text, *why;
	unsigned long long v;
	enum percent_base base = PERCENT_NONE;
	enum sign sign;
	char *end;
	size_t i;

	if (!what)
		what = "extents";

	sign = take_sign(&p);
	if (!is_digit(*p)) {
		log_error("Invalid argument for %s: %s (a number is required)", what, text);
		return -1;
	}
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno) {
		log_error("Invalid argument for %s: %s (number out of range)", what, text);
		return -1;
	}
	if (*end) {
		if (*end != '%') {
			log_error("Invalid argument for %s: %s (unexpected text after the number)",
			          what, text);
			return -1;
		}
		for (i = 0; i < sizeof(percent_names) / sizeof(percent_names[0]); i++)
			if (!strcasecmp(end + 1, percent_names[i].name))
				base = percent_names[i].base;
		if (base == PERCENT_NONE) {
			log_error("Invalid argument for %s: %s (unknown %%%s: use %%VG, %%FREE, "
			          "%%PVS, %%ORIGIN or %%LV)",
			          what, text, end + 1);
			return -1;
		}
		/* lvm2 keeps percentages in 32 bits; more than 100% is
		 * accepted here and capped by the caller as lvm2 does. */
		if (v >= UINT32_MAX) {
			log_error("Invalid argument for %s: %s (percentage is too big)", what,
			          text);
			return -1;
		}
	}
	why = sign_refusal(sign, allow_sign);
	if (why) {
		log_error("Invalid argument for %s: %s (extents %s)", what, text, why);
		return -1;
	}

	out->sign = sign;
	out->count = v;
	out->base = base;
	return 0;
}

/* Bytes per unit for a unit letter, 0 for the human-readable letters and
 * -1 for anything else.  Lower case are powers of 1024, upper case powers
 * of 1000 (lvm2's si_unit_consistency, on by default). */
static int unit_bytes(char c, uint64_t *bytes)
{
	static const char bin[] = "kmgtpe", dec[] = "KMGTPE";
	const char *at;
	uint64_t base, m = 1;
	size_t n;

	switch (c) {
	case 'h':
	case 'H':
	case 'r':
	case 'R':
		*bytes = 0;
		return 0;
	case 'b':
	case 'B':
		*bytes = 1;
		return 0;
	case 's':
	case 'S':
		*bytes = SECTOR_SIZE;
		return 0;
	case '\0':
		return -1;
	}
	if ((at = strchr(bin, c))) {
		n = (size_t)(at - bin) + 1;
		base = 1024;
	} else if ((at = strchr(dec, c))) {
		n = (size_t)(at - dec) + 1;
		base = 1000;
	} else {
		return -1;
	}
	while (n--)
		m *= base;
	*bytes = m;
	return 0;
}

static int parse_units(const char *text, struct units *out, int quiet);

int parse_units_arg(const char *text, struct units *out)
{
	return parse_units(text, out, 0);
}

int parse_units_quiet(const char *text, struct units *out)
{
	return parse_units(text, out, 1);
}

static int parse_units(const char *text, struct units *out, int quiet)
{
	const char *p = text;
	double custom = 0;
	uint64_t count = 1, per;
	char letter;

	/* An optional number multiplies the unit ("4k": units of 4 KiB,
	 * shown with the suffix 'U').  lvm2 reads it twice, as a double and
	 * as an integer, and uses the integer when they agree; a count of
	 * exactly 1 keeps the unit's own letter, so "1.5k" prints 'k' (in
	 * units of 1536 bytes), and any number before h/H/r/R is ignored. */
	if (is_digit(*p)) {
		char *end;
		double diff;

		errno = 0;
		custom = strtod_c(p, &end);
		count = strtoull(p, NULL, 10);
		if (errno)
			goto invalid;
		diff = (double)count - custom;
		if (diff < 0)
			diff = -diff;
		if (diff < __DBL_EPSILON__)
			custom = 0;
		p = end;
	}
	if (!*p || p[1] || unit_bytes(*p, &per) < 0)
		goto invalid;

	letter = *p;
	if (per == 0) {
		/* Human-readable; a fractional count below 1 (e.g. "0.5h")
		 * gives lvm2 a zero factor, which it refuses. */
		if (custom > 0 && custom < 1)
			goto invalid;
		out->unit = letter;
		out->bytes = 0;
		return 0;
	}
	if (custom > 0) {
		double f = custom * (double)per;

		if (f >= 18446744073709551616.0)
			goto invalid;
		per = (uint64_t)f;
	} else {
		if (count && per > UINT64_MAX / count)
			goto invalid;
		per *= count;
	}
	if (!per)
		goto invalid;
	out->unit = count == 1 ? letter : 'U';
	out->bytes = per;
	return 0;

invalid:
	if (!quiet)
		log_error("Invalid units specification: %s", text);
	return -1;
}

void units_default(struct units *out)
{
	out->unit = 'r';
	out->bytes = 0;
}

/* Two decimals, except for bytes and sectors which are whole numbers. */
static int precision_of(char suffix)
{
	return (suffix == 'b' || suffix == 'B' || suffix == 'S') ? 0 : 2;
}

/* The suffix of the long form (messages, *display) for a report-style
 * suffix letter. */
static const char *long_suffix(char suffix)
{
	switch (suffix) {
	case 'e':
		return " EiB";
	case 'p':
		return " PiB";
	case 't':
		return " TiB";
	case 'g':
		return " GiB";
	case 'm':
		return " MiB";
	case 'k':
		return " KiB";
	case 'E':
		return " EB";
	case 'P':
		return " PB";
	case 'T':
		return " TB";
	case 'G':
		return " GB";
	case 'M':
		return " MB";
	case 'K':
		return " kB";
	/* Bytes are " B " with a trailing blank (vgdisplay --units b shows
	 * "PE Size 4194304 B "), except when --units h falls back to bytes
	 * ('b'). */
	case 'b':
		return " B";
	case 'B':
		return " B ";
	case 'U':
		return " Un";
	case 'S':
		return " Se";
	default:
		return "   ";
	}
}

/* bytes / per with `prec` (0 or 2) decimals, exactly as printf("%.*f")
 * prints the double of it.  Reports print a size in every row, and
 * printf's floating point was a tenth of a big `lvs`; in integers it is a
 * few dozen instructions.  The shortcut holds where the double is the
 * exact quotient (per a power of two, bytes below 2^53), so that rounding
 * the exact value to nearest, ties to even, is what printf does; other
 * units (SI, custom) still go through printf. */
static void add_quotient(struct strbuf *sb, uint64_t bytes, uint64_t per, int prec)
{
	uint64_t scale = prec ? 100 : 1, q, r;
	char buf[32], *e = buf + sizeof(buf), *o = e;

	if ((per & (per - 1)) || bytes >= ((uint64_t)1 << 53)) {
		strbuf_addf(sb, "%.*f", prec, (double)bytes / (double)per);
		return;
	}
	/* bytes * 100 < 2^60: no overflow */
	q = bytes * scale / per;
	r = bytes * scale % per;
	if (2 * r > per || (2 * r == per && (q & 1)))
		q++;
	if (prec) {
		*--o = (char)('0' + q % 10);
		*--o = (char)('0' + q / 10 % 10);
		*--o = '.';
		q /= 100;
	}
	do
		*--o = (char)('0' + q % 10);
	while (q /= 10);
	strbuf_add(sb, o, (size_t)(e - o));
}

static void format_any(struct strbuf *sb, uint64_t sectors, const struct units *u, int nosuffix,
                       int long_form)
{
	static const char bin[] = "eptgmkb", dec[] = "EPTGMKB";
	struct units def;
	const char *prefix = "";
	char letter, suffix = ' ';
	uint64_t bytes, per = 1;
	int human;

	if (!u) {
		units_default(&def);
		u = &def;
	}
	letter = u->unit;
	/* 'U' is a custom unit ("--units 4k"); anything unknown is shown
	 * human-readable, as lvm2 would. */
	human = letter != 'U' && letter != 'u' && (unit_bytes(letter, &per) < 0 || per == 0);

	/* The suffix lvm2 shows for an explicit unit: the letter itself for
	 * k..e and K..E, and 'B', 'S' or 'U' (custom) for the rest. */
	if (!human) {
		suffix = letter;
		if (letter == 'b' || letter == 'B')
			suffix = 'B';
		else if (letter == 's' || letter == 'S')
			suffix = 'S';
		else if (letter == 'U' || letter == 'u')
			suffix = 'U';
		per = u->bytes;
		if (!per && unit_bytes(letter, &per) < 0)
			per = 1;
	}

	/* Zero is printed bare, with the suffix (a blank for the human forms)
	 * unless --nosuffix: lvs shows "0 " under --units r, "0" with
	 * --nosuffix. */
	if (!sectors) {
		strbuf_addch(sb, '0');
		if (nosuffix)
			return;
		if (long_form)
			strbuf_addstr(sb, long_suffix(suffix));
		else
			strbuf_addch(sb, suffix);
		return;
	}

	bytes = sectors * SECTOR_SIZE;
	if (human) {
		int si = letter == 'H' || letter == 'R';
		uint64_t base = si ? 1000 : 1024;
		unsigned s = 0;

		/* The largest unit the size reaches, from exa down to bytes. */
		per = base * base * base * base * base * base;
		while (s < 6 && bytes < per) {
			per /= base;
			s++;
		}
		suffix = si ? dec[s] : bin[s];
		/* r/R: a '<' where printing two decimals would round up and
		 * so overstate the size ("<2.00g" for 2043 MiB).  This is
		 * lvm2's test: the hundredths, rounded to nearest (ties to
		 * even), differ from the hundredths rounded down.  d lies in
		 * [100, 102400) here, so integer truncation is floor. */
		if (s < 6 && (letter == 'r' || letter == 'R')) {
			double d = 100. * (double)bytes / (double)per;
			double fl = (double)(uint64_t)d;
			double frac = d - fl;

			if (frac > 0.5 || (frac == 0.5 && ((uint64_t)fl & 1)))
				prefix = "<";
		}
		/* The human forms always carry their unit, even under
		 * --nosuffix, as in lvm2. */
		nosuffix = 0;
	}

	strbuf_addstr(sb, prefix);
	add_quotient(sb, bytes, per, precision_of(suffix));
	if (nosuffix)
		return;
	if (long_form)
		strbuf_addstr(sb, long_suffix(suffix));
	else
		strbuf_addch(sb, suffix);
}

void format_size(struct strbuf *sb, uint64_t sectors, const struct units *u, int nosuffix)
{
	format_any(sb, sectors, u, nosuffix, 0);
}

void format_size_long(struct strbuf *sb, uint64_t sectors, const struct units *u, int nosuffix)
{
	format_any(sb, sectors, u, nosuffix, 1);
}
