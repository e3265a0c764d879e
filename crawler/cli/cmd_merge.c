/*
 * cmd_merge.c - `inventaire merge DIR... --out DIR`: join the output folders
 * of `inventaire crawl --shard K/N`, one per shard, into the folder one
 * crawl of the whole list would have written (crawl.h, crawl_join()).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/crawl/crawl.h"
#include "lib/error.h"

static const char usage[] =
"usage: inventaire merge [OPTIONS] DIR... --out DIR\n"
"\n"
"Join the output folders of 'inventaire crawl --shard K/N', one for each of\n"
"the N shards, into one: the files code.gouv.fr reads and the state come out\n"
"byte for byte as a crawl of the whole list would have written them;\n"
"crawl.json sums the shards'. The shards must come from one accounts list\n"
"and one version of inventaire, every shard once.\n"
"\n"
"Options:\n"
"  --out DIR           the folder to write (created if needed)\n"
"  -q, --quiet         no summary line\n"
"  -h, --help          print this help\n"
"\n"
"Exit codes: 0 merged, every account listed; 2 usage error, or folders that\n"
"are not the shards of one crawl; 3 merged, but some accounts could not be\n"
"listed (read crawl.json); 4 a folder cannot be read or written.\n";

int cmd_merge(int argc, char **argv)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	enum crawl_outcome outcome;
	bool quiet = false;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hq", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case ':':
			return cli_usage("merge", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("merge", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (!out)
		return cli_usage("merge", "--out DIR is required");
	if (optind >= argc)
		return cli_usage("merge", "give the shards' output folders");
	rc = crawl_join(&outcome, out, (const char *const *)argv + optind,
	                (size_t)(argc - optind));
	if (rc < 0) {
		cli_error("%s", error_last());
		return rc == ERROR_USAGE ? EXIT_USAGE : EXIT_FATAL;
	}
	if (!quiet || outcome != CRAWL_COMPLETE)
		fprintf(stderr, "inventaire: merged %d shard%s into %s%s\n",
		        argc - optind, argc - optind == 1 ? "" : "s", out,
		        outcome != CRAWL_COMPLETE ? "; some accounts could not be "
		        "listed (read crawl.json)" : "");
	return outcome == CRAWL_COMPLETE ? EXIT_OK : EXIT_PARTIAL;
}
