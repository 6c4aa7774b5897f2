/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * NRPE packets, as check_nrpe and NSClient++ write them: version 2 (a
 * fixed 12 + payload-length bytes, 1036 by default) and versions 3 and 4
 * (a 16-byte header and a counted buffer). Every integer is big-endian;
 * the CRC-32 (zlib's) covers the whole packet with its own field zeroed.
 * Pure functions: no I/O, no allocation.
 */
#ifndef NSC_NRPE_PACKET_H
#define NSC_NRPE_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NRPE_PAYLOAD_DEFAULT 1024
#define NRPE_PAYLOAD_MIN     16
#define NRPE_PAYLOAD_MAX     65536
/* a v3/v4 buffer longer than this is refused (NSClient++ allows 1 MiB) */
#define NRPE_BUFFER_MAX 65536
/* the largest packet nsc_nrpe_need may ask for */
#define NRPE_PACKET_MAX (NRPE_PAYLOAD_MAX + 19)
/* what check_nrpe pads v3/v4 queries to: sizeof its v2 packet */
#define NRPE_V2_DEFAULT_SIZE 1036

enum nrpe_type { NRPE_QUERY = 1, NRPE_RESPONSE = 2, NRPE_MORE = 3 };

/* zlib's CRC-32 of n bytes. */
uint32_t nsc_crc32(const unsigned char *p, size_t n);

/*
 * Writes a packet of version (2, 3 or 4) and type carrying text (NUL
 * included on the wire) into out. v2 packets are 12 + payload_len bytes;
 * v3/v4 ones are padded to at least 1036 bytes as check_nrpe does.
 * Returns the length, or 0 when text does not fit payload_len - 1 (v2),
 * NRPE_BUFFER_MAX - 1 (v3/v4) or outsize.
 */
size_t nsc_nrpe_encode(int version, int type, int result, const char *text,
		       size_t payload_len, unsigned char *out, size_t outsize);

/*
 * How many bytes the packet starting in buf (len bytes received so far)
 * has in all: 0 when the header is not complete yet (16 bytes suffice
 * for every version), -1 when its header cannot begin a packet (an
 * unknown version, a v3/v4 buffer over NRPE_BUFFER_MAX).
 */
long nsc_nrpe_need(const unsigned char *buf, size_t len, size_t payload_len);

struct nrpe_packet {
	int version, type, result;
	const char *text; /* into the caller's buffer; up to the first NUL */
	size_t text_len;
};

/*
 * Reads one complete packet (len bytes, as nsc_nrpe_need measured it):
 * its version, type and result code, the CRC checked. *out points into
 * buf. False with a one-line reason in err.
 */
bool nsc_nrpe_decode(const unsigned char *buf, size_t len, size_t payload_len,
		     struct nrpe_packet *out, char *err, size_t errlen);

/*
 * One answer put together from its packets: type 3 ("more") packets
 * continue it, a type 2 ends it. text is the caller's buffer of cap
 * bytes; what does not fit is dropped and *capped set.
 */
struct nrpe_reply {
	int version, result;
	char *text;
	size_t len, cap;
	bool capped, done;
	int packets;
};

/*
 * Adds packet p to r. False with a reason in err when it cannot belong
 * to an answer: a query, a packet after the last one, a change of
 * version in the middle.
 */
bool nsc_nrpe_join(struct nrpe_reply *r, const struct nrpe_packet *p,
		   char *err, size_t errlen);

#endif
