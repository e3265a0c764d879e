/*
 * publiccode_values.h - the value checks publiccode.yml fields go through
 * (spec.md §11): URLs, organisation URIs, BCP 47, dates, SPDX, emails,
 * MIME types, country codes, iPA codes, oEmbed links, grapheme counts.
 */
#ifndef INVENTAIRE_PUBLICCODE_CHECKS_H
#define INVENTAIRE_PUBLICCODE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

/* §11.1 url_url and url_http_url. */
bool pc_is_url(const char *s);
bool pc_is_http_url(const char *s);

/* §11.3 organisation_uri and §11.4 supports_id. */
enum pc_uri {
	PC_URI_OK,
	PC_URI_INVALID,
	PC_URI_BAD_IPA,      /* urn:x-italian-pa: with an unknown code */
	PC_URI_BAD_ALIAS,    /* alias: with an unknown alias */
};
enum pc_uri pc_check_org_uri(const char *s);
enum pc_uri pc_check_supports_id(const char *s);

bool pc_is_bcp47(const char *s);        /* §11.5 */
bool pc_is_date(const char *s);         /* §11.6 */
bool pc_is_spdx(const char *s);         /* §11.7 */
bool pc_is_email(const char *s);        /* §11.8 */
bool pc_is_mime(const char *s);         /* §11.9 */
/* §11.11: a known ISO 3166-1 alpha-2 code, all upper or all lower case. */
bool pc_is_country(const char *s);
bool pc_is_ipa(const char *s);          /* case-insensitive */
/* §8 #14: the URL matches an oEmbed provider scheme. */
bool pc_is_oembed(const char *url);
/* §11.10: extended grapheme clusters (UAX #29) in S[0..len). */
size_t pc_graphemes(const char *s, size_t len);

#endif
