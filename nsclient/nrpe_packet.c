/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "nrpe_packet.h"

#include <stdio.h>
#include <string.h>

/* v3/v4 header: version, type, crc, result, alignment, buffer length */
#define V3_HEADER 16

/* The CRC's running state (not inverted) after n more bytes. */
static uint32_t crc_update(uint32_t crc, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return crc;
}

uint32_t nsc_crc32(const unsigned char *p, size_t n)
{
	return ~crc_update(0xFFFFFFFFu, p, n);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFFu);
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* The bytes after a v3 packet's buffer: its struct's tail padding. */
static size_t v3_tail(int version)
{
	return version == 3 ? 3 : 0;
}

size_t nsc_nrpe_encode(int version, int type, int result, const char *text,
		       size_t payload_len, unsigned char *out, size_t outsize)
{
	size_t n = strlen(text), total, start;

	if (version == 2) {
		if (n + 1 > payload_len)
			return 0;
		total = 12 + payload_len;
		start = 10;
	} else if (version == 3 || version == 4) {
		if (n + 1 > NRPE_BUFFER_MAX)
			return 0;
		total = V3_HEADER + v3_tail(version) + n + 1;
		if (total < NRPE_V2_DEFAULT_SIZE)
			total = NRPE_V2_DEFAULT_SIZE;
		start = V3_HEADER;
	} else {
		return 0;
	}
	if (total > outsize)
		return 0;
	memset(out, 0, total);
	put16(out, (unsigned)version);
	put16(out + 2, (unsigned)type);
	put16(out + 8, (unsigned)result & 0xFFFFu);
	if (version != 2)
		put32(out + 12,
		      (uint32_t)(total - V3_HEADER - v3_tail(version)));
	memcpy(out + start, text, n);
	put32(out + 4, nsc_crc32(out, total));
	return total;
}

long nsc_nrpe_need(const unsigned char *buf, size_t len, size_t payload_len)
{
	unsigned version;
	uint32_t blen;

	if (len < V3_HEADER)
		return 0;
	version = get16(buf);
	if (version == 2)
		return (long)(12 + payload_len);
	if (version != 3 && version != 4)
		return -1;
	blen = get32(buf + 12);
	if (blen > NRPE_BUFFER_MAX)
		return -1;
	return (long)(V3_HEADER + v3_tail((int)version) + blen);
}

bool nsc_nrpe_decode(const unsigned char *buf, size_t len, size_t payload_len,
		     struct nrpe_packet *out, char *err, size_t errlen)
{
	unsigned char head[V3_HEADER];
	uint32_t want, crc;
	long need = nsc_nrpe_need(buf, len, payload_len);
	size_t start, room;
	const char *nul;

	if (need <= 0 || (size_t)need != len) {
		if (len >= 2 && need < 0)
			snprintf(err, errlen,
				 "an NRPE packet of version %u, or with a "
				 "buffer over %d bytes",
				 get16(buf), NRPE_BUFFER_MAX);
		else
			snprintf(err, errlen,
				 "an NRPE packet of %zu bytes where %ld were "
				 "due",
				 len, need > 0 ? need : (long)V3_HEADER);
		return false;
	}
	/* the CRC as if its field were zero: the first 16 bytes copied */
	memcpy(head, buf, sizeof(head));
	memset(head + 4, 0, 4);
	crc = crc_update(0xFFFFFFFFu, head, sizeof(head));
	crc = ~crc_update(crc, buf + sizeof(head), len - sizeof(head));
	want = get32(buf + 4);
	if (crc != want) {
		snprintf(err, errlen,
			 "an NRPE packet whose CRC-32 is 0x%08x, not 0x%08x "
			 "(a corrupted packet, or another payload length)",
			 (unsigned)want, (unsigned)crc);
		return false;
	}
	out->version = (int)get16(buf);
	out->type = (int)get16(buf + 2);
	out->result = (int)(int16_t)get16(buf + 8);
	if (out->type < NRPE_QUERY || out->type > NRPE_MORE) {
		snprintf(err, errlen, "an NRPE packet of type %d", out->type);
		return false;
	}
	start = out->version == 2 ? 10 : V3_HEADER;
	room = out->version == 2 ? payload_len : (size_t)get32(buf + 12);
	out->text = (const char *)buf + start;
	nul = memchr(out->text, '\0', room);
	out->text_len = nul != NULL ? (size_t)(nul - out->text) : room;
	return true;
}

bool nsc_nrpe_join(struct nrpe_reply *r, const struct nrpe_packet *p,
		   char *err, size_t errlen)
{
	size_t room, n;

	if (r->done) {
		snprintf(err, errlen, "an NRPE packet after the last one");
		return false;
	}
	if (p->type == NRPE_QUERY) {
		snprintf(err, errlen, "an NRPE query where an answer was due");
		return false;
	}
	if (r->packets > 0 && p->version != r->version) {
		snprintf(err, errlen,
			 "an NRPE answer that changed from version %d to %d",
			 r->version, p->version);
		return false;
	}
	r->version = p->version;
	r->result = p->result;
	room = r->cap > r->len + 1 ? r->cap - r->len - 1 : 0;
	n = p->text_len;
	if (n > room) {
		n = room;
		r->capped = true;
	}
	if (r->cap > 0) {
		memcpy(r->text + r->len, p->text, n);
		r->len += n;
		r->text[r->len] = '\0';
	}
	r->packets++;
	r->done = p->type == NRPE_RESPONSE;
	return true;
}
