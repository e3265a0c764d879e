/*
 * cmd_discover.c - `inventaire discover`: search the forges for the
 * accounts of the actors nobody listed, and propose them for review
 * (crawler/discover/discover.h says how).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/discover/discover.h"
#include "lib/error.h"
#include "lib/i18n.h"

static const char usage[] = N_(
"usage: inventaire discover [OPTIONS]\n"
"\n"
"Search the forges for the accounts of the actors that have none in the\n"
"accounts list: github.com (organisations and people), gitlab.com (groups),\n"
"codeberg.org, and the GitLab, Gitea and Forgejo instances of the list.\n"
"Each candidate is scored on evidence (a verified domain of the actor, a\n"
"website or e-mail on its domains, its name or acronym, a location in\n"
"France, a README or publiccode.yml that names it) and proposed, best\n"
"first, as a comptes-organismes-publics.yml fragment with the evidence in\n"
"comments. discover only proposes: a person reviews the candidates and adds\n"
"the right accounts to the accounts list. Accounts already listed are never\n"
"proposed.\n"
"\n"
"Options:\n"
"  --config FILE       accounts list, in code.gouv.fr's\n"
"                      comptes-organismes-publics.yml format\n"
"  --actors FILE       the actors to search for (default: the embedded ones\n"
"                      with the embedded list; needed with --config)\n"
"  --out DIR           output folder, the crawl's: DIR/discover.json records\n"
"                      what was searched and found, DIR/state/discover/ keeps\n"
"                      the answers for the next run (default: inventaire-out)\n"
"  --actor ID          only this actor (its id, acronym or pso_id), even if\n"
"                      it has accounts\n"
"  --all               every actor, even those with accounts\n"
"  --forge KIND        only the forges of this kind: github, gitlab, gitea\n"
"                      (Forgejo too) or forgejo\n"
"  --format FORMAT     yaml (default), json or text\n"
"  -o, --output FILE   write the proposal there instead of standard output\n"
"  -j, --jobs N        requests in flight per host (default 2)\n"
"  --max-time S        wait at most S seconds for a request, rate-limit waits\n"
"                      included; a search limit spent for longer stops that\n"
"                      forge's searches until the next run (default 600)\n"
"  --max-age DAYS      ask again what the forges answered more than DAYS days\n"
"                      ago (default 30; 0: ask everything again)\n"
"  -q, --quiet         only warnings, errors and the summary\n"
"  -h, --help          print this help\n"
"\n"
"Searches are paced on the limits the forges announce (GitHub: 30 searches\n"
"a minute with a token, 10 without). What was not searched, and why, is\n"
"said on standard error, in the proposal and in DIR/discover.json; the next\n"
"run asks only what is missing.\n"
"\n"
"Environment: GITHUB_TOKEN (several, comma-separated, are used in turn),\n"
"GITLAB_TOKEN, INVENTAIRE_TOKEN_<HOST> (dots and dashes as '_').\n"
"\n"
"Exit status: 0 every search was answered; 2 usage or configuration error;\n"
"3 some searches were not (a rate limit, a forge down, interrupted): the\n"
"next run resumes; 4 nothing could be written.\n");

enum { OPT_CONFIG = 256, OPT_ACTORS, OPT_OUT, OPT_ACTOR, OPT_ALL, OPT_FORGE,
       OPT_FORMAT, OPT_MAX_TIME, OPT_MAX_AGE, OPT_TODAY };

/* A signal's flag, read through discover_opts.stop. */
static volatile sig_atomic_t discover_stop;

static void on_signal(int sig)
{
	/* First signal: stop sending, record what was answered. Second: stop
	 * now; the cache is written one atomic file at a time. */
	if (discover_stop)
		_exit(128 + sig);
	discover_stop = 1;
}

static int parse_num(long *out, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int set_option(struct discover_opts *o, int c, const char *arg)
{
	long n;

	switch (c) {
	case OPT_CONFIG: o->config_path = arg; break;
	case OPT_ACTORS: o->actors_path = arg; break;
	case OPT_OUT: o->out_dir = arg; break;
	case OPT_ACTOR: o->actor = arg; break;
	case OPT_ALL: o->all = true; break;
	case OPT_FORGE: o->forge = arg; break;
	case 'o': o->output = arg; break;
	case 'q': o->quiet = true; break;
	case OPT_TODAY:
		if (strlen(arg) != 10)
			return cli_usage("discover", "--today takes YYYY-MM-DD");
		o->today = arg;
		break;
	case OPT_FORMAT:
		if (!strcmp(arg, "yaml"))
			o->format = DISCOVER_YAML;
		else if (!strcmp(arg, "json"))
			o->format = DISCOVER_JSON;
		else if (!strcmp(arg, "text"))
			o->format = DISCOVER_TEXT;
		else
			return cli_usage("discover", "unknown format '%s' (yaml, json, "
			                 "text)", arg);
		break;
	case 'j':
		if (parse_num(&n, arg, 1, 64) < 0)
			return cli_usage("discover", "--jobs takes a number from 1 to "
			                 "64, not '%s'", arg);
		o->jobs = (unsigned)n;
		break;
	case OPT_MAX_TIME:
		if (parse_num(&n, arg, 1, 86400) < 0)
			return cli_usage("discover", "--max-time takes seconds, from 1 "
			                 "to 86400, not '%s'", arg);
		o->max_time_ms = n * 1000;
		break;
	case OPT_MAX_AGE:
		if (parse_num(&n, arg, 0, 36500) < 0)
			return cli_usage("discover", "--max-age takes days, from 0 to "
			                 "36500, not '%s'", arg);
		o->max_age_s = n * 86400;
		break;
	}
	return 0;
}

/* Parse ARGV into O; -1 to go on, else the exit code (help, usage). */
static int parse_opts(struct discover_opts *o, int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "actors", required_argument, NULL, OPT_ACTORS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "forge", required_argument, NULL, OPT_FORGE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "max-age", required_argument, NULL, OPT_MAX_AGE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "today", required_argument, NULL, OPT_TODAY },  /* tests */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hqj:o:", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(usage), stdout);
			return EXIT_OK;
		}
		if (c == ':')
			return cli_usage("discover", "option '%s' needs a value",
			                 argv[optind - 1]);
		if (c == '?')
			return cli_usage("discover", "unknown option '%s'",
			                 argv[optind - 1]);
		if (set_option(o, c, optarg) != 0)
			return EXIT_USAGE;
	}
	if (optind < argc)
		return cli_usage("discover", "unexpected argument '%s'", argv[optind]);
	if (o->actor && o->all)
		return cli_usage("discover", "--actor and --all: give one");
	return -1;
}

int cmd_discover(int argc, char **argv)
{
	struct discover_opts o = { 0 };
	enum discover_outcome outcome;
	struct sigaction sa;
	char today[16], now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o.out_dir = "inventaire-out";
	o.jobs = 2;
	o.max_time_ms = 600 * 1000;
	o.max_age_s = 30 * 86400;
	o.today = today;
	o.now = now;
	o.stop = &discover_stop;
	if ((rc = parse_opts(&o, argc, argv)) >= 0)
		return rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = discover_run(&outcome, &o);
	if (rc == ERROR_USAGE)
		return EXIT_USAGE;
	if (rc < 0)
		return EXIT_FATAL;
	return outcome == DISCOVER_COMPLETE ? EXIT_OK : EXIT_PARTIAL;
}
