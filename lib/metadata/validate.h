/* Consistency checks over a whole VG model. */
#ifndef VGTOOL_VALIDATE_H
#define VGTOOL_VALIDATE_H

#include "metadata/metadata.h"
#include "misc/strbuf.h"

/* 0 when the VG is consistent; else -1 with the first problem in err
 * (without logging): overlapping or out-of-range extents, segments that
 * do not add up, dangling or circular snapshot references. */
int vg_validate(const struct vg *vg, struct strbuf *err);

#endif
