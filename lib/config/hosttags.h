/* lvm2's host tags and the way it layers configuration files by them
 * (lvm2 2.03: lib/commands/toolcontext.c, lib/config/config.c).
 *
 * A configuration file's "tags" section gives the host its tags:
 *
 *   tags {
 *       hosttags = 1                      # the machine name (uname -n)
 *       @foo { }                          # "foo" ('@' optional)
 *       bar { host_list = [ "h1", "h2" ] } # "bar" on h1 and h2 only
 *   }
 *
 * For each host tag, lvm2 reads lvm_TAG.conf (whose own tags section may
 * give more) and merges every file, in the order read, into one tree by
 * its rules for tag files (cfg_merge_tagged).  An activation list item
 * "@*" matches an LV when its tags or its VG's hold a host tag.
 *
 * (With settings.c, the place in lib/config that knows what keys mean:
 * these are lvm2's rules about keys, not syntax.  No file is opened
 * here: tools/config.c reads them.) */
#ifndef VGTOOL_HOSTTAGS_H
#define VGTOOL_HOSTTAGS_H

#include <stddef.h>

#include "config/config.h"
#include "misc/strbuf.h"

struct host_tags {
	char **tags; /* in the order given, each once */
	size_t n;
	int hosttags; /* the machine name was given by tags/hosttags */
};

/* Add the host tags the tags section of `root` gives a host of that
 * machine name, as lvm2 does for each file it reads (tags already there
 * are not added again; tags/hosttags = 0 in a later file does not take
 * the machine name away).  0, or -1 with lvm2's one line in `err`: a tag
 * name that is not a valid name once its '@' is gone ("Invalid tag in
 * config file: @-x"), a host_list item that is not a string, a
 * host_filter. */
int host_tags_read(struct host_tags *t, const struct cfg_node *root, const char *hostname,
                   struct strbuf *err);
int host_tags_has(const struct host_tags *t, const char *tag);
/* Does `section` (a tag's subsection of "tags") give its tag to this
 * host: without host_list, yes; with one, when it names the machine.
 * 1 or 0, or -1 with lvm2's line in `err`. */
int host_list_matches(const struct cfg_node *section, const char *hostname, struct strbuf *err);
void host_tags_release(struct host_tags *t);

/* Merge one file's tree `over` into `base` by lvm2's rules for tag files
 * (its merge_config_tree, CONFIG_MERGE_TYPE_TAGS), which lvm2 applies to
 * every file it reads, lvm.conf first into an empty tree:
 * - the top-level "tags" section is left out;
 * - a top-level section holding "tags = [ ... ]" is taken only when one
 *   of those (an '@' before each is optional) is a host tag, and its
 *   "tags" key is left out;
 * - a section that `base` lacks is copied whole; into one it has, only
 *   values are merged (subsections are left out), replacing `base`'s,
 *   except activation/volume_list, devices/filter and devices/types,
 *   whose items go before `base`'s;
 * - what is new goes right after the first node of its section, not
 *   last (so that lvm2's lvmconfig lists lvm.conf's sections first,
 *   then the others from last to first, and vgtool's does the same). */
void cfg_merge_tagged(struct cfg_node *base, const struct cfg_node *over,
                      const struct host_tags *t);

#endif
