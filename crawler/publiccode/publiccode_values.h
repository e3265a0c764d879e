/*
 * publiccode_values.h - the value checks publiccode.yml fields go through
 * (the reference's validators/ and the go-playground/validator tags it
 * uses): URLs, organisation URIs, BCP 47, dates, SPDX, emails,
 * MIME types, country codes, iPA codes, oEmbed links, grapheme counts.
 */
#ifndef INVENTAIRE_PUBLICCODE_CHECKS_H
#define INVENTAIRE_PUBLICCODE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

/* url_url and url_http_url (validators/validator.go, internal/url.go). */
bool pc_is_url(const char *s);
bool pc_is_http_url(const char *s);

/* organisation_uri and supports_id (validators/common.go). */
enum pc_uri {
	PC_URI_OK,
	PC_URI_INVALID,
	PC_URI_BAD_IPA,      /* urn:x-italian-pa: with an unknown code */
	PC_URI_BAD_ALIAS,    /* alias: with an unknown alias */
};
enum pc_uri pc_check_org_uri(const char *s);
enum pc_uri pc_check_supports_id(const char *s);

bool pc_is_bcp47(const char *s);        /* validators/bcp47.go */
bool pc_is_date(const char *s);         /* Go time.Parse("2006-01-02") */
bool pc_is_spdx(const char *s);         /* github/go-spdx */
bool pc_is_email(const char *s);        /* go-playground "email" */
bool pc_is_mime(const char *s);         /* validators/common.go */
/* A known ISO 3166-1 alpha-2 code, all upper or all lower case. */
bool pc_is_country(const char *s);
bool pc_is_ipa(const char *s);          /* case-insensitive */
/* The URL matches an oEmbed provider scheme (the reference's
 * data/oembed_schemes.json). */
bool pc_is_oembed(const char *url);
/* Extended grapheme clusters (UAX #29) in S[0..len): what the
 * validator's umin/umax count. */
size_t pc_graphemes(const char *s, size_t len);

#endif
