/*
 * cmd_report.c - `inventaire report`: write rapport.html and rapport.md
 * again from a crawl's output folder, without crawling (in English, say,
 * or after the actors list changed). The crawl writes them itself, from
 * the same files by the same code (crawler/crawl/outputs.h), so that the
 * same folder and lists give the same bytes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config/config.h"
#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/crawl/crawl_state.h"
#include "crawler/crawl/outputs.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "output/rapport.h"

static const char usage[] = N_(
"usage: inventaire report [--out DIR] [--lang fr|en] [--config FILE]\n"
"                         [--actors FILE]\n"
"\n"
"Write the compliance report of the last crawl into DIR again,\n"
"rapport.html and rapport.md, from the crawl's own files (its inventory in\n"
"state/, crawl.json, history.jsonl), without crawling. Every crawl writes\n"
"it in French; this writes it in the language asked, or after the actors\n"
"list changed.\n"
"\n"
"Options:\n"
"  --out DIR           the crawl's output folder (default: inventaire-out)\n"
"  --lang LANG         fr (default) or en\n"
"  --config FILE       the accounts list the crawl read (default: the\n"
"                      embedded one)\n"
"  --actors FILE       its actors (default: the embedded one with the\n"
"                      embedded list; none with --config)\n"
"  -h, --help          print this help\n"
"\n"
"Give the crawl's own --config and --actors: the report counts accounts and\n"
"lists the actors with none from them. With the same lists, the report is\n"
"byte for byte the one the crawl wrote.\n"
"\n"
"Exit codes: 0 written; 2 usage or configuration error; 4 DIR is not a\n"
"crawl's output folder, a file of it is damaged, or the report could not\n"
"be written.\n");

struct report_opts {
	const char *out;
	const char *config;
	const char *actors;
	enum rapport_lang lang;
};

/* -1 to go on, else the exit code (help, usage). */
static int parse_opts(struct report_opts *o, int argc, char **argv)
{
	enum { OPT_OUT = 256, OPT_LANG, OPT_CONFIG, OPT_ACTORS };
	static const struct option options[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "actors", required_argument, NULL, OPT_ACTORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return EXIT_OK;
		case OPT_OUT: o->out = optarg; break;
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_ACTORS: o->actors = optarg; break;
		case OPT_LANG:
			if (rapport_lang_parse(&o->lang, optarg) < 0)
				return cli_usage("report", "%s", error_last());
			break;
		case ':':
			return cli_usage("report", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("report", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("report", "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* A crawl running on OUT would replace the files under us. */
static int lock(int *fd, const char *out)
{
	char *state = xasprintf("%s/state", out);
	struct stat st;
	int e = 0;

	*fd = -1;
	if (stat(state, &st) == 0 && S_ISDIR(st.st_mode))
		e = state_lock(fd, state);
	free(state);
	if (e < 0)
		cli_error("%s", error_last());
	return e;
}

static int report(const struct report_opts *o, const struct accounts *accounts,
                  const struct actors *actors)
{
	struct outputs out;
	struct rapport *r = NULL;
	int fd, e;

	if (lock(&fd, o->out) < 0)
		return EXIT_FATAL;
	if ((e = outputs_load(&out, o->out)) < 0) {
		cli_error("%s", error_last());
		state_unlock(fd);
		return EXIT_FATAL;
	}
	if (outputs_load_discovery(&out, o->out) < 0)
		cli_error("warning: %s", error_last());
	if (out.cov.config && strcmp(out.cov.config, accounts->source))
		cli_error("warning: %s says the crawl read %s, and this report "
		          "reads %s: give the crawl's --config and --actors to count "
		          "its accounts", out.crawl_path, out.cov.config,
		          accounts->source);
	if ((e = outputs_rapport(&r, &out, o->out, accounts, actors)) < 0 ||
	    (e = rapport_write(o->out, r, o->lang)) < 0)
		cli_error("%s", error_last());
	else
		fprintf(stderr, _("inventaire: wrote %s/%s and %s/%s\n"), o->out,
		        RAPPORT_HTML, o->out, RAPPORT_MD);
	rapport_free(r);
	outputs_clear(&out);
	state_unlock(fd);
	return e < 0 ? EXIT_FATAL : EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { .out = "inventaire-out", .lang = RAPPORT_FR };
	struct accounts accounts;
	struct actors actors;
	bool have_actors;
	int rc;

	if ((rc = parse_opts(&o, argc, argv)) >= 0)
		return rc;
	if (cli_load_lists(&accounts, &actors, &have_actors, o.config,
	                   o.actors) < 0)
		return EXIT_USAGE;
	rc = report(&o, &accounts, have_actors ? &actors : NULL);
	accounts_clear(&accounts);
	if (have_actors)
		actors_clear(&actors);
	return rc;
}
