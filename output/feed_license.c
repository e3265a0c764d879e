/*
 * feed_license.c - `li` / `license`: a repository's licence in the
 * vocabulary code.gouv.fr shows, ecosyste.ms's licence key, which is the
 * forge's license.key (app/models/hosts/github.rb and hosts/gitlab.rb in
 * ecosyste-ms/repos: hash[:license] = hash[:license][:key];
 * project.license.try(:key)). Both forges name licences with licensee's
 * lower-case keys: the file names of choosealicense.com's _licenses/
 * (github/choosealicense.com), and "other" for a licence file they cannot
 * name.
 *
 * The forge's key comes first, as upstream. Where the forge gives none
 * (GitLab's lists, Gitea, Bitbucket, SourceHut), our own identification
 * (license_spdx) is turned into that vocabulary; our SPDX id stays in
 * `license_spdx`.
 */
#include "output/feed_int.h"

#include <stdlib.h>
#include <string.h>

/* choosealicense.com's _licenses/, the keys licensee knows. Sorted. */
static const char *const keys[] = {
	"0bsd", "afl-3.0", "agpl-3.0", "apache-2.0", "artistic-2.0",
	"blueoak-1.0.0", "bsd-2-clause", "bsd-2-clause-patent", "bsd-3-clause",
	"bsd-3-clause-clear", "bsd-4-clause", "bsl-1.0", "cc-by-4.0",
	"cc-by-sa-4.0", "cc0-1.0", "cecill-2.1", "cern-ohl-p-2.0",
	"cern-ohl-s-2.0", "cern-ohl-w-2.0", "ecl-2.0", "epl-1.0", "epl-2.0",
	"eupl-1.1", "eupl-1.2", "gfdl-1.3", "gpl-2.0", "gpl-3.0", "isc",
	"lgpl-2.1", "lgpl-3.0", "lppl-1.3c", "mit", "mit-0", "mpl-2.0",
	"ms-pl", "ms-rl", "mulanpsl-2.0", "ncsa", "odbl-1.0", "ofl-1.1",
	"osl-3.0", "postgresql", "unlicense", "upl-1.0", "vim", "wtfpl",
	"zlib",
};

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The GNU licences' keys carry no -only / -or-later (licensee's gpl-3.0
 * stands for both SPDX ids); "+" is SPDX's older "or later". */
static size_t strip_gnu_suffix(const char *s, size_t n)
{
	static const char *const suffixes[] = { "-only", "-or-later", "+" };

	if (strncmp(s, "gpl-", 4) && strncmp(s, "lgpl-", 5) &&
	    strncmp(s, "agpl-", 5) && strncmp(s, "gfdl-", 5))
		return n;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		size_t k = strlen(suffixes[i]);

		if (n > k && !strncmp(s + n - k, suffixes[i], k))
			return n - k;
	}
	return n;
}

const char *feed_license_key_of_spdx(const char *s)
{
	char lower[64];
	size_t n;
	const char *key = lower, *const *found;

	if (!s || !*s)
		return NULL;
	n = strlen(s);
	/* An expression (several licences), NOASSERTION, LicenseRef-...: no
	 * one key names it. */
	if (n >= sizeof(lower) || strchr(s, ' ') || strchr(s, '('))
		return "other";
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	lower[strip_gnu_suffix(lower, n)] = '\0';
	found = bsearch(&key, keys, sizeof(keys) / sizeof(*keys), sizeof(*keys),
	                key_cmp);
	return found ? *found : "other";
}

const char *feed_license_key(const struct record_repo *r)
{
	const char *spdx = feed_license_spdx(r);

	if (feed_nonempty(r->repo.license_key))
		return r->repo.license_key;
	if (spdx)
		return feed_license_key_of_spdx(spdx);
	if (feed_license_files(r) > 0)
		return "other";  /* a licence file we could not name */
	/* Never probed: what the forge said (Gitea's SPDX ids). */
	if (!r->check && feed_nonempty(r->repo.license))
		return feed_license_key_of_spdx(r->repo.license);
	return NULL;
}
