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
#include "crawler/probe/probe.h"
#include "lib/i18n.h"
#include "version.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "check", cmd_check,
	  N_("check one repository: licence, README, publiccode.yml, community files") },
	{ "crawl", cmd_crawl,
	  N_("the nightly job: list, check and publish every account's repositories") },
	{ "diff", cmd_diff,
	  N_("what changed between two crawls' output folders") },
	{ "discover", cmd_discover,
	  N_("search the forges for the accounts of actors nobody listed") },
	{ "license", cmd_license,
	  N_("identify the licence of text files, and whether it is authorised") },
	{ "list", cmd_list,
	  N_("list the public repositories of forge accounts") },
	{ "merge", cmd_merge,
	  N_("join the outputs of sharded crawls (crawl --shard K/N)") },
	{ "report", cmd_report,
	  N_("write the compliance report of the last crawl again, without crawling") },
	{ "validate", cmd_validate,
	  N_("validate publiccode.yml files as the reference parser does") },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fputs(_("usage: inventaire [--version] [--help] COMMAND [ARGS]\n"
	        "\n"
	        "Takes the inventory of the public source code of the French social\n"
	        "and health ministries, and checks each repository for a licence the\n"
	        "administration may use, a README and a valid publiccode.yml.\n"
	        "\n"
	        "Commands:\n"), f);
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, _(c->summary));
	fputs(_("\n"
	        "Run 'inventaire help COMMAND' or 'inventaire COMMAND --help' for a\n"
	        "command's options.\n"
	        "\n"
	        "Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage or\n"
	        "configuration error; 3 partial crawl; 4 fatal, nothing written;\n"
	        "5 crawl: more accounts failed than --max-failed allows.\n"), f);
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
	probe_thread_end();   /* `check URL` probes on this thread */
	curl_global_cleanup();
	git_libgit2_shutdown();
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *c;

	/* First: every message after this one may be translated. */
	i18n_init();
	if (argc < 2) {
		cli_error("no command given (see 'inventaire --help')");
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
			cli_error("no command '%s' (see 'inventaire --help' for the "
			          "list)", argv[2]);
			return EXIT_USAGE;
		}
		help[0] = argv[2];
		return run(c, 2, help);
	}
	if (argv[1][0] == '-') {
		cli_error("unknown option '%s' (see 'inventaire --help')", argv[1]);
		return EXIT_USAGE;
	}
	if (!(c = find(argv[1]))) {
		cli_error("no command '%s' (see 'inventaire --help' for the list)",
		          argv[1]);
		return EXIT_USAGE;
	}
	return run(c, argc - 1, argv + 1);
}
