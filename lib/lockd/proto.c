/* lvmlockd's wire protocol (proto.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "config/config.h"
#include "lockd/proto.h"

void lockd_req_begin(struct strbuf *sb, const char *request)
{
	strbuf_reset(sb);
	lockd_req_str(sb, "request", request);
}

/* lvm2's writer quotes a string and escapes its '"' and '\' (the
 * daemon's parser, like vgtool's, undoes both). */
void lockd_req_str(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s=\"", key);
	for (const char *c = value ? value : "none"; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *c);
	}
	strbuf_addstr(sb, "\"\n");
}

void lockd_req_int(struct strbuf *sb, const char *key, int64_t value)
{
	strbuf_addf(sb, "%s=%" PRId64 "\n", key, value);
}

void lockd_req_end(struct strbuf *sb)
{
	strbuf_addstr(sb, LOCKD_TERMINATOR);
}

long lockd_frame_length(const char *buf, size_t len)
{
	size_t t = strlen(LOCKD_TERMINATOR);

	if (len < t || memcmp(buf + len - t, LOCKD_TERMINATOR, t))
		return -1;
	return (long)(len - t);
}

static const char *string_field(const struct cfg_node *root, const char *key)
{
	const char *s;
	if (cfg_get_str(root, key, &s) || !strcmp(s, "none"))
		return NULL;
	return s;
}

/* result_flags: lvm2 looks for each word anywhere in the value */
static unsigned parse_flags(const char *s)
{
	static const struct {
		const char *word;
		unsigned bit;
	} words[] = {
	    {"NO_LOCKSPACES", LOCKD_NO_LOCKSPACES},
	    {"NO_GL_LS", LOCKD_NO_GL_LS},
	    {"NO_LM", LOCKD_NO_LM},
	    {"DUP_GL_LS", LOCKD_DUP_GL_LS},
	    {"WARN_GL_REMOVED", LOCKD_WARN_GL_REMOVED},
	    {"SH_EXISTS", LOCKD_SH_EXISTS},
	};
	unsigned flags = 0;

	for (size_t i = 0; s && i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(s, words[i].word))
			flags |= words[i].bit;
	return flags;
}

int lockd_reply_parse(const char *text, size_t len, struct lockd_reply *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	if (!(out->tree = cfg_parse(text, len, &cfg_limits_config, err)))
		return -1;
	if (cfg_get_str(out->tree, "response", &out->response)) {
		strbuf_addstr(err, "a reply without a response");
		lockd_reply_release(out);
		return -1;
	}
	out->has_op_result = !cfg_get_int(out->tree, "op_result", &out->op_result);
	out->has_result = !cfg_get_int(out->tree, "result", &out->result);
	out->has_version = !cfg_get_int(out->tree, "version", &out->version);
	out->protocol = string_field(out->tree, "protocol");
	out->lock_type = string_field(out->tree, "lock_type");
	out->mode = string_field(out->tree, "mode");
	out->vg_lock_args = string_field(out->tree, "vg_lock_args");
	out->lv_lock_args = string_field(out->tree, "lv_lock_args");
	out->flags = parse_flags(string_field(out->tree, "result_flags"));
	return 0;
}

void lockd_reply_release(struct lockd_reply *r)
{
	cfg_free(r->tree);
	memset(r, 0, sizeof(*r));
}

const char *lockd_result_name(int64_t op_result)
{
	static const char *const own[] = {"ENOLS",    "ESTARTING", "EARGS",    "EHOSTID",
	                                  "EMANAGER", "EPREPARE",  "ELOCKD",   "EVGKILLED",
	                                  "ELOCKIO",  "EREMOVED",  "EDEVOPEN", "ELMERR"};
	int64_t e = -op_result;

	if (e >= LOCKD_ENOLS && e <= LOCKD_ELMERR)
		return own[e - LOCKD_ENOLS];
	switch (e) {
	case EAGAIN:
		return "EAGAIN";
	case EEXIST:
		return "EEXIST";
	case ENOENT:
		return "ENOENT";
	case EINVAL:
		return "EINVAL";
	case EPROTO:
		return "EPROTO";
	case EUCLEAN:
		return "EUCLEAN";
	case EMSGSIZE:
		return "EMSGSIZE";
	case EBUSY:
		return "EBUSY";
	case ENOSPC:
		return "ENOSPC";
	}
	return NULL;
}
