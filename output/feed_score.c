/*
 * feed_score.c - code.gouv.fr's awesome-score of one repository:
 * compute-repo-score in src/codegouvfr/codegouvfr_output_data.clj
 * (codegouvfr/codegouvfr-output-data), term by term, with the input each
 * term reads from our record:
 *
 *   licence file found                        +1000  (metadata.files.license)
 *   template                                  +1000
 *   publiccode.yml found, valid or not        +1000
 *   README found                               +100
 *   CONTRIBUTING found                         +100
 *   CHANGELOG found                             +10
 *   no description                             -100
 *   archived                                  -1000
 *   fork                                      -1000
 *   forks_count > 100 / > 10 / > 1      +1000/+100/+10
 *   subscribers_count > 100 / > 10 / > 1 +1000/+100/+10
 *
 * "Found" is by ecosyste.ms's file rules or ours (feed_cgf_has,
 * output/feed_check.c). tests/test_feed.c fixes the score of planted
 * repositories, each worked out by hand from this table.
 */
#include "output/feed_int.h"

#include <string.h>

static long count_points(long n)
{
	/* (condp < f 100 high 10 medium 1 low 0): strictly greater than. An
	 * unknown count (-1) is upstream's nil: (if-let [f nil] ...) gives 0. */
	if (n > 100)
		return 1000;
	if (n > 10)
		return 100;
	if (n > 1)
		return 10;
	return 0;
}

/*
 * The licence term reads metadata.files.license: a file at the root whose
 * name starts with LICENSE, COPYING or MIT-LICENSE (the test against
 * "other" there can never hold for a file name). A repository we could
 * never probe has no file list: then the forge's licence stands for the
 * file it was detected from (GitHub and GitLab detect the licence in a
 * root file, and answer "other" when they cannot name it).
 */
static bool has_license(const struct record_repo *r)
{
	if (r->check)
		return feed_cgf_has(r, FEED_FILE_LICENSE);
	return feed_nonempty(r->repo.license_key) ||
	       feed_nonempty(r->repo.license);
}

long feed_awesome_score(const struct record_repo *r)
{
	long score = 0;

	if (has_license(r))
		score += 1000;
	if (r->repo.template)
		score += 1000;
	if (feed_cgf_has(r, FEED_FILE_PUBLICCODE))
		score += 1000;
	if (feed_cgf_has(r, FEED_FILE_README))
		score += 100;
	if (feed_cgf_has(r, FEED_FILE_CONTRIBUTING))
		score += 100;
	if (feed_cgf_has(r, FEED_FILE_CHANGELOG))
		score += 10;
	if (!feed_nonempty(r->repo.description))
		score -= 100;
	if (r->repo.archived)
		score -= 1000;
	if (r->repo.fork)
		score -= 1000;
	score += count_points(r->repo.forks);
	score += count_points(r->repo.subscribers);
	return score;
}
