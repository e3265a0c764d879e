/*
 * main.c - inventaire: the inventory of the public source code of the
 * French social and health ministries. Dispatches to one subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <git2.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "version.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "check", cmd_check,
	  "check one repository: licence, README, publiccode.yml, community files" },
	{ "crawl", cmd_crawl,
	  "the nightly job: list, check and publish every account's repositories" },
	{ "diff", cmd_diff,
	  "what changed between two crawls' output folders" },
	{ "discover", cmd_discover,
	  "search the forges for the accounts of actors nobody listed" },
	{ "license", cmd_license,
	  "identify the licence of text files, and whether it is authorised" },
	{ "list", cmd_list,
	  "list the public repositories of forge accounts" },
	{ "merge", cmd_merge,
	  "join the outputs of sharded crawls (crawl --shard K/N)" },
	{ "report", cmd_report,
	  "write the compliance report of the last crawl again, without crawling" },
	{ "validate", cmd_validate,
	  "validate publiccode.yml files as the reference parser does" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fputs("usage: inventaire [--version] [--help] COMMAND [ARGS]\n"
	      "\n"
	      "Takes the inventory of the public source code of the French social\n"
	      "and health ministries, and checks each repository for a licence the\n"
	      "administration may use, a README and a valid publiccode.yml.\n"
	      "\n"
	      "Commands:\n", f);
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n"
	      "Run 'inventaire help COMMAND' or 'inventaire COMMAND --help' for a\n"
	      "command's options.\n"
	      "\n"
	      "Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage or\n"
	      "configuration error; 3 partial crawl; 4 fatal, nothing written;\n"
	      "5 crawl: more accounts failed than --max-failed allows.\n", f);
}

static void version(void)
{
	int major, minor, rev;
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	git_libgit2_version(&major, &minor, &rev);
	printf("inventaire %s\n", INVENTAIRE_VERSION);
	printf("libgit2 %d.%d.%d, libcurl %s\n", major, minor, rev, cv->version);
}

static const struct command *find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static int run(const struct command *c, int argc, char **argv)
{
	int rc;

	/* The only global state: the libraries' own, set up once here. */
	git_libgit2_init();
	/* We only read objects and never run hooks or filters, so a
	 * repository owned by another user is as safe to read as any file:
	 * auditing a colleague's clone must not fail on safe.directory. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Re-hashing every object read costs more than reading it: SHA-1DC
	 * over a 50,000-entry root tree is 60 million instructions. The
	 * objects are checked when packs are indexed; we only read them. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = c->run(argc, argv);
	curl_global_cleanup();
	git_libgit2_shutdown();
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		fputs("inventaire: no command given (see 'inventaire --help')\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		version();
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		char *help[] = { NULL, "--help", NULL };
		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!(c = find(argv[2]))) {
			fprintf(stderr, "inventaire: no command '%s' (see 'inventaire "
			        "--help' for the list)\n", argv[2]);
			return EXIT_USAGE;
		}
		help[0] = argv[2];
		return run(c, 2, help);
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "inventaire: unknown option '%s' (see 'inventaire "
		        "--help')\n", argv[1]);
		return EXIT_USAGE;
	}
	if (!(c = find(argv[1]))) {
		fprintf(stderr, "inventaire: no command '%s' (see 'inventaire --help' "
		        "for the list)\n", argv[1]);
		return EXIT_USAGE;
	}
	return run(c, argc - 1, argv + 1);
}
