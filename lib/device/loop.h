/* Loop devices for PVs that are image files: activation needs a block
 * device under each table. */
#ifndef VGTOOL_LOOP_H
#define VGTOOL_LOOP_H

/* The loop device backed by `file` (an existing one, or a new one with
 * autoclear, so it goes away with the last table using it).  Returns an
 * allocated "/dev/loopN", or NULL after logging. */
char *loop_attach(const char *file);
/* The loop device already backed by `file`, or NULL. */
char *loop_find(const char *file);

#endif
