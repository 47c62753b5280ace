/* The CRC-32 used throughout the LVM2 on-disk format (label sector,
 * metadata area header, metadata text). */
#ifndef VGTOOL_CRC_H
#define VGTOOL_CRC_H

#include <stddef.h>
#include <stdint.h>

/* The seed lvm2 uses for every checksum it writes. */
#define LVM_CRC_INITIAL 0xf597a6cfU

/* CRC-32 (reflected polynomial 0xEDB88320) starting from `initial`, with no
 * inversion before or after, as lvm2's calc_crc().  Chainable:
 * lvm_crc32(lvm_crc32(i, a, n), b, m) == crc of a followed by b. */
uint32_t lvm_crc32(uint32_t initial, const void *buf, size_t len);

#endif
