/* lvm2's checksum.
 *
 * lvm2 computes the plain reflected CRC-32 (polynomial 0xEDB88320, the
 * one zlib, Ethernet and gzip use) but starts from its own seed and never
 * inverts the register: calc_crc(initial, buf, len) is the raw CRC
 * register after feeding buf into a register holding `initial`.
 *
 * zlib's crc32() is the same register arithmetic wrapped in the usual
 * pre- and post-inversion (crc32(c, ...) starts from ~c and returns the
 * register inverted).  Handing it ~initial and inverting its answer
 * therefore cancels both inversions:
 *
 *     lvm_crc32(init, buf, len) == ~crc32(~init, buf, len)
 *
 * zlib is used rather than a table of our own because it is maintained,
 * everywhere already (libblkid and libudev users have it), and fast: its
 * braided/slicing implementation processes several bytes per step, which
 * matters when every metadata read checksums up to half a megabyte of
 * text.  crc32_z() takes a size_t length, so no chunking is needed. */
#include "misc/crc.h"

#include <zlib.h>

uint32_t lvm_crc32(uint32_t initial, const void *buf, size_t len)
{
	/* zlib treats a NULL buffer as "return the initial CRC value" (0),
	 * so never hand it one; an empty input leaves the register as is. */
	if (!len)
		return initial;
	return ~(uint32_t)crc32_z(~(unsigned long)initial & 0xffffffffUL, buf, len);
}
