/*
 * cmd_merge.c - `inventaire merge DIR... --out DIR`: join the output folders
 * of `inventaire crawl --shard K/N`, one per shard, into the folder one
 * crawl of the whole list would have written (crawl.h, crawl_join()), then
 * write its report, history and changes as the crawl does
 * (crawler/crawl/outputs.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/crawl/crawl.h"
#include "crawler/crawl/outputs.h"
#include "lib/error.h"
#include "lib/i18n.h"

static const char usage[] = N_(
"usage: inventaire merge [OPTIONS] DIR... --out DIR\n"
"\n"
"Join the output folders of 'inventaire crawl --shard K/N', one for each of\n"
"the N shards, into one: the files code.gouv.fr reads and the state come out\n"
"byte for byte as a crawl of the whole list would have written them;\n"
"crawl.json sums the shards'. Then write the report, its history and the\n"
"changes, as the crawl does. The shards must come from one accounts list and\n"
"one version of inventaire, every shard once.\n"
"\n"
"Options:\n"
"  --out DIR           the folder to write (created if needed)\n"
"  --config FILE       the accounts list the shards crawled, for the report\n"
"                      (default: the embedded one)\n"
"  --actors FILE       its actors (default: the embedded one with the\n"
"                      embedded list; none with --config)\n"
"  -q, --quiet         no summary line\n"
"  -h, --help          print this help\n"
"\n"
"Exit codes: 0 merged, every account listed; 2 usage error, or folders that\n"
"are not the shards of one crawl; 3 merged, but some accounts could not be\n"
"listed (read crawl.json) or the report could not be written; 4 a folder\n"
"cannot be read or written.\n");

struct merge_opts {
	const char *out;
	const char *config;
	const char *actors;
	bool quiet;
};

/* -1 to go on, else the exit code (help, usage). */
static int parse_opts(struct merge_opts *o, int argc, char **argv)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "actors", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hq", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return EXIT_OK;
		case 'o': o->out = optarg; break;
		case 'c': o->config = optarg; break;
		case 'a': o->actors = optarg; break;
		case 'q': o->quiet = true; break;
		case ':':
			return cli_usage("merge", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("merge", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (!o->out)
		return cli_usage("merge", "--out DIR is required");
	if (optind >= argc)
		return cli_usage("merge", "give the shards' output folders");
	return -1;
}

int cmd_merge(int argc, char **argv)
{
	struct merge_opts o = { 0 };
	enum crawl_outcome outcome;
	bool keep = false;
	struct accounts accounts;
	struct actors actors;
	bool have_actors;
	int rc, n;

	if ((rc = parse_opts(&o, argc, argv)) >= 0)
		return rc;
	n = argc - optind;
	if (cli_load_lists(&accounts, &actors, &have_actors, o.config,
	                   o.actors) < 0)
		return EXIT_USAGE;
	rc = crawl_join(&outcome, o.out, (const char *const *)argv + optind,
	                (size_t)n);
	if (rc < 0) {
		cli_error("%s", error_last());
		rc = rc == ERROR_USAGE ? EXIT_USAGE : EXIT_FATAL;
		goto done;
	}
	/* Published: a report that cannot be written makes the night
	 * partial, as it does a crawl's. */
	if (outputs_after_crawl(&keep, o.out, &accounts,
	                        have_actors ? &actors : NULL, NULL) < 0) {
		cli_error("%s", error_last());
		outcome = CRAWL_PARTIAL;
	}
	if (keep && outputs_keep_previous(o.out) < 0) {
		cli_error("%s", error_last());
		outcome = CRAWL_PARTIAL;
	}
	/* Whole sentences, each with its plural (README.md, "Languages"). */
	if (outcome != CRAWL_COMPLETE)
		fprintf(stderr, P_("inventaire: merged %d shard into %s; the night "
		                   "is partial (read crawl.json)\n",
		                   "inventaire: merged %d shards into %s; the night "
		                   "is partial (read crawl.json)\n", (unsigned long)n),
		        n, o.out);
	else if (!o.quiet)
		fprintf(stderr, P_("inventaire: merged %d shard into %s\n",
		                   "inventaire: merged %d shards into %s\n",
		                   (unsigned long)n), n, o.out);
	rc = outcome == CRAWL_COMPLETE ? EXIT_OK : EXIT_PARTIAL;
done:
	accounts_clear(&accounts);
	if (have_actors)
		actors_clear(&actors);
	return rc;
}
