/*
 * feed_score.c - code.gouv.fr's awesome-score of one repository:
 * compute-repo-score in src/codegouvfr/codegouvfr_output_data.clj
 * (codegouvfr/codegouvfr-output-data), term by term, with the input each
 * term reads from our record.
 */
#include "output/feed_int.h"

#include <string.h>

static long count_points(long n)
{
	/* (condp < f 100 high 10 medium 1 low 0): strictly greater than. */
	if (n > 100)
		return 1000;
	if (n > 10)
		return 100;
	if (n > 1)
		return 10;
	return 0;
}

long feed_awesome_score(const struct record_repo *r)
{
	long score = 0;

	/*
	 * Known licence. code.gouv.fr reads metadata.files.license, i.e. a
	 * licence *file* at the root (LICENSE|COPYING|MIT-LICENSE). Ours is the
	 * licence check's files (which also sees LICENCE and REUSE LICENSES/,
	 * the spellings it misses). When the repository was never checked,
	 * fall back to the forge API's licence key, non-empty and not "other",
	 * as upstream's own test of the `license` key reads.
	 */
	if (r->check) {
		if (feed_license_files(r) > 0)
			score += 1000;
	} else if (feed_nonempty(r->repo.license) &&
	           strcmp(r->repo.license, "other") != 0) {
		score += 1000;
	}
	/*
	 * Template: +1000 upstream. No forge listing we map fills a template
	 * flag yet (struct repo has none), so no repository gets it.
	 */
	/* publiccode.yml present, valid or not: code.gouv.fr only looks for
	 * the file (metadata.files.publiccode). */
	if (feed_has_publiccode(r))
		score += 1000;
	if (feed_has_readme(r))
		score += 100;
	if (feed_has_contributing(r))
		score += 100;
	if (feed_has_changelog(r))
		score += 10;
	if (!feed_nonempty(r->repo.description))
		score -= 100;
	if (r->repo.archived)
		score -= 1000;
	if (r->repo.fork)
		score -= 1000;
	score += count_points(r->repo.forks);
	/*
	 * subscribers_count (GitHub watchers) scores like forks upstream. The
	 * forges' listings we map into struct repo do not carry it (GitHub's
	 * list endpoints omit it; ecosyste.ms has none for GitLab, so
	 * code.gouv.fr itself gives 0 there), so it scores 0 here. Stars are
	 * not a proxy: usually far more numerous than watchers, they would
	 * inflate scores.
	 */
	return score;
}
