/*
 * publiccode_lists.h - the code lists publiccode.yml values are checked
 * against, embedded at build time from data/publiccode/ (see its README for
 * provenance) by data/publiccode/gen_lists.py.
 */
#ifndef INVENTAIRE_PUBLICCODE_LISTS_H
#define INVENTAIRE_PUBLICCODE_LISTS_H

#include <stdbool.h>
#include <stddef.h>

/* A sorted list; ICASE lists are stored lower case and searched so. */
struct pc_list {
	const char *const *v;
	size_t n;
	bool icase;
};

/* A key with its space-separated, lower-cased prefixes (IANA subtags). */
struct pc_kv {
	const char *key;
	const char *prefixes;
};

struct pc_kvlist {
	const struct pc_kv *v;
	size_t n;
};

extern const struct pc_list pc_list_categories;
extern const struct pc_list pc_list_scopes;
extern const struct pc_list pc_list_aliases;
extern const struct pc_list pc_list_spdx_licenses;
extern const struct pc_list pc_list_spdx_deprecated;
extern const struct pc_list pc_list_spdx_exceptions;
extern const struct pc_list pc_list_ipa;
extern const struct pc_list pc_list_iso3166;
extern const struct pc_list pc_list_m49;
extern const struct pc_list pc_list_iso639;
extern const struct pc_list pc_list_iso15924;
/* Not sorted: the oEmbed provider schemes in file order. */
extern const struct pc_list pc_list_oembed;
extern const struct pc_kvlist pc_map_extlangs;
extern const struct pc_kvlist pc_map_variants;

/* True when S[0..len) is in L (case-insensitively for ICASE lists). */
bool pc_list_has(const struct pc_list *l, const char *s, size_t len);
/* The prefixes of KEY (lower case) in M, or NULL. */
const char *pc_kvlist_get(const struct pc_kvlist *m, const char *key,
                          size_t len);

#endif
