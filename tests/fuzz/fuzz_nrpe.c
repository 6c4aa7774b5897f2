/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading NRPE packets: the bytes an agent sends, cut into packets as the
 * client cuts them (nsc_nrpe_need, nsc_nrpe_decode) and put together
 * (nsc_nrpe_join). The first byte's low bit picks the payload length
 * (1024 or 16). Checked: a packet is decoded only at the length need
 * named, its text stays inside it, the joined text inside its buffer and
 * terminated, and what decodes encodes back to the same fields.
 */
#include "fuzz.h"
#include "nsclient/nrpe_packet.h"

#include <string.h>

static unsigned char again[NRPE_PACKET_MAX];

static void check_round_trip(const struct nrpe_packet *p, size_t payload)
{
	struct nrpe_packet q;
	char text[NRPE_BUFFER_MAX + 1], err[256];
	size_t n;

	memcpy(text, p->text, p->text_len);
	text[p->text_len] = '\0';
	n = nsc_nrpe_encode(p->version, p->type, p->result, text, payload,
			    again, sizeof(again));
	if (n == 0) {
		/* only a v2 text without a NUL fills the whole payload */
		if (p->version != 2 || p->text_len != payload)
			fuzz_fail("a v%d text of %zu bytes does not encode",
				  p->version, p->text_len);
		return;
	}
	if (!nsc_nrpe_decode(again, n, payload, &q, err, sizeof(err)))
		fuzz_fail("re-encoded packet unreadable: %s", err);
	if (q.version != p->version || q.type != p->type ||
	    q.result != p->result || q.text_len != p->text_len ||
	    memcmp(q.text, p->text, p->text_len) != 0)
		fuzz_fail("round trip changed the v%d packet", p->version);
}

int fuzz_nrpe(const uint8_t *data, size_t size)
{
	size_t payload = size > 0 && (data[0] & 1) ? 16 : 1024, at = 0;
	char text[2048], err[256];
	struct nrpe_reply r = {.text = text, .cap = sizeof(text)};
	struct nrpe_packet p;

	while (at < size && !r.done) {
		long need = nsc_nrpe_need(data + at, size - at, payload);

		if (need < 0)
			break;
		if (need == 0 || (size_t)need > size - at) {
			/* not all there: decoding what came must fail */
			if (nsc_nrpe_decode(data + at, size - at, payload, &p,
					    err, sizeof(err)))
				fuzz_fail("a packet decoded at %zu of %ld "
					  "bytes",
					  size - at, need);
			break;
		}
		if (!nsc_nrpe_decode(data + at, (size_t)need, payload, &p, err,
				     sizeof(err)))
			break;
		if ((const uint8_t *)p.text < data + at ||
		    (const uint8_t *)p.text + p.text_len > data + at + need ||
		    memchr(p.text, '\0', p.text_len) != NULL)
			fuzz_fail("text outside its packet");
		check_round_trip(&p, payload);
		if (!nsc_nrpe_join(&r, &p, err, sizeof(err)))
			break;
		if (r.len >= r.cap || r.text[r.len] != '\0')
			fuzz_fail("joined text of %zu bytes unterminated",
				  r.len);
		at += (size_t)need;
	}
	return 0;
}
