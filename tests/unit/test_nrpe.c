/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The NRPE packet codec: the reference's test vectors (2.2), the packets
 * NSClient++ 0.16.4 sent (tests/fixtures/nsclient-0.16.4/nrpe_*.bin) and
 * the headers of check_nrpe 4.1's queries, then every way a packet can
 * be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nsclient/nrpe_packet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char pkt[NRPE_PACKET_MAX];

static uint32_t crc_field(const unsigned char *p)
{
	return (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
	       (uint32_t)p[6] << 8 | p[7];
}

static void test_crc_check_value(void **state)
{
	(void)state;
	assert_int_equal(nsc_crc32((const unsigned char *)"123456789", 9),
			 0xCBF43926u);
}

struct vector {
	int version, result;
	const char *text;
	size_t len;
	uint32_t crc;
	const char *head; /* the first bytes, in hex */
};

static const struct vector vectors[] = {
	{2, 0, "_NRPE_CHECK", 1036, 0xd4673f00u, "00020001d4673f0000005f4e5250"},
	{2, -1, "check_os_version", 1036, 0x62c4811eu,
	 "0002000162c4811effff636865636b"},
	{4, 0, "_NRPE_CHECK", 1036, 0x5bd51854u,
	 "000400015bd518540000000000000" "3fc5f4e52"},
};

static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void test_vectors(void **state)
{
	char got[64];

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		size_t n = nsc_nrpe_encode(v->version, NRPE_QUERY, v->result,
					   v->text, 1024, pkt, sizeof(pkt));
		size_t h = strlen(v->head) / 2;

		assert_int_equal(n, v->len);
		assert_int_equal(crc_field(pkt), v->crc);
		hex(pkt, h, got);
		assert_string_equal(got, v->head);
	}
}

/* check_nrpe 4.1's v4 query of check_os_version, as captured: its header
 * (the CRC depends on check_nrpe's random fill, so only the layout). */
static void test_v4_padding(void **state)
{
	char got[64];
	size_t n;

	(void)state;
	n = nsc_nrpe_encode(4, NRPE_QUERY, 0, "check_os_version", 1024, pkt,
			    sizeof(pkt));
	assert_int_equal(n, 1036);
	hex(pkt + 8, 8, got);
	assert_string_equal(got, "00000000000003fc");
	/* a long query grows the packet past 1036, with its NUL */
	memset(pkt, 0, sizeof(pkt));
	{
		char text[2000];

		memset(text, 'a', sizeof(text) - 1);
		text[sizeof(text) - 1] = '\0';
		n = nsc_nrpe_encode(4, NRPE_QUERY, 0, text, 1024, pkt,
				    sizeof(pkt));
		assert_int_equal(n, 16 + 2000);
		assert_int_equal(nsc_nrpe_encode(2, NRPE_QUERY, 0, text, 1024,
						 pkt, sizeof(pkt)),
				 0);
		n = nsc_nrpe_encode(3, NRPE_QUERY, 0, text, 1024, pkt,
				    sizeof(pkt));
		assert_int_equal(n, 19 + 2000);
	}
}

static size_t load(const char *name, unsigned char *buf, size_t size)
{
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/nsclient-0.16.4/%s",
		 WB_TEST_FIXTURES, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

struct capture {
	const char *file;
	int version, result;
	const char *text;
};

static const struct capture captures[] = {
	{"nrpe_v2_tls_check_os_version.bin", 2, 0,
	 "OK: Windows 2008 (6.0.6003)|'version'=60;50;50"},
	{"nrpe_v2_tls_unknown.bin", 2, 3, "Unknown command(s): no_such_cmd"},
	{"nrpe_v2_tls_check_wmi.bin", 2, 0,
	 "Microsoft Windows Server 2008 Standard , 6.0.6003, 6003"},
	{"nrpe_v3_tls_check_os_version.bin", 3, 0,
	 "OK: Windows 2008 (6.0.6003)|'version'=60;50;50"},
	{"nrpe_v3_tls_unknown.bin", 3, 3, "Unknown command(s): no_such_cmd"},
	{"nrpe_insecure_v3_anon.bin", 3, 0,
	 "OK: Windows 2008 (6.0.6003)|'version'=60;50;50"},
};

static void test_captures(void **state)
{
	struct nrpe_packet p;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		const struct capture *c = &captures[i];
		size_t n = load(c->file, pkt, sizeof(pkt));

		assert_int_equal(nsc_nrpe_need(pkt, 15, 1024), 0);
		assert_int_equal(nsc_nrpe_need(pkt, n, 1024), (long)n);
		assert_true(nsc_nrpe_decode(pkt, n, 1024, &p, err,
					    sizeof(err)));
		assert_int_equal(p.version, c->version);
		assert_int_equal(p.type, NRPE_RESPONSE);
		assert_int_equal(p.result, c->result);
		assert_int_equal(p.text_len, strlen(c->text));
		assert_memory_equal(p.text, c->text, p.text_len);
	}
}

/* What encode writes, decode reads back, for every version and type. */
static void test_round_trip(void **state)
{
	struct nrpe_packet p;
	char err[256];

	(void)state;
	for (int v = 2; v <= 4; v++)
		for (int t = NRPE_QUERY; t <= NRPE_MORE; t++) {
			size_t n = nsc_nrpe_encode(v, t, 2, "a line", 2048, pkt,
						   sizeof(pkt));

			assert_int_equal(nsc_nrpe_need(pkt, n, 2048), (long)n);
			assert_true(nsc_nrpe_decode(pkt, n, 2048, &p, err,
						    sizeof(err)));
			assert_int_equal(p.version, v);
			assert_int_equal(p.type, t);
			assert_int_equal(p.result, 2);
			assert_int_equal(p.text_len, 6);
		}
}

static void test_bad_packets(void **state)
{
	struct nrpe_packet p;
	char err[256];
	size_t n;

	(void)state;
	n = load("nrpe_v2_tls_check_os_version.bin", pkt, sizeof(pkt));
	/* one bit flipped in the zero padding */
	pkt[1000] ^= 1;
	assert_false(nsc_nrpe_decode(pkt, n, 1024, &p, err, sizeof(err)));
	assert_non_null(strstr(err, "CRC-32"));
	pkt[1000] ^= 1;
	/* the agent's payload length differs from ours */
	assert_int_equal(nsc_nrpe_need(pkt, n, 2048), 2060);
	assert_false(nsc_nrpe_decode(pkt, n, 2048, &p, err, sizeof(err)));
	assert_non_null(strstr(err, "1036 bytes where 2060"));
	/* short */
	assert_false(nsc_nrpe_decode(pkt, 10, 1024, &p, err, sizeof(err)));
	/* version 5, version 1 */
	pkt[1] = 5;
	assert_int_equal(nsc_nrpe_need(pkt, n, 1024), -1);
	assert_false(nsc_nrpe_decode(pkt, n, 1024, &p, err, sizeof(err)));
	assert_non_null(strstr(err, "version 5"));
	/* a v4 buffer length over the cap */
	n = nsc_nrpe_encode(4, NRPE_RESPONSE, 0, "x", 1024, pkt, sizeof(pkt));
	pkt[12] = 0x7f;
	assert_int_equal(nsc_nrpe_need(pkt, n, 1024), -1);
	/* type 7 with a right CRC */
	n = nsc_nrpe_encode(2, 7, 0, "x", 1024, pkt, sizeof(pkt));
	assert_false(nsc_nrpe_decode(pkt, n, 1024, &p, err, sizeof(err)));
	assert_non_null(strstr(err, "type 7"));
	/* a buffer with no NUL: the text is the whole buffer */
	n = nsc_nrpe_encode(2, NRPE_RESPONSE, 0, "", 16, pkt, sizeof(pkt));
	memset(pkt + 10, 'z', 16);
	{
		uint32_t c;

		memset(pkt + 4, 0, 4);
		c = nsc_crc32(pkt, n);
		pkt[4] = (unsigned char)(c >> 24);
		pkt[5] = (unsigned char)(c >> 16);
		pkt[6] = (unsigned char)(c >> 8);
		pkt[7] = (unsigned char)c;
	}
	assert_true(nsc_nrpe_decode(pkt, n, 16, &p, err, sizeof(err)));
	assert_int_equal(p.text_len, 16);
	/* too long for the payload */
	assert_int_equal(nsc_nrpe_encode(2, NRPE_QUERY, 0,
					 "0123456789abcdef", 16, pkt,
					 sizeof(pkt)),
			 0);
	assert_int_equal(nsc_nrpe_encode(9, NRPE_QUERY, 0, "x", 16, pkt,
					 sizeof(pkt)),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_check_value),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_v4_padding),
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_packets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
